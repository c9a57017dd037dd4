"""Contract: the published OpenAPI document says exactly what the server accepts (issue 17).

Schemathesis (its pytest integration, the ASGI app in-process, no network) generates requests from
the document the server serves for the loaded regimes — every operation, every check: requests the
schema admits must be accepted (``positive_data_acceptance``), requests it refuses must be refused
(``negative_data_rejection``), responses must match their schemas, status codes and media types,
no server error, each answer within :data:`MAX_RESPONSE_SECONDS`; a warning (an operation no request
reaches, a missing example, …) fails the run. The examples and coverage phases run in full (the
coverage phase derives its cases from every keyword of every schema); fuzzing is bounded by
:data:`MAX_EXAMPLES` per operation so the module stays within CI time. The full run with 100
examples per operation is documented in docs/contract-testing.md.
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


@pytest.fixture(scope="module")
def served_schema(regimes):
    from clusterpolicy.http.server import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # e.g. a media type no request can be generated for
        loaded = schemathesis.openapi.from_asgi("/openapi.json", create_app(regimes), config=SchemathesisConfig.from_dict(CONFIG))
    return loaded.include(path_regex=EVERY_PATH)


schema = schemathesis.pytest.from_fixture("served_schema").include(path_regex=EVERY_PATH)


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
    assert asset["example"] == "app.js" and asset["schema"]["enum"] == ["app.js", "pathway.js", "style.css"]


@schema.parametrize()
def test_every_operation_keeps_its_contract(case):
    case.call_and_validate()
