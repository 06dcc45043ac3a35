"""Incidents in the Spark job: reports in storing order, word counts by window functions, candidate edges by joins
on blocking keys (never all pairs), connected components by large-star/small-star joins, one clusterer per component.

Exact: each component's reports are clustered as `rasd ingest` clusters them (see `rasd.spark.fusion`), so the
job's incidents are the store's, with the same ids, members and records.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from rasd.spark import fusion

MONTH_COL = "start_month"
MEMBER_SCHEMA = "article_id STRING, idx INT, incident_id STRING"
MAX_ROUNDS = 64


def _large_star(kv: tuple[int, Iterable[int]]) -> Iterator[tuple[int, int]]:
    u, nbrs = kv
    ns = set(nbrs)
    m = min(min(ns), u)
    return ((v, m) for v in ns if v > u)


def _small_star(kv: tuple[int, Iterable[int]]) -> Iterator[tuple[int, int]]:
    u, nbrs = kv  # the neighbours below u
    ns = set(nbrs)
    m = min(min(ns), u)
    return ((v, m) for v in ns | {u} if v != m)


def components(edges: Any, partitions: int) -> tuple[Any, int]:
    """(node, smallest node of its component) for every node with an edge, and the rounds it took: large-star and
    small-star (Kiveris et al., 2014) alternated until the edges stop changing, O(log^2 n) rounds."""
    e = edges.filter(lambda uv: uv[0] != uv[1]).map(lambda uv: (max(uv), min(uv))).distinct(partitions)
    e.localCheckpoint()  # cuts the lineage that grows each round (marks the RDD in place)
    rounds = 0
    while True:
        rounds += 1
        both = e.flatMap(lambda uv: (uv, (uv[1], uv[0])))
        large = both.groupByKey(partitions).flatMap(_large_star)
        small = large.map(lambda uv: (max(uv), min(uv))).groupByKey(partitions).flatMap(_small_star)
        nxt = small.map(lambda uv: (max(uv), min(uv))).distinct(partitions)
        nxt.localCheckpoint()
        changed = nxt.count() != e.count() or not nxt.subtract(e, partitions).isEmpty()  # both are sets
        e = nxt
        if not changed or rounds >= MAX_ROUNDS:
            break
    if rounds >= MAX_ROUNDS:
        raise RuntimeError(f"connected components did not settle in {MAX_ROUNDS} rounds")
    labels = e.flatMap(lambda uv: ((uv[0], uv[1]), (uv[1], uv[1]))).reduceByKey(min, partitions)
    return labels, rounds


def _stats_rows(spark: SparkSession, feats: Any) -> Any:
    """(n, {word: reports before n with the word}) for each report with words: a window over each word's
    reports in storing order (no pairs)."""
    words = spark.createDataFrame(feats.flatMap(lambda nr: ((nr[0], w) for w in nr[1])), "n LONG, word STRING")
    before = F.row_number().over(Window.partitionBy("word").orderBy("n")) - 1
    dfs = words.select("n", "word", before.alias("df"))
    return dfs.rdd.map(lambda r: (r[0], (r[1], r[2]))).groupByKey().mapValues(dict)


@dataclass
class Fusion:
    """The job's incidents and memberships (DataFrames over persisted RDDs: release() when written), and figures."""

    incidents: DataFrame
    members: DataFrame
    info: dict[str, Any]
    cached: list[Any] = field(default_factory=list)

    def release(self) -> None:
        for rdd in self.cached:
            rdd.unpersist()


def fuse(spark: SparkSession, reports: Any, article_keys: Any, links: dict[str, str], partitions: int,
         decision: str | None = None) -> Fusion:
    """Incidents and memberships of the job's reports.

    `reports`: RDD of (order key, article id, idx, published, outlet, title, event JSON) of every stored article's
    events (near-duplicates' too, as the store fuses them); `article_keys`: RDD of every stored article's order
    key; `links`: duplicate_of by article id; `decision`: the link decision (None: RASD_FUSE_DECISION of the
    driver, else the hand rule, as `rasd ingest` chooses it)."""
    sc = spark.sparkContext
    decision = decision or os.environ.get("RASD_FUSE_DECISION") or None  # resolved here: executors may lack it
    fusion.decision_of(decision)  # an unknown name fails here, before any task
    dup = sc.broadcast(links)
    # seq as the store numbers articles (1, 2 ... in reading order), then every report's rank n in (seq, idx) order
    seqs = article_keys.sortBy(lambda k: k, numPartitions=partitions).zipWithIndex().mapValues(lambda i: i + 1)
    rows = (reports.map(lambda r: (r[0], r[1:])).join(seqs, partitions)
            .map(lambda kv: ((kv[1][1], kv[1][0][1]), kv[1]))
            .sortByKey(numPartitions=partitions).zipWithIndex()
            .map(lambda kv: _row(kv[0][1], kv[1], dup.value))).persist()
    feats = rows.map(lambda row: (row[0], sorted(fusion.report_features(row).words)))
    stats = _stats_rows(spark, feats)
    with_stats = (rows.map(lambda row: (row[0], row)).leftOuterJoin(stats, partitions)
                  .map(lambda kv: (kv[0], (kv[1][0], (kv[1][1] or {}, kv[0]))))).persist()
    # candidate edges: joins on blocking keys, and each syndicated copy to the report it repeats
    blocks = with_stats.flatMap(lambda kv: fusion.report_blocks(*kv[1]))
    edges = blocks.groupByKey(partitions).flatMap(lambda kv: fusion.block_edges(kv[1]))
    keyed = rows.map(lambda row: (fusion.copy_keys(row), row[0]))
    copies = (keyed.filter(lambda kn: kn[0][1] is not None).map(lambda kn: (kn[0][1], kn[1]))
              .join(keyed.map(lambda kn: (kn[0][0], kn[1])), partitions).map(lambda kv: kv[1]))
    edges = edges.union(copies).persist()
    labels, rounds = components(edges, partitions)
    # every report to its component (a report without edges is one alone), then one clusterer per component
    comp = with_stats.leftOuterJoin(labels, partitions).map(
        lambda kv: (kv[1][1] if kv[1][1] is not None else kv[0], kv[1][0]))
    grouped = comp.groupByKey(partitions).persist()
    sizes = grouped.map(lambda kv: len(kv[1]))
    n_comp, largest, linked = sizes.aggregate(
        (0, 0, 0), lambda a, s: (a[0] + 1, max(a[1], s), a[2] + (s > 1)),
        lambda a, b: (a[0] + b[0], max(a[1], b[1]), a[2] + b[2]))
    out = grouped.flatMap(lambda kv: fusion.cluster_component(kv[1], decision)).persist()
    members = spark.createDataFrame(out.filter(lambda t: t[0] == "m").map(lambda t: t[1]), MEMBER_SCHEMA)
    incidents = spark.createDataFrame(
        out.filter(lambda t: t[0] == "i").map(lambda t: fusion.incident_row(*t[1])), incident_schema())
    info = {"reports": rows.count(), "candidate_edges": edges.count(), "components": n_comp,
            "components_linked": linked, "largest_component": largest, "components_rounds": rounds}
    return Fusion(incidents, members, info, [rows, with_stats, edges, grouped, out])


def _row(value: tuple[Any, int], n: int, links: dict[str, str]) -> fusion.ReportRow:
    (aid, idx, published, outlet, title, event), seq = value
    return (n, seq, idx, aid, published, outlet, links.get(aid), event, title)


def incident_schema() -> Any:
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    longs = {"n_reports", "n_outlets"}
    return StructType([*(StructField(c, LongType() if c in longs else StringType()) for c in fusion.incident_cols()),
                       StructField("first_seq", LongType()), StructField(MONTH_COL, StringType(), False)])


def write(incidents: DataFrame, members: DataFrame, out: str) -> int:
    """OUT/incidents/ by month of the incident's start, in the order of their first report; OUT/incident_reports/."""
    (incidents.repartition(MONTH_COL).sortWithinPartitions(MONTH_COL, "first_seq", "id")
     .write.mode("overwrite").partitionBy(MONTH_COL).parquet(f"{out}/incidents"))
    members.coalesce(1).sortWithinPartitions("article_id", "idx").write.mode("overwrite").parquet(
        f"{out}/incident_reports")
    return int(incidents.count())
