"""The bundled offline demo site (seeds/demo/) and its seed article."""

from __future__ import annotations

from tests.support.paths import ROOT, SHARED

DEMO = ROOT / "seeds" / "demo"
SEED_FILE = SHARED / "seeds" / "000_0cdae21df2de8709.txt"


def read_seed() -> dict:
    """The seed article's parts, from ../shared/seeds."""
    lines = [line.strip() for line in SEED_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    end = lines.index("أقسام")
    return {
        "title": lines[0],
        "teaser": lines[1],
        "subtitle": lines[2],
        "body": lines[3:end],
        "section": lines[end + 1],
    }
