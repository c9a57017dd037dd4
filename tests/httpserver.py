"""A real uvicorn server on a free loopback port, in a thread, for the HTTP tests: the protocol
``clusterpolicy serve`` runs (h11 with deadlines, clusterpolicy.http.connection)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator


@contextlib.contextmanager
def running(app, **deadlines: float) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (a port the OS picks); yields the base URL. ``deadlines``:
    ``header_timeout``, ``body_timeout`` (seconds; default: serve's)."""
    import uvicorn

    from clusterpolicy.http.connection import protocol_class

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, http=protocol_class(**deadlines), log_level="warning", lifespan="off", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
