"""Which encoding page bytes are really in, whatever their label says.

Arabic outlets still serve windows-1256 pages labelled ISO-8859-1 (or not at
all); these functions read the bytes' own evidence. Ground floor: imports only
:mod:`crawler.text.arabic`.
"""

from __future__ import annotations

import codecs

from crawler.text.arabic import arabic_share

# charsets that are often a server default rather than the page's own
_WEAK_CHARSETS = frozenset({"ascii", "latin_1", "iso8859-1", "cp1252", "utf-8"})


def codec_name(name: str | bytes | None) -> str | None:
    """Python's canonical codec name for a charset label, or None if unknown."""
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    if not name or not name.strip():
        return None
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def real_encoding(raw: bytes, declared: str | None) -> str:
    """The encoding page bytes are really in, whatever the label says.

    Valid UTF-8 is UTF-8 (single-byte Arabic text is practically never valid
    UTF-8); a declared charset under which the bytes read as Arabic
    (windows-1256, iso-8859-6...) is used as declared; otherwise bytes that
    read as Arabic in windows-1256 are windows-1256, whatever the label.
    """
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    label = codec_name(declared)
    if label and label not in _WEAK_CHARSETS and arabic_share(raw.decode(label, errors="replace")) >= 0.5:
        return label
    if arabic_share(raw.decode("cp1256", errors="replace")) >= 0.5:
        return "cp1256"
    return label if label and label != "utf-8" else "cp1252"
