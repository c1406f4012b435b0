"""Write tests/fixtures/modern/*.html and truth.json (see the package docstring)."""

from __future__ import annotations

import json

from tools.modern_pages import framework, others, wordpress
from tools.modern_pages.common import OUT


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    truths = {}
    for name, html, entry in (*framework.PAGES, *wordpress.PAGES, *others.PAGES):
        assert name not in truths, name
        (OUT / entry["file"]).write_text(html, encoding="utf-8")
        truths[name] = entry
    text = json.dumps(truths, ensure_ascii=False, indent=1) + "\n"
    (OUT / "truth.json").write_text(text, encoding="utf-8")
    print(f"{len(truths)} pages written to {OUT}")


if __name__ == "__main__":
    main()
