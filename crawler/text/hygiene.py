"""Text hygiene: what no stored text may contain, removed in one step.

A hostile or broken page can put into a title, a byline or a body:

* **terminal escape sequences** (ANSI/ECMA-48: ``ESC [ ... m`` colours,
  ``ESC ] ... BEL`` window titles and hyperlinks, DCS/APC strings, and their
  8-bit C1 forms), which rewrite the screen of whoever prints an export;
* **C0/C1 control characters** (NUL, backspace, carriage return, DEL, the
  C1 block...), which hide or overwrite text on a terminal and break tools;
* **invisible characters**: bidi controls, zero-width spaces and joiners,
  the word joiner U+2060, invisible operators U+2061-2064, the deprecated
  format controls U+206A-206F ("inhibit Arabic form shaping"...), interlinear
  annotation U+FFF9-FFFB, tag characters U+E0000-E007F, variation selectors,
  fillers: a word joiner inside a word splits it for search, so the article
  is never found; invisible text also makes two equal titles differ.

:func:`scrub` removes all of them; :func:`crawler.text.arabic.clean_text`
(the function for every text we store) calls it first, so stored fields,
their hashes and the search index all see the same scrubbed text.

Decisions (tested in ``tests/test_hygiene.py``):

* ``\\n`` and ``\\t`` stay (paragraphs, tabular text); ``\\r\\n`` and a lone
  ``\\r`` become ``\\n`` (a lone CR overwrites a terminal line).
  Controls that Python treats as whitespace (VT, FF, the separators
  U+001C-001F, NEL U+0085) become a space, so the words they part stay apart.
* An escape sequence goes as a whole, parameters and payload included (not
  just its ESC, which would leave ``[31m`` in the text). A string sequence
  (OSC, DCS, SOS, PM, APC) is removed when its terminator (BEL or ST) comes
  on the same line; otherwise only its introducer goes and the rest stays
  as visible text, so a stray ``ESC ]`` can never swallow a paragraph.
* Every format character (Unicode category Cf) goes, ZWJ and ZWNJ included:
  Arabic letters join by themselves, and the joiners only break matching.
  (An emoji family written with ZWJ becomes its separate emoji.) Kept are the
  *visible* prepended concatenation marks (Arabic number sign U+0600-0605,
  end of ayah U+06DD/U+08E2, pound mark above U+0890-0891, Syriac
  abbreviation U+070F, Kaithi U+110BD/U+110CD): they are signs a reader sees.
* Also gone: the other default-ignorable characters (combining grapheme
  joiner U+034F, variation selectors, Hangul fillers U+3164/U+FFA0, Khmer
  inherent vowels, Mongolian variation selectors), lone surrogates (SQLite
  and UTF-8 cannot store them) and noncharacters (U+FDD0-FDEF, U+xFFFE/F).
  Private-use characters stay (icon fonts; visible as boxes at worst).

Ground floor: imports nothing of the project.
"""

from __future__ import annotations

import re

# ECMA-48 sequences, 7-bit (ESC ...) and 8-bit (C1) forms. A string's payload
# stops at any introducer, terminator or newline, so scanning stays linear.
_PAYLOAD = "[^\x07\x1b\x90\x98\x9b-\x9f\n]*"
_ESCAPE = (
    "(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: parameters, intermediates, final byte
    f"|(?:\x1b[\\]PX^_]|[\x90\x98\x9d\x9e\x9f]){_PAYLOAD}(?:\x07|\x1b\\\\|\x9c)"  # OSC/DCS/SOS/PM/APC
    "|\x1b[ -/]*[0-~]?"  # any other ESC sequence (nF, Fp, Fe, Fs), or a lone ESC
)
# C0/C1 controls that str.split() treats as whitespace: they part words
_SEPARATORS = "[\x0b\x0c\x1c-\x1f\x85]"
_HIDDEN_BMP = (
    "\x00-\x08\x0e-\x1a\x7f-\x84\x86-\x9f"  # the other C0/C1 controls (TAB, LF kept; CR, ESC above)
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164"
    "\ud800-\udfff"  # lone surrogates
    "\ufdd0-\ufdef\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ufffe\uffff"
)
_HIDDEN_ASTRAL = (
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"  # tag characters, variation selectors 17-256
    + "".join(f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0x10000, 0x110000, 0x10000))
)
_ESCAPES = re.compile(_ESCAPE)
_ESCAPE_START = re.compile("[\x1b\x90\x98\x9b\x9d-\x9f]")
_SEPARATOR = re.compile(_SEPARATORS)
# Character classes of BMP code points are bitmaps that sre scans fast; one
# with astral ranges is ~15x slower. So: one BMP class finds anything to do
# (most text holds none of it), and the astral class only runs on text that
# has astral characters at all (emoji, mostly).
_SUSPECT = re.compile(f"[\r\x0b\x0c\x1b\x1c-\x1f\x85{_HIDDEN_BMP}]")
_INVISIBLE_BMP = re.compile(f"[{_HIDDEN_BMP}]+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_INVISIBLE_ASTRAL = re.compile(f"[{_HIDDEN_ASTRAL}]+")

# visible format characters (category Cf) that stay: they are signs a reader sees
KEPT_FORMAT_CHARACTERS = frozenset(
    "\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd"
)


def scrub(text: str) -> str:
    """``text`` without escape sequences, control or invisible characters
    (see the module doc for exactly which); newlines and tabs stay.

    Idempotent: ``scrub(scrub(t)) == scrub(t)``.
    """
    if _ASTRAL.search(text) is not None:
        text = _INVISIBLE_ASTRAL.sub("", text)
    if _SUSPECT.search(text) is None:
        return text
    if _ESCAPE_START.search(text):
        text = _ESCAPES.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _INVISIBLE_BMP.sub("", _SEPARATOR.sub(" ", text))


def is_clean(text: str) -> bool:
    """True when :func:`scrub` would change nothing."""
    return _SUSPECT.search(text) is None and _INVISIBLE_ASTRAL.search(text) is None
