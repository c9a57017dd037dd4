"""Hostile connections to the server ``clusterpolicy serve`` runs (uvicorn with the protocol of
clusterpolicy.http.connection), spoken to byte by byte over raw sockets: a client that never
finishes its request is cut off in bounded time, however many there are, and a request line of no
supported HTTP version is refused."""

from __future__ import annotations

import json
import re
import socket
import time

import pytest

pytest.importorskip("starlette", reason="the 'serve' extra is not installed (pip install -e '.[test]')")
pytest.importorskip("uvicorn", reason="the 'serve' extra is not installed (pip install -e '.[test]')")

from httpserver import running  # noqa: E402

from clusterpolicy.http.server import create_app  # noqa: E402

HEADER_TIMEOUT = BODY_TIMEOUT = 1.0
BODY_TOTAL = 3.0
SLACK = 2.0  # what a loaded test machine may add to a deadline
HEAD = b"GET /api/regimes HTTP/1.1\r\nHost: x\r\n"


@pytest.fixture(scope="module")
def address(regimes):
    with running(create_app(regimes), header_timeout=HEADER_TIMEOUT, body_timeout=BODY_TIMEOUT, body_total=BODY_TOTAL) as url:
        host, port = url.removeprefix("http://").split(":")
        yield host, int(port)


def connect(address) -> socket.socket:
    return socket.create_connection(address, timeout=HEADER_TIMEOUT + SLACK + 5)


def until_closed(s: socket.socket, by: float | None = None) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection (by the monotonic time ``by``: else
    socket.timeout), and how long that took."""
    started, received = time.monotonic(), b""
    if by is not None:
        s.settimeout(max(by - started, 0.001))
    while chunk := s.recv(65536):
        received += chunk
    return received, time.monotonic() - started


def statuses(received: bytes) -> list[str]:
    return re.findall(r"HTTP/1\.1 (\d{3}) ", received.decode("latin-1"))


def test_half_a_request_head_gets_a_408_and_the_connection_is_closed(address):
    with connect(address) as s:
        s.sendall(HEAD)  # the blank line that ends the head never comes
        received, seconds = until_closed(s)
    assert json.loads(received.partition(b"\r\n\r\n")[2])["error"] == "request head not complete within 1 s" and statuses(received) == ["408"]
    assert HEADER_TIMEOUT - 0.1 < seconds < HEADER_TIMEOUT + SLACK


def test_a_client_that_connects_and_says_nothing_is_closed_without_an_answer(address):
    with connect(address) as s:
        received, seconds = until_closed(s)
    assert received == b"" and seconds < HEADER_TIMEOUT + SLACK


def test_trickling_a_head_byte_by_byte_does_not_extend_its_deadline(address):
    started = time.monotonic()
    with connect(address) as s:
        try:
            for byte in HEAD + b"X-Slow: " + b"a" * 100:
                s.send(bytes([byte]))
                time.sleep(0.05)
        except OSError:  # the server closed the connection while we were still sending
            pass
        received, _ = until_closed(s)
    assert statuses(received) == ["408"] and time.monotonic() - started < HEADER_TIMEOUT + SLACK


def test_a_body_that_stops_coming_closes_the_connection_and_one_that_keeps_coming_is_answered(address):
    with connect(address) as s:
        s.sendall(b"POST /api/evaluate?regime=national HTTP/1.1\r\nHost: x\r\nContent-Type: application/toml\r\nContent-Length: 100\r\n\r\nname")
        received, seconds = until_closed(s)
    assert received == b"" and BODY_TIMEOUT - 0.1 < seconds < BODY_TIMEOUT + SLACK
    body = b'name = "slow"\n'
    with connect(address) as s:  # 4 chunks 0.4 s apart: longer than the deadline in all, never between two chunks
        s.sendall(b"POST /api/evaluate?regime=national HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                  b"Content-Type: application/toml\r\nContent-Length: %d\r\n\r\n" % len(body))  # fmt: skip
        for i in range(0, len(body), 4):
            time.sleep(0.4)
            s.sendall(body[i : i + 4])
        received, _ = until_closed(s)
    assert statuses(received) == ["200"] and b'"cluster":"slow"' in received


def test_a_body_trickled_a_byte_at_a_time_is_cut_off_when_its_whole_time_is_up(address):
    """Each byte comes well within the pause allowed between two chunks, but the whole body is not
    in within its time: the connection is closed then (not after the ~50 s the trickle would take)."""
    with connect(address) as s:
        s.sendall(b"POST /api/evaluate?regime=national HTTP/1.1\r\nHost: x\r\nContent-Type: application/toml\r\nContent-Length: 100\r\n\r\n")
        started, closed = time.monotonic(), False
        while time.monotonic() - started < BODY_TOTAL + SLACK + 2:
            try:
                s.sendall(b"#")
                s.settimeout(0.5)
                if s.recv(100) == b"":
                    closed = True
                    break
            except socket.timeout:
                continue
            except OSError:
                closed = True
                break
        seconds = time.monotonic() - started
    assert closed and BODY_TOTAL - 0.1 < seconds < BODY_TOTAL + SLACK


def test_a_kept_alive_connection_that_starts_a_next_request_and_stops_gets_a_408(address):
    with connect(address) as s:
        s.sendall(HEAD + b"\r\n")
        time.sleep(0.2)  # the first answer is in
        s.sendall(HEAD)
        received, _ = until_closed(s)
    assert statuses(received) == ["200", "408"]


def test_half_a_next_request_sent_with_a_whole_one_gets_its_answer_then_a_408(address):
    with connect(address) as s:
        s.sendall(HEAD + b"\r\n" + HEAD)  # one packet: a whole request, and the start of the next
        received, seconds = until_closed(s)
    assert statuses(received) == ["200", "408"]
    assert json.loads(received.rpartition(b"\r\n\r\n")[2])["error"] == "request head not complete within 1 s"
    assert HEADER_TIMEOUT - 0.1 < seconds < HEADER_TIMEOUT + SLACK


def test_200_idle_half_requests_neither_delay_a_normal_one_nor_stay_open(address):
    idle = [connect(address) for _ in range(200)]
    try:
        for s in idle:
            s.sendall(HEAD)
        started = time.monotonic()
        with connect(address) as s:
            s.sendall(HEAD + b"Connection: close\r\n\r\n")
            received, _ = until_closed(s)
        assert statuses(received) == ["200"] and time.monotonic() - started < 1.0
        answers = [until_closed(s, by=started + HEADER_TIMEOUT + SLACK)[0] for s in idle]  # the server closed all 200
        assert {statuses(a)[0] for a in answers} == {"408"}
    finally:
        for s in idle:
            s.close()


@pytest.mark.parametrize("line", [b"GET /api/regimes HTTP/0.9", b"GET /api/regimes HTTP/2.0", b"GET /api/regimes HTTP/9.9", b"GET /api/regimes"])
def test_a_request_line_of_no_supported_http_version_is_a_400_never_served(address, line):
    with connect(address) as s:
        s.sendall(line + b"\r\n\r\n")
        received, _ = until_closed(s)
    assert statuses(received) == ["400"] and b"national" not in received


def test_an_http_1_0_request_is_answered(address):
    with connect(address) as s:
        s.sendall(b"GET /api/regimes HTTP/1.0\r\n\r\n")
        received, _ = until_closed(s)
    assert statuses(received) == ["200"]


def test_pipelined_requests_before_garbage_are_each_answered_then_the_garbage_is_a_400(address):
    with connect(address) as s:
        s.sendall(HEAD + b"\r\n" + b"GET /api/glossary HTTP/1.1\r\nHost: x\r\n\r\n" + b"GARBAGE\x00\x01 \r\n\r\n")
        received, _ = until_closed(s)
    assert statuses(received) == ["200", "200", "400"]
    assert received.index(b'"kind":"regimes"') < received.index(b'"kind":"glossary"') < received.index(b"400 Bad Request")


@pytest.mark.parametrize("size", [20_000, 100_000])
def test_a_request_head_over_16_kib_is_a_400_even_when_it_arrives_whole(address, size):
    with connect(address) as s:
        s.sendall(b"GET /api/regimes HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * size + b"\r\n\r\n")
        received, _ = until_closed(s)
    assert statuses(received) == ["400"] and b"national" not in received
    assert json.loads(received.partition(b"\r\n\r\n")[2])["error"].startswith("invalid HTTP request: ")


def test_a_head_just_under_the_limit_is_served(address):
    with connect(address) as s:
        s.sendall(b"GET /api/regimes HTTP/1.0\r\nX-Big: " + b"a" * 15_000 + b"\r\n\r\n")
        received, _ = until_closed(s)
    assert statuses(received) == ["200"]
