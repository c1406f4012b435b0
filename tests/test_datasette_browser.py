"""The Datasette table page in headless Chromium: Arabic cells are laid out right to left.

A harness page (served by the same Datasette, so it may read the frame) loads the
articles table in a full-window frame and records, for every title and URL cell,
where the first and last characters were drawn and how much room is left on each
side. One Chromium run dumps that record (``--dump-dom``), a second one takes a
screenshot of the same layout; the test checks the record and the pixels.

Needs Debian's ``chromium`` (``apt-get install chromium``; .ci/run installs it).
"""

from __future__ import annotations

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
from pathlib import Path

import pytest

from tests.support.datasette_app import project_datasette
from tests.support.demo_database import shared_db

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="headless browser test needs Debian's chromium: apt-get install -y chromium"
)
WIDTH, HEIGHT = 1280, 1100
TABLE = "/news/articles?_col=title&_col=url&_size=12&_nofacet=1"

HARNESS = """<!doctype html>
<html><head><meta charset="utf-8"><style>
  body { margin: 0 } iframe { border: 0; width: 100vw; height: 100vh; display: block }
  pre { display: none }
</style></head><body>
<iframe id="page" src="%(table)s"></iframe><pre id="layout"></pre>
<script>
function charBox(node, index) {
  const range = document.createRange();
  range.setStart(node, index); range.setEnd(node, index + 1);
  return range.getBoundingClientRect();
}
function measure(frame, cell) {
  const walker = frame.contentDocument.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  const texts = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.data.trim()) texts.push(n);
  const first = texts[0], last = texts[texts.length - 1];
  const range = frame.contentDocument.createRange();
  range.setStart(first, 0); range.setEnd(last, last.data.length);
  const text = range.getBoundingClientRect(), box = cell.getBoundingClientRect();
  const style = frame.contentWindow.getComputedStyle(cell);
  const pad = parseFloat(style.paddingLeft), padRight = parseFloat(style.paddingRight);
  const a = charBox(first, first.data.search(/\\S/)), z = charBox(last, last.data.trimEnd().length - 1);
  return {
    text: cell.textContent.trim(), lines: Math.round(text.height / parseFloat(style.lineHeight)),
    leftGap: text.left - box.left - pad, rightGap: box.right - padRight - text.right,
    firstX: a.left + a.width / 2, lastX: z.left + z.width / 2,
    box: [box.left, box.top, box.right, box.bottom], ink: [text.left, text.top, text.right, text.bottom],
    unicodeBidi: style.unicodeBidi,
  };
}
document.getElementById("page").addEventListener("load", (event) => {
  const frame = event.target, cells = {};
  for (const column of ["title", "url"]) {
    cells[column] = [...frame.contentDocument.querySelectorAll("td.col-" + column)].map((c) => measure(frame, c));
  }
  document.getElementById("layout").textContent = JSON.stringify(cells);
});
</script></body></html>
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    harness = tmp_path_factory.mktemp("harness")
    (harness / "index.html").write_text(HARNESS % {"table": TABLE}, encoding="utf-8")
    ds = project_datasette(shared_db(tmp_path_factory.getbasetemp()), static_mounts=[("harness", str(harness))])
    config = uvicorn.Config(ds.app(), host="127.0.0.1", port=free_port(), log_level="warning", lifespan="off")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if uv.started:
            break
        thread.join(0.05)
    assert uv.started, "datasette did not start"
    try:
        yield f"http://127.0.0.1:{config.port}"
    finally:
        uv.should_exit = True
        thread.join(10)


def chromium(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as profile:
        command = [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            f"--user-data-dir={profile}",
            f"--window-size={WIDTH},{HEIGHT}",
            "--virtual-time-budget=15000",
            *args,
        ]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def layout(server: str) -> dict[str, list[dict]]:
    result = chromium("--dump-dom", f"{server}/harness/index.html")
    match = re.search(r'<pre id="layout">(.+?)</pre>', result.stdout, re.S)
    assert match, f"no layout recorded:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    import html

    return json.loads(html.unescape(match[1]))


@pytest.fixture(scope="module")
def screenshot(server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    png = tmp_path_factory.mktemp("shot") / "articles.png"
    result = chromium(f"--screenshot={png}", f"{server}/harness/index.html")
    assert png.is_file(), result.stderr[-2000:]
    return png


def single_line(cells: list[dict]) -> list[dict]:
    return [c for c in cells if c["lines"] == 1]


def test_arabic_titles_read_right_to_left(layout: dict[str, list[dict]]) -> None:
    titles = single_line(layout["title"])
    assert len(titles) >= 5, layout["title"]
    for cell in titles:
        assert cell["firstX"] > cell["lastX"], f"first letter not on the right: {cell['text']}"
        assert cell["rightGap"] < 2, f"not aligned to the right edge: {cell}"
    assert max(c["leftGap"] for c in titles) > 50, "no title is shorter than its column: alignment unproven"


def test_urls_stay_left_to_right(layout: dict[str, list[dict]]) -> None:
    urls = single_line(layout["url"])
    assert urls
    for cell in urls:
        assert cell["firstX"] < cell["lastX"], cell["text"]
        assert cell["leftGap"] < 2, cell


# --- the screenshot --------------------------------------------------------


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and rows of RGB(A) bytes of an 8-bit, non-interlaced PNG."""
    data = path.read_bytes()
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
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, header
    bpp = 3 if color == 2 else 4
    raw, stride, out, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = prev[i], prev[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        out.append(bytes(line[j] for j in range(stride) if j % bpp < 3))
        prev = line
    return width, height, out


def dark(rows: list[bytes], x0: float, x1: float, y0: float, y1: float) -> int:
    """How many dark (text) pixels the rectangle holds."""
    count = 0
    for y in range(int(y0), int(y1)):
        line = rows[y]
        for x in range(int(x0), int(x1)):
            if sum(line[3 * x : 3 * x + 3]) < 300:
                count += 1
    return count


def titles_drawn_on_the_right(screenshot: Path, layout: dict[str, list[dict]]) -> None:
    width, height, rows = read_png(screenshot)
    assert (width, height) == (WIDTH, HEIGHT)
    assert len(set(rows[height // 3])) > 1 or len({rows[y] for y in range(0, height, 10)}) > 10, "blank screenshot"
    shown = [c for c in single_line(layout["title"]) if c["box"][3] < height and c["leftGap"] > 50]
    assert shown, "no short title in view"
    for cell in shown:
        left, top, right, bottom = cell["box"]
        ink_left = cell["ink"][0]
        assert dark(rows, ink_left + 2, right - 2, top + 2, bottom - 2) > 30, f"no text drawn: {cell['text']}"
        assert dark(rows, left + 2, ink_left - 2, top + 2, bottom - 2) == 0, f"text on the left: {cell['text']}"


def test_screenshot_shows_titles_on_the_right_of_their_cells(
    screenshot: Path, layout: dict[str, list[dict]], server: str, tmp_path: Path
) -> None:
    """The layout and the screenshot come from two Chromium runs; on a loaded
    machine the second can render before the page settled, so a mismatch is
    checked once more on a fresh pair (a wrong layout fails both times)."""
    try:
        titles_drawn_on_the_right(screenshot, layout)
    except AssertionError:
        again = tmp_path / "again.png"
        chromium(f"--screenshot={again}", f"{server}/harness/index.html")
        result = chromium("--dump-dom", f"{server}/harness/index.html")
        match = re.search(r'<pre id="layout">(.+?)</pre>', result.stdout, re.S)
        assert match, "no layout recorded"
        import html

        titles_drawn_on_the_right(again, json.loads(html.unescape(match[1])))
