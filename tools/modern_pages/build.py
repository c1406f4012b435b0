"""Write the pages of every outlet and their truth.json (see the package docstring)."""

from __future__ import annotations

import json
from pathlib import Path

from tools.modern_pages import framework, others, wordpress
from tools.modern_pages.common import OUT


def write_pages(out: Path = OUT) -> int:
    """Write every page and truth.json into ``out``; the number of pages."""
    out.mkdir(parents=True, exist_ok=True)
    truths = {}
    for name, html, entry in (*framework.PAGES, *wordpress.PAGES, *others.PAGES):
        if name in truths:
            raise ValueError(f"two pages named {name}")
        (out / entry["file"]).write_text(html, encoding="utf-8")
        truths[name] = entry
    text = json.dumps(truths, ensure_ascii=False, indent=1) + "\n"
    (out / "truth.json").write_text(text, encoding="utf-8")
    return len(truths)
