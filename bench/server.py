"""A minimal, fast HTTP/1.1 server for the synthetic site, in its own process.

``http.server`` spends more CPU per request than the crawler's own download
code, so it would make the crawl server-bound. This is one asyncio protocol
with keep-alive that answers from a dict of pre-rendered pages (rendered once
at start-up; sites larger than ``PRERENDER_MAX`` render on request). Every
page carries an ETag and a Last-Modified date and conditional requests get
``304 Not Modified``, so an incremental recrawl can be measured. It runs
in a child process (``python -m bench.server N``) so its CPU time is measured apart from the crawler's
(:meth:`SiteServer.cpu_seconds`).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import zlib
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from bench.site import Page, Site

PRERENDER_MAX = 20_000
ROOT = Path(__file__).resolve().parent.parent
# The site never changes while it is served: one Last-Modified for every page.
LAST_MODIFIED = b"Sun, 01 Jun 2025 09:00:00 GMT"
_REASONS = {200: b"OK", 304: b"Not Modified", 404: b"Not Found", 405: b"Method Not Allowed"}


@dataclass(frozen=True)
class Prepared:
    """A page's full response, its 304 answer and its ETag, built once."""

    full: bytes
    not_modified: bytes
    etag: bytes
    header_len: int


def prepare(page: Page) -> Prepared:
    etag = b'"%08x-%x"' % (zlib.crc32(page.body), len(page.body))
    validators = b"ETag: %s\r\nLast-Modified: %s\r\n" % (etag, LAST_MODIFIED) if page.status == 200 else b""
    header = b"HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %d\r\n%sConnection: keep-alive\r\n\r\n" % (
        page.status,
        _REASONS.get(page.status, b"OK"),
        page.content_type.encode(),
        len(page.body),
        validators,
    )
    not_modified = b"HTTP/1.1 304 Not Modified\r\n%sConnection: keep-alive\r\n\r\n" % validators
    return Prepared(header + page.body, not_modified, etag if page.status == 200 else b"", len(header))


def _headers(head: bytes) -> dict[bytes, bytes]:
    out = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        out[name.strip().lower()] = value.strip()
    return out


def answer_for(prepared: Prepared, head: bytes, head_only: bool) -> bytes:
    """The response to one request: 304 when its validators match (If-None-Match
    first, else If-Modified-Since), else the page (headers only for HEAD)."""
    if prepared.etag and (b"if-none-match" in head.lower() or b"if-modified-since" in head.lower()):
        headers = _headers(head)
        if b"if-none-match" in headers:
            if prepared.etag in {t.strip() for t in headers[b"if-none-match"].split(b",")} | {b"*"}:
                return prepared.not_modified
        elif _not_modified_since(headers.get(b"if-modified-since", b"")):
            return prepared.not_modified
    return prepared.full[: prepared.header_len] if head_only else prepared.full


def _not_modified_since(value: bytes) -> bool:
    try:
        since = parsedate_to_datetime(value.decode("latin-1"))
    except (TypeError, ValueError):
        return False
    return since >= parsedate_to_datetime(LAST_MODIFIED.decode())


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
                self.transport.write(prepare(Page(405, "text/plain", b"")).full)
                continue
            self.transport.write(self.answer(path, head, method == b"HEAD"))


def serve(n: int) -> None:
    """Serve the site of ``n`` articles; prints the port once every page is ready."""

    async def main() -> None:
        loop = asyncio.get_running_loop()
        cache: dict[str, Prepared] = {}
        holder: dict[str, Any] = {}

        def answer(path: str, head: bytes, head_only: bool) -> bytes:
            prepared = cache.get(path) or prepare(holder["site"].route(path))
            return answer_for(prepared, head, head_only)

        server = await loop.create_server(lambda: _Protocol(answer), "127.0.0.1", 0, backlog=1024)
        port = server.sockets[0].getsockname()[1]
        site = holder["site"] = Site(n, f"http://127.0.0.1:{port}")
        if n <= PRERENDER_MAX:
            for path in [*site.listing_paths(), *site.article_paths()]:
                cache[path] = prepare(site.route(path))
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
