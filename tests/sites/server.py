"""A fixture-site server for discovery tests: counts every request, answers
conditional requests (ETag, If-Modified-Since), serves ``x.gz`` by gzipping
``x``, fills ``http://SITE`` / ``{{NAME}}`` tokens in served files, and maps
URLs with a query (``/?p=12``, ``/wp-json/...?page=2``) to files through an
optional ``routes`` table."""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import http.server
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from urllib.parse import unquote

from tests.support.servers import running

TYPES = {
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json; charset=UTF-8",
}
# a request path (with its query) -> (file under root, extra response headers), or None
Route = Callable[[str], tuple[str, dict[str, str]] | None]
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


@dataclass
class Site:
    root: Path
    base: str = ""
    tokens: dict[str, str] = field(default_factory=dict)
    log: list[tuple[str, int]] = field(default_factory=list)  # (path, status) of every request
    delay: dict[str, float] = field(default_factory=dict)  # path prefix -> seconds before answering
    lock: threading.Lock = field(default_factory=threading.Lock)
    routes: Route | None = None

    def route(self, path: str) -> tuple[str, dict[str, str]]:
        """The file a request path is served from, and extra headers."""
        routed = self.routes(path) if self.routes else None
        return routed if routed is not None else (path.split("?", 1)[0], {})

    def paths(self, status: int | None = None) -> list[str]:
        with self.lock:
            return [p for p, s in self.log if status is None or s == status]

    def render(self, path: str) -> bytes | None:
        relative = unquote(self.route(path)[0]).lstrip("/")
        gz = relative.endswith(".gz")
        target = self.root / (relative[:-3] if gz else relative)
        if target.is_dir() or relative == "" or relative.endswith("/"):
            target = target / "index.html"
        if not target.is_file() or self.root.resolve() not in target.resolve().parents:
            return None
        text = target.read_text(encoding="utf-8")
        for name, value in self.tokens.items():
            text = text.replace("{{" + name + "}}", value)
        text = text.replace("http://SITE", self.base.rstrip("/"))  # in tokens too
        data = text.encode("utf-8")
        return gzip.compress(data, mtime=0) if gz else data


class Handler(http.server.BaseHTTPRequestHandler):
    site: Site

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, status: int, data: bytes = b"", headers: dict[str, str] | None = None) -> None:
        with self.site.lock:
            self.site.log.append((self.path, status))
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        for prefix, seconds in self.site.delay.items():
            if self.path.startswith(prefix):
                time.sleep(seconds)
        data = self.site.render(self.path)
        if data is None:
            self._answer(404, b"not found")
            return
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag or (
            not self.headers.get("If-None-Match") and self.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            self._answer(304, headers={"ETag": etag})
            return
        served, extra = self.site.route(self.path)
        suffix = Path(served).suffix
        kind = "application/gzip" if suffix == ".gz" else TYPES.get(suffix, "text/html; charset=utf-8")
        self._answer(200, data, {"Content-Type": kind, "ETag": etag, "Last-Modified": LAST_MODIFIED, **extra})


@contextlib.contextmanager
def serve_site(site: Site) -> Iterator[Site]:
    """Serve ``site`` on 127.0.0.1 at a free port; ``site.base`` is its URL."""
    handler = type("SiteHandler", (Handler,), {"site": site})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler))
    site.base = f"http://127.0.0.1:{server.server_address[1]}/"
    with running(server):
        yield site
