"""Headless Chromium against the project's Datasette: one run per page gives
both what the page laid out and the screenshot of that same layout.

A harness page, served by the same Datasette (so its script may read the
frame), loads the page under test in a full-window frame. When the frame has
loaded and its fonts are ready it measures the elements the test names (where
each one's text is drawn inside its box, the order of its first and last
letters), the page's direction, visible table headers, rendered text
(``innerText`` without drop-down options and the SQL schema; folded content is not in it) and chart bars, and posts that
record to a small receiver on 127.0.0.1. Chromium is run once with
``--screenshot``, so the record and the pixels come from one layout (two
runs could lay out differently on a loaded machine).

The checks (:func:`reads_right_to_left`, :func:`right_aligned`, ...) raise
AssertionError with what a reader would see wrong; the browser tests prove
each one fails on a deliberately broken template.

Needs Debian's ``chromium`` (``apt-get install chromium``); :data:`CHROMIUM`
is None without it and the tests skip.
"""

from __future__ import annotations

import html
import http.server
import json
import re
import shutil
import socket
import struct
import subprocess
import tempfile
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
INTERNAL_COLUMNS = ("search_text", "content_hash", "body_html")
WIDTH, HEIGHT = 1280, 1100


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(ds: Any) -> Iterator[str]:
    """Serve the Datasette ``ds`` on a free 127.0.0.1 port (in a thread); yields its base URL."""
    import uvicorn

    config = uvicorn.Config(ds.app(), host="127.0.0.1", port=free_port(), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(400):
        if server.started:
            break
        thread.join(0.05)
    assert server.started, "datasette did not start"
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(10)


class _Records(http.server.BaseHTTPRequestHandler):
    records: dict[str, bytes]

    def do_POST(self) -> None:
        self.records[self.path.strip("/")] = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def receiving() -> Iterator[tuple[str, dict[str, bytes]]]:
    """A 127.0.0.1 server that keeps every POSTed body by its path; yields (URL, records)."""
    records: dict[str, bytes] = {}
    handler = type("Records", (_Records,), {"records": records})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", records
    finally:
        server.shutdown()
        thread.join(10)


HARNESS = """<!doctype html>
<html><head><meta charset="utf-8"><style>
  body { margin: 0 } iframe { border: 0; width: 100vw; height: 100vh; display: block }
</style></head><body>
<iframe id="page" src="%(src)s"></iframe>
<script>
const GROUPS = %(groups)s, RECEIVER = %(receiver)s;
function charBox(doc, node, index) {
  const range = doc.createRange();
  range.setStart(node, index); range.setEnd(node, index + 1);
  return range.getBoundingClientRect();
}
function measure(win, doc, element) {
  const walker = doc.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.data.trim()) texts.push(n);
  if (!texts.length) return null;
  const first = texts[0], last = texts[texts.length - 1];
  const range = doc.createRange();
  range.setStart(first, 0); range.setEnd(last, last.data.length);
  const ink = range.getBoundingClientRect(), box = element.getBoundingClientRect();
  const style = win.getComputedStyle(element);
  const left = box.left + parseFloat(style.paddingLeft), right = box.right - parseFloat(style.paddingRight);
  const a = charBox(doc, first, first.data.search(/\\S/)), z = charBox(doc, last, last.data.trimEnd().length - 1);
  return {
    text: element.textContent.trim(), lines: Math.round(ink.height / (parseFloat(style.lineHeight) || ink.height)),
    leftGap: ink.left - left, rightGap: right - ink.right, firstX: a.left + a.width / 2, lastX: z.left + z.width / 2,
    box: [box.left, box.top, box.right, box.bottom], ink: [ink.left, ink.top, ink.right, ink.bottom],
  };
}
// drawn: not display:none, not inside a closed <details> (content-visibility: hidden), not invisible
const shown = (e) => e.checkVisibility({contentVisibilityAuto: true, visibilityProperty: true, opacityProperty: true});
async function record(frame) {
  const win = frame.contentWindow, doc = frame.contentDocument;
  await doc.fonts.ready;
  await new Promise((done) => win.requestAnimationFrame(() => win.requestAnimationFrame(done)));
  const block = doc.querySelector("article.reading, section.monitor");
  const seen = {
    direction: block ? win.getComputedStyle(block).direction : null,
    headers: [...doc.querySelectorAll("table.rows-and-columns th")]
      .filter(shown).map((th) => th.dataset.column || th.textContent.trim()),
    columns: [...new Set([...doc.querySelectorAll("table.rows-and-columns td, table.rows-and-columns th")]
      .filter(shown)
      .flatMap((cell) => [...cell.classList].filter((c) => c.startsWith("col-")).map((c) => c.slice(4))))],
    // what a reader sees written: not the options of a closed drop-down, nor the table's SQL schema at the end
    text: [...doc.querySelectorAll("select, pre.wrapped-sql")].reduce((text, e) => text.replace(e.innerText, ""), doc.body.innerText),
    bars: [...doc.querySelectorAll("section.monitor svg.chart rect")].filter((r) => r.getBBox().width > 0).length,
    groups: {},
  };
  for (const [name, selector] of Object.entries(GROUPS)) {
    seen.groups[name] = [...doc.querySelectorAll(selector)].map((e) => measure(win, doc, e)).filter(Boolean);
  }
  await fetch(RECEIVER, {method: "POST", mode: "no-cors", body: JSON.stringify(seen)});
}
document.getElementById("page").addEventListener("load", (event) => record(event.target));
</script></body></html>
"""


@dataclass(frozen=True)
class Rendered:
    """What Chromium laid out (``seen``) and drew (``png``) for one page."""

    seen: dict[str, Any]
    png: Path


def chromium(*args: str, width: int = WIDTH, height: int = HEIGHT) -> subprocess.CompletedProcess:
    """Run headless Chromium once (fresh profile, fixed window, virtual time) with ``args``."""
    assert CHROMIUM is not None
    with tempfile.TemporaryDirectory() as profile:
        command = [
            CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
            "--force-device-scale-factor=1", f"--user-data-dir={profile}", f"--window-size={width},{height}",
            "--virtual-time-budget=15000", *args,
        ]  # fmt: skip
        return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


@dataclass
class Browser:
    """Renders pages of one served Datasette whose static mount ``harness`` is ``folder``."""

    base: str
    folder: Path
    receiver: str
    records: dict[str, bytes]
    shots: Path

    def render(self, name: str, path: str, groups: dict[str, str], height: int = HEIGHT) -> Rendered:
        """Load ``path`` once in Chromium in a window ``height`` pixels high;
        ``groups``: name -> CSS selector of the elements to measure."""
        page = HARNESS % {
            "src": html.escape(path),
            "groups": json.dumps(groups),
            "receiver": json.dumps(f"{self.receiver}/{name}"),
        }
        (self.folder / f"{name}.html").write_text(page, encoding="utf-8")
        png = self.shots / f"{name}.png"
        result = chromium(f"--screenshot={png}", f"{self.base}/harness/{name}.html", height=height)
        assert name in self.records, f"{name}: the page recorded nothing\n{result.stderr[-2000:]}"
        assert png.is_file(), result.stderr[-2000:]
        return Rendered(json.loads(self.records[name]), png)


@contextmanager
def browsing(db: Path, folder: Path, **datasette_options: Any) -> Iterator[Browser]:
    """The project's Datasette on ``db`` served with a harness mount, and a receiver;
    harness pages and screenshots go to ``folder``."""
    from tests.support.datasette_app import project_datasette

    harness, shots = folder / "harness", folder / "screenshots"
    harness.mkdir(parents=True, exist_ok=True)
    shots.mkdir(exist_ok=True)
    ds = project_datasette(db, static_mounts=[("harness", str(harness))], **datasette_options)
    with serving(ds) as base, receiving() as (receiver, records):
        yield Browser(base, harness, receiver, records, shots)


# --- the checks -------------------------------------------------------------


def reads_right_to_left(page: Rendered) -> None:
    assert page.seen["direction"] == "rtl", f"the page's text runs {page.seen['direction']}, not right to left"


TAG_AS_TEXT = re.compile(
    r"</?(?:p|a|b|i|em|strong|br|ul|ol|li|h[1-6]|blockquote|div|span|script|svg|rect)\b[^>]*>|&lt;"
)


def no_escaped_tags(page: Rendered) -> None:
    shown = TAG_AS_TEXT.findall(page.seen["text"])
    assert not shown, f"markup shown as text: {shown[:5]}"


def no_internal_columns(page: Rendered) -> None:
    seen = page.seen
    shown = [c for c in INTERNAL_COLUMNS if c in seen["columns"] or c in seen["headers"] or c in seen["text"]]
    assert not shown, f"internal columns on screen: {shown}"


def chart_drawn(page: Rendered, color: tuple[int, int, int] = (0x2F, 0x6E, 0xAA)) -> None:
    assert page.seen["bars"] > 0, "no chart bar"
    _, _, rows = read_png(page.png)
    assert any(color in _pixels(row) for row in rows), "the chart's bars are not in the screenshot"


def right_aligned(page: Rendered, group: str) -> None:
    """Every single-line element of ``group`` shorter than its box ends at its
    right edge, in the layout and in the pixels (ink there, none on its left)."""
    elements = [e for e in page.seen["groups"][group] if e["lines"] == 1]
    assert elements, f"no {group} on the page"
    _, height, rows = read_png(page.png)
    short = [e for e in elements if e["leftGap"] > 20 and e["box"][3] < height]
    assert short, f"no {group} shorter than its box in view: alignment unproven"
    for e in short:
        assert e["rightGap"] < 3, f"{group} not aligned to the right: {e['text']!r} ({e['rightGap']:.0f}px short)"
        left, top, right, bottom = e["box"]
        ink_left = e["ink"][0]
        assert dark(rows, ink_left + 2, right - 2, top + 2, bottom - 2) > 30, f"no text drawn: {e['text']!r}"
        assert dark(rows, left + 2, ink_left - 2, top + 2, bottom - 2) == 0, f"text drawn on the left: {e['text']!r}"


def reads_first_letter_on_the_right(page: Rendered, group: str) -> None:
    for e in page.seen["groups"][group]:
        if e["lines"] == 1:
            assert e["firstX"] > e["lastX"], f"first letter not on the right: {e['text']!r}"


# --- the screenshot ---------------------------------------------------------


def _pixels(row: bytes) -> set[tuple[int, int, int]]:
    return {(row[i], row[i + 1], row[i + 2]) for i in range(0, len(row), 3)}


_PNGS: dict[Path, tuple[int, int, list[bytes]]] = {}


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB bytes of an 8-bit, non-interlaced PNG (decoded once per file)."""
    if path not in _PNGS:
        _PNGS[path] = _decode_png(path.read_bytes())
    return _PNGS[path]


def _decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    assert header is not None, "no PNG header"
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, header
    bpp = 3 if color == 2 else 4
    raw, stride, out, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev, strict=True))
        elif kind in (1, 3, 4):
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                up, corner = prev[i], prev[i - bpp] if i >= bpp else 0
                if kind == 1:
                    line[i] = (line[i] + left) & 255
                elif kind == 3:
                    line[i] = (line[i] + (left + up) // 2) & 255
                else:
                    p = left + up - corner
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                    line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        out.append(bytes(line) if bpp == 3 else bytes(line[j] for j in range(stride) if j % 4 < 3))
        prev = line
    return width, height, out


def dark(rows: list[bytes], x0: float, x1: float, y0: float, y1: float) -> int:
    """How many dark (text) pixels the rectangle holds."""
    count = 0
    for y in range(max(0, int(y0)), min(len(rows), int(y1))):
        line = rows[y]
        for x in range(max(0, int(x0)), int(x1)):
            if sum(line[3 * x : 3 * x + 3]) < 300:
                count += 1
    return count
