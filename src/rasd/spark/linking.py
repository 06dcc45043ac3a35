"""Near-duplicate linking at scale: the LSH bands of `rasd.ingest.dedup` as blocking keys joined in Spark.

`rasd ingest` links each article to the first stored original that has its content hash, else to the earliest
original sharing an LSH band with it (`Deduper.check`). Only articles in a block (a band or content hash) with two
or more members can be linked or linked to, so Spark groups by block, keeps those blocks' members (never all
pairs), and `resolve` replays the ingest's order over them alone: the same duplicate_of as `rasd ingest`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from datasketch import MinHashLSH

from rasd.ingest.dedup import NUM_PERM, THRESHOLD

HASH_PREFIX = "h:"
Member = tuple[Any, str, str, list[str]]  # order key, article id, content hash, block keys


@cache
def band_ranges() -> tuple[tuple[int, int], ...]:
    """The (start, end) of each band, as datasketch's MinHashLSH chooses them for the ingest's threshold."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return tuple((int(s), int(e)) for s, e in lsh.hashranges)


def block_keys(chash: str, sig: bytes | None) -> list[str]:
    """The blocking keys of an article: its content hash and one key per LSH band of its MinHash signature."""
    keys = [HASH_PREFIX + chash]
    if sig:
        keys.extend(f"{b}:{sig[s * 4:e * 4].hex()}" for b, (s, e) in enumerate(band_ranges()))
    return keys


def resolve(members: Iterable[Member]) -> dict[str, str]:
    """duplicate_of for the members of multi-member blocks, replaying `Deduper.check` in reading order."""
    by_hash: dict[str, tuple[Any, str]] = {}
    by_band: dict[str, tuple[Any, str]] = {}
    links: dict[str, str] = {}
    for okey, aid, chash, keys in sorted(members, key=lambda m: (m[0], m[1])):
        first = by_hash.get(chash)
        if first is not None and first[1] != aid:
            links[aid] = first[1]
            continue
        hits = [by_band[k] for k in keys if not k.startswith(HASH_PREFIX) and k in by_band]
        hits = [h for h in hits if h[1] != aid]
        if hits:
            links[aid] = min(hits)[1]
            continue
        by_hash.setdefault(chash, (okey, aid))
        for k in keys:
            if not k.startswith(HASH_PREFIX):
                by_band.setdefault(k, (okey, aid))
    return links


def link(spark: Any, articles: Any) -> dict[str, str]:
    """duplicate_of by article id, from an RDD of (order key, article id, content hash, signature). Python computes
    each article's block keys; Spark SQL finds the blocks with two or more members and each member's shared keys;
    the driver replays the ingest's order over those members alone."""
    from pyspark.sql import functions as F  # the module's other functions run without pyspark

    keyed = spark.createDataFrame(
        articles.map(lambda r: (r[1], list(r[0]), r[2], block_keys(r[2], r[3]))),
        "aid STRING, okey ARRAY<LONG>, chash STRING, keys ARRAY<STRING>").localCheckpoint()  # read twice
    one = keyed.select("aid", F.explode("keys").alias("key"))
    shared = one.groupBy("key").count().where(F.col("count") > 1).select("key")
    mine = one.join(shared, "key").groupBy("aid").agg(F.collect_set("key").alias("shared"))
    members = keyed.select("aid", "okey", "chash").join(mine, "aid")
    return resolve((tuple(r["okey"]), r["aid"], r["chash"], sorted(r["shared"])) for r in members.toLocalIterator())
