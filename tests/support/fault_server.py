"""A misbehaving HTTP server for reliability tests, on 127.0.0.1 port 0.

A site is a dict ``path -> responder`` (``/dir/*`` answers every path in
``/dir/``); a responder is a function that gets
the request handler and answers (or fails to). The helpers below build the
faults the crawler must survive: 5xx then success, slow answers, connection
resets, bodies shorter than their Content-Length, redirect loops, wrong
content types, giant and gzip-bomb bodies. Every request is logged with its
Host header, so tests can check where the crawler went.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import io
import random
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from html import escape

from tests.support.servers import running

Responder = Callable[["FaultHandler"], None]

PARAGRAPHS = (
    "أعلنت السلطات المحلية في المدينة عن خطة جديدة لإعادة تأهيل شبكة المياه التي تضررت خلال السنوات الماضية، وقالت إن العمل سيبدأ في الأحياء الشرقية.",
    "وأوضح مسؤول في المؤسسة العامة لمياه الشرب أن المرحلة الأولى تشمل إصلاح محطات الضخ الرئيسية وتمديد خطوط جديدة إلى المناطق المحرومة منذ أشهر.",
    "ويشكو السكان من انقطاع المياه لفترات طويلة، ويعتمد كثير منهم على الصهاريج الخاصة التي ارتفعت أسعارها بشكل كبير خلال الصيف الماضي.",
    "وقالت منظمات إنسانية عاملة في المنطقة إنها ستدعم المشروع بمعدات وقطع غيار، على أن تنتهي الأعمال قبل نهاية العام الجاري بحسب الجدول المعلن.",
)


_VOCABULARY = sorted({word.strip("،.") for text in PARAGRAPHS for word in text.split()})


def unique_tail(slug: str, index: int) -> str:
    """A sentence of its own for paragraph ``index`` of ``slug``: pages that
    shared all their text would rightly be grouped as one story by dedupe."""
    rng = random.Random(f"{slug}:{index}")
    return " ".join(rng.choices(_VOCABULARY, k=30)) + "."


def article_html(slug: str, title: str | None = None, extra_body: str = "", charset: str = "utf-8") -> str:
    """A realistic article page whose text is unique to ``slug``."""
    title = title or f"خبر تجريبي عن {slug}"
    paragraphs = "\n".join(
        f"<p>{text} {unique_tail(slug, i)} (رقم المادة: {slug})</p>" for i, text in enumerate(PARAGRAPHS)
    )
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="{charset}">
<title>{title} | موقع الاختبار</title>
<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2024-03-05T10:00:00+03:00">
</head><body>
<nav><a href="/">الرئيسية</a></nav>
<article><h1>{title}</h1>
<div class="article-body">
{paragraphs}
{extra_body}
</div></article>
<footer>جميع الحقوق محفوظة</footer>
</body></html>"""


def index_html(links: Iterable[str], title: str = "الصفحة الرئيسية") -> str:
    items = "\n".join(f'<li><a href="{href}">رابط {n}</a></li>' for n, href in enumerate(links, 1))
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:type" content="website"></head>
<body><h1>{title}</h1><ul>
{items}
</ul></body></html>"""


class FaultHandler(http.server.BaseHTTPRequestHandler):
    """Dispatches each GET to the server's site; 404 for unknown paths."""

    server: FaultServer

    def do_GET(self) -> None:
        self.server.record(self.path, self.headers.get("Host", ""))
        path = self.path.split("?", 1)[0]
        site = self.server.site
        responder = site.get(path) or site.get(path.rsplit("/", 1)[0] + "/*")
        if responder is None:
            send(self, b"not found", status=404, content_type="text/plain")
            return
        responder(self)

    def log_message(self, format: str, *args: object) -> None:
        pass


class FaultServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, site: dict[str, Responder]) -> None:
        super().__init__(("127.0.0.1", 0), FaultHandler)
        self.site = site
        self.requests: list[tuple[str, str]] = []  # (path, Host header)
        self.lock = threading.Lock()

    def record(self, path: str, host: str) -> None:
        with self.lock:
            self.requests.append((path, host))

    def hits(self) -> Counter[str]:
        with self.lock:
            return Counter(path for path, _ in self.requests)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


@contextlib.contextmanager
def run(site: dict[str, Responder]) -> Iterator[FaultServer]:
    """Serve ``site`` in a background thread for the duration of the block."""
    with running(FaultServer(site)) as server:
        yield server


# --- responders -------------------------------------------------------------


def send(
    handler: FaultHandler,
    body: bytes,
    status: int = 200,
    content_type: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    with contextlib.suppress(OSError):  # the crawler may hang up first (size caps)
        handler.wfile.write(body)


def page(
    html: str | bytes, status: int = 200, content_type: str = "text/html; charset=utf-8", **headers: str
) -> Responder:
    body = html.encode("utf-8") if isinstance(html, str) else html
    return lambda h: send(h, body, status, content_type, {k.replace("_", "-"): v for k, v in headers.items()})


def fail_first(times: int, status: int, then: Responder) -> Responder:
    """``status`` for the first ``times`` requests, then ``then``."""
    count = 0
    lock = threading.Lock()

    def respond(handler: FaultHandler) -> None:
        nonlocal count
        with lock:
            count += 1
            failing = count <= times
        if failing:
            send(handler, b"<html><body>busy</body></html>", status=status)
        else:
            then(handler)

    return respond


def slow(seconds: float, then: Responder) -> Responder:
    def respond(handler: FaultHandler) -> None:
        time.sleep(seconds)
        with contextlib.suppress(OSError):
            then(handler)

    return respond


def gated(event: threading.Event, then: Responder, timeout: float = 60) -> Responder:
    """Answer only once ``event`` is set (a test's signal that it is ready)."""

    def respond(handler: FaultHandler) -> None:
        event.wait(timeout)
        then(handler)

    return respond


def reset(handler: FaultHandler) -> None:
    """Close the connection with a TCP RST before answering."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.wfile = io.BytesIO()
    handler.close_connection = True


def truncated(html: str, claimed_extra: int = 4000) -> Responder:
    """Promise more bytes in Content-Length than are sent, then hang up."""
    body = html.encode("utf-8")

    def respond(handler: FaultHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body) + claimed_extra))
        handler.end_headers()
        handler.wfile.write(body)
        handler.wfile.flush()
        handler.close_connection = True

    return respond


def redirect(location: str, status: int = 302) -> Responder:
    return lambda h: send(h, b"", status=status, headers={"Location": location})


def redirect_chain(prefix: str) -> Responder:
    """``{prefix}N`` redirects to ``{prefix}N+1``, for ever."""

    def respond(handler: FaultHandler) -> None:
        number = int(handler.path.rsplit("/", 1)[1] or 0)
        send(handler, b"", status=302, headers={"Location": f"{prefix}{number + 1}"})

    return respond


def stream(chunk: bytes, total: int) -> Responder:
    """``total`` bytes without a Content-Length, ended by closing the connection."""

    def respond(handler: FaultHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.end_headers()
        handler.close_connection = True
        sent = 0
        with contextlib.suppress(OSError):
            while sent < total:
                handler.wfile.write(chunk)
                sent += len(chunk)

    return respond


@cache
def gzip_bomb(size: int = 64 * 1024 * 1024) -> bytes:
    """A small gzip body that inflates to ``size`` bytes of HTML."""
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
        gz.write(b"<html><body><p>")
        block = b" " * (1024 * 1024)
        for _ in range(size // len(block)):
            gz.write(block)
        gz.write(b"</p></body></html>")
    return out.getvalue()


@contextlib.contextmanager
def raw_tcp(mode: str) -> Iterator[str]:
    """A TCP service on 127.0.0.1 that is not HTTP: ``"sleep"`` accepts
    connections and never answers; ``"close"`` accepts and hangs up at once.
    Yields its ``http://`` URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:  # closed: the test is over
                return
            if mode == "close":
                connection.close()
            else:
                held.append(connection)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    finally:
        listener.close()
        for connection in held:
            connection.close()


@dataclass
class Site:
    """A site under construction: pages plus a home page linking to all of them."""

    pages: dict[str, Responder] = field(default_factory=dict)
    home_links: list[str] = field(default_factory=list)

    def add(self, path: str, responder: Responder, linked: bool = True) -> None:
        self.pages[path] = responder
        if linked:
            self.home_links.append(path)

    def build(self, extra_links: Iterable[str] = ()) -> dict[str, Responder]:
        site = dict(self.pages)
        site["/"] = page(index_html([*self.home_links, *extra_links]))
        return site

def sitemap_xml(*urls: str, index: bool = False) -> str:
    tag, item = ("sitemapindex", "sitemap") if index else ("urlset", "url")
    entries = "".join(f"<{item}><loc>{escape(url)}</loc></{item}>" for url in urls)
    return f'<?xml version="1.0"?><{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</{tag}>'
