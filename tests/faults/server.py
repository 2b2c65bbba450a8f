"""A real HTTP server on 127.0.0.1 that serves files under official paths and misbehaves.

Like :mod:`mirror` it answers ``/HOST/PATH?QUERY`` from the payload of
``https://HOST/PATH?QUERY`` (or of the URL without its query), with ``ETag`` /
``If-None-Match`` so conditional requests get 304 as from a real publisher. Setting
:attr:`FaultServer.fault` to one of the behaviours below makes every answer misbehave the way
real servers do: hang, stall, drip, reset, an error status, a body cut short, a gzip bomb,
a redirect elsewhere, or different bytes with 200. No mocks: the client talks TCP to it.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import socket
import struct
import threading
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

#: How long a misbehaving answer may keep a thread when nobody stops the server.
LONGEST_FAULT = 30.0


@dataclass
class Request:
    """What the server saw: the official URL asked for and the conditional headers."""

    url: str
    if_none_match: str | None
    if_modified_since: str | None


class Handler(BaseHTTPRequestHandler):
    """Answers from the server's payloads, through its fault when one is set."""

    server: FaultHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet in tests
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        host_path = unquote(parts.path).lstrip("/")
        official = f"https://{host_path}" + (f"?{unquote(parts.query)}" if parts.query else "")
        self.server.owner.requests.append(
            Request(
                official, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            )
        )
        payloads = self.server.owner.payloads
        path, _, query = official.partition("?")
        # As tests/mirror.py: PATH?NAME=VALUE answers any query carrying that pair.
        keys = [official, *(f"{path}?{pair}" for pair in query.split("&") if "=" in pair), path]
        body = next((payloads[key] for key in keys if key in payloads), None)
        fault = self.server.owner.fault
        if fault is not None:
            fault(self, official, body)
        elif body is None:
            self.answer(404, b"not found")
        else:
            self.serve(body)

    def finish(self) -> None:
        # A fault may have reset or closed the connection under the handler's feet.
        with contextlib.suppress(OSError, ValueError):
            super().finish()

    # ----------------------------------------------------------------- answers

    def serve(self, body: bytes) -> None:
        """200 with validators, or 304 when the client already has these bytes."""
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.answer(200, body, {"ETag": etag})

    def answer(self, status: int, body: bytes, headers: Mapping[str, str] | None = None) -> None:
        """A complete answer with a Content-Length."""
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def start(self, status: int, headers: Mapping[str, str]) -> None:
        """Only the status line and headers."""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()

    def wait(self, seconds: float = LONGEST_FAULT) -> bool:
        """Sleep until the server stops (True) or ``seconds`` pass (False)."""
        return self.server.owner.stopping.wait(seconds)


Behaviour = Callable[[Handler, str, bytes | None], None]
"""What the server does with one request: ``(handler, official URL, payload or None)``."""


class FaultHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: FaultServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that give up (the deadline) reset connections: expected here


@dataclass
class FaultServer:
    """Serve ``payloads`` (official URL -> bytes) on 127.0.0.1; a context manager."""

    payloads: dict[str, bytes]
    fault: Behaviour | None = None
    requests: list[Request] = field(default_factory=list)
    port: int = 0
    """0: any free port."""

    def __post_init__(self) -> None:
        self.stopping = threading.Event()
        self.httpd = FaultHTTPServer(("127.0.0.1", self.port), Handler)
        self.httpd.owner = self
        # A short poll interval: shutting down takes up to one interval, twice per case.
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``: the mirror base to give the fetcher."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()  # releases hanging and dripping answers
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def closed_port_base() -> str:
    """A base URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --------------------------------------------------------------------------- behaviours


def hang(handler: Handler, url: str, body: bytes | None) -> None:
    """Read the request, never answer."""
    handler.close_connection = True
    handler.wait()


def stall(handler: Handler, url: str, body: bytes | None) -> None:
    """Headers and the first half of the body, then nothing."""
    data = body or b"x" * 1000
    handler.start(200, {"Content-Length": str(len(data))})
    handler.wfile.write(data[: len(data) // 2])
    handler.wfile.flush()
    handler.close_connection = True
    handler.wait()


def drip(handler: Handler, url: str, body: bytes | None, interval: float = 0.2) -> None:
    """The whole body, one byte every ``interval`` seconds (no read ever times out)."""
    data = body or b"x" * 1000
    handler.start(200, {"Content-Length": str(len(data))})
    handler.close_connection = True
    for offset in range(len(data)):
        handler.wfile.write(data[offset : offset + 1])
        handler.wfile.flush()
        if handler.wait(interval):
            return


def reset(handler: Handler, url: str, body: bytes | None) -> None:
    """Close the connection with a TCP reset instead of an answer."""
    handler.close_connection = True
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()


def status(code: int, headers: Mapping[str, str] | None = None) -> Behaviour:
    """A plain answer with ``code`` (and ``headers``, e.g. ``Retry-After``)."""

    def behave(handler: Handler, url: str, body: bytes | None) -> None:
        handler.answer(code, f"<html><body>{code}</body></html>".encode(), headers)

    behave.__name__ = f"status_{code}"
    return behave


def truncated_with_length(handler: Handler, url: str, body: bytes | None) -> None:
    """``Content-Length`` of the whole file, then half of it and a close."""
    data = body or b"x" * 1000
    handler.start(200, {"Content-Length": str(len(data))})
    handler.wfile.write(data[: len(data) // 2])
    handler.wfile.flush()
    handler.close_connection = True


def _close_delimited(handler: Handler, data: bytes) -> None:
    handler.start(200, {"Connection": "close"})
    handler.wfile.write(data)
    handler.wfile.flush()
    handler.close_connection = True


def cut_at_line_end(data: bytes) -> bytes:
    """The first part of ``data`` up to a line end in its first half (a shorter "valid" file)."""
    end = data.rfind(b"\n", 0, max(2, len(data) // 2))
    return data[: end + 1] if end > 0 else data[: len(data) // 2]


def cut_mid_number(data: bytes) -> bytes:
    """``data`` cut inside its last line, after the first digit of a number there."""
    stripped = data.rstrip(b"\r\n")
    start = stripped.rfind(b"\n") + 1
    for position in range(len(stripped) - 2, start, -1):
        if (
            stripped[position : position + 1].isdigit()
            and stripped[position + 1 : position + 2].isdigit()
        ):
            return stripped[: position + 1]
    return stripped[: len(stripped) - 1]


def truncated_at_line_end(handler: Handler, url: str, body: bytes | None) -> None:
    """No ``Content-Length``; the connection closes after a complete line (looks valid)."""
    _close_delimited(handler, cut_at_line_end(body or b"x\n" * 100))


def truncated_mid_number(handler: Handler, url: str, body: bytes | None) -> None:
    """No ``Content-Length``; the connection closes inside the last number."""
    _close_delimited(handler, cut_mid_number(body or b"1.2345\n"))


@functools.cache
def gzip_bomb(compressed_mb: int = 3) -> bytes:
    """About ``compressed_mb`` MB of gzip that inflates about a thousandfold (zeros).

    Built from identical full-flush blocks, so it costs milliseconds to make; it has no
    trailer, which no reader ever reaches.
    """
    chunk = bytes(1 << 20)
    deflater = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    first = deflater.compress(chunk) + deflater.flush(zlib.Z_FULL_FLUSH)
    block = deflater.compress(chunk) + deflater.flush(zlib.Z_FULL_FLUSH)
    count = max(1, (compressed_mb << 20) // len(block))
    return first + block * count


def gzip_bombed(handler: Handler, url: str, body: bytes | None) -> None:
    """A 3 MB body with ``Content-Encoding: gzip`` that inflates to about 3 GB."""
    bomb = gzip_bomb()
    handler.answer(200, bomb, {"Content-Encoding": "gzip"})


def oversized(handler: Handler, url: str, body: bytes | None) -> None:
    """Headers announcing 1 GB (nothing that large is ever sent)."""
    handler.start(200, {"Content-Length": str(1 << 30)})
    handler.wfile.write(b"0" * 1024)
    handler.close_connection = True


def redirect_to(location: str) -> Behaviour:
    """A 302 to ``location``."""

    def behave(handler: Handler, url: str, body: bytes | None) -> None:
        handler.answer(302, b"", {"Location": location})

    behave.__name__ = "redirect"
    return behave


def serve_transformed(transform: Callable[[str, bytes], bytes | None]) -> Behaviour:
    """200 with ``transform(url, body)``; the good file when the transform returns ``None``."""

    def behave(handler: Handler, url: str, body: bytes | None) -> None:
        if body is None:
            handler.answer(404, b"not found")
            return
        changed = transform(url, body)
        handler.serve(body if changed is None else changed)

    return behave


def main() -> None:
    """Serve every real and SYNTHETIC file, misbehaving as asked, until Ctrl-C.

    From ``tests/``: ``python -m faults.server --fault drip --port 8766``, then
    ``jgbtui --mirror http://127.0.0.1:8766`` (after one good run, to have a warm cache).
    """
    import argparse
    import time

    from mirror import synthetic_payloads

    from faults.cases import TRANSPORT_CASES
    from faults.harness import all_real_payloads

    behaviours = {case.id: case.behaviour for case in TRANSPORT_CASES if case.behaviour}
    parser = argparse.ArgumentParser(
        description=main.__doc__.splitlines()[0] if main.__doc__ else ""
    )
    parser.add_argument("--fault", choices=sorted(behaviours), default=None)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    payloads = {**synthetic_payloads(), **all_real_payloads()}
    fault = behaviours.get(args.fault) if args.fault else None
    with FaultServer(payloads, fault=fault, port=args.port) as server:
        print(
            f"serving {len(payloads)} files at {server.base_url}, fault: {args.fault}", flush=True
        )
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)


if __name__ == "__main__":
    main()
