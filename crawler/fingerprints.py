"""Content fingerprints for duplicate detection: exact hash and MinHash LSH.

Pure functions, no database: the dedupe pipeline looks the values up and the
store pipeline writes them (tables in ``crawler/db.py``, migration 3).

* :func:`content_hash` — SHA-256 of the normalized body: spacing, diacritics,
  letter forms and punctuation do not change it.
* :func:`shingles` — the set of 3-word runs of the normalized body.
* :func:`band_buckets` — MinHash (datasketch, 128 permutations, fixed seed)
  of the shingles, cut into 32 bands of 4 values; each band hashed to one
  signed 64-bit bucket. Two texts with Jaccard similarity *s* share at least
  one bucket with probability ``1 - (1 - s**4) ** 32``: 0.87 at s=0.5, 0.99 at
  s=0.6, 0.002 at s=0.1. Buckets are stable across processes and restarts
  (SHA-1 shingle hashes, BLAKE2 band hashes, no Python ``hash()``).
* :func:`jaccard` — the exact similarity that confirms a candidate.

Changing ``NUM_PERM``, ``BANDS`` or ``SHINGLE_WORDS`` changes every bucket:
stored buckets would then have to be rebuilt (a new migration).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
from datasketch import MinHash

from crawler.arabic import normalize

SHINGLE_WORDS = 3
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SEED = 1


def content_hash(body: str, *, normalized: str | None = None) -> str:
    """SHA-256 (hex) of the normalized body (``normalized``: normalize(body), if known)."""
    key = normalize(body) if normalized is None else normalized
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE_WORDS, *, normalized: str | None = None) -> set[str]:
    """Runs of ``size`` consecutive normalized words (the whole text when shorter)."""
    words = (normalize(text) if normalized is None else normalized).split()
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0.0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def minhash(grams: Iterable[str]) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` unsigned 32-bit values)."""
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED)
    sketch.update_batch([g.encode("utf-8") for g in grams])
    return sketch.hashvalues.astype(np.uint32)


def band_buckets(grams: set[str]) -> list[int]:
    """One signed 64-bit bucket per band (empty for an empty text)."""
    if not grams:
        return []
    values = minhash(grams)
    buckets = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(band.to_bytes(1, "big") + chunk, digest_size=8).digest()
        buckets.append(int.from_bytes(digest, "big", signed=True))
    return buckets
