"""Incidents in the Spark job: reports in storing order, word counts by window functions, candidate edges by joins
on blocking keys (never all pairs), connected components (union-find on the driver for a graph that fits, else
large-star/small-star joins), one clusterer per component.

Exact: each component's reports are clustered as `rasd ingest` clusters them (see `rasd.spark.fusion`), so the
job's incidents are the store's, with the same ids, members and records.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F

from rasd.spark import fusion

MONTH_COL = "start_month"
MEMBER_SCHEMA = "article_id STRING, idx INT, incident_id STRING"
MAX_ROUNDS = 64
DRIVER_EDGES = 20_000_000  # candidate edges up to which the driver finds the components (320 MB as two longs)


def components(edges: DataFrame, n_edges: int, driver_limit: int | None = None) -> tuple[DataFrame, int]:
    """(n, root) for every node with an edge, root the smallest node of its component, and the rounds of joins it
    took (0: found on the driver). Up to `driver_limit` edges (default DRIVER_EDGES; 16 bytes each) the driver
    collects them and runs union-find, one pass; above it, large-star/small-star joins (`stars`) find them on the
    cluster."""
    if n_edges > (DRIVER_EDGES if driver_limit is None else driver_limit):
        return stars(edges)
    table = edges.select("u", "v").toArrow()
    labels = fusion.components_locally((), zip(table.column("u").to_pylist(), table.column("v").to_pylist(),
                                               strict=True))
    spark = edges.sparkSession
    return spark.createDataFrame(sorted(labels.items()) or [], "n LONG, root LONG"), 0


def stars(edges: DataFrame) -> tuple[DataFrame, int]:
    """`components` by joins: large-star and small-star (Kiveris et al., 2014) alternated until the edges stop
    changing, O(log^2 n) rounds. `edges`: columns u, v (longs). All in Spark SQL: no Python in the loop."""
    u, v = F.col("u"), F.col("v")
    e = edges.where(u != v).select(F.greatest(u, v).alias("u"), F.least(u, v).alias("v")).distinct()
    e = e.localCheckpoint()  # each round's edges are materialised once: the lineage stops growing
    size, rounds = e.count(), 0
    while True:
        rounds += 1
        # large star: every neighbour above u hangs from the smallest node of u's neighbourhood
        both = e.unionByName(e.select(v.alias("u"), u.alias("v")))
        low = both.groupBy("u").agg(F.min("v").alias("m"))
        large = both.join(low, "u").where(v > u).select(v.alias("a"), F.least(u, F.col("m")).alias("b"))
        # small star: u and every neighbour below it hang from the smallest of them
        down = large.select(F.greatest("a", "b").alias("u"), F.least("a", "b").alias("v"))
        low = down.groupBy("u").agg(F.min("v").alias("m"))
        small = down.join(low, "u").select(v.alias("a"), "m").unionByName(low.select(u.alias("a"), "m"))
        nxt = (small.where(F.col("a") != F.col("m"))
               .select(F.greatest("a", "m").alias("u"), F.least("a", "m").alias("v")).distinct().localCheckpoint())
        n_next = nxt.count()
        changed = n_next != size or nxt.exceptAll(e).limit(1).count() > 0  # both are sets of edges
        e, size = nxt, n_next
        if not changed or rounds >= MAX_ROUNDS:
            break
    if changed:
        raise RuntimeError(f"connected components did not settle in {MAX_ROUNDS} rounds")
    labels = (e.select(u.alias("n"), v.alias("root")).unionByName(e.select(v.alias("n"), v.alias("root")))
              .groupBy("n").agg(F.min("root").alias("root")))
    return labels, rounds


def block_edges(entries: DataFrame) -> DataFrame:
    """Candidate edges (u, v) from block entries (block, probes, n), linear per block (`fusion.block_edges`): a
    prober after the block's first filed report meets it, and so does every filed report with a prober after it."""
    n = F.col("n")
    ends = entries.groupBy("block").agg(F.min(F.when(~F.col("probes"), n)).alias("first"),
                                        F.max(F.when(F.col("probes"), n)).alias("last"))
    ends = ends.where(F.col("first").isNotNull() & F.col("last").isNotNull())
    meets = (n > F.col("first")) & (F.col("probes") | (n < F.col("last")))
    return entries.join(ends, "block").where(meets).select(n.alias("u"), F.col("first").alias("v"))


def _placed(articles: Any, partitions: int) -> tuple[Any, int]:
    """(article id, (seq, reports before it)) for every stored article, numbered 1, 2 ... in reading order as the
    store numbers them; and the number of reports. `articles`: RDD of (order key, article id, its reports:
    events and what it set aside)."""
    ordered = articles.map(lambda a: (a[0], (a[1], a[2]))).sortByKey(numPartitions=partitions)
    sums = dict(ordered.mapPartitionsWithIndex(lambda i, it: [(i, _count_sum(it))]).collect())
    offsets, seen = {}, (0, 0)
    for i in sorted(sums):
        offsets[i] = seen
        seen = (seen[0] + sums[i][0], seen[1] + sums[i][1])

    def place(i: int, it: Iterable[tuple[Any, tuple[str, int]]]) -> Iterator[tuple[str, tuple[int, int]]]:
        seq, n = offsets[i]
        for _, (aid, k) in it:
            seq += 1
            yield aid, (seq, n)
            n += k

    return ordered.mapPartitionsWithIndex(place), seen[1]


def _count_sum(it: Iterable[tuple[Any, tuple[str, int]]]) -> tuple[int, int]:
    count = total = 0
    for _, (_aid, k) in it:
        count += 1
        total += k
    return count, total


@dataclass
class Fusion:
    """The job's incidents and memberships (DataFrames over persisted data: release() when written), and figures."""

    incidents: DataFrame
    members: DataFrame
    info: dict[str, Any]
    cached: list[Any] = field(default_factory=list)

    def release(self) -> None:
        for data in self.cached:
            data.unpersist()


def fuse(spark: SparkSession, reports: Any, articles: Any, links: dict[str, str], partitions: int,
         decision: str | None = None, driver_limit: int | None = None) -> Fusion:
    """Incidents and memberships of the job's reports.

    `reports`: DataFrame (aid, idx, published, outlet, title, event JSON, words: `rows.REPORT_COLS`) of every stored
    article's reports, events and what it set aside (near-duplicates' too, as the store fuses them); `articles`:
    RDD of (order key, article id, number of reports) of every stored article; `links`: duplicate_of by article id;
    `decision`: the link decision (None: RASD_FUSE_DECISION of the driver, else the hand rule, as `rasd ingest`
    chooses it); `driver_limit`: see `components`.

    Python reads each report twice: for its blocks, and in its component's clusterer; the ranks, word counts,
    block joins and the grouping by component run in Spark SQL."""
    decision = decision or os.environ.get("RASD_FUSE_DECISION") or None  # resolved here: executors may lack it
    fusion.decision_of(decision)  # an unknown name fails here, before any task
    placed, n_reports = _placed(articles, partitions)
    place = spark.createDataFrame(placed.map(lambda kv: (kv[0], *kv[1])), "aid STRING, seq LONG, before LONG")
    reps = reports
    dups = spark.createDataFrame(sorted(links.items()) or [], "aid STRING, dup STRING")
    # every report with n, its rank in the store's order (article seq, then event idx), and its words' counts
    rows = (reps.join(place, "aid").join(F.broadcast(dups), "aid", "left")
            .withColumn("n", F.col("before") + F.col("idx")))
    one = rows.select("n", F.explode("words").alias("word"))
    before = F.row_number().over(Window.partitionBy("word").orderBy("n")) - 1
    counts = (one.select("n", F.struct("word", before.alias("df")).alias("wd"))
              .groupBy("n").agg(F.map_from_entries(F.collect_list("wd")).alias("df")))
    full = rows.join(counts, "n", "left").select(*ROW_COLS, "df").persist()
    lists = spark.createDataFrame(full.rdd.map(lambda r: fusion.report_blocks(*_with_stats(r))),
                                  "n LONG, probed ARRAY<LONG>, filed ARRAY<LONG>").localCheckpoint()  # read twice
    entries = lists.select(F.explode("probed").alias("block"), F.lit(True).alias("probes"), "n").unionByName(
        lists.select(F.explode("filed").alias("block"), F.lit(False).alias("probes"), "n"))
    edges = block_edges(entries).localCheckpoint()
    n_edges = edges.count()
    labels, rounds = components(edges, n_edges, driver_limit)
    labels = labels.localCheckpoint()
    sizes = labels.groupBy("root").count().agg(F.count("*"), F.max("count"), F.sum("count")).first()
    assert sizes is not None  # an aggregate without grouping has one row
    roots, largest, linked_reports = (int(x or 0) for x in sizes)
    # every report to its component (a report without edges is one alone), then one clusterer per component: the
    # components' reports lie together, in storing order, and each task streams through its partition
    ordered = (full.join(labels, "n", "left").withColumn("comp", F.coalesce("root", "n"))
               .repartition(partitions, "comp").sortWithinPartitions("comp", "n"))
    out = ordered.rdd.mapPartitions(lambda it: _cluster_partition(it, decision)).persist()
    members = spark.createDataFrame(out.filter(lambda t: t[0] == "m").map(lambda t: t[1]), MEMBER_SCHEMA)
    incidents = spark.createDataFrame(out.filter(lambda t: t[0] == "i").map(lambda t: fusion.incident_row(*t[1])),
                                      incident_schema()).persist()
    info = {"reports": n_reports, "candidate_edges": n_edges,
            "components": roots + n_reports - linked_reports, "components_linked": roots,
            "largest_component": max(largest, 1 if n_reports else 0), "components_rounds": rounds}
    return Fusion(incidents, members, info, [full, out, incidents])


ROW_COLS = ("n", "seq", "idx", "aid", "published", "outlet", "dup", "event", "title")  # a fusion.ReportRow


def _with_stats(r: Any) -> tuple[fusion.ReportRow, fusion.Stats]:
    """A report row of the DataFrame as (ReportRow, Stats): its words' counts over the reports before it."""
    row = tuple(r[c] for c in ROW_COLS)
    return row, (r["df"] or {}, r["n"])  # type: ignore[return-value]


def _cluster_partition(rows: Iterable[Any], decision: str | None) -> Iterator[tuple[str, Any]]:
    """The incidents of one partition's components, its rows sorted by component and rank."""
    for _, members in groupby(rows, key=lambda r: r["comp"]):
        yield from fusion.cluster_component((_with_stats(r) for r in members), decision)


def incident_schema() -> Any:
    from pyspark.sql.types import BooleanType, LongType, StringType, StructField, StructType

    kinds = {"n_reports": LongType(), "n_outlets": LongType(), "in_passing": BooleanType()}
    return StructType([*(StructField(c, kinds.get(c, StringType())) for c in fusion.incident_cols()),
                       StructField("first_seq", LongType()), StructField(MONTH_COL, StringType(), False)])


def write(incidents: DataFrame, members: DataFrame, out: str) -> int:
    """OUT/incidents/ by month of the incident's start, in the order of their first report; OUT/incident_reports/."""
    (incidents.repartition(MONTH_COL).sortWithinPartitions(MONTH_COL, "first_seq", "id")
     .write.mode("overwrite").partitionBy(MONTH_COL).parquet(f"{out}/incidents"))
    members.coalesce(1).sortWithinPartitions("article_id", "idx").write.mode("overwrite").parquet(
        f"{out}/incident_reports")
    return int(incidents.count())
