"""One HTTP connection: uvicorn's h11 protocol, with deadlines on what the client still owes.

uvicorn bounds only the idle time between two requests (``timeout_keep_alive``); a client that
connects and sends part of a request head, or a body it never finishes, would hold its connection
(a socket, a file descriptor) for ever — one laptop could take every connection the system allows
(uvicorn issue #157). Here each connection keeps at most one timer (``loop.call_later``: no thread,
no polling), armed only while the client owes bytes:

- the request head: :data:`DEFAULT_HEADER_TIMEOUT` seconds from the connection's start, or from the
  first byte of a next request on a kept-alive connection (from the answer to this one, if it came
  with it in one packet); trickling bytes does not extend it. A
  client that sent part of a head then gets ``408 Request Timeout``; a silent one is just closed.
- the body: at most :data:`DEFAULT_BODY_TIMEOUT` seconds between two of its chunks, and
  :data:`DEFAULT_BODY_TOTAL` seconds for all of it — a body trickled a byte at a time is cut off too
  (while the server itself has stopped reading, the wait is not the client's: both start again).

A request line of any HTTP version but 1.0 and 1.1 is a 400 (h11 would answer ``HTTP/0.9`` or
``HTTP/2.0`` lines as HTTP/1.1); a line without a version already is. These 400 and 408 answers are the
API's JSON errors (``error``, ``error_zh``), as every other. Per request this costs an
attribute read or two and, for a body in several packets, one timer.
"""

from __future__ import annotations

import asyncio
import json

import h11
from h11._connection import DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
from uvicorn.protocols.http.h11_impl import H11Protocol

#: Seconds a client has to send a whole request head (from connecting, or from the next request's first byte).
DEFAULT_HEADER_TIMEOUT = 10.0
#: Seconds a client may pause between two chunks of a request body.
DEFAULT_BODY_TIMEOUT = 10.0
#: Seconds a client has to send a whole request body (1 MiB, the default limit, at 9 KB/s).
DEFAULT_BODY_TOTAL = 120.0

VERSIONS = (b"1.0", b"1.1")

#: What a request h11 cannot read is told (400).
INVALID_REQUEST = ("invalid HTTP request: a malformed request line or header, a request head too large, "
                   "a body length stated twice (Content-Length and Transfer-Encoding), "
                   "or an HTTP version other than 1.0 and 1.1")  # fmt: skip
#: The headers that state a body's length.
FRAMING = frozenset({b"content-length", b"transfer-encoding"})
REASONS = {400: b"Bad Request", 408: b"Request Timeout"}


def closing_answer(status: int, error: str) -> bytes:
    """A whole response, written outside h11 (the connection is closed after it): the API's JSON error."""
    from ..messages import said

    body = json.dumps({"error": error, "problems": [], "error_zh": said(error, "zh"), "problems_zh": []}, ensure_ascii=False).encode("utf-8")
    return b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\nx-content-type-options: nosniff\r\nconnection: close\r\n" \
        b"content-length: %d\r\n\r\n%s" % (status, REASONS[status], len(body), body)


class _Connection(h11.Connection):
    """h11's server side, refusing a request line of an HTTP version other than 1.0 or 1.1, a
    request head larger than the limit however it arrives (h11 bounds only a head still incomplete:
    one that comes whole in a single read passes it), and a body length stated both ways (h11 reads
    Transfer-Encoding and ignores Content-Length; RFC 9112 §6.1 lets a server refuse it, and a
    proxy in front may have read the other one)."""

    def next_event(self):
        event = super().next_event()
        if type(event) is h11.Request:
            if event.http_version not in VERSIONS:
                raise h11.RemoteProtocolError(f"HTTP/{event.http_version.decode('ascii')} is not supported")
            size = len(event.method) + len(event.target)
            stated = set()
            for name, value in event.headers:  # names lowercased, as long as written
                size += len(name) + len(value) + 4
                if name in FRAMING:
                    stated.add(name)
            if size > self._max_incomplete_event_size:
                raise h11.RemoteProtocolError("request head too large")
            if stated == FRAMING:
                raise h11.RemoteProtocolError("both Content-Length and Transfer-Encoding")
        return event


class DeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol with the deadlines of this module's docstring (class attributes, in seconds)."""

    header_timeout = DEFAULT_HEADER_TIMEOUT
    body_timeout = DEFAULT_BODY_TIMEOUT
    body_total = DEFAULT_BODY_TOTAL

    def __init__(self, config, *args, **kwargs) -> None:
        super().__init__(config, *args, **kwargs)
        size = config.h11_max_incomplete_event_size
        self.conn = _Connection(h11.SERVER, DEFAULT_MAX_INCOMPLETE_EVENT_SIZE if size is None else size)
        self._deadline: asyncio.TimerHandle | None = None
        self._body_ends: float | None = None  # loop time by which the body must be in

    def connection_made(self, transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self.header_timeout)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch(received=True)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        begun = self.conn.their_state is h11.IDLE and bool(self.conn.trailing_data[0]) and not self.transport.is_closing()
        if begun:  # part of a next request came with this one: its head is owed, this is no idle keep-alive
            self._unset_keepalive_if_required()
        self._watch(received=begun)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        """A request h11 refuses (uvicorn logs ``msg``): the API's JSON error, and the connection closed."""
        self.transport.write(closing_answer(400, INVALID_REQUEST))
        self.transport.close()

    def _watch(self, received: bool) -> None:
        """Arm, keep or drop the timer for what the client owes now."""
        state = self.conn.their_state
        if self.transport.is_closing():
            self._disarm()
        elif state is h11.SEND_BODY:
            now = self.loop.time()
            if self._body_ends is None:
                self._body_ends = now + self.body_total
            if received or self._deadline is None:  # each chunk restarts the wait for the next, within the whole body's time
                self._arm(max(min(self.body_timeout, self._body_ends - now), 0.0))
            return
        self._body_ends = None
        if state is h11.IDLE:
            if received and self._deadline is None:
                self._arm(self.header_timeout)  # a next request's head has begun (an idle one is uvicorn's keep-alive)
        else:  # the request is in: the answer is the server's to give
            self._disarm()

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        state = self.conn.their_state
        if state is h11.SEND_BODY and self.flow.read_paused:  # we stopped reading: not the client's delay
            self._body_ends = self.loop.time() + self.body_total
            self._arm(self.body_timeout)
            return
        if state is h11.IDLE and self.conn.trailing_data[0]:
            self.transport.write(closing_answer(408, f"request head not complete within {self.header_timeout:g} s"))
        self.logger.debug("closing a connection whose client sent no complete request in time (%s)", state)
        self.transport.close()


def protocol_class(header_timeout: float = DEFAULT_HEADER_TIMEOUT, body_timeout: float = DEFAULT_BODY_TIMEOUT,
                   body_total: float = DEFAULT_BODY_TOTAL) -> type[DeadlineProtocol]:  # fmt: skip
    """The protocol for ``uvicorn.Config(http=...)`` with these deadlines (seconds)."""
    deadlines = {"header_timeout": header_timeout, "body_timeout": body_timeout, "body_total": body_total}
    return type("DeadlineProtocol", (DeadlineProtocol,), deadlines)
