"""Exact and near-duplicate detection: normalized text hashes, URL keys, MinHash signatures and LSH bands.

Near-duplicates (the same story reposted with different boilerplate) are found with MinHash
(datasketch) over word 4-shingles; the LSH bands are stored in the database
(``minhash_bands``), so that detection works across processes and scales with the corpus.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from urllib.parse import urlsplit

import numpy as np

from .text import fold, words

NUM_PERM = 128
BANDS = 32  # 32 bands × 4 rows: pairs with Jaccard ≥ ~0.5 become candidates
ROWS = NUM_PERM // BANDS
SHINGLE = 4
THRESHOLD = 0.6  # estimated Jaccard for one story


def text_hash(text: str) -> str:
    """A hash of the text's words, lower-cased and folded: the same text with other spacing,
    punctuation or letter case hashes the same."""
    return hashlib.sha1(" ".join(fold(w) for w in words(text)).encode("utf-8")).hexdigest()


def url_key(url: str | None) -> str | None:
    """``https://www.Site.kz/a/b/?x=1#top`` → ``site.kz/a/b?x=1``."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    path = parts.path.rstrip("/")
    return host + path + (("?" + parts.query) if parts.query else "") if host else url.strip()


def outlet_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return None
    return (host[4:] if host.startswith("www.") else host) or None


_SOURCE_RE = re.compile(r"^\s*(?:Источник|Дереккөз|Source)\s*:\s*(\S[^\n]{0,80}?)\s*$", re.M | re.I)


def named_source(*texts: str | None) -> str | None:
    """The outlet a text names as its origin («Источник: zakon.kz»)."""
    for t in texts:
        if t:
            m_ = _SOURCE_RE.search(t)
            if m_:
                return m_.group(1).rstrip(".").strip()
    return None


@lru_cache(maxsize=1)
def _permutations():
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=7, scheme="affine32").permutations


def signature(text: str) -> np.ndarray:
    """The MinHash signature (uint32 × NUM_PERM) of the text's folded word shingles."""
    from datasketch import MinHash

    ws = [fold(w) for w in words(text)]
    if len(ws) >= SHINGLE:
        shingles = {" ".join(ws[i:i + SHINGLE]) for i in range(len(ws) - SHINGLE + 1)}
    else:
        shingles = {" ".join(ws)}
    mh = MinHash(num_perm=NUM_PERM, seed=7, permutations=_permutations(), scheme="affine32")
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh.hashvalues.astype(np.uint32)


def bands(sig: np.ndarray) -> list[int]:
    """One signed 63-bit key per LSH band (band number mixed in)."""
    out = []
    for b in range(BANDS):
        h = hashlib.blake2b(sig[b * ROWS:(b + 1) * ROWS].tobytes(), digest_size=8, person=b.to_bytes(2, "big"))
        out.append(int.from_bytes(h.digest(), "big") >> 1)
    return out


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.mean(a == b))


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)
