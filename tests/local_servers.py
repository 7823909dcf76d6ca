"""Servers on 127.0.0.1 for the tests of everything that makes requests: a trap that counts connections,
a server that drips its answer, and a scripted HTTP server that records what it was sent."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Listener:
    """A listening socket on 127.0.0.1 that accepts and counts connections in a thread and hands each one
    to :meth:`serve`, which closes it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        self.sock.settimeout(0.1)
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            self.serve(conn)

    def serve(self, conn: socket.socket) -> None:
        conn.close()

    def close(self) -> None:
        self._stop = True
        self.sock.close()


class Trap(Listener):
    """Accepts and counts connections, and answers nothing: ``connections == 0`` proves that no request
    went to it."""

    def close(self) -> None:
        self._stop = True
        time.sleep(0.15)
        self.sock.close()


class Dripper(Listener):
    """Answers every connection one byte every ``interval`` seconds, for ever (until closed): in the
    status line and headers (``where="headers"``) or, after complete headers, in the body."""

    def __init__(self, where: str = "headers", interval: float = 0.2) -> None:
        self.where, self.interval = where, interval
        super().__init__()

    def serve(self, conn: socket.socket) -> None:
        threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(1)
            with contextlib.suppress(OSError):
                conn.recv(65536)  # the request (enough of it)
            if self.where == "body":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n")
            else:
                conn.sendall(b"HTTP/1.1 200 OK\r\n")
            while not self._stop:
                conn.sendall(b"a" if self.where == "body" else b"X-Drip: 1\r\n"[:1])
                time.sleep(self.interval)
        except OSError:
            pass
        finally:
            conn.close()


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Answer = tuple[int, dict[str, str], bytes]


@dataclass
class Script:
    """path -> answer (status, headers, body), or a function of the request giving one."""

    routes: dict[str, Answer | Callable[[Seen], Answer]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)


class LocalServer(ThreadingHTTPServer):
    """An HTTP server on 127.0.0.1 (a free port), serving from a daemon thread; ``close`` stops it."""

    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class QuietHandler(BaseHTTPRequestHandler):
    """HTTP/1.1, no log lines, and one way to answer."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
        """Send ``status``, ``headers`` and ``body`` (no body for HEAD and 304, Content-Length always)."""
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(0 if status == 304 else len(body)))
        self.end_headers()
        if self.command != "HEAD" and status != 304:
            self.wfile.write(body)


class ScriptedServer(LocalServer):
    def __init__(self) -> None:
        self.script = Script()
        super().__init__(_Handler)


class _Handler(QuietHandler):
    server: ScriptedServer

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length", 0) or 0)
        seen = Seen(self.command, self.path, dict(self.headers), self.rfile.read(length) if length else b"")
        self.server.script.seen.append(seen)
        route = self.server.script.routes.get(self.path.split("?")[0], (404, {}, b"not here"))
        status, headers, body = route(seen) if callable(route) else route
        self.answer(status, headers, body)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = _handle
