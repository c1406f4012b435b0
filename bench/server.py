"""A minimal, fast HTTP/1.1 server for the synthetic site, in its own process.

``http.server`` spends more CPU per request than the crawler's own download
code, so it would make the crawl server-bound. This is one asyncio protocol
with keep-alive that answers from a dict of pre-rendered pages (rendered once
at start-up; sites larger than ``PRERENDER_MAX`` render on request). It runs
in a child process (``python -m bench.server N``) so its CPU time is measured apart from the crawler's
(:meth:`SiteServer.cpu_seconds`).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.site import Page, Site

PRERENDER_MAX = 20_000
ROOT = Path(__file__).resolve().parent.parent
_REASONS = {200: b"OK", 404: b"Not Found", 405: b"Method Not Allowed"}


def _response(page: Page, head_only: bool = False) -> bytes:
    header = b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: keep-alive\r\n\r\n" % (
        page.status,
        _REASONS.get(page.status, b"OK"),
        page.content_type.encode(),
        len(page.body),
    )
    return header if head_only else header + page.body


class _Protocol(asyncio.Protocol):
    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.buffer = b""
        self.transport: Any = None

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
            method, _, rest = head.partition(b" ")
            path = rest.partition(b" ")[0].decode("latin-1")
            if method not in {b"GET", b"HEAD"}:
                self.transport.write(_response(Page(405, "text/plain", b"")))
                continue
            self.transport.write(self.answer(path, method == b"HEAD"))


def serve(n: int) -> None:
    """Serve the site of ``n`` articles; prints the port once every page is ready."""

    async def main() -> None:
        loop = asyncio.get_running_loop()
        cache: dict[str, bytes] = {}
        holder: dict[str, Any] = {}

        def answer(path: str, head_only: bool) -> bytes:
            cached = cache.get(path)
            if cached is not None:
                return cached[: cached.index(b"\r\n\r\n") + 4] if head_only else cached
            return _response(holder["site"].route(path), head_only)

        server = await loop.create_server(lambda: _Protocol(answer), "127.0.0.1", 0, backlog=1024)
        port = server.sockets[0].getsockname()[1]
        site = holder["site"] = Site(n, f"http://127.0.0.1:{port}")
        if n <= PRERENDER_MAX:
            for path in [*site.listing_paths(), *site.article_paths()]:
                cache[path] = _response(site.route(path))
        print(port, flush=True)
        async with server:
            await server.serve_forever()

    asyncio.run(main())


class SiteServer:
    """``with SiteServer(n) as server: server.url ...`` — the site on 127.0.0.1."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.process: Any = None
        self.url = ""

    def __enter__(self) -> SiteServer:
        command = [sys.executable, "-m", "bench.server", str(self.n)]
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        port = self.process.stdout.readline().strip()
        if not port.isdigit():
            self.process.kill()
            raise RuntimeError(f"the bench site server did not start (said {port!r})")
        self.url = f"http://127.0.0.1:{port}/"
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.terminate()
        self.process.wait(10)

    def cpu_seconds(self) -> float:
        """User + system CPU time the server process has used so far."""
        with open(f"/proc/{self.process.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    serve(int(sys.argv[1]))
