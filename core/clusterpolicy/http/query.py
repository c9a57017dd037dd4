"""The query of a request: its parameters read into values, and every problem of it at once (with the
body's, when it has some too). Framework-free, as :mod:`.endpoints` is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..errors import did_you_mean, shorten
from ..limits import LimitError, option_count, option_date
from ..model import Level, frozen
from .problems import BODY_SOURCE, HTTPProblem

if TYPE_CHECKING:
    from ..regimes.build import Regimes
    from .endpoints import Endpoint

#: Largest value of an integer query parameter (``soon``, ``top``).
MAX_QUERY_INTEGER = 10**9


@frozen
class QueryProblem:
    """A value a parameter's ``check`` refuses: ``text`` (after ``name: ``); ``unknown``: it names no
    loaded regime (said alone, that is a 404 with the command line's words, ``text``)."""

    text: str
    unknown: bool = False


def known_regime(regimes: Regimes, value: str) -> QueryProblem | None:
    """A loaded regime's id, or the command line's ``unknown regime`` problem."""
    if value in regimes:
        return None
    known = ", ".join(regimes) or "none"
    return QueryProblem(f"unknown regime {shorten(value)}{did_you_mean(value, regimes)} (known: {known})", unknown=True)


def provincial_regime(regimes: Regimes, value: str) -> QueryProblem | None:
    """A loaded provincial regime's id (``pathway``'s ``province``)."""
    if (problem := known_regime(regimes, value)) is not None:
        return problem
    level = regimes[value].jurisdiction.level
    return None if level is Level.PROVINCIAL else QueryProblem(f"{shorten(value)} is a {level.value} regime, not a provincial one")


def known_family(regimes: Regimes, value: str) -> QueryProblem | None:
    """A family of rules (``regimeRule``'s ``family``), or the command line's ``unknown family`` problem."""
    from ..regimes.families import FAMILIES

    return None if value in FAMILIES else QueryProblem(f"unknown family {shorten(value)} (expected one of: {', '.join(FAMILIES)})")


def read_query(
    endpoint: Endpoint, items: Sequence[tuple[str, str]], regimes: Regimes
) -> tuple[dict[str, Any], list[tuple[str, QueryProblem]]]:
    """Query parameters → values, and every problem of the query as ``(name, problem)``: a parameter
    unknown, malformed, given twice or missing, or a value its ``check`` refuses."""
    by_name = {p.name: p for p in endpoint.params if p.where == "query"}
    values: dict[str, Any] = {}
    problems: list[tuple[str, QueryProblem]] = []
    seen: set[str] = set()
    for name, raw in items:
        p = by_name.get(name)
        if p is not None and not p.repeated and name in seen:
            problems.append((name, QueryProblem("given more than once")))
            continue
        seen.add(name)
        if p is None:
            known = ", ".join(by_name) or "none"
            problems.append((shorten(name)[1:-1], QueryProblem(f"unknown query parameter (expected one of: {known})")))
            continue
        try:
            if p.kind == "date":
                value: Any = option_date(raw)
            elif p.kind == "integer":
                value = option_count(raw, maximum=MAX_QUERY_INTEGER)
            else:
                value = raw
        except LimitError as exc:
            problems.append((name, QueryProblem(str(exc))))
            continue
        if p.check is not None and (refused := p.check(regimes, value)) is not None:
            problems.append((name, refused))
        elif p.repeated:
            values.setdefault(name, []).append(value)
        else:
            values[name] = value
    refused = {n for n, _ in problems}  # a required parameter given, but refused, is not also missing
    problems += [(p.name, QueryProblem("required query parameter missing")) for p in by_name.values() if p.required and p.name not in values and p.name not in refused]
    return values, problems


def query_problem(problems: Sequence[tuple[str, QueryProblem]], body: HTTPProblem | None = None) -> HTTPProblem:
    """The answer to a query with ``problems`` (and the body's, if it has some too): one regime id
    unknown, and nothing else, is a 404 in the command line's words; otherwise a 400 listing each
    problem, the body's after the query's (``<request body>: $.path: …``)."""
    lines = list(dict.fromkeys(f"{name}: {p.text}" for name, p in problems))  # a parameter given twice, refused twice: said once
    if body is None and len(lines) == 1 and problems[0][1].unknown:
        return HTTPProblem(404, problems[0][1].text)
    if body is not None:
        lines += [f"{BODY_SOURCE}: {line}" for line in body.problems] if body.problems else [body.error]
    return HTTPProblem.bad_query(lines)
