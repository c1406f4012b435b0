"""Content fingerprints for duplicate detection: exact hash and MinHash LSH.

Pure functions, no database: the dedupe pipeline looks the values up and the
store pipeline writes them (tables in ``crawler/storage/schema.py``, migrations 3 and 21).

* :func:`content_hash` — SHA-256 of the normalized body: spacing, diacritics,
  letter forms and punctuation do not change it.
* :func:`shingles` — the set of 3-word runs of the normalized body.
* :func:`fingerprint` — those shingles as a sorted array of 32-bit hashes
  (words hashed once with BLAKE2, runs mixed with numpy): the exact
  similarity is computed on it. It is not stored (~3.5 kB an article).
* :func:`signature` — the fingerprint's MinHash signature (128 32-bit values,
  512 bytes), stored per article: the buckets are cut from it, and
  :func:`estimated_similarity` of two signatures sorts LSH candidates into
  clearly alike, clearly not, and the few that need the exact figure.
* :func:`band_buckets` / :func:`buckets_of` — the signature (datasketch,
  128 permutations, fixed seed) cut into 32 bands of 4 values; each band
  hashed to one signed 64-bit bucket. Two texts with Jaccard similarity *s* share at least
  one bucket with probability ``1 - (1 - s**4) ** 32``: 0.87 at s=0.5, 0.99 at
  s=0.6, 0.002 at s=0.1. Buckets are stable across processes and restarts
  (BLAKE2 word and band hashes, no Python ``hash()``).
* :func:`similarity` — the Jaccard similarity of two fingerprints, which
  decides a candidate whose estimate is near the threshold (:func:`jaccard` is the same on shingle sets; a
  32-bit hash collision between two of ~1,000 shingles is a 1-in-8,000 event
  that moves the figure by one shingle).

Changing ``NUM_PERM``, ``BANDS``, ``SHINGLE_WORDS`` or the hashing changes
every bucket: stored signatures and buckets must then be rebuilt by a new
migration (as migration 4 did when fingerprints were introduced).
"""

from __future__ import annotations

import functools
import hashlib

import numpy as np
from datasketch import MinHash

from crawler.text.arabic import normalize

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


@functools.lru_cache(maxsize=1 << 16)  # news vocabulary repeats
def _word_code(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))


def _fmix(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer: every input bit moves every output bit."""
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> np.uint64(33))


def fingerprint(text: str, *, normalized: str | None = None) -> np.ndarray:
    """The body's fingerprint: one 32-bit hash per :func:`shingles` unit (each
    word hashed once, the three words of a run mixed by position), sorted and
    unique (``uint32``). Equal texts give equal fingerprints in any process."""
    words = (normalize(text) if normalized is None else normalized).split()
    if not words:
        return np.empty(0, dtype=np.uint32)
    codes = np.fromiter(map(_word_code, words), dtype=np.uint64, count=len(words))
    if len(codes) < SHINGLE_WORDS:  # a short text is one unit, as in shingles()
        codes = np.concatenate([codes, np.zeros(SHINGLE_WORDS - len(codes), dtype=np.uint64)])
    runs = len(codes) - SHINGLE_WORDS + 1
    mixed = sum(codes[i : i + runs] * _MIX[i] for i in range(SHINGLE_WORDS))
    return np.unique((_fmix(mixed) >> np.uint64(32)).astype(np.uint32))


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


def signature(hashes: np.ndarray) -> np.ndarray:
    """The MinHash signature of a fingerprint, what is stored of it:
    ``NUM_PERM`` unsigned 32-bit values (empty for an empty text)."""
    if not len(hashes):
        return np.empty(0, dtype=np.uint32)
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int, permutations=_PERMUTATIONS, scheme="affine32")
    sketch.update_batch(hashes.tolist())
    return sketch.hashvalues.astype(np.uint32)


def estimated_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity estimated from two signatures: the share of equal
    values. Their number is binomial, so the share's standard error is at most
    0.5 / sqrt(NUM_PERM) = 0.044."""
    if len(a) != NUM_PERM or len(b) != NUM_PERM:
        return 0.0
    return float(np.count_nonzero(a == b)) / NUM_PERM


def band_buckets(hashes: np.ndarray) -> list[int]:
    """One signed 64-bit bucket per band of a fingerprint (empty for an empty text)."""
    return buckets_of(signature(hashes))


def buckets_of(values: np.ndarray) -> list[int]:
    """One signed 64-bit bucket per band of a signature (empty for an empty one)."""
    if len(values) != NUM_PERM:
        return []
    buckets = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(band.to_bytes(1, "big") + chunk, digest_size=8).digest()
        buckets.append(int.from_bytes(digest, "big", signed=True))
    return buckets
