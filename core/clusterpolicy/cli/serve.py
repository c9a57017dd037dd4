"""``clusterpolicy serve``: the HTTP API and the comparison page (needs the ``serve`` extra).

Binds 127.0.0.1:8000 by default, so only this machine can reach it; ``--host 0.0.0.0`` exposes it
(put a reverse proxy with TLS and access control in front: the server has no authentication).
One process by default; ``--workers N`` forks N sharing the port (:mod:`clusterpolicy.http.workers`).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import socket
import os

from ..errors import ClusterPolicyError
from .app import count

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
#: The most worker processes ``--workers`` takes.
MAX_WORKERS = 1024


class MissingExtraError(ClusterPolicyError):
    """The web server's dependencies are not installed."""

    exit_code = 2


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser(
        "serve",
        parents=[common],
        help="serve the HTTP API and the comparison web page",
        description="Serve the HTTP API (/api/…, OpenAPI at /openapi.json) and the side-by-side comparison page at /.",
    )
    p.add_argument("--host", default=DEFAULT_HOST, help="address to bind (default: %(default)s, this machine only)")
    p.add_argument("--port", type=count("a TCP port", maximum=65535), default=DEFAULT_PORT, help="TCP port (default: %(default)s)")
    p.add_argument(
        "--max-body", type=count("a number of bytes", minimum=1), default=None, metavar="BYTES", help="largest request body accepted (default: 1048576, 1 MiB)"
    )
    p.add_argument(
        "--header-timeout", type=count("a number of seconds", minimum=1, maximum=3600), default=None, metavar="SECONDS",
        help="close a connection whose request head is not complete this long after it began (default: 10; the client gets a 408)",
    )
    p.add_argument(
        "--body-timeout", type=count("a number of seconds", minimum=1, maximum=3600), default=None, metavar="SECONDS",
        help="close a connection whose request body pauses this long between two chunks (default: 10)",
    )
    p.add_argument(
        "--body-total-timeout", type=count("a number of seconds", minimum=1, maximum=3600), default=None, metavar="SECONDS",
        help="close a connection whose request body is not all in this long after it began (default: 120)",
    )
    p.add_argument(
        "--workers", type=_workers, default=1, metavar="N",
        help="server processes sharing the port, to use N cores: a number, or auto (one per CPU); default: 1 (needs fork: not on Windows)",
    )
    p.add_argument("--no-access-log", action="store_true", help="do not log each request")
    p.add_argument("--openapi", action="store_true", help="print the OpenAPI document and exit (docs/openapi.json is this)")
    p.set_defaults(run=cmd_serve)


def _workers(text: str) -> int:
    """``--workers``: a number of processes, or ``auto``: one per CPU this process may run on."""
    if text == "auto":
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    try:
        return count("a number of processes", minimum=1, maximum=MAX_WORKERS)(text)
    except argparse.ArgumentTypeError as exc:
        raise argparse.ArgumentTypeError(f"{exc} (or auto: one per CPU)") from None


def cmd_serve(args: argparse.Namespace) -> int:
    if args.openapi:
        return _print_openapi(args)
    if args.workers > 1 and not hasattr(os, "fork"):
        raise ClusterPolicyError(
            f"--workers {args.workers}: several server processes need fork(), which this system does not have (as on Windows): "
            "leave --workers out to serve from one process, or start one clusterpolicy serve per port behind a reverse proxy"
        )
    try:
        import uvicorn

        from ..http.connection import protocol_class
        from ..http.server import create_app
    except ImportError as exc:
        raise MissingExtraError(
            f"the HTTP server needs the 'serve' extra ({exc.name} is missing): pip install 'clusterpolicy[serve]'"
        ) from None
    from .app import EXIT_OK, regimes_for

    options = {} if args.max_body is None else {"max_body": args.max_body}
    app = create_app(regimes_for(args), **options)  # plugin errors stop us here (exit 3)
    sock = listening(args.host, args.port)  # a port in use stops us here (exit 2), before we say we serve
    processes = f"; {args.workers} worker processes" if args.workers > 1 else ""
    print(f"clusterpolicy: serving http://{_url_host(args.host)}:{args.port}/ (API under /api, OpenAPI at /openapi.json{processes})", flush=True)
    # h11, uvicorn's own HTTP parser, even where httptools is installed: httptools takes headers of any size
    # (one client could fill the memory with a header); h11 refuses a request head past 16 KiB. Its protocol
    # here (http/connection.py) also closes connections whose client sends no complete request in time.
    names = {"header_timeout": "header_timeout", "body_timeout": "body_timeout", "body_total_timeout": "body_total"}
    deadlines = {to: getattr(args, name) for name, to in names.items() if getattr(args, name) is not None}
    http = protocol_class(**deadlines)
    import gc

    gc.freeze()  # what start-up built (modules, the regimes) lives as long as the server: no collection walks it again
    config = uvicorn.Config(app, host=args.host, port=args.port, http=http, access_log=not args.no_access_log, log_level="info")
    if args.workers > 1:  # (workers forked after the freeze share those pages: a collection never writes to them)
        from ..http.workers import serve

        return serve(config, args.workers, sock)
    server = uvicorn.Server(config)
    with contextlib.suppress(KeyboardInterrupt):
        server.run(sockets=[sock])
    return EXIT_OK if server.started else STARTUP_FAILURE


#: uvicorn's exit code for a server that could not start.
STARTUP_FAILURE = 3


def listening(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host``:``port`` as uvicorn binds one (IPv6 for an address with ``:``,
    SO_REUSEADDR); an address that cannot be had is an error saying why and what to do."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family=family, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        where = f"{_url_host(host)}:{port}"
        if exc.errno == errno.EADDRINUSE:
            raise ClusterPolicyError(f"cannot listen on {where}: the port is in use (another server, perhaps another clusterpolicy serve, "
                                     "is listening there): stop it or choose another --port") from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise ClusterPolicyError(f"cannot listen on {where}: not permitted (a port below 1024 needs administrator rights): "
                                     "choose --port 1024 or above, e.g. 8000") from None
        if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
            raise ClusterPolicyError(f"cannot listen on {where}: this machine has no such address: give one of its own addresses "
                                     f"with --host, or {DEFAULT_HOST} (this machine only) or 0.0.0.0 (every address)") from None
        raise ClusterPolicyError(f"cannot listen on {where}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def _print_openapi(args: argparse.Namespace) -> int:
    """The document the server would serve with these regimes (their ids, rules and calls are listed in it)."""
    import json
    import sys

    from ..http.openapi import openapi_document
    from .app import EXIT_OK, regimes_for

    json.dump(openapi_document(regimes=regimes_for(args)), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
