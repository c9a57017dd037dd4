"""The web server: :data:`clusterpolicy.http.endpoints.ENDPOINTS` as Starlette routes, plus the page.

Starlette and uvicorn come with the ``serve`` extra and are imported only from here (so the CLI
starts as fast without them). Regimes are built once, when the app is created; a request then
calls no hooks. Evaluation is fast CPU work (well under a millisecond per regime), so handlers run
on the event loop rather than in a thread pool.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from ..documents import dumps_bytes
from ..errors import ClusterPolicyError, InputError, UnknownRegimeError, did_you_mean, shorten
from ..regimes.build import Regimes
from .handlers import Download
from .openapi import openapi_document
from .endpoints import (
    ASSETS,
    DEFAULT_MAX_BODY,
    ENDPOINTS,
    Endpoint,
    HTTPProblem,
    parse_body,
)
from .query import query_problem, read_query

log = logging.getLogger("clusterpolicy.http.server")

#: The page may load only what this server serves: no CDN, nothing from the internet.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def json_response(document: Any, status: int = 200) -> Response:
    body = dumps_bytes(document)
    return Response(body, status_code=status, media_type="application/json", headers=SECURITY_HEADERS)


def problem_response(p: HTTPProblem) -> Response:
    return json_response(p.document(), p.status)


def create_app(
    regimes: Regimes | None = None,
    *,
    max_body: int = DEFAULT_MAX_BODY,
    endpoints: Sequence[Endpoint] = ENDPOINTS,
) -> Starlette:
    """The ASGI app. ``regimes`` default to every installed plugin's (built here, once)."""
    if regimes is None:
        from ..api import load_regimes

        regimes = load_regimes()
    routes = [Route(e.path, _endpoint(e, regimes, max_body), methods=[e.method], name=e.operation_id) for e in endpoints]
    openapi = json.dumps(openapi_document(endpoints, regimes), ensure_ascii=False, indent=2).encode("utf-8")
    assets = {name: resources.files("clusterpolicy.http").joinpath("static", name).read_bytes() for name in ASSETS}

    async def page(request: Request) -> Response:
        return Response(assets["index.html"], media_type=ASSETS["index.html"], headers={"Content-Security-Policy": CSP, **SECURITY_HEADERS})

    async def regime_page(request: Request) -> Response:
        if request.path_params["regime"] not in set(regimes):
            return problem_response(HTTPProblem(404, f"unknown regime {shorten(request.path_params['regime'])}{did_you_mean(request.path_params['regime'], regimes)} (known: {', '.join(regimes)})"))
        return await page(request)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in assets or name == "index.html":
            return problem_response(HTTPProblem(404, f"no such asset: {shorten(name)}"))
        return Response(assets[name], media_type=ASSETS[name], headers=SECURITY_HEADERS)

    async def openapi_json(request: Request) -> Response:
        return Response(openapi, media_type="application/json", headers=SECURITY_HEADERS)

    routes += [
        Route("/", page, methods=["GET"], name="page"),
        Route("/regimes/{regime}", regime_page, methods=["GET"], name="regimePage"),
        Route("/static/{name}", asset, methods=["GET"], name="asset"),
        Route("/openapi.json", openapi_json, methods=["GET"], name="openapi"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_exception, Exception: _internal_error},
    )
    app.router.redirect_slashes = False  # /api/regimes/ is a JSON 404, not a 307 to a Location built from the Host header
    return app


def _one_content_type(request: Request) -> str | None:
    """The request's Content-Type; two are a 400 (which one a proxy or the client meant is not known)."""
    given = request.headers.getlist("content-type")
    if len(given) > 1:
        shown = shorten(", ".join(given))
        raise HTTPProblem(400, f"Content-Type given more than once ({shown}): send one")
    return given[0] if given else None


def _endpoint(e: Endpoint, regimes: Regimes, max_body: int):
    async def handle(request: Request) -> Response:
        try:
            query, problems = read_query(e, request.query_params.multi_items(), regimes)
            body = None
            if e.body:
                raw = await _read_body(request, max_body)
                try:
                    body = parse_body(e, raw, _one_content_type(request), ", ".join(request.headers.getlist("content-encoding")) or None)
                except HTTPProblem as p:
                    raise (query_problem(problems, p) if problems else p) from None
            if problems:
                raise query_problem(problems)
            query.update(request.path_params)
            result = e.handler(regimes, query, body)
            if isinstance(result, Download):
                headers = dict(SECURITY_HEADERS)
                if result.filename:
                    headers["Content-Disposition"] = f'attachment; filename="{result.filename}"'
                return Response(result.content, media_type=result.media, headers=headers)
            return json_response(result)
        except HTTPProblem as p:
            return problem_response(p)
        except UnknownRegimeError as exc:
            return problem_response(HTTPProblem(404, str(exc)))
        except InputError as exc:
            return problem_response(HTTPProblem.from_input(422, exc))
        except ClusterPolicyError as exc:  # e.g. a date outside the working-day calendar
            return problem_response(HTTPProblem(422, str(exc), [str(exc)]))
        except ClientDisconnect:  # the client hung up before its body ended: nobody to answer, nothing broken
            log.debug("client disconnected during %s %s", e.method, e.path)
            return Response(status_code=400)
        except Exception:
            log.exception("internal error in %s %s", e.method, e.path)
            return problem_response(HTTPProblem(500, "internal error (a bug; the details are in the server's log)"))

    handle.__name__ = e.operation_id
    return handle


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it is known to exceed ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> HTTPProblem:
    return HTTPProblem(413, f"request body too large (limit {limit} bytes)")


async def _http_exception(request: Request, exc: HTTPException) -> Response:
    """Starlette's own 404/405 as our JSON error shape."""
    path = shorten(request.url.path)[1:-1]  # a path of any length would come back whole
    text = {404: f"no such path: {path}", 405: f"method {shorten(request.method)[1:-1]} not allowed on {path}"}
    response = problem_response(HTTPProblem(exc.status_code, text.get(exc.status_code, str(exc.detail))))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    return json_response({"error": "internal error (a bug; the details are in the server's log)", "problems": []}, 500)
