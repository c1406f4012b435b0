"""Language of the body: Arabic when Arabic letters dominate, else what the page declares."""

from __future__ import annotations

import re

ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff]+")  # runs: one match per word, not per letter
LATIN_LETTERS = re.compile(r"[A-Za-z]+")


def detect_language(text: str, declared: str | None) -> str | None:
    """``ar`` when Arabic letters dominate; else the page's declared language."""
    sample = text[:5000]
    arabic = sum(map(len, ARABIC_LETTERS.findall(sample)))
    latin = sum(map(len, LATIN_LETTERS.findall(sample)))
    if arabic and arabic >= latin:
        return "ar"
    if declared:
        return declared.split("-")[0].lower()[:8] or None
    return "en" if latin else None
