"""How the server reads what a request sends: a body in UTF-16 with its byte-order mark is read as the
command line reads the same file; a compressed body is refused, never read as if it were plain; a rule's
family outside the known ones is a bad query listing them."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
pytest.importorskip("uvicorn", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
httpx = pytest.importorskip("httpx", reason="httpx is not installed (pip install -e '.[test]')")

from httpserver import running  # noqa: E402

import clusterpolicy  # noqa: E402
from clusterpolicy.http.server import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
STRONG = ROOT / "examples" / "strong-national.toml"
TOML = {"Content-Type": "application/toml"}
FAMILIES = "criteria, timelines, revocation_grounds, case_categories, case_calls"


@pytest.fixture(scope="module")
def client(regimes):
    with running(create_app(regimes)) as url, httpx.Client(base_url=url, timeout=10) as c:
        yield c


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_profile_with_its_byte_order_mark_is_read_as_the_cli_reads_it(client, tmp_path, codec):
    text = STRONG.read_text(encoding="utf-8")
    raw = text.encode(codec) if codec == "utf-16" else "\ufeff".encode(codec) + text.encode(codec)
    (tmp_path / "p.toml").write_bytes(raw)
    from_file = clusterpolicy.load_profile(tmp_path / "p.toml")
    response = client.post("/api/evaluate?regime=national&as_of=2025-05-20", content=raw, headers=TOML)
    assert response.status_code == 200
    assert response.json()["assessment"]["cluster"] == from_file.name == "宁波市北仑区模具产业集群(示例)"
    plain = client.post("/api/evaluate?regime=national&as_of=2025-05-20", content=text.encode("utf-8"), headers=TOML)
    assert response.json() == plain.json()


def test_a_utf16_body_cut_in_the_middle_of_a_character_says_where(client):
    response = client.post("/api/compare", content=b"\xff\xfen\x00a\x00m", headers=TOML)
    assert response.status_code == 400
    assert response.json()["error"] == "<request body>: not utf-16 text (truncated data at line 1, column 3, byte offset 6)"
    assert response.json()["error_zh"] == "<request body>: 不是 utf-16 文本(第 1 行第 3 列,字节偏移 6:数据被截断)"


@pytest.mark.parametrize("coding", ["gzip", "br", "deflate, gzip", "GZIP"])
def test_a_body_with_a_content_encoding_is_refused_naming_the_header(client, coding):
    body = STRONG.read_bytes()
    response = client.post("/api/compare", content=body, headers={**TOML, "Content-Encoding": coding})
    assert response.status_code == 415
    assert response.json() == {
        "error": f"unsupported Content-Encoding '{coding}': send the body as it is, without a Content-Encoding header",
        "problems": [],
        "error_zh": f"不支持的 Content-Encoding '{coding}':请直接发送未经压缩或编码的正文,不要带 Content-Encoding 请求头",
        "problems_zh": [],
    }
    table = client.post("/api/batch", content=b"name\nx\n", headers={"Content-Type": "text/csv", "Content-Encoding": coding})
    assert table.status_code == 415


def test_a_utf32_body_with_its_mark_is_read_as_the_cli_reads_the_file(client):
    text = STRONG.read_text(encoding="utf-8")
    assert client.post("/api/compare", content=text.encode("utf-32"), headers=TOML).json() == client.post("/api/compare", content=text.encode(), headers=TOML).json()


def test_a_second_content_encoding_header_is_read_too(client):
    headers = [("Content-Type", "application/toml"), ("Content-Encoding", "identity"), ("Content-Encoding", "gzip")]
    response = client.post("/api/compare", content=STRONG.read_bytes(), headers=headers)
    assert response.status_code == 415
    assert response.json()["error"] == "unsupported Content-Encoding 'identity, gzip': send the body as it is, without a Content-Encoding header"


def test_identity_is_no_encoding(client):
    response = client.post("/api/compare", content=STRONG.read_bytes(), headers={**TOML, "Content-Encoding": "identity"})
    assert response.status_code == 200


@pytest.mark.parametrize("family", ["", "bogus", "Criteria"])
def test_an_empty_or_unknown_family_is_a_bad_query_listing_the_families(client, family):
    response = client.get(f"/api/regimes/national/rules/innovation?family={family}")
    assert response.status_code == 400
    problem = f"family: unknown family '{family}' (expected one of: {FAMILIES})"
    assert response.json()["problems"] == [problem]
    assert response.json()["problems_zh"] == [f"family: 无法识别的规则类别 '{family}'(应为以下之一:{FAMILIES})"]


def test_a_known_family_still_finds_the_rule(client):
    response = client.get("/api/regimes/national/rules/innovation?family=criteria")
    assert response.status_code == 200 and response.json()["rule"]["id"] == "innovation"
    missing = client.get("/api/regimes/national/rules/innovation?family=timelines")
    assert (missing.status_code, missing.json()["error"]) == (404, "regime 'national' has no rule 'innovation' in timelines")


def test_two_content_type_headers_are_refused_rather_than_one_picked(client):
    headers = [("Content-Type", "application/json"), ("Content-Type", "application/toml")]
    response = client.post("/api/compare", content=STRONG.read_bytes(), headers=headers)
    assert response.status_code == 400
    assert response.json()["error"] == "Content-Type given more than once ('application/json, application/toml'): send one"
    assert response.json()["error_zh"] == "Content-Type 请求头出现了不止一次('application/json, application/toml'):请只发送一个"
