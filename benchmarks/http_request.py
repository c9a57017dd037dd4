"""What one ``POST /api/compare`` costs the server, in process: no socket, no client, no other load.

``python benchmarks/http_request.py PART N [--body toml|json]`` runs N requests (after one to warm up) of
one of the benchmark's bodies (``startup.bodies``: examples/strong-national.toml as TOML, the default, or
the same profile as JSON; all regimes) through one PART of the server:

- ``request``: the whole request as ``clusterpolicy serve`` handles it — uvicorn's h11 protocol with
  this project's deadlines (:mod:`clusterpolicy.http.connection`) and the app, the bytes of a
  keep-alive request fed to the protocol and the response taken from a transport that keeps it;
- ``app``: the Starlette app alone, called as ASGI (what the protocol adds is ``request`` − ``app``);
- ``body``: what the app does, called directly: the body → profile → compare → JSON bytes;
- ``compare``: compare + JSON of a profile read once (the benchmark's in-process reference).

Each PART runs as the server does after ``gc.freeze()`` (what start-up built is never walked again by a
collection). For an instruction count free of start-up, run it under callgrind with two N and
subtract (``valgrind --tool=callgrind python benchmarks/http_request.py request 100``, then 300); without
valgrind, ``--time`` prints the CPU microseconds per request (best of 7 rounds of N).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time

from startup import bodies

HEAD = b"POST /api/compare HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n"


class _Transport(asyncio.Transport):
    """Keeps what the protocol writes; says when a response's last byte (the JSON's ``}``) is in."""

    def __init__(self) -> None:
        super().__init__()
        self.written: list[bytes] = []
        self.done: asyncio.Future[None] | None = None
        self.closing = False

    def write(self, data: bytes) -> None:
        self.written.append(data)
        if data.endswith(b"}") and self.done is not None:
            self.done.set_result(None)

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def get_extra_info(self, name: str, default=None):
        return {"sockname": ("127.0.0.1", 8000), "peername": ("127.0.0.1", 50000)}.get(name, default)

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass


async def _parts(sent: str):
    """One request's coroutine for each part, the body sent as ``sent`` (``toml`` or ``json``)."""
    import uvicorn
    from uvicorn.server import ServerState

    import clusterpolicy
    from clusterpolicy.convert import parse_document
    from clusterpolicy.documents import dumps_bytes, to_json
    from clusterpolicy.http.connection import protocol_class
    from clusterpolicy.http.server import create_app

    regimes = clusterpolicy.load_regimes()
    everything = list(regimes.values())
    app = create_app(regimes)
    config = uvicorn.Config(app, http=protocol_class(), access_log=False, log_level="warning")
    config.load()
    protocol = config.http_protocol_class(config, ServerState(), {}, _loop=asyncio.get_running_loop())
    transport = _Transport()
    protocol.connection_made(transport)
    media, body_bytes = bodies()[sent]
    request = HEAD % (media.encode(), len(body_bytes)) + body_bytes
    text, as_json = body_bytes.decode("utf-8"), sent == "json"
    profile = clusterpolicy.profile_from_dict(parse_document(text, "<body>", as_json=as_json), source="<body>")
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
        "path": "/api/compare", "raw_path": b"/api/compare", "query_string": b"", "root_path": "",
        "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 50000),
        "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", media.encode()), (b"content-length", str(len(body_bytes)).encode())],
    }  # fmt: skip

    async def whole() -> None:
        transport.written.clear()
        transport.done = asyncio.get_running_loop().create_future()
        protocol.data_received(request)
        await transport.done

    async def receive():
        return {"type": "http.request", "body": body_bytes, "more_body": False}

    async def send(message) -> None:
        pass

    async def app_only() -> None:
        await app(dict(scope), receive, send)

    async def body() -> None:
        given = clusterpolicy.profile_from_dict(parse_document(text, "<body>", as_json=as_json), source="<body>")
        dumps_bytes(to_json(clusterpolicy.compare(given, everything)))

    async def compare() -> None:
        dumps_bytes(to_json(clusterpolicy.compare(profile, everything)))

    await whole()
    assert b"".join(transport.written).startswith(b"HTTP/1.1 200 OK"), b"".join(transport.written)[:200]
    return {"request": whole, "app": app_only, "body": body, "compare": compare}


async def _main(part: str, n: int, timed: bool, sent: str) -> None:
    one = (await _parts(sent))[part]
    await one()
    gc.freeze()
    if not timed:
        for _ in range(n):
            await one()
        return
    best = float("inf")
    for _ in range(7):
        started = time.process_time()
        for _ in range(n):
            await one()
        best = min(best, (time.process_time() - started) / n)
    print(f"{part} ({sent} body): {best * 1e6:.0f} µs CPU per request (best of 7 × {n})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("part", choices=("request", "app", "body", "compare"))
    parser.add_argument("n", type=int)
    parser.add_argument("--body", choices=("toml", "json"), default="toml", help="the body sent: the TOML file (default) or the profile as JSON")
    parser.add_argument("--time", action="store_true", help="print CPU µs per request instead of only running")
    args = parser.parse_args()
    asyncio.run(_main(args.part, args.n, args.time, args.body))
