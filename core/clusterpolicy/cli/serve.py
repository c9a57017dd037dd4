"""``clusterpolicy serve``: the HTTP API and the comparison page (needs the ``serve`` extra).

Binds 127.0.0.1:8000 by default, so only this machine can reach it; ``--host 0.0.0.0`` exposes it
(put a reverse proxy with TLS and access control in front: the server has no authentication).
"""

from __future__ import annotations

import argparse

from ..errors import ClusterPolicyError
from .app import count

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class MissingExtraError(ClusterPolicyError):
    """The web server's dependencies are not installed."""

    exit_code = 2


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "serve",
        parents=[common],
        help="serve the HTTP API and the comparison web page",
        description="Serve the HTTP API (/api/…, OpenAPI at /openapi.json) and the side-by-side comparison page at /.",
    )
    p.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default: %(default)s, this machine only)")
    p.add_argument("--port", type=count("a TCP port", maximum=65535), default=DEFAULT_PORT, help="TCP port (default: %(default)s)")
    p.add_argument(
        "--max-body", type=count("a number of bytes", minimum=1), default=None, metavar="BYTES", help="largest request body accepted (default: 1048576, 1 MiB)"
    )
    p.add_argument(
        "--header-timeout", type=count("a number of seconds", minimum=1, maximum=3600), default=None, metavar="SECONDS",
        help="close a connection whose request head is not complete this long after it began (default: 10; the client gets a 408)",
    )
    p.add_argument(
        "--body-timeout", type=count("a number of seconds", minimum=1, maximum=3600), default=None, metavar="SECONDS",
        help="close a connection whose request body pauses this long between two chunks (default: 10)",
    )
    p.add_argument(
        "--body-total-timeout", type=count("a number of seconds", minimum=1, maximum=3600), default=None, metavar="SECONDS",
        help="close a connection whose request body is not all in this long after it began (default: 120)",
    )
    p.add_argument("--no-access-log", action="store_true", help="do not log each request")
    p.add_argument("--openapi", action="store_true", help="print the OpenAPI document and exit (docs/openapi.json is this)")
    p.set_defaults(run=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    if args.openapi:
        return _print_openapi(args)
    try:
        import uvicorn

        from ..http.connection import protocol_class
        from ..http.server import create_app
    except ImportError as exc:
        raise MissingExtraError(
            f"the HTTP server needs the 'serve' extra ({exc.name} is missing): pip install 'clusterpolicy[serve]'"
        ) from None
    from .app import EXIT_OK, regimes_for

    options = {} if args.max_body is None else {"max_body": args.max_body}
    app = create_app(regimes_for(args), **options)  # plugin errors stop us here (exit 3)
    print(f"clusterpolicy: serving http://{_url_host(args.host)}:{args.port}/ (API under /api, OpenAPI at /openapi.json)", flush=True)
    # h11, uvicorn's own HTTP parser, even where httptools is installed: httptools takes headers of any size
    # (one client could fill the memory with a header); h11 refuses a request head past 16 KiB. Its protocol
    # here (http/connection.py) also closes connections whose client sends no complete request in time.
    names = {"header_timeout": "header_timeout", "body_timeout": "body_timeout", "body_total_timeout": "body_total"}
    deadlines = {to: getattr(args, name) for name, to in names.items() if getattr(args, name) is not None}
    http = protocol_class(**deadlines)
    import gc

    gc.freeze()  # what start-up built (modules, the regimes) lives as long as the server: no collection walks it again
    uvicorn.run(app, host=args.host, port=args.port, workers=1, http=http, access_log=not args.no_access_log, log_level="info")
    return EXIT_OK


def _print_openapi(args: argparse.Namespace) -> int:
    """The document the server would serve with these regimes (their ids, rules and calls are listed in it)."""
    import json
    import sys

    from ..http.openapi import openapi_document
    from .app import EXIT_OK, regimes_for

    json.dump(openapi_document(regimes=regimes_for(args)), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
