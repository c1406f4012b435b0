"""Which encoding page bytes are really in, whatever their label says.

Arabic outlets still serve windows-1256 pages labelled ISO-8859-1 (or not at
all), and UTF-8 pages with a stray byte or two (a legacy snippet, a cut
multi-byte character). These functions weigh the bytes' own evidence:

1. a byte order mark is decisive (UTF-8, UTF-16, UTF-32);
2. UTF-16/32 without a BOM shows as NUL bytes in every other position;
3. UTF-8 is decided by how much of the page *is* UTF-8: the share of
   non-ASCII characters that are valid multi-byte sequences, against the
   invalid bytes. Single-byte Arabic (windows-1256, ISO-8859-6) is almost
   never valid UTF-8 (a letter byte is never followed by a continuation
   byte), so its share is near 0; a UTF-8 page with a few stray bytes is
   near 1. At least 80 % decides for UTF-8 whatever the label; at least
   50 % (a mixed page) when the label is UTF-8, absent or a server default;
4. otherwise the candidates (the declared charset when it is not a server
   default, windows-1256, and the other Arabic charsets when an Arabic one
   is declared) are decoded and the one
   under which the text reads most as Arabic letters wins (the declared one
   on a tie); if none reads as Arabic, the declared charset (else cp1252).

One stray byte therefore no longer re-decodes a whole UTF-8 page as
windows-1256. Ground floor: imports only :mod:`crawler.text.arabic`.
"""

from __future__ import annotations

import codecs

from crawler.text.arabic import arabic_share

# charsets that are often a server default rather than the page's own
_WEAK_CHARSETS = frozenset({"ascii", "latin_1", "iso8859-1", "cp1252", "utf-8"})
# BOMs, longest first (the UTF-32-LE BOM starts with the UTF-16-LE one); the
# names are those Scrapy (w3lib) gives a page with that BOM
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HIGH_BYTES = bytes(range(0x80, 0x100))
_REPLACEMENT = "\ufffd"
_ENCODED_REPLACEMENT = _REPLACEMENT.encode()
UTF8_DECISIVE_SHARE = 0.8  # this much valid UTF-8 is UTF-8, whatever the label
UTF8_MAJORITY_SHARE = 0.5  # with a UTF-8 label, no label or a server default
ARABIC_SHARE = 0.5  # a single-byte decoding that reads at least this much as Arabic letters
# windows-1256 is tried whatever the label: Latin text stays Latin under it
# (à, ç, é... are where Latin-1 has them). ISO-8859-6 reads those bytes as
# Arabic letters, so it is tried only when an Arabic charset is declared.
_SINGLE_BYTE_ARABIC = "cp1256"
_ARABIC_CHARSETS = ("cp1256", "iso8859-6")  # the two of the web; on a tie, the first
_SNIFF_BYTES = 4096
_ARTICLE = "\u0627\u0644"  # ال
_SCORE_BYTES = 64 * 1024  # enough text to tell encodings apart, at bounded cost


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


def bom_encoding(raw: bytes) -> str | None:
    """The encoding a byte order mark announces (the BOM itself is left to
    the decoder), or None."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    return None


def strip_bom(raw: bytes) -> bytes:
    for bom, _ in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :]
    return raw


def wide_encoding(raw: bytes) -> str | None:
    """UTF-16/32 without a BOM, from where the NUL bytes are: markup and
    spaces are ASCII, so one byte of each ASCII character is 0 (an Arabic
    letter, U+06xx, has 0x06 there), and UTF-32 has two zero bytes in every
    character. None for byte-oriented encodings (they have no NULs)."""
    size = min(len(raw), _SNIFF_BYTES) // 4 * 4
    head = raw[:size]
    if not size or head.count(0) * 20 < size:
        return None
    quads, pairs = size // 4, size // 2
    zeros = [head[offset::4].count(0) for offset in range(4)]
    if zeros[3] >= 0.95 * quads and zeros[2] >= 0.9 * quads and zeros[0] < 0.5 * quads:
        return "utf-32-le"
    if zeros[0] >= 0.95 * quads and zeros[1] >= 0.9 * quads and zeros[3] < 0.5 * quads:
        return "utf-32-be"
    odd, even = zeros[1] + zeros[3], zeros[0] + zeros[2]
    if odd >= 0.1 * pairs and even * 8 <= odd:
        return "utf-16-le"
    if even >= 0.1 * pairs and odd * 8 <= even:
        return "utf-16-be"
    return None


def utf8_share(raw: bytes) -> float:
    """The share of non-ASCII characters that are valid UTF-8: valid
    multi-byte sequences / (valid sequences + invalid bytes or fragments).
    1.0 for pure ASCII."""
    high = len(raw) - len(raw.translate(None, _HIGH_BYTES))
    if not high:
        return 1.0
    text = raw.decode("utf-8", errors="replace")
    # each invalid byte or cut sequence became one U+FFFD; ASCII bytes always
    # decode to themselves
    errors = text.count(_REPLACEMENT) - raw.count(_ENCODED_REPLACEMENT)
    valid = len(text) - (len(raw) - high) - errors
    return valid / (valid + errors) if valid + errors else 1.0


def _is_utf8(raw: bytes, label: str | None) -> bool:
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError:
        pass
    share = utf8_share(raw)
    if share >= UTF8_DECISIVE_SHARE:
        return True
    return share >= UTF8_MAJORITY_SHARE and (label is None or label in _WEAK_CHARSETS)


def _best_single_byte(raw: bytes, label: str | None) -> str | None:
    """The single-byte encoding under which the bytes read most as Arabic
    (the declared one on a tie), or None when none reads as Arabic."""
    candidates = [c for c in (label, _SINGLE_BYTE_ARABIC) if c and c not in _WEAK_CHARSETS]
    if label in _ARABIC_CHARSETS or label in {"cp720", "cp864", "mac-arabic"}:
        candidates += _ARABIC_CHARSETS
    sample = raw[:_SCORE_BYTES]
    texts = {c: sample.decode(c, errors="replace") for c in dict.fromkeys(candidates)}
    scores = {c: arabic_share(text) for c, text in texts.items()}
    # equal shares (text using only letters two charsets both read as
    # letters): the declared charset, then the one reading more of the
    # article "ال", the commonest letter pair of Arabic, then the first
    best = max(scores, key=lambda c: (scores[c], c == label, texts[c].count(_ARTICLE)))
    return best if scores[best] >= ARABIC_SHARE else None


def real_encoding(raw: bytes, declared: str | None) -> str:
    """The encoding page bytes are really in, whatever the label says (see
    the module doc for the order of evidence). A BOM's encoding is returned
    with the BOM still in ``raw``: decode with :func:`strip_bom` first, or
    with a BOM-aware decoder (Scrapy's is)."""
    by_bom = bom_encoding(raw)
    if by_bom:
        return by_bom
    label = codec_name(declared)
    wide = wide_encoding(raw)  # a UTF-16/32 label without NUL bytes to show for it is wrong
    if wide:
        return wide
    if _is_utf8(raw, label):
        return "utf-8"
    best = _best_single_byte(raw, label)
    if best:
        return best
    return label if label and label != "utf-8" and not label.startswith(("utf-16", "utf-32")) else "cp1252"
