"""Content fingerprints for duplicate detection: exact hash and MinHash LSH.

Pure functions, no database: the dedupe pipeline looks the values up and the
store pipeline writes them (tables in ``crawler/db.py``, migration 3).

* :func:`content_hash` — SHA-256 of the normalized body: spacing, diacritics,
  letter forms and punctuation do not change it.
* :func:`shingles` — the set of 3-word runs of the normalized body.
* :func:`shingle_hashes` — those shingles as a sorted array of 32-bit SHA-1
  hashes (datasketch's own ``sha1_hash32``): the body's fingerprint, stored
  per article so a candidate is confirmed without re-reading its text.
* :func:`band_buckets` — MinHash (datasketch, 128 permutations, fixed seed)
  of the shingle hashes, cut into 32 bands of 4 values; each band hashed to one
  signed 64-bit bucket. Two texts with Jaccard similarity *s* share at least
  one bucket with probability ``1 - (1 - s**4) ** 32``: 0.87 at s=0.5, 0.99 at
  s=0.6, 0.002 at s=0.1. Buckets are stable across processes and restarts
  (SHA-1 shingle hashes, BLAKE2 band hashes, no Python ``hash()``).
* :func:`similarity` — the Jaccard similarity of two fingerprints, which
  confirms a candidate (:func:`jaccard` is the same on shingle sets; a
  32-bit hash collision between two of ~1,000 shingles is a 1-in-8,000 event
  that moves the figure by one shingle).

Changing ``NUM_PERM``, ``BANDS`` or ``SHINGLE_WORDS`` changes every bucket:
stored buckets would then have to be rebuilt (a new migration).
"""

from __future__ import annotations

import hashlib

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


def shingle_hashes(grams: set[str]) -> np.ndarray:
    """The fingerprint: each shingle's 32-bit SHA-1 hash (first 4 bytes, little
    endian, as datasketch's ``sha1_hash32``), sorted and unique (``uint32``)."""
    sha1 = hashlib.sha1
    values = [int.from_bytes(sha1(g.encode("utf-8")).digest()[:4], "little") for g in grams]
    return np.unique(np.array(values, dtype=np.uint32))


def fingerprint(text: str, *, normalized: str | None = None) -> np.ndarray:
    """:func:`shingle_hashes` of the text's :func:`shingles`."""
    return shingle_hashes(shingles(text, normalized=normalized))


def to_blob(hashes: np.ndarray) -> bytes:
    """A fingerprint as stored (little-endian ``uint32``)."""
    return hashes.astype("<u4").tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u4").astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two fingerprints (0.0 for two empty ones)."""
    common = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - common
    return common / union if union else 0.0


# the 128 permutations, drawn once (datasketch draws them per MinHash otherwise)
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED).permutations


def minhash(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` unsigned 32-bit values) of a fingerprint."""
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int, permutations=_PERMUTATIONS, scheme="affine32")
    sketch.update_batch(hashes.tolist())
    return sketch.hashvalues.astype(np.uint32)


def band_buckets(hashes: np.ndarray) -> list[int]:
    """One signed 64-bit bucket per band of a fingerprint (empty for an empty text)."""
    if not len(hashes):
        return []
    values = minhash(hashes)
    buckets = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(band.to_bytes(1, "big") + chunk, digest_size=8).digest()
        buckets.append(int.from_bytes(digest, "big", signed=True))
    return buckets
