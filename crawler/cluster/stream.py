"""How an extracted article travels from a node to the writer: one stream entry.

The entry holds the item's article fields as JSON (``item``), never the page
HTML or the parsed tree: the writer needs only what it stores, and Redis
memory per queued article stays near the stored row's size. What dedupe reads
from the tree (is the page an AMP rendition?) is decided on the node and
sent as a flag. The page's capture in the node's raw-page archive (file,
offset, record id, SHA-256: :class:`crawler.archive.writer.Capture`) travels
too, so the writer's ``captures`` table and ``revisions.capture_id`` link each
row to its WARC record as an in-process crawl does.
"""

from __future__ import annotations

import dataclasses
import json

from crawler.archive.writer import Capture
from crawler.items import ArticleItem

# fields never sent: the page itself and working state rebuilt by the writer
_NOT_SENT = frozenset({"html", "raw", "doc", "removed", "sanitized", "decision", "enrichment"})
SENT_FIELDS = tuple(f.name for f in dataclasses.fields(ArticleItem) if f.name not in _NOT_SENT)


class _AmpMark(dict):
    """Stands for the parsed tree of a page marked AMP (``<html amp>``): dedupe
    reads ``doc.get("amp")``."""


def encode(item: ArticleItem, amp_page: bool) -> dict[str, str]:
    """The stream entry's fields for ``item``."""
    payload = {name: getattr(item, name) for name in SENT_FIELDS}
    if item.capture is not None:
        payload["capture"] = dataclasses.asdict(item.capture)
    return {"item": json.dumps(payload, ensure_ascii=False), "amp": "1" if amp_page else ""}


def decode(fields: dict[bytes, bytes]) -> ArticleItem:
    """The item of a stream entry (ValueError/KeyError/TypeError if it is not one)."""
    payload = json.loads(fields[b"item"].decode("utf-8"))
    if not isinstance(payload, dict) or set(payload) - set(SENT_FIELDS):
        raise ValueError(
            f"not an article entry: fields {sorted(payload)[:5] if isinstance(payload, dict) else payload!r}"
        )
    item = ArticleItem(
        url=payload.pop("url"), source=payload.pop("source"), html="", fetched_at=payload.pop("fetched_at")
    )
    capture = payload.pop("capture", None)
    item.capture = Capture(**capture) if capture is not None else None
    for name, value in payload.items():
        setattr(item, name, value)
    if fields.get(b"amp"):
        item.doc = _AmpMark(amp="")
    return item
