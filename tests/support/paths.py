"""Where the project is, and the ../shared folder beside it (corpus, seeds)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
