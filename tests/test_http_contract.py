"""Contract: the published OpenAPI document says exactly what the server accepts.

Schemathesis (its pytest integration, the ASGI app in-process, no network) generates requests from
the document the server serves — every operation, every check: requests the schema admits must be
accepted, requests it refuses must be refused, responses must match their schemas, no server
error, each answer within :data:`MAX_RESPONSE_SECONDS`. Its examples, coverage and fuzzing phases run
with a bounded number of examples per operation so the whole module stays within CI time.
"""

from __future__ import annotations

import warnings

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e '.[test]')")
pytest.importorskip("starlette", reason="the 'serve' extra is not installed (pip install -e '.[test]')")

from schemathesis.config import SchemathesisConfig  # noqa: E402

#: Fuzzed examples per operation (the coverage and examples phases add their own cases).
MAX_EXAMPLES = 12
#: The slowest answer accepted (a spreadsheet, on a loaded CI machine).
MAX_RESPONSE_SECONDS = 5.0

CONFIG = {
    "seed": 17,
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
        return schemathesis.openapi.from_asgi("/openapi.json", create_app(regimes), config=SchemathesisConfig.from_dict(CONFIG))


schema = schemathesis.pytest.from_fixture("served_schema")


@schema.parametrize()
def test_every_operation_keeps_its_contract(case):
    case.call_and_validate()
