"""Helpers shared by the outlet builders: where pages go and how a truth is recorded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent.parent / "tests" / "fixtures" / "modern"


def jsonld(data: Any) -> str:
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def state_json(data: Any) -> str:
    """JSON for an inline script, escaped the way frameworks escape it."""
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def truth(name: str, url: str, fetched_at: str, **fields: Any) -> dict[str, Any]:
    entry = {"file": f"{name}.html", "url": url, "fetched_at": fetched_at}
    entry.update(fields)
    return entry
