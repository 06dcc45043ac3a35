"""Near-duplicate linking: MinHash over character shingles of the normalised text, with an LSH index."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

from rasd.text.normalise import norm

NUM_PERM = 64
SHINGLE = 5
THRESHOLD = 0.8  # estimated Jaccard similarity of shingle sets above which an article is a copy
_SEED = 1
_SCHEME = "affine32"  # datasketch 2's 32-bit scheme: a signature is NUM_PERM uint32 values


def _shingles(text: str) -> list[bytes]:
    t = norm(text)
    if len(t) <= SHINGLE:
        return [t.encode("utf-8")]
    return list({t[i : i + SHINGLE].encode("utf-8") for i in range(len(t) - SHINGLE + 1)})


def signature(text: str) -> bytes:
    """The MinHash signature of a text, as bytes to store (NUM_PERM unsigned 32-bit values)."""
    m = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    m.update_batch(_shingles(text))
    return np.asarray(m.hashvalues, dtype=np.uint32).tobytes()


def _minhash(sig: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME, hashvalues=np.frombuffer(sig, dtype=np.uint32))


class Deduper:
    """Links each article to the first stored article it (nearly) copies; exact copies by content hash first."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._by_hash: dict[str, str] = {}
        self._known: dict[str, int] = {}  # originals, in the order they were stored

    def __len__(self) -> int:
        return len(self._known)

    def load(self, rows: Iterable[tuple[str, str | None, bytes | None, str | None]]) -> None:
        """Seed from stored articles: (id, content hash, signature, duplicate_of); only originals are indexed."""
        for aid, chash, sig, dup in rows:
            if dup is not None or aid in self._known:
                continue
            self._known[aid] = len(self._known)
            if chash:
                self._by_hash.setdefault(chash, aid)
            if sig:
                self._lsh.insert(aid, _minhash(bytes(sig)))

    def check(self, aid: str, chash: str, sig: bytes | None) -> str | None:
        """The id of the article this one copies (None if original); an original is added to the index."""
        first = self._by_hash.get(chash)
        if first is not None and first != aid:
            return first
        mh = _minhash(sig) if sig else None
        if mh is not None:
            hits = [h for h in self._lsh.query(mh) if h != aid]
            if hits:
                return min(hits, key=lambda h: self._known.get(h, 1 << 62))
        if aid not in self._known:
            self._known[aid] = len(self._known)
            self._by_hash.setdefault(chash, aid)
            if mh is not None:
                self._lsh.insert(aid, mh)
        return None
