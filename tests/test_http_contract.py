"""Contract: the published OpenAPI document says exactly what the server accepts (issue 17).

Schemathesis (its pytest integration, the ASGI app in-process, no network) generates requests from
the document the server serves for the loaded regimes — every operation, every check: requests the
schema admits must be accepted (``positive_data_acceptance``), requests it refuses must be refused
(``negative_data_rejection``), responses must match their schemas, status codes and media types,
no server error, each answer within :data:`MAX_RESPONSE_SECONDS`; a warning (an operation no request
reaches, a missing example, …) fails the run. The examples phase runs in full and fuzzing is bounded
by :data:`MAX_EXAMPLES` per operation. The coverage phase (cases derived from every keyword of a
schema, about a thousand for a profile body) runs once per request body: operations that read the
same body class with the same parser as another (:data:`SAME_BODY_AS`, checked below) are not
covered again, and get :data:`SHARED_BODY_EXAMPLES` fuzzed examples instead. The operations run as three tests, so ``-n auto`` spreads them over the workers. The
full run with 100 examples per operation is documented in docs/contract-testing.md.
"""

from __future__ import annotations

import warnings

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e '.[test]')")
pytest.importorskip("starlette", reason="the 'serve' extra is not installed (pip install -e '.[test]')")

from schemathesis.config import SchemathesisConfig  # noqa: E402

#: Fuzzed examples per operation (the examples and coverage phases add their own cases).
MAX_EXAMPLES = 8
#: Every path, /openapi.json too (Schemathesis leaves out the document it loads unless a filter names it).
EVERY_PATH = "^/"
#: The slowest answer accepted (a spreadsheet, on a loaded CI machine).
MAX_RESPONSE_SECONDS = 5.0

CONFIG = {
    "seed": 17,
    "cache": {"enabled": False},  # no crash files written into the work tree
    "checks": {"enabled": True, "max_response_time": MAX_RESPONSE_SECONDS},
    "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
    "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True}},
    "warnings": {"fail-on": True},
}

#: Operation → the operation whose coverage phase already covers its request body: both structure
#: the same attrs class with the same parser (parse_body) and add no rules of their own.
SAME_BODY_AS = {
    "/api/evaluate": "/api/compare",
    "/api/pathway": "/api/compare",
    "/api/whatif": "/api/compare",
    "/api/compare/table": "/api/compare",
    "/api/status": "/api/timeline",
}
#: Fuzzed examples for each of them (their query parameters differ: whatif's set, pathway's province, …).
SHARED_BODY_EXAMPLES = 15
#: The operations of SAME_BODY_AS, as a path filter.
NOT_COVERED_AGAIN = "^(" + "|".join(SAME_BODY_AS) + ")$"


def _served(regimes, config: dict):
    from clusterpolicy.http.server import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. a media type no request can be generated for
        loaded = schemathesis.openapi.from_asgi("/openapi.json", create_app(regimes), config=SchemathesisConfig.from_dict(config))
    loaded.hook(map_case)
    return loaded.include(path_regex=EVERY_PATH)


def map_case(context, case):
    """The one rule of a profile no JSON Schema keyword can state (its description says it): a year's
    sme_output or leading_output is not more than its total_output. A generated profile (or what-if
    ``set``) that breaks it is made to keep it — the part set to the total, or a changed part to 0 —
    so a request the schema admits that keeps the stated rule is one the server must accept. So does
    what-if's "each path once" (its ``set`` description): a path set again is dropped. A request
    meant to break the schema is left as it is (the server refuses it either way)."""
    from schemathesis import GenerationMode

    body, query = case.body, case.query if isinstance(case.query, dict) else {}
    generation = getattr(case.meta, "generation", None)
    if generation is not None and generation.mode is not GenerationMode.POSITIVE:
        return case
    sets = query.get("set")
    sets = [sets] if isinstance(sets, str) else sets if isinstance(sets, list) else []
    if len({str(t).partition("=")[0] for t in sets}) < len(sets):
        first = {}
        for text in sets:
            first.setdefault(str(text).partition("=")[0], text)
        sets = query["set"] = list(first.values())
    years = body.get("years") if isinstance(body, dict) else None
    if not isinstance(years, dict):
        return case
    changed = {}  # (year, figure) → index of the set changing it
    for i, text in enumerate(sets):
        path = str(text).partition("=")[0]
        parts = path.split(".")
        if len(parts) == 3 and parts[0] == "years" and parts[2] in ("total_output", "sme_output", "leading_output"):
            changed[(parts[1], parts[2])] = i
    for year in {*(y for y in years if isinstance(years[y], dict)), *(y for y, _ in changed)}:
        figures = years.get(year) if isinstance(years.get(year), dict) else {}

        def value(figure):
            at = changed.get((year, figure))
            return _decimal(sets[at].partition("=")[2] if at is not None else figures.get(figure))

        total = value("total_output")
        for part in ("sme_output", "leading_output"):
            given = value(part)
            if total is None or given is None or given <= total:
                continue
            if (year, part) in changed:
                sets[changed[(year, part)]] = f"years.{year}.{part}=0"
            else:
                figures[part] = sets[changed[(year, "total_output")]].partition("=")[2] if (year, "total_output") in changed else figures["total_output"]
    if "set" in query:
        query["set"] = sets if isinstance(query["set"], list) else sets[0]
    return case


def _decimal(value):
    from decimal import Decimal, InvalidOperation

    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


@pytest.fixture(scope="module")
def served_schema(regimes):
    return _served(regimes, CONFIG)


@pytest.fixture(scope="module")
def served_schema_without_coverage(regimes):
    """Their own query parameters get more fuzzed examples instead (SHARED_BODY_EXAMPLES)."""
    phases = {**CONFIG["phases"], "coverage": {"enabled": False}}
    return _served(regimes, {**CONFIG, "phases": phases, "generation": {**CONFIG["generation"], "max-examples": SHARED_BODY_EXAMPLES}})


schema = schemathesis.pytest.from_fixture("served_schema").include(path_regex=EVERY_PATH).exclude(path_regex=NOT_COVERED_AGAIN)
not_covered_again = schemathesis.pytest.from_fixture("served_schema_without_coverage").include(path_regex=NOT_COVERED_AGAIN)


def test_every_operation_is_under_test(served_schema):
    """The API's operations (quota, cases check and batch among them) and the page's 4 routes, /openapi.json too."""
    from clusterpolicy.http.endpoints import ENDPOINTS

    tested = {(o.method.upper(), o.path) for o in (result.ok() for result in served_schema.get_all_operations())}
    assert {(e.method, e.path) for e in ENDPOINTS} <= tested
    assert {("POST", "/api/quota"), ("POST", "/api/cases/check"), ("POST", "/api/batch"), ("GET", "/static/{name}")} <= tested
    assert len(tested) == len(ENDPOINTS) + 4 and ("GET", "/openapi.json") in tested


def test_diff_and_assets_have_realistic_examples(served_schema):
    """Without them a generated request names no regime pair or asset the server has, and never reaches the logic."""
    params = {p["name"]: p for p in served_schema.raw_schema["paths"]["/api/diff"]["get"]["parameters"]}
    assert (params["a"]["example"], params["b"]["example"]) == ("national", "anhui")
    (asset,) = served_schema.raw_schema["paths"]["/static/{name}"]["get"]["parameters"]
    assert asset["example"] == "app.js" and asset["schema"]["enum"] == ["app.js", "input.js", "pathway.js", "style.css"]


def test_an_operation_left_out_of_the_coverage_phase_reads_its_body_as_another_does():
    """The coverage phase's cases for /api/compare hold for /api/evaluate: same class, same parser, no extra rules."""
    from clusterpolicy.http.endpoints import ENDPOINTS

    post = {e.path: e for e in ENDPOINTS if e.method == "POST"}
    for path, covered_by in SAME_BODY_AS.items():
        assert post[path].body is post[covered_by].body is not None
        assert post[path].body_rules is post[covered_by].body_rules is None


@pytest.mark.slow
@schema.include(method="POST").parametrize()
def test_every_request_body_keeps_its_contract(case):
    case.call_and_validate()


@pytest.mark.slow
@schema.exclude(method="POST").parametrize()
def test_every_operation_without_a_body_keeps_its_contract(case):
    case.call_and_validate()


@pytest.mark.slow
@not_covered_again.parametrize()
def test_the_operations_sharing_a_body_keep_their_contract(case):
    case.call_and_validate()
