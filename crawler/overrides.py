"""Optional per-source CSS/XPath overrides for extraction (``seeds/overrides.toml``).

Each table is keyed by a source name and maps a field (title, body, date,
author, section) to a CSS selector, or to an XPath expression when it starts
with "/" or "(". The file is validated on load: an unknown field, a selector
that does not compile or a value that is not a string raises
:class:`OverridesError` naming the file and the entry.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector

FIELDS = ("title", "body", "date", "author", "section")


class OverridesError(ValueError):
    """The overrides file is unusable; the message names the file and entry."""


@dataclass(frozen=True)
class Override:
    """Compiled selectors for one source; a field left out is found generically."""

    source: str
    selectors: dict[str, Any]

    def select(self, tree: Any, name: str) -> list[Any]:
        """Matches of field ``name`` in ``tree`` (elements or attribute strings)."""
        selector = self.selectors.get(name)
        if selector is None:
            return []
        found = selector(tree)
        return found if isinstance(found, list) else [found]

    def text(self, tree: Any, name: str) -> str | None:
        """The first non-empty text the field's selector finds, or None."""
        for match in self.select(tree, name):
            value = match if isinstance(match, str) else match.text_content()
            if value and value.strip():
                return str(value).strip()
        return None


def compile_selector(expression: str) -> Any:
    """A CSS selector or (leading "/" or "(") an XPath expression, compiled."""
    expression = expression.strip()
    if not expression:
        raise ValueError("empty selector")
    if expression.startswith(("/", "(")):
        try:
            return etree.XPath(expression)
        except etree.XPathSyntaxError as exc:
            raise ValueError(f"bad XPath {expression!r}: {exc}") from None
    try:
        return CSSSelector(expression, translator="html")
    except SelectorError as exc:
        raise ValueError(f"bad CSS selector {expression!r}: {exc}") from None


def parse_overrides(data: dict[str, Any], origin: str = "overrides") -> dict[str, Override]:
    """Validate a parsed TOML document into ``{source: Override}``."""
    out: dict[str, Override] = {}
    for source, table in data.items():
        if not isinstance(table, dict):
            raise OverridesError(f"{origin}: [{source}] must be a table of field = selector")
        unknown = sorted(set(table) - set(FIELDS))
        if unknown:
            raise OverridesError(f"{origin}: [{source}] unknown field(s) {unknown}; allowed: {list(FIELDS)}")
        selectors: dict[str, Any] = {}
        for name, expression in table.items():
            if not isinstance(expression, str):
                raise OverridesError(f"{origin}: [{source}] {name} must be a string selector")
            try:
                selectors[name] = compile_selector(expression)
            except ValueError as exc:
                raise OverridesError(f"{origin}: [{source}] {name}: {exc}") from None
        out[source] = Override(source, selectors)
    return out


@lru_cache(maxsize=8)
def load_overrides(path: str | None) -> dict[str, Override]:
    """The overrides file at ``path``; a missing file (or None) means no overrides."""
    if not path or not Path(path).is_file():
        return {}
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise OverridesError(f"{path}: {exc}") from None
    return parse_overrides(data, path)
