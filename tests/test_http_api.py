"""The HTTP API through an HTTP client (httpx) against the real app served by uvicorn on loopback.

Every success and error body is also validated against the OpenAPI document's schema for that
operation and status, so the document describes what is really sent.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
pytest.importorskip("uvicorn", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
httpx = pytest.importorskip("httpx", reason="httpx is not installed (pip install -e '.[test]')")

import jsonschema  # noqa: E402
from httpserver import running  # noqa: E402

import clusterpolicy  # noqa: E402
from clusterpolicy.errors import InputError  # noqa: E402
from clusterpolicy.http.endpoints import ENDPOINTS, Endpoint  # noqa: E402
from clusterpolicy.http.openapi import openapi_document  # noqa: E402
from clusterpolicy.http.server import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
STRONG = ROOT / "examples" / "strong-national.toml"
TOML = {"Content-Type": "application/toml"}
JSON = {"Content-Type": "application/json"}


@pytest.fixture(scope="module")
def client(regimes):
    with running(create_app(regimes)) as url, httpx.Client(base_url=url, timeout=10) as c:
        yield c


@pytest.fixture(scope="module")
def openapi() -> dict:
    return openapi_document()


def check(openapi: dict, response, path: str, method: str) -> dict:
    """The body, after validating it against the documented schema for its status."""
    op = openapi["paths"][path][method]
    documented = op["responses"].get(str(response.status_code))
    assert documented is not None, f"{method.upper()} {path} answered {response.status_code}, which is not documented"
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    schema = {**documented["content"]["application/json"]["schema"], "components": openapi["components"]}
    jsonschema.Draft202012Validator(schema).validate(body)
    return body


def strong_toml() -> str:
    return STRONG.read_text(encoding="utf-8")


def strong_json() -> str:
    from clusterpolicy.convert import read_document

    return json.dumps(read_document(STRONG), default=str, ensure_ascii=False)


# --- the same contract as the CLI ----------------------------------------------------------------


def test_regimes_is_the_cli_listing(client, openapi, regimes):
    body = check(openapi, client.get("/api/regimes"), "/api/regimes", "get")
    assert body == clusterpolicy.api.regimes_document(regimes)
    assert [r["id"] for r in body["regimes"]][:1] == ["national"]
    assert all(r["sources"] for r in body["regimes"])


def test_schema_is_the_cli_schema(client, openapi):
    from clusterpolicy.schema import schema_of

    body = check(openapi, client.get("/api/schema"), "/api/schema", "get")
    assert body == schema_of("profile")


def test_compare_toml_body_is_the_cli_document(client, openapi, regimes):
    response = client.post("/api/compare?regime=national&regime=hainan", content=strong_toml().encode(), headers=TOML)
    assert response.status_code == 200
    body = check(openapi, response, "/api/compare", "post")
    profile = clusterpolicy.load_profile(STRONG)
    expected = clusterpolicy.to_json(clusterpolicy.api.compare(profile, regimes.select(["national", "hainan"])))
    assert body == json.loads(json.dumps(expected, ensure_ascii=False))
    assert body["schema_version"] == clusterpolicy.documents.SCHEMA_VERSION
    assert [a["regime"] for a in body["comparison"]["assessments"]] == ["national", "hainan"]


def test_compare_json_body_equals_toml_body(client):
    a = client.post("/api/compare", content=strong_toml().encode(), headers=TOML).json()
    b = client.post("/api/compare", content=strong_json().encode(), headers=JSON).json()
    assert a == b
    assert [x["regime"] for x in a["comparison"]["assessments"]] == list(clusterpolicy.load_regimes())


def test_compare_matches_cli_subprocess_output(client):
    cli = subprocess.run(
        [sys.executable, "-m", "clusterpolicy", "compare", str(STRONG), "-r", "national", "-r", "anhui", "--format", "json"],
        capture_output=True, text=True, check=True,
    )
    http = client.post("/api/compare?regime=national&regime=anhui", content=strong_toml().encode(), headers=TOML)
    assert http.json() == json.loads(cli.stdout)


@pytest.mark.parametrize(
    ("path", "example", "content_type", "cli_args"),
    [
        ("/api/diff?a=national&b=hainan", None, None, ["diff", "national", "hainan"]),
        ("/api/timeline?as_of=2025-06-01&soon=10", "record-national-2022.toml", "application/toml",
         ["timeline", "{}", "--as-of", "2025-06-01", "--soon", "10"]),
        ("/api/status?as_of=2025-06-01", "record-revocation.toml", "application/toml", ["status", "{}", "--as-of", "2025-06-01"]),
        ("/api/cases/suggest?top=2&regime=national", "case-text-digital.md", "text/plain", ["cases", "suggest", "{}", "--top", "2"]),
        ("/api/schema?document=record", None, None, ["schema", "record"]),
    ],
)
def test_lifecycle_diff_cases_schema_match_the_cli(client, openapi, path, example, content_type, cli_args):
    file = ROOT / "examples" / example if example else None
    args = [str(file) if a == "{}" else a for a in cli_args]
    cli = subprocess.run(
        [sys.executable, "-m", "clusterpolicy", *args, "--format", "json"], capture_output=True, text=True, check=True
    )
    expected = json.loads(cli.stdout)
    if file is None:
        response = client.get(path)
        method = "get"
    else:
        response = client.post(path, content=file.read_bytes(), headers={"Content-Type": content_type})
        method = "post"
    assert response.status_code == 200, response.text
    body = check(openapi, response, path.split("?")[0], method)
    if "source" in expected:  # the CLI names the file; the API names the request body
        assert body.pop("source") == "<request body>"
        expected.pop("source")
    assert body == expected


def test_record_with_unknown_regime_is_422(client, openapi):
    text = (ROOT / "examples" / "record-national-2022.toml").read_text(encoding="utf-8")
    bad = text.replace('regime = "national"', 'regime = "narnia"', 1)
    assert bad != text
    response = client.post("/api/status", content=bad.encode(), headers=TOML)
    assert response.status_code == 422
    assert check(openapi, response, "/api/status", "post")["problems"][0].startswith("$.regime: unknown regime 'narnia'")


def test_text_and_integer_inputs_are_checked(client, openapi):
    empty = client.post("/api/cases/suggest", content=" \n".encode(), headers={"Content-Type": "text/plain"})
    assert empty.status_code == 422 and check(openapi, empty, "/api/cases/suggest", "post")["problems"] == ["the text is empty"]
    as_json = client.post("/api/cases/suggest", content=b'{"text": "x"}', headers=JSON)
    assert as_json.status_code == 415
    negative = client.post("/api/timeline?soon=-1", content=b"", headers=TOML)
    assert negative.status_code == 400
    soon, *body = check(openapi, negative, "/api/timeline", "post")["problems"]  # the (empty) body's problems follow the query's
    assert soon == "soon: expected a whole number (0 or more), got '-1'" and body[0] == "<request body>: $.name: required field missing"
    unknown = client.get("/api/schema?document=nope")
    assert unknown.status_code == 404 and "unknown document 'nope'" in check(openapi, unknown, "/api/schema", "get")["error"]
    diff = client.get("/api/diff?a=national&b=narnia")
    assert diff.status_code == 404 and check(openapi, diff, "/api/diff", "get")["error"].startswith("unknown regime 'narnia'")


def test_evaluate_with_as_of(client, openapi, regimes):
    response = client.post("/api/evaluate?regime=hainan&as_of=2025-01-02", content=strong_toml().encode(), headers=TOML)
    body = check(openapi, response, "/api/evaluate", "post")
    assert body["kind"] == "assessment"
    assert body["assessment"]["regime"] == "hainan"
    assert body["assessment"]["as_of"] == "2025-01-02"
    expected = clusterpolicy.to_json(regimes["hainan"].evaluate(clusterpolicy.load_profile(STRONG), __import__("datetime").date(2025, 1, 2)))
    assert body == json.loads(json.dumps(expected, ensure_ascii=False))


def test_content_type_sniffed_like_stdin_when_absent(client):
    a = client.post("/api/evaluate?regime=national", content=strong_json().encode())
    b = client.post("/api/evaluate?regime=national", content=strong_toml().encode(), headers={"Content-Type": "text/plain"})
    assert a.status_code == b.status_code == 200
    assert a.json() == b.json()


# --- errors: the CLI's messages, the right status, never a traceback ------------------------------


def test_invalid_profile_is_422_with_the_cli_field_paths(client, openapi, tmp_path):
    bad = {"name": "x", "years": {"2024": {"total_output": "n/a"}}, "firms": {"little_giant": 3}, "front_rank": "world"}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    with pytest.raises(InputError) as cli_error:
        clusterpolicy.load_profile(path)
    response = client.post("/api/evaluate?regime=national", content=json.dumps(bad).encode(), headers=JSON)
    assert response.status_code == 422
    body = check(openapi, response, "/api/evaluate", "post")
    assert body["problems"] == list(cli_error.value.problems)
    assert "$.years.2024.total_output: expected a decimal number; got 'n/a'" in body["problems"]
    assert body["error"].startswith("<request body>: 3 problems")


@pytest.mark.parametrize(
    ("content", "headers", "message"),
    [
        (b'{"name": ', JSON, "<request body>: line 1, column 10: invalid JSON: Expecting value"),
        (b"name = ", TOML, "<request body>: invalid TOML: "),
        (b'name = "\xff"', TOML, "<request body>: not UTF-8 text"),
        (b"[1, 2]", JSON, "<request body>: $: expected an object (a table) at the top level"),
    ],
)
def test_unreadable_body_is_400(client, openapi, content, headers, message):
    response = client.post("/api/compare", content=content, headers=headers)
    assert response.status_code == 400
    assert check(openapi, response, "/api/compare", "post")["error"].startswith(message)


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("?regime=national&as_of=2025-13-01", "as_of: expected a date YYYY-MM-DD, got '2025-13-01'"),
        ("?regime=national&regmie=hainan", "regmie: unknown query parameter (expected one of: regime, as_of)"),
        ("?regime=national&regime=hainan", "regime: given more than once"),
        ("", "regime: required query parameter missing"),
    ],
)
def test_bad_query_is_400(client, openapi, query, problem):
    response = client.post(f"/api/evaluate{query}", content=strong_toml().encode(), headers=TOML)
    assert response.status_code == 400
    assert problem in check(openapi, response, "/api/evaluate", "post")["problems"]


def test_unknown_regime_is_404_with_the_cli_message(client, openapi):
    response = client.post("/api/compare?regime=national&regime=narnia", content=strong_toml().encode(), headers=TOML)
    assert response.status_code == 404
    known = ", ".join(clusterpolicy.load_regimes())
    assert check(openapi, response, "/api/compare", "post") == {
        "error": f"unknown regime 'narnia' (known: {known})",
        "problems": [],
        "error_zh": f"无法识别的制度 'narnia'(现有:{known})",
        "problems_zh": [],
    }


def test_unsupported_media_type_is_415(client, openapi):
    response = client.post("/api/compare", content=b"name=x", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 415
    assert "application/json or application/toml" in check(openapi, response, "/api/compare", "post")["error"]


def test_body_over_the_limit_is_413(regimes, openapi):
    with running(create_app(regimes, max_body=1000)) as url, httpx.Client(base_url=url) as small:
        big = strong_toml().encode()
        assert len(big) > 1000
        declared = small.post("/api/compare", content=big, headers=TOML)
        streamed = small.post("/api/compare", content=iter([big[:600], big[600:]]), headers=TOML)  # chunked: no length
        fits = small.post("/api/compare", content=b'name = "x"', headers=TOML)
    for response in (declared, streamed):
        assert response.status_code == 413
        assert check(openapi, response, "/api/compare", "post")["error"] == "request body too large (limit 1000 bytes)"
    assert fits.status_code == 200


def test_unknown_path_and_method_are_json(client, openapi):
    missing = client.get("/api/nothing")
    assert missing.status_code == 404
    assert missing.json() == {"error": "no such path: /api/nothing", "problems": [], "error_zh": "没有此路径:/api/nothing", "problems_zh": []}
    wrong = client.get("/api/compare")
    assert wrong.status_code == 405 and wrong.headers["allow"] == "POST"
    said = check(openapi, wrong, "/api/compare", "post")
    assert (said["error"], said["error_zh"]) == ("method GET not allowed on /api/compare", "/api/compare 不允许使用 GET 方法")


def test_a_query_with_several_problems_says_each_in_chinese(client, openapi):
    response = client.post("/api/compare?as_of=2025-13-01&bogus=1", content=strong_toml().encode(), headers=TOML)
    doc = check(openapi, response, "/api/compare", "post")
    assert (response.status_code, doc["problems_zh"]) == (400, ["as_of: 应为日期 YYYY-MM-DD;实际为 '2025-13-01'", "bogus: 无法识别的查询参数(应为以下之一:regime, as_of)"])
    assert doc["error_zh"] == "查询参数有误:as_of: 应为日期 YYYY-MM-DD;实际为 '2025-13-01';bogus: 无法识别的查询参数(应为以下之一:regime, as_of)"
    table = client.post("/api/compare/table?format=pdf&lang=fr", content=strong_toml().encode(), headers=TOML)
    assert (table.status_code, table.json()["problems"], table.json()["problems_zh"]) == (
        400, ["format: expected csv or xlsx; got 'pdf'", "lang: expected zh or en; got 'fr'"], ["format:应为 csv 或 xlsx;实际为 'pdf'", "lang:应为 zh 或 en;实际为 'fr'"])  # fmt: skip
    charset = client.post("/api/compare", content=b"x", headers={"Content-Type": "application/toml; charset=utf-7"})
    assert (charset.status_code, charset.json()["error_zh"]) == (415, "不支持的字符集 'utf-7':请发送 UTF-8,或注明 gbk、gb18030 等编码")


def test_internal_error_is_500_without_traceback(regimes, caplog):
    def broken(regimes, query, body):
        raise RuntimeError("secret detail")

    boom = Endpoint(method="GET", path="/api/boom", operation_id="boom", summary="fails", handler=broken)
    with running(create_app(regimes, endpoints=(*ENDPOINTS, boom))) as url:
        response = httpx.get(url + "/api/boom")
    assert response.status_code == 500
    assert "secret detail" not in response.text and "Traceback" not in response.text
    assert response.json()["error"].startswith("internal error")
    assert "secret detail" in caplog.text  # …but the operator's log has it


# --- the page and its assets ----------------------------------------------------------------------


def test_page_and_assets_are_local_only(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in page.headers["content-security-policy"]
    for name, media in (("app.js", "text/javascript"), ("style.css", "text/css")):
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(media)
        assert f"/static/{name}" in page.text
        assert "http://" not in asset.text and "https://" not in asset.text  # no CDN, no internet
    assert "https://" not in page.text and "http://" not in page.text
    assert client.get("/static/../api.py").status_code == 404
    assert client.get("/static/index.html").status_code == 404


# --- the CLI command ------------------------------------------------------------------------------


def test_serve_defaults_to_loopback():
    from clusterpolicy.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


def test_serve_deadlines_are_whole_seconds_from_1_to_3600_and_say_their_defaults(capsys):
    import argparse

    from clusterpolicy.cli import build_parser
    from clusterpolicy.http.connection import DEFAULT_BODY_TIMEOUT, DEFAULT_HEADER_TIMEOUT

    parser = build_parser()
    args = parser.parse_args(["serve", "--header-timeout", "3", "--body-timeout", "30"])
    assert (args.header_timeout, args.body_timeout) == (3, 30)
    serve = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices["serve"]
    helps = {a.dest: a.help for a in serve._actions}
    assert f"(default: {DEFAULT_HEADER_TIMEOUT:g};" in helps["header_timeout"] and f"(default: {DEFAULT_BODY_TIMEOUT:g})" in helps["body_timeout"]
    with pytest.raises(SystemExit):
        parser.parse_args(["serve", "--header-timeout", "0"])
    assert "argument --header-timeout: expected a number of seconds from 1 to 3600, got '0'" in capsys.readouterr().err


def test_serve_without_the_extra_says_how_to_install(monkeypatch, capsys):
    from clusterpolicy.cli import main

    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn → ImportError
    assert main(["serve", "--port", "1"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'clusterpolicy[serve]'" in err and "Traceback" not in err


def test_serve_subprocess_answers_on_loopback():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "clusterpolicy", "serve", "--port", str(port), "--no-access-log", "--header-timeout", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                response = httpx.post(
                    f"http://127.0.0.1:{port}/api/compare?regime=national", content=strong_toml().encode(), headers=TOML
                )
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        assert response.status_code == 200
        assert response.json()["comparison"]["assessments"][0]["regime"] == "national"
        # A request head past 16 KiB is refused and its connection closed (h11), even where httptools — which
        # would buffer a header of any size — is installed; the server goes on serving.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as huge:
            try:
                huge.sendall(b"GET /api/regimes HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n\r\n")
            except OSError:  # the server may close before it has read it all
                pass
            assert huge.recv(200).split(b" ")[1:2] in ([b"431"], [b"400"], [])
        # --header-timeout: half a request head gets a 408 after a second, and its connection is closed.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as half:
            half.sendall(b"GET /api/regimes HTTP/1.1\r\nHost: x\r\n")
            started = time.monotonic()
            assert half.recv(200).startswith(b"HTTP/1.1 408 Request Timeout\r\n") and 0.9 < time.monotonic() - started < 5
        assert httpx.get(f"http://127.0.0.1:{port}/api/regimes").status_code == 200
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert f"serving http://127.0.0.1:{port}/" in out


# --- the README's curl examples, run as written against a real server ------------------------------


def readme_curl_examples() -> list[tuple[str, str]]:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## HTTP API and web page", 1)[1].split("\n## ", 1)[0]
    examples = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.S):
        command, output = [], []
        for line in block.splitlines():
            if line.startswith("$ ") or (command and not output and command[-1].endswith("\\")):
                command.append(line.removeprefix("$ "))
            else:
                output.append(line)
        examples.append(("\n".join(command), "\n".join(output) + "\n"))
    return examples


@pytest.mark.parametrize("example", range(2))
def test_readme_curl_examples(regimes, example):
    import shutil

    missing = [tool for tool in ("bash", "curl", "jq") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"the README's curl examples need {', '.join(missing)}")
    examples = readme_curl_examples()
    assert len(examples) == 2, "update the parametrisation to the README's number of curl examples"
    command, output = examples[example]
    with running(create_app(regimes)) as url:
        run = subprocess.run(
            ["bash", "-c", command.replace("http://127.0.0.1:8000", url)], cwd=ROOT, capture_output=True, text=True, timeout=30
        )
    assert run.returncode == 0, run.stderr
    assert run.stdout == output


# --- the pathway and what-if ----------------------------------------------------------------------


def test_pathway_over_http_is_the_cli_document(client, openapi, regimes):
    response = client.post("/api/pathway?as_of=2025-05-20", content=strong_toml().encode(), headers=TOML)
    body = check(openapi, response, "/api/pathway", "post")
    expected = clusterpolicy.to_json(clusterpolicy.pathway(clusterpolicy.load_profile(STRONG), regimes, __import__("datetime").date(2025, 5, 20)))
    assert body == json.loads(json.dumps(expected, ensure_ascii=False))
    assert [r["regime"] for r in body["pathway"]["rungs"]] == [None, "national"]  # 浙江省 has no loaded regime
    unknown = client.post("/api/pathway?province=nowhere", content=strong_toml().encode(), headers=TOML)
    assert check(openapi, unknown, "/api/pathway", "post") and unknown.status_code == 404


def test_whatif_over_http_reports_the_flips_and_the_converters_errors(client, openapi):
    # the parts lowered with the total (a part never exceeds it), to about the same shares: they still pass
    lowered = "set=years.2024.total_output%3D39&set=years.2024.sme_output%3D30.8&set=years.2024.leading_output%3D32.8"
    flipped = client.post(f"/api/whatif?regime=national&{lowered}", content=strong_toml().encode(), headers=TOML)
    national = check(openapi, flipped, "/api/whatif", "post")["whatif"]["regimes"][0]
    assert (national["before"], national["after"]) == ("eligible", "ineligible")
    assert [(f["rule"], f["after"]) for f in national["flips"]] == [("core.output", "fail"), ("core.growth", "fail")]
    assert national["flips"][0]["margin_after"]["amount"] == "1"
    bad = client.post("/api/whatif?set=years.2024.total_output%3Dlots", content=strong_toml().encode(), headers=TOML)
    problem = check(openapi, bad, "/api/whatif", "post")
    # the published pattern says which changes the API takes; a value outside it is refused as the schema says
    assert bad.status_code == 400 and problem["problems"] == ["set: 'years.2024.total_output=lots': expected years.<year>.<figure>=<number> or firms.<count>=<count>"]
    for query in ("", "set=no-equals", "set=nowhere%3D1"):
        refused = client.post(f"/api/whatif?{query}", content=strong_toml().encode(), headers=TOML)
        assert check(openapi, refused, "/api/whatif", "post") and refused.status_code in (400, 422), query
    twice = client.post("/api/whatif?set=firms.little_giants%3D1&set=firms.little_giants%3D0", content=strong_toml().encode(), headers=TOML)
    problem = check(openapi, twice, "/api/whatif", "post")
    assert twice.status_code == 400 and problem["problems"] == ["set: 'firms.little_giants': set more than once (each path can be set once)"]
    assert problem["problems_zh"] == ["set: 'firms.little_giants':重复设置(每个路径只能设置一次)"]
