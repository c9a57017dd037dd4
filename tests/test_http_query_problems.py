"""Over HTTP, one request lists every problem of its query and of its body, in the API's words (not the
command line's), and the answers the connection itself gives (400, 408) are the API's JSON errors."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
pytest.importorskip("uvicorn", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
httpx = pytest.importorskip("httpx", reason="httpx is not installed (pip install -e '.[test]')")

from httpserver import running  # noqa: E402

from clusterpolicy.http.server import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
STRONG = (ROOT / "examples" / "strong-national.toml").read_bytes()
TOML = {"Content-Type": "application/toml"}
KNOWN = "(known: national, anhui, hainan)"


@pytest.fixture(scope="module")
def url(regimes):
    with running(create_app(regimes), header_timeout=1.0) as url:
        yield url


@pytest.fixture(scope="module")
def client(url):
    with httpx.Client(base_url=url, timeout=10) as c:
        yield c


def test_an_unknown_regime_is_listed_with_the_other_problems_of_the_query(client):
    response = client.post("/api/compare?regime=narnia&as_of=2025-13-01&top=1", content=STRONG, headers=TOML)
    assert response.status_code == 400
    assert response.json()["problems"] == [
        f"regime: unknown regime 'narnia' {KNOWN}",
        "as_of: expected a date YYYY-MM-DD, got '2025-13-01'",
        "top: unknown query parameter (expected one of: regime, as_of)",
    ]
    assert response.json()["problems_zh"][0] == "regime: 无法识别的制度 'narnia'(现有:national, anhui, hainan)"


def test_a_bad_query_and_a_bad_body_are_answered_together(client):
    response = client.post("/api/compare?regime=narnia", content=b"name = 5\n", headers=TOML)
    assert response.status_code == 400
    assert response.json()["problems"] == [f"regime: unknown regime 'narnia' {KNOWN}", "<request body>: $.name: expected a string; got 5"]
    assert response.json()["problems_zh"][1] == "<request body>: $.name: 应为文本(字符串);实际为 5"
    missing = client.post("/api/evaluate", content=b"name = \n", headers=TOML)
    assert missing.status_code == 400 and missing.json()["problems"][0] == "regime: required query parameter missing"
    assert missing.json()["problems"][1].startswith("<request body>: invalid TOML: ")


def test_an_unknown_regime_alone_is_still_a_404_in_the_command_lines_words(client):
    response = client.post("/api/compare?regime=narnia", content=STRONG, headers=TOML)
    assert (response.status_code, response.json()["error"]) == (404, f"unknown regime 'narnia' {KNOWN}")


def test_pathway_province_is_a_query_parameter_not_an_option(client):
    national = client.post("/api/pathway?province=national", content=STRONG, headers=TOML)
    assert national.status_code == 400
    assert national.json() == {
        "error": "bad query: province: 'national' is a national regime, not a provincial one",
        "problems": ["province: 'national' is a national regime, not a provincial one"],
        "error_zh": "查询参数有误:province:'national' 是国家级制度,不是省级制度",
        "problems_zh": ["province:'national' 是国家级制度,不是省级制度"],
    }
    both = client.post("/api/pathway?province=national&as_of=soon", content=STRONG, headers=TOML)
    assert both.status_code == 400 and len(both.json()["problems"]) == 2


def test_a_gbk_profile_sent_without_a_charset_is_told_how_to_declare_one(client):
    response = client.post("/api/evaluate?regime=national", content="name = '示例'\n".encode("gbk"), headers=TOML)
    assert response.status_code == 400
    assert response.json()["error"] == (
        "<request body>: not UTF-8 text (invalid start byte at line 1, column 10, byte offset 10): "
        "send UTF-8, or declare its charset: Content-Type: application/toml; charset=gb18030"
    )
    assert response.json()["error_zh"] == (
        "<request body>: 不是 UTF-8 文本(第 1 行第 10 列,字节偏移 10:无效的起始字节):"
        "请发送 UTF-8 文本,或在 Content-Type 中注明其字符集:application/toml; charset=gb18030"
    )
    assert response.json()["problems"] == [response.json()["error"].removeprefix("<request body>: ")]  # one problem, as every unreadable body
    declared = client.post("/api/evaluate?regime=national", content="name = '示例'\n".encode("gbk"), headers={"Content-Type": "application/toml; charset=gbk"})
    assert declared.status_code == 200 and "示例" in declared.text  # read as GBK


def test_a_batch_row_that_does_not_decode_says_to_declare_the_charset(client):
    gbk = "name,area_km2\n示例集群,12.5\n".encode("gbk")
    response = client.post("/api/batch", content=gbk, headers={"Content-Type": "text/csv; charset=utf-8"})
    assert response.status_code == 200
    assert json.loads(response.text)["errors"] == [
        "row 2: cannot decode byte 0xc0 as utf-8 (column 1, character 2 of the cell; a file saved by Excel on Chinese Windows: declare its charset: "
        "Content-Type: text/csv; charset=gb18030)"
    ]
    assert "--encoding" not in response.text


def raw(url: str, data: bytes) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(data)
        received = b""
        while chunk := s.recv(65536):
            received += chunk
    return received


def test_a_request_h11_refuses_is_a_json_400(url):
    head, _, body = raw(url, b"GET /api/regimes HTTP/2.0\r\n\r\n").partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 Bad Request\r\n") and b"content-type: application/json" in head
    assert json.loads(body) == {
        "error": "invalid HTTP request: a malformed request line or header, a request head too large, a body length stated twice "
                 "(Content-Length and Transfer-Encoding), or an HTTP version other than 1.0 and 1.1",
        "problems": [],
        "error_zh": "无效的 HTTP 请求:请求行或请求头格式有误、请求头过大、正文长度重复声明(同时有 Content-Length 与 Transfer-Encoding),"
                    "或 HTTP 版本不是 1.0 或 1.1",
        "problems_zh": [],
    }


@pytest.mark.parametrize("order", ["length first", "chunked first"])
def test_a_body_length_stated_both_ways_is_a_json_400(url, order):
    framing = [b"Content-Length: 4\r\n", b"Transfer-Encoding: chunked\r\n"]
    head = b"POST /api/compare HTTP/1.1\r\nHost: x\r\nContent-Type: application/toml\r\n" + b"".join(framing if order == "length first" else framing[::-1])
    answer = raw(url, head + b"\r\n4\r\nname\r\n0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert json.loads(answer.partition(b"\r\n\r\n")[2])["error"].startswith("invalid HTTP request: ")


def test_half_a_request_head_is_a_json_408(url):
    head, _, body = raw(url, b"GET /api/regimes HTTP/1.1\r\nHost: x\r\n").partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408 Request Timeout\r\n") and b"content-type: application/json" in head
    assert json.loads(body) == {"error": "request head not complete within 1 s", "problems": [], "error_zh": "请求头未在 1 秒内发送完整", "problems_zh": []}


def test_a_parameter_given_twice_is_said_once_and_never_lost(client):
    body = STRONG
    twice = client.post("/api/compare?regime=nope&regime=nope&foo=1&foo=2", content=body, headers={"Content-Type": "application/toml"})
    assert (twice.status_code, twice.json()["problems"]) == (
        400, ["regime: unknown regime 'nope' (known: national, anhui, hainan)", "foo: unknown query parameter (expected one of: regime, as_of)"]
    )
    refused_then_given = client.post("/api/pathway?province=nope&province=anhui", content=body, headers={"Content-Type": "application/toml"})
    assert (refused_then_given.status_code, refused_then_given.json()["problems"]) == (
        400, ["province: unknown regime 'nope' (known: national, anhui, hainan)", "province: given more than once"]
    )


def test_a_trailing_slash_is_a_json_404_not_a_redirect_built_from_the_host_header(client):
    response = client.get("/api/regimes/", headers={"Host": "evil.example"}, follow_redirects=False)
    assert (response.status_code, response.json()["error"], "location" in response.headers) == (404, "no such path: /api/regimes/", False)
