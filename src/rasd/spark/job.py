"""The Spark job: read, keep each article id once, run `Pipeline.pipe` per partition (resources loaded once per
executor process), link near-duplicates by LSH blocks, fuse reports into incidents by blocking-key joins
(`rasd.spark.incidents`), write events, mentions, articles, errors and incidents as Parquet."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import islice
from typing import Any

from pyspark import AccumulatorParam, StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from rasd.exports import FLAT_COLS
from rasd.ingest.records import ReadError
from rasd.ingest.runner import DEFAULT_PROCESSOR, Process, load_processor, process_batch
from rasd.model import Article
from rasd.spark import incidents, inputs, linking
from rasd.spark.rows import (
    ARTICLE,
    ARTICLE_COLS,
    ERROR,
    EVENT,
    MENTION,
    MENTION_COLS,
    MONTH_COL,
    REPEAT,
    REPORT,
    article_row,
    error_row,
    event_rows,
    mention_rows,
    report_rows,
    spark_schemas,
    stored_events,
    wide_row,
    wide_schema,
)

TABLES = ("events", "mentions", "articles")
N_EVENTS = ARTICLE_COLS.index("n_events")


@dataclass(frozen=True, kw_only=True)
class JobOptions:
    """One run: the sources (any Hadoop path or glob), the output folder, and how to split the work."""

    sources: tuple[str, ...]
    out: str
    published: dt.date | None = None  # for articles whose source gives no date
    partitions: int | None = None  # pipeline partitions (default: 4 per core of the cluster)
    batch_size: int = 64
    include_duplicates: bool = False  # as `rasd export`: a near-duplicate's events repeat its first copy's
    processor: str = DEFAULT_PROCESSOR
    fuse: bool = True  # incidents as `rasd ingest` fuses them: OUT/incidents/ and OUT/incident_reports/


_PROCESS: Process | None = None


class _Pids(AccumulatorParam):  # type: ignore[type-arg]
    """The set of process ids that ran the pipeline."""

    def zero(self, value: set[int]) -> set[int]:
        return set()

    def addInPlace(self, a: set[int], b: set[int]) -> set[int]:
        a |= b
        return a


def _processor(spec: str, batch_size: int, loads: Any, pids: Any) -> Process:
    """The pipeline of this Python worker process, built on first use and kept for the process's next tasks."""
    global _PROCESS
    if _PROCESS is None:
        _PROCESS = load_processor(spec, batch_size)
        loads.add(1)
    pids.add({os.getpid()})
    return _PROCESS


def process_partition(
    items: Iterable[tuple[Any, tuple[tuple[Any, Article | ReadError], int]]], spec: str, batch_size: int,
    loads: Any, pids: Any, fuse: bool = False,
) -> Iterator[tuple[str, Any]]:
    """Run the pipeline over one partition of (key, ((order key, article or read error), copies)); yield tagged
    output rows. The pipeline is built on the partition's first article."""
    it = iter(items)
    while chunk := list(islice(it, batch_size)):
        keyed: list[tuple[Any, Article]] = []
        for _, ((okey, item), copies) in chunk:
            if isinstance(item, ReadError):
                yield ERROR, error_row(item)
                continue
            keyed.append((okey, item))
            if copies > 1:
                yield REPEAT, copies - 1
        if not keyed:
            continue
        process = _processor(spec, batch_size, loads, pids)
        for (okey, article), o in zip(keyed, process_batch(process, [a for _, a in keyed]), strict=True):
            if o.report is None:
                yield ERROR, error_row(o.error or "pipeline error", article)
                continue
            yield ARTICLE, (okey, article_row(o))
            stored = stored_events(o.report)
            for row in event_rows(article, stored):
                yield EVENT, row
            for row in mention_rows(article, o.report):
                yield MENTION, row
            if fuse:
                for row in report_rows(article, o.report, stored):
                    yield REPORT, (okey, *row)


def _first(a: tuple[tuple[Any, Article], int], b: tuple[tuple[Any, Article], int]) -> tuple[tuple[Any, Article], int]:
    """Of two reads of one article id, the one read first (as `rasd ingest` keeps), counting the copies."""
    return (min(a[0], b[0], key=lambda x: x[0]), a[1] + b[1])


def read_items(spark: SparkSession, options: JobOptions) -> Any:
    """An RDD of (order key, Article or ReadError) over every source."""
    sc = spark.sparkContext
    files, missing = inputs.list_inputs(spark, options.sources)
    default = options.published
    rdds: list[Any] = []
    if missing:
        rdds.append(sc.parallelize([((inputs.MISSING_RANK, i, 0), e) for i, e in enumerate(missing)], 1))
    whole = [f for f in files if f.kind == "whole"]
    if whole:
        ranks = {inputs.path_key(f.path): f.rank for f in whole}
        joined = ",".join(f.path.replace(",", "\\,") for f in whole)
        rdds.append(sc.binaryFiles(joined, minPartitions=len(whole)).flatMap(
            lambda kv: inputs.read_whole(kv[0], kv[1], ranks[inputs.path_key(kv[0])], default)))
    for kind in ("lines", "parquet"):
        chosen = [f for f in files if f.kind == kind]
        if not chosen:
            continue
        paths = [f.path for f in chosen]
        raw = spark.read.text(paths) if kind == "lines" else spark.read.option("mergeSchema", "true").parquet(*paths)
        df = raw.select(
            "*", F.col("_metadata.file_path").alias(inputs.PATH_COL),
            F.col("_metadata.file_block_start").alias(inputs.BLOCK_COL))
        splits: dict[str, list[tuple[int, int]]] = {}
        for r in df.groupBy(inputs.PATH_COL, inputs.BLOCK_COL).count().collect():
            splits.setdefault(inputs.path_key(r[0]), []).append((int(r[1]), int(r[2])))
        bases = {}
        for path, blocks in splits.items():
            seen = 0
            for block, n in sorted(blocks):
                bases[(path, block)] = seen
                seen += n
        kranks = {inputs.path_key(f.path): f.rank for f in chosen}
        rdds.append(df.rdd.mapPartitions(partial(inputs.read_rows, kind=kind, ranks=kranks, bases=bases,
                                                 default_date=default)))
    if not rdds:
        return sc.emptyRDD()
    return sc.union(rdds) if len(rdds) > 1 else rdds[0]


def _write(df: DataFrame, path: str, partitioned: bool, order: list[str]) -> None:
    if partitioned:
        df = df.repartition(MONTH_COL).sortWithinPartitions(MONTH_COL, *order)
        df.write.mode("overwrite").partitionBy(MONTH_COL).parquet(path)
    else:
        df.coalesce(1).sortWithinPartitions(*order).write.mode("overwrite").parquet(path)


def run(spark: SparkSession, options: JobOptions) -> dict[str, Any]:
    """Run the job; returns its summary (counts as `rasd ingest` gives them, and where the output went)."""
    t0 = time.perf_counter()
    sc = spark.sparkContext
    spark.conf.set("spark.sql.sources.partitionOverwriteMode", "dynamic")  # a re-run replaces only its months
    schemas = spark_schemas()
    partitions = options.partitions or 4 * sc.defaultParallelism
    small = max(1, partitions // 4)  # partitions for the steps after the pipeline: little data, many steps
    if not sc.getConf().contains("spark.sql.shuffle.partitions"):  # Spark's 200 is many tasks of nothing here
        spark.conf.set("spark.sql.shuffle.partitions", str(small))
    out = options.out.rstrip("/")

    # each article id once (the first read, as `rasd ingest` keeps), spread over the partitions; read errors too
    articles = (read_items(spark, options)
                .map(lambda kv: (kv[1].id if isinstance(kv[1], Article) else ("!", kv[0]), (kv, 1)))
                .reduceByKey(_first, partitions))
    loads, pids = sc.accumulator(0), sc.accumulator(set(), _Pids())
    spec, batch_size, fuse = options.processor, options.batch_size, options.fuse
    rows = articles.mapPartitions(lambda it: process_partition(it, spec, batch_size, loads, pids, fuse))
    # one wide table of every output row, cached by Spark: the pipeline runs once, Python converts each row once, and
    # each table is a filter and a projection of it
    wide = spark.createDataFrame(rows.map(wide_row), wide_schema(schemas)).persist(StorageLevel.MEMORY_AND_DISK)
    fused: incidents.Fusion | None = None
    cached: list[Any] = [wide]
    try:
        tag = F.col("tag")
        counts = {r[0]: int(r[2] if r[0] == REPEAT else r[1])
                  for r in wide.groupBy("tag").agg(F.count("*"), F.sum("copies")).collect()}
        art = wide.where(tag == ARTICLE)
        # (order key, id, content hash, signature, events) of each article, for linking and fusion
        heads = art.select("okey", "article.id", "article.content_hash", "article.minhash", "article.n_events").rdd.map(
            lambda r: (tuple(r[0]), r[1], r[2], r[3], r[4])).persist()
        cached.append(heads)
        links = linking.link(spark, heads.map(lambda h: h[:4]))
        dup_schema = "article_id STRING, link STRING"
        dups = spark.createDataFrame(sorted(links.items()) or [], dup_schema)

        events = wide.where(tag == EVENT).select("event.*")
        events = (events.drop("duplicate_of").join(F.broadcast(dups), "article_id", "left")
                  .withColumn("duplicate_of", F.col("link")).select(*FLAT_COLS, MONTH_COL))
        if not options.include_duplicates:
            events = events.where(F.col("duplicate_of").isNull())
        mentions = wide.where(tag == MENTION).select("mention.*")
        arts = art.select("article.*").drop("duplicate_of")
        arts = (arts.join(F.broadcast(dups.withColumnRenamed("article_id", "id")), "id", "left")
                .withColumn("duplicate_of", F.col("link")).select(*ARTICLE_COLS, MONTH_COL))
        errors = wide.where(tag == ERROR).select("error.*")

        _write(events, f"{out}/events", True, ["article_id", "idx"])
        _write(mentions, f"{out}/mentions", True, ["article_id", "idx"])
        _write(arts, f"{out}/articles", True, ["id"])
        _write(errors, f"{out}/errors", False, ["source", "position"])

        grouped = Counter({(r[0], r[1]): r[2] for r in errors.groupBy("kind", "reason_group").count().collect()})
        examples = errors.where("kind != 'empty'").select("kind", "reason_group", "source", "position", "reason")
        summary = _summary(counts, grouped, examples.limit(200).collect(), len(links))
        summary.update(pipeline_loads=int(loads.value), pipeline_processes=len(pids.value))
        if fuse:  # incidents over every stored article's events (near-duplicates' too, as the store fuses them)
            t1 = time.perf_counter()
            reports = wide.where(tag == REPORT).select("report.*")
            # every stored article with how many reports it gives (its events and what it set aside)
            told = reports.groupBy("aid").count().rdd.map(lambda r: (r[0], r[1]))
            articles = heads.map(lambda h: (h[1], h[0])).leftOuterJoin(told).map(
                lambda kv: (kv[1][0], kv[0], kv[1][1] or 0))
            fused = incidents.fuse(spark, reports, articles, links, small)
            n_incidents = incidents.write(fused.incidents, fused.members, out)
            summary["incidents"] = {"incidents": n_incidents, **fused.info,
                                    "seconds": round(time.perf_counter() - t1, 2)}
    finally:
        if fused is not None:
            fused.release()
        for data in cached:
            data.unpersist()
    summary.update(out=out, seconds=round(time.perf_counter() - t0, 2), partitions=partitions)
    return summary


def _summary(counts: dict[str, int], grouped: Counter[tuple[str, str]], examples: list[Any], duplicates: int
             ) -> dict[str, Any]:
    failed = {g: n for (k, g), n in grouped.items() if k == "failed"}
    warnings = {g: n for (k, g), n in grouped.items() if k == "warning"}
    ex: dict[str, list[str]] = {}
    for kind, group, source, position, reason in examples:
        lst = ex.setdefault(group if kind == "failed" else f"warning: {group}", [])
        if len(lst) < 3:
            lst.append(f"{source}:{position}: {reason}" if position else f"{source}: {reason}")
    stored = counts.get(ARTICLE, 0)
    failed_pipeline = sum(n for (k, g), n in grouped.items() if k == "failed" and g.startswith("pipeline error"))
    return {
        "read": stored + failed_pipeline + counts.get(REPEAT, 0), "stored": stored, "skipped": counts.get(REPEAT, 0),
        "duplicates": duplicates, "events": counts.get(EVENT, 0), "mentions": counts.get(MENTION, 0),
        "empty": sum(n for (k, _), n in grouped.items() if k == "empty"), "failed": failed, "warnings": warnings,
        "examples": ex,
    }


def n_failed(summary: dict[str, Any]) -> int:
    return sum(summary["failed"].values())


__all__ = ["MENTION_COLS", "TABLES", "JobOptions", "n_failed", "run"]
