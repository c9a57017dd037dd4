"""Hostile requests to the HTTP API (issue 13), against the real app served by uvicorn: never a 5xx,
every answer a documented status with the JSON error shape, within 2 s, and the server still
answering the next client."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("starlette", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
pytest.importorskip("uvicorn", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
httpx = pytest.importorskip("httpx", reason="httpx is not installed (pip install -e '.[test]')")

from httpserver import running  # noqa: E402

from clusterpolicy.http.endpoints import ENDPOINTS  # noqa: E402
from clusterpolicy.http.openapi import openapi_document  # noqa: E402
from clusterpolicy.errors import shorten  # noqa: E402
from clusterpolicy.http.server import create_app  # noqa: E402
from hostile import EXAMPLES, HOSTILE_VALUES, broken, nested  # noqa: E402

OPENAPI = openapi_document()
TOO_LARGE = "number too large (at most 15 digits before the decimal point)"


@pytest.fixture(scope="module")
def client(regimes):
    with running(create_app(regimes)) as url, httpx.Client(base_url=url, timeout=30) as c:
        yield c


def answer(client, method: str, path: str, query: str = "", body: bytes | None = None, media: str | None = None) -> httpx.Response:
    started = time.perf_counter()
    response = client.request(method, path + (f"?{query}" if query else ""), content=body, headers={"content-type": media} if media else {})
    assert time.perf_counter() - started < 2.0, (method, path, query)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        documented = OPENAPI["paths"].get(path, {}).get(method.lower(), {}).get("responses", {})
        assert not documented or str(response.status_code) in documented, (method, path, response.status_code)
        error = response.json()
        assert set(error) in ({"error", "problems"}, {"error", "problems", "error_zh", "problems_zh"}) and len(error["error"]) < 4000, error
    return response


def error(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


# --- the cases ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "media", "problem"),
    [
        (b'{"name": "x", "area_km2": NaN}', "application/json", "$.area_km2: expected a finite decimal number; got NaN"),
        (b'{"name": "x", "area_km2": -Infinity}', "application/json", "$.area_km2: expected a finite decimal number; got -Infinity"),
        (b'name = "x"\narea_km2 = inf\n', "application/toml", "$.area_km2: expected a finite decimal number; got inf"),
        (b'name = "x"\narea_km2 = 1' + b"0" * 5000 + b"\n", "application/toml", f"$.area_km2: {TOO_LARGE}"),
        (b'name = "x"\nassessment_date = 2025-02-30\n', "application/toml", "$.assessment_date: expected a date (YYYY-MM-DD); got 2025-02-30"),
    ],
)
def test_values_the_parser_takes_but_no_field_may_hold_are_422_with_their_path(client, body, media, problem):
    assert error(answer(client, "POST", "/api/compare", body=body, media=media)) == (422, f"<request body>: {problem}")


def test_13_1_the_body_that_froze_the_server_is_a_422_and_the_server_answers_on(client):
    response = answer(client, "POST", "/api/compare", body=b'{"name":"x","area_km2":"1e999999"}', media="application/json")
    assert error(response) == (422, f"<request body>: $.area_km2: {TOO_LARGE}")
    assert answer(client, "GET", "/api/regimes").status_code == 200


@pytest.mark.parametrize("as_json", [True, False])
def test_13_2_a_body_nested_10000_deep_is_a_400(client, as_json):
    response = answer(client, "POST", "/api/evaluate", "regime=national", nested(10_000, as_json).encode(), "application/json" if as_json else "application/toml")
    assert error(response) == (400, f"<request body>: line {1 if as_json else 2}: nested deeper than 32 levels")


def test_13_3_a_body_that_is_not_an_object(client):
    assert error(answer(client, "POST", "/api/timeline", body=b'["x"]', media="application/json")) == (
        400, "<request body>: $: expected an object (a table) at the top level")  # fmt: skip


@pytest.mark.parametrize("day", ["0001-01-02", "9999-12-31"])
def test_13_4_as_of_outside_the_supported_dates_is_a_400(client, day):
    record = (EXAMPLES / "record-national-2022.toml").read_bytes()
    assert error(answer(client, "POST", "/api/timeline", f"as_of={day}", record, "application/toml")) == (
        400, f"bad query: as_of: {day} is outside the supported dates (1900-01-01 to 2199-12-31)")  # fmt: skip


@pytest.mark.parametrize(
    ("value", "problem"),
    [("²", "expected a whole number (0 or more), got '²'"), ("٣", "expected a whole number (0 or more), got '٣'"),
     ("9" * 5000, "expected a whole number from 0 to 1000000000, got '99999999999999999...999999999999999999'")],
)  # fmt: skip
def test_13_5_superscripts_and_5000_digit_query_integers_are_a_400(client, value, problem):
    response = answer(client, "POST", "/api/cases/suggest", f"top={quote(value)}", "数字化转型".encode(), "text/plain")
    assert error(response) == (400, f"bad query: top: {problem}")


def test_13_14_duplicate_json_keys_are_a_400(client):
    body = b'{"name": "x", "area_km2": 1, "area_km2": 200}'
    assert error(answer(client, "POST", "/api/compare", body=body, media="application/json")) == (
        400, "<request body>: $: duplicate key 'area_km2' in one object (each key may appear once)")  # fmt: skip


@pytest.mark.parametrize(("body", "media"), [('{"name": "示例"}', "application/json"), ('name = "示例"', "application/toml"), ('{"name": "示例"}', None)])
def test_a_body_with_a_byte_order_mark_is_read_as_a_file_with_one(client, body, media):
    response = answer(client, "POST", "/api/evaluate", "regime=national", ("\ufeff" + body).encode(), media)
    assert (response.status_code, response.json()["assessment"]["cluster"]) == (200, "示例")


@pytest.mark.parametrize(
    ("body", "problem"),
    [(b'{"name": "x\\ud800"}', "$.name: text is not valid Unicode (a lone surrogate, \\ud800)"),
     (b'{"name": "x\\u0000"}', "$.name: text must not contain a NUL character (\\u0000)")],
)  # fmt: skip
def test_a_lone_surrogate_or_a_nul_in_a_body_is_a_422_with_its_path(client, body, problem):
    response = answer(client, "POST", "/api/evaluate", "regime=national", body, "application/json")
    assert error(response) == (422, f"<request body>: {problem}")


# --- generated requests --------------------------------------------------------------------------

ROUTES = [(e.method, e.path, e) for e in ENDPOINTS] + [("GET", "/", None), ("GET", "/static/app.js", None), ("PUT", "/api/compare", None)]
BODY_KIND = {"/api/evaluate": "profile", "/api/compare": "profile", "/api/timeline": "record", "/api/status": "record"}
TEXT_VALUES = [v for v in HOSTILE_VALUES if isinstance(v, str)] + ["national", "hainan", "2025-05-20", "3", "0"]


@st.composite
def requests(draw: st.DrawFn):
    method, path, endpoint = draw(st.sampled_from(ROUTES))
    names = [p.name for p in endpoint.params] if endpoint else []
    params = draw(st.lists(st.tuples(st.sampled_from([*names, "x"]), st.sampled_from(TEXT_VALUES) | st.text(max_size=12)), max_size=3))
    query = "&".join(f"{quote(k)}={quote(v, safe='')}" for k, v in params)
    kind = BODY_KIND.get(path)
    if kind is not None and draw(st.booleans()):
        body = json.dumps(draw(broken(kind)), default=str, ensure_ascii=False).encode()
        media = draw(st.sampled_from(["application/json", "text/plain", "application/toml", "image/png"]))
    else:
        body = draw(st.sampled_from([b"", "数字化转型 13812345678".encode(), b"\xff\xfe", b"x = [" * 50, b"{" * 3000]))
        media = draw(st.sampled_from(["text/plain", "application/json", "application/toml", None]))
    return method, path, query, body if method != "GET" else None, media


def test_generated_requests_get_documented_answers_and_never_a_5xx(client):
    @settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(request=requests())
    def check(request):
        answer(client, *request)

    check()
    assert answer(client, "GET", "/api/regimes").status_code == 200


def test_a_client_that_hangs_up_mid_body_is_not_logged_as_a_bug(regimes, caplog):
    import asyncio
    import logging

    app = create_app(regimes)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/compare", "raw_path": b"/api/compare", "query_string": b"", "root_path": "",
             "headers": [(b"content-type", b"application/toml"), (b"content-length", b"5000")],
             "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 5000)}  # fmt: skip
    messages = iter([{"type": "http.request", "body": b'name = "x"\n', "more_body": True}, {"type": "http.disconnect"}])
    sent: list[dict] = []

    async def receive():
        return next(messages)

    async def send(message):
        sent.append(message)

    with caplog.at_level(logging.DEBUG, logger="clusterpolicy.http.server"):
        asyncio.run(app(scope, receive, send))
    assert [r.levelname for r in caplog.records] == ["DEBUG"]
    assert caplog.records[0].getMessage() == "client disconnected during POST /api/compare"
    assert sent[0]["status"] == 400


# --- long paths and declared charsets --------------------------------------------------------------


def test_a_very_long_path_or_method_comes_back_shortened_in_the_error(client):
    long = "a" * 10_000
    assert error(answer(client, "GET", f"/{long}")) == (404, "no such path: /aaaaaaaaaaaaaaaa...aaaaaaaaaaaaaaaaaa")
    assert error(answer(client, "GET", f"/regimes/{long}")) == (
        404, "unknown regime 'aaaaaaaaaaaaaaaaa...aaaaaaaaaaaaaaaaaa' (known: national, anhui, hainan)")  # fmt: skip
    assert error(answer(client, "M" * 300, "/api/compare")) == (405, "method MMMMMMMMMMMMMMMMM...MMMMMMMMMMMMMMMMMM not allowed on /api/compare")


@pytest.mark.parametrize(
    ("body", "media"),
    [('{"name": "示例集群"}'.encode("gbk"), "application/json; charset=gbk"),
     ('name = "示例集群"'.encode("gb18030"), 'application/toml; charset="GB18030"'),
     ('{"name": "示例集群"}'.encode("big5"), "application/json;charset=Big5"),
     ('{"name": "示例集群"}'.encode("utf-16"), "application/json; charset=utf-16")],
)  # fmt: skip
def test_a_body_in_the_charset_its_content_type_names_is_read_in_it(client, body, media):
    response = answer(client, "POST", "/api/evaluate", "regime=national", body, media)
    assert (response.status_code, response.json()["assessment"]["cluster"]) == (200, "示例集群")


def test_a_case_text_in_gbk_gets_the_suggestions_of_the_same_text_in_utf8(client):
    text = "数字化转型 工业互联网平台"
    gbk = answer(client, "POST", "/api/cases/suggest", body=text.encode("gbk"), media="text/plain; charset=gbk")
    assert gbk.status_code == 200 and gbk.json() == answer(client, "POST", "/api/cases/suggest", body=text.encode(), media="text/plain").json()


def test_a_batch_csv_in_the_charset_its_content_type_names_is_read_in_it(client):
    csv = "name,area_km2,years.2024.total_output,years.2024.sme_output\n示例集群,12.5,45,33\n".encode("big5")  # not GB18030: detection would misread it
    response = answer(client, "POST", "/api/batch", body=csv, media="text/csv; charset=big5")
    assert json.loads(response.text.splitlines()[0])["name"] == "示例集群"


@pytest.mark.parametrize("charset", ["klingon", "rot13", "undefined", "", "x" * 100, "punycode", "idna", "utf-7", "unicode_escape", "iso2022_jp"])
def test_a_charset_that_is_no_text_encoding_python_knows_is_a_415_naming_it(client, charset):
    response = answer(client, "POST", "/api/evaluate", "regime=national", b'{"name": "x"}', f"application/json; charset={charset}")
    assert error(response) == (415, f"unsupported charset {shorten(charset)}: send UTF-8, or name an encoding such as gbk or gb18030")


def test_a_body_that_is_not_in_its_declared_charset_is_a_400_naming_it(client):
    response = answer(client, "POST", "/api/evaluate", "regime=national", b'{"name": "\x80\xff"}', "application/json; charset=gbk")
    assert error(response) == (400, "<request body>: not gbk text (illegal multibyte sequence at line 1, column 11, byte offset 10)")


def test_a_charset_whose_decoder_takes_quadratic_time_is_refused_before_decoding(client):
    """punycode rebuilds its string once per character: 1 MiB of it held the event loop for minutes."""
    import time

    started = time.perf_counter()
    response = answer(client, "POST", "/api/compare", "", b"A" * (1 << 20), "application/json; charset=punycode")
    assert error(response)[0] == 415 and time.perf_counter() - started < 2


def test_a_batch_in_utf_16_without_a_byte_order_mark_is_an_error_row_not_a_crash(client):
    response = answer(client, "POST", "/api/batch", "", "name,area_km2\n示例,40\n".encode("utf-16-le"), "text/csv; charset=utf-16")
    assert response.status_code == 200
    (line,) = response.text.splitlines()
    assert json.loads(line)["errors"] == ["header: not utf-16 text: UTF-16 stream does not start with BOM"]
