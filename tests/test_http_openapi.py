"""Contract: the committed OpenAPI document is what the server serves, and it lists exactly the
routes the server answers. Regenerate after changing the API:

    clusterpolicy serve --openapi > docs/openapi.json
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

pytest.importorskip("starlette", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
pytest.importorskip("uvicorn", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
httpx = pytest.importorskip("httpx", reason="httpx is not installed (pip install -e '.[test]')")

from httpserver import running  # noqa: E402

from clusterpolicy.http import handlers  # noqa: E402
from clusterpolicy.http.endpoints import ENDPOINTS  # noqa: E402
from clusterpolicy.http.openapi import openapi_document  # noqa: E402
from clusterpolicy.http.server import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "docs" / "openapi.json"
REGENERATE = "regenerate with: clusterpolicy serve --openapi > docs/openapi.json"


@pytest.fixture(scope="module")
def app(regimes):
    return create_app(regimes)


@pytest.fixture(scope="module")
def served(app) -> dict:
    with running(app) as url:
        response = httpx.get(url + "/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_committed_document_is_the_served_document(served, regimes):
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == served, f"docs/openapi.json is out of date; {REGENERATE}"
    assert served == json.loads(json.dumps(openapi_document(regimes=regimes)))


def test_document_lists_exactly_the_served_routes(app, served):
    routes = {(m.lower(), r.path) for r in app.routes for m in r.methods if m != "HEAD"}
    documented = {(m, p) for p, ops in served["paths"].items() for m in ops}
    assert documented == routes


def test_every_api_operation_is_documented_from_the_table(served):
    ids = [op["operationId"] for ops in served["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    for e in ENDPOINTS:
        op = served["paths"][e.path][e.method.lower()]
        assert op["operationId"] == e.operation_id
        assert [p["name"] for p in op.get("parameters", [])] == [p.name for p in e.params]
        assert {p["name"] for p in op.get("parameters", []) if p["required"]} == {p.name for p in e.params if p.required}
        assert "500" in op["responses"] and "200" in op["responses"]
        assert set(op["responses"]["200"]["content"]) == set(e.media)
        assert {p["name"] for p in op.get("parameters", []) if p["in"] == "path"} == set(re.findall(r"\{(\w+)\}", e.path))
        if e.body is str:
            assert set(op["requestBody"]["content"]) == {"text/plain"}
        elif e.body is bytes:  # a flat file, as batch reads it
            assert set(op["requestBody"]["content"]) == {"text/csv", "application/x-ndjson", "application/jsonl", handlers.SHEET_MEDIA["xlsx"]}
        elif e.body is not None:
            assert set(op["requestBody"]["content"]) == {"application/json", "application/toml"}


def test_schemas_are_valid_json_schema_generated_from_the_attrs_classes(served):
    from clusterpolicy.criteria.profile import Profile
    from clusterpolicy.criteria.results import Comparison
    from clusterpolicy.schema import json_schema

    schemas = served["components"]["schemas"]
    for name, schema in schemas.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema, name
    # The request schema is the CLI's `clusterpolicy schema`, with references moved under components.
    cli = json_schema(Profile)
    assert schemas["Profile"]["properties"].keys() == cli["properties"].keys()
    assert schemas["Comparison"]["description"] == json_schema(Comparison)["description"]
    refs = json.dumps(served)
    assert "#/$defs/" not in refs


def test_example_profile_matches_the_request_schema(served):
    from clusterpolicy.convert import read_document

    example = json.loads(json.dumps(read_document(ROOT / "examples" / "strong-national.toml"), default=str))
    request = served["paths"]["/api/compare"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    jsonschema.Draft202012Validator({**request, "components": served["components"]}).validate(example)
