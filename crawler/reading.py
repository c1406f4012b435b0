"""An article as a reader reads it: what the reading view of Datasette shows.

``datasette/plugins/reading_view.py`` renders the article's row page with
``datasette/templates/row-news-articles.html`` from :func:`reading_view`:
title, subtitle, outlet, the time in Damascus and as the source printed it,
the body, the other outlets of the story, the revisions as a readable diff,
places, events and casualty figures. The rows come from
:mod:`crawler.storage.reading`; this module only shapes them.

The body is ``body_html`` read through
:func:`crawler.storage.articles.unpack_body_html` (its one reader), sanitized
at extraction with nh3 and sanitized again here with the same allow-list
before the template marks it safe: the page never renders HTML that did not
pass nh3 on the way out. Without ``body_html`` the plain body is escaped,
paragraph by paragraph.
"""

from __future__ import annotations

import difflib
import json
import sqlite3
from html import escape
from typing import Any

from crawler.extraction.body import sanitize_body_html
from crawler.storage import reading
from crawler.storage.articles import unpack_body_html
from crawler.text.dates import damascus_wall_time

EVENT_LABELS = {
    "shelling": "قصف",
    "airstrike": "غارة جوية",
    "clashes": "اشتباكات",
    "explosion": "انفجار",
    "arrests": "اعتقالات",
    "displacement": "نزوح",
    "refugee_return": "عودة لاجئين",
    "protest": "احتجاج",
    "natural_disaster": "كارثة طبيعية",
    "services_crisis": "أزمة خدمات",
    "economy": "اقتصاد",
    "education": "تعليم",
    "health": "صحة",
    "elections": "انتخابات",
    "other": "أخرى",
}
REVISION_KINDS = {"publisher": "عدّله الناشر", "reextraction": "أعيدت قراءة الصفحة المؤرشفة"}
FIELD_LABELS = {
    "title": "العنوان",
    "subtitle": "العنوان الفرعي",
    "body": "النص",
    "body_html": "النص المنسق",
    "author": "الكاتب",
    "section": "القسم",
    "tags": "الوسوم",
    "published_at": "تاريخ النشر",
    "published_raw": "نص التاريخ",
    "language": "اللغة",
}
LINK_REL = "noopener noreferrer nofollow"


def body_markup(body: str | None, stored_html: str | bytes | None) -> str:
    """The body as HTML safe to render: the stored HTML cleaned again, or the
    plain text escaped, one paragraph per blank-line-separated block."""
    html = unpack_body_html(body, stored_html)
    if html.strip():
        return sanitize_body_html(html, link_rel=LINK_REL)
    return "".join(f"<p>{escape(p)}</p>" for p in (body or "").split("\n\n") if p.strip())


def changed_field_labels(stored: str | None) -> list[str]:
    """``revisions.changed_fields`` (a JSON list of column names) as Arabic labels; unknown names as they are."""
    try:
        names = json.loads(stored) if stored else []
    except ValueError:
        names = [stored]
    if not isinstance(names, list):
        names = [str(names)]
    return [FIELD_LABELS.get(str(name), str(name)) for name in names]


def casualty_figures(row: dict[str, Any] | None) -> list[str]:
    """The casualty figures as short Arabic phrases ("قتلى: 5", "جرحى: لا يقل عن 12", "قتلى بلا عدد")."""
    if row is None:
        return []
    out = []
    for key, label in (("killed", "قتلى"), ("injured", "جرحى")):
        if row[key] is not None:
            out.append(f"{label}: {'لا يقل عن ' if row[f'{key}_at_least'] else ''}{row[key]}")
        elif row[f"{key}_stated"]:
            out.append(f"{label} بلا عدد")
    return out


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, text) runs of a word diff of one paragraph: "same", "removed", "added"."""
    a, b = old.split(" "), new.split(" ")
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("added", " ".join(b[j1:j2])))
    return out


SAME_PARAGRAPH = 0.5  # share of words two paragraphs keep to count as one paragraph edited


def _edited(old: str, new: str) -> bool:
    return difflib.SequenceMatcher(a=old.split(" "), b=new.split(" "), autojunk=False).ratio() >= SAME_PARAGRAPH


def _replaced(old: list[str], new: list[str]) -> list[dict[str, Any]]:
    """Old paragraphs replaced by new ones: each old one edited into the next
    new one that keeps most of its words ("changed", a word diff), the others
    removed or added, in reading order."""
    out: list[dict[str, Any]] = []
    rest = list(new)
    for paragraph in old:
        match = next((i for i, candidate in enumerate(rest) if _edited(paragraph, candidate)), None)
        if match is None:
            out.append({"kind": "removed", "text": paragraph})
            continue
        out += [{"kind": "added", "text": p} for p in rest[:match]]
        out.append({"kind": "changed", "words": word_diff(paragraph, rest[match])})
        rest = rest[match + 1 :]
    return out + [{"kind": "added", "text": p} for p in rest]


def paragraph_diff(old: str, new: str) -> list[dict[str, Any]]:
    """A readable diff of two bodies, paragraph by paragraph.

    Each entry is ``{"kind": ..., ...}``: "same" / "removed" / "added" with its
    ``text``, or "changed" with ``words`` (:func:`word_diff`) for a paragraph
    edited in place (it keeps at least half its words)."""
    a, b = old.split("\n\n"), new.split("\n\n")
    out: list[dict[str, Any]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            out += [{"kind": "same", "text": p} for p in a[i1:i2]]
        else:
            out += _replaced(a[i1:i2], b[j1:j2])
    return out


def revision_history(title: str | None, body: str, stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each revision (newest first) as the change from its old text to the text that replaced it."""
    history = []
    newer_title, newer_body = title, body
    for revision in stored:
        old_body = revision["old_body"] or ""
        history.append(
            {
                "revised_at": revision["revised_at"],
                "revised_damascus": damascus_wall_time(revision["revised_at"]),
                "kind": REVISION_KINDS.get(revision.get("kind") or "publisher", revision.get("kind")),
                "changed_fields": changed_field_labels(revision.get("changed_fields")),
                "old_title": revision["old_title"] if revision["old_title"] != newer_title else None,
                "new_title": newer_title,
                "lines": paragraph_diff(old_body, newer_body) if old_body != newer_body else [],
            }
        )
        newer_title, newer_body = revision["old_title"], old_body
    return history


def reading_view(conn: sqlite3.Connection, article_id: int) -> dict[str, Any] | None:
    """The template's context for one article, or None if there is no such row."""
    page = reading.article_page(conn, article_id)
    if page is None:
        return None
    row = page["article"]
    return {
        "article": {
            **{k: v for k, v in row.items() if k != "body_html"},
            "body_markup": body_markup(row["body"], row["body_html"]),
            "published_damascus": damascus_wall_time(row["published_at"]),
            "fetched_damascus": damascus_wall_time(row["fetched_at"]),
        },
        "other_outlets": [
            {**o, "published_damascus": damascus_wall_time(o["published_at"])} for o in page["other_outlets"]
        ],
        "revision_history": revision_history(row["title"], row["body"] or "", page["revisions"]),
        "places": page["places"],
        "events": [{**e, "label": EVENT_LABELS.get(e["event_type"], e["event_type"])} for e in page["events"]],
        "casualties": page["casualties"],
        "casualty_figures": casualty_figures(page["casualties"]),
        "actors": page["actors"],
        "captures": page["captures"],
    }
