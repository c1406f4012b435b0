"""Serve a folder over HTTP on 127.0.0.1 (a free port) for the length of a block."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def running(server: http.server.HTTPServer) -> Iterator[http.server.HTTPServer]:
    """Run ``server`` in a background thread for the block, then shut it down."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serve(directory: Path, handler: type = QuietHandler) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at a free port; yields the base URL."""
    factory = functools.partial(handler, directory=str(directory))
    with running(http.server.ThreadingHTTPServer(("127.0.0.1", 0), factory)) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
