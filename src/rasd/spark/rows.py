"""Output rows of the Spark job: events as `rasd export --format parquet` writes them, mentions and articles as the
store keeps them, failed records with their reason; and the Spark schemas of those tables.

Every row ends with its partition value, the article's publication month ('YYYY-MM', or 'unknown')."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from rasd.exports import FLAT_COLS, FLOAT_COLS, flat
from rasd.fuse.features import event_words
from rasd.ingest.records import ReadError
from rasd.ingest.runner import Outcome, _group
from rasd.model import Article
from rasd.store.schema import dumps, mention_row, set_aside_reports

MONTH_COL = "published_month"
UNKNOWN_MONTH = "unknown"
EVENT_DOUBLES = FLOAT_COLS
EVENT_LONGS = frozenset({"idx", "geonameid", "evidence_start", "evidence_end"} |
                        {c for c in FLAT_COLS if c.endswith(("_min", "_max"))})
MENTION_COLS = ("article_id", "idx", "actor_id", "name", "text", "span_start", "span_end", "mention")
MENTION_INTS = frozenset({"idx", "span_start", "span_end"})
# the store's article columns, less seq and ingested_at (which depend on when and in what batches a run stored)
ARTICLE_COLS = ("id", "title", "published", "outlet", "url", "source", "text", "duplicate_of", "content_hash",
                "minhash", "n_events", "versions")
ERROR_COLS = ("source", "position", "article_id", "kind", "reason", "reason_group")

# tags of the rows a partition yields
ARTICLE, EVENT, MENTION, ERROR, REPEAT, REPORT = "A", "E", "M", "X", "R", "F"


def month_of(article: Article) -> str:
    return article.published.strftime("%Y-%m") if article.published else UNKNOWN_MONTH


def _event_value(col: str, v: Any) -> Any:
    if v is None:
        return None
    if col in EVENT_DOUBLES:
        return float(v)
    if col in EVENT_LONGS:
        return int(v)
    return str(v)


def stored_events(report: dict[str, Any]) -> list[str]:
    """Each event of a report as the store keeps it (`rasd.store.schema.event_row`): JSON text, made once."""
    return [dumps(ev) for ev in report.get("events") or []]


def event_rows(article: Article, stored_json: list[str]) -> Iterator[tuple[Any, ...]]:
    """The export's flat rows of one article's events (duplicate_of left None: linking comes later).

    Each event makes the same round trip through JSON as in the store (`rasd.store.schema.event_row`, `event_dict`).
    """
    month = month_of(article)
    published = article.published.isoformat() if article.published else None
    for i, text in enumerate(stored_json):
        stored = json.loads(text)
        merged = {"article_id": article.id, "idx": i, "title": article.title, "published": published,
                  "outlet": article.outlet, "url": article.url, "duplicate_of": None, **stored}
        row = flat(merged)
        yield (*(_event_value(c, row[c]) for c in FLAT_COLS), month)


def report_rows(article: Article, report: dict[str, Any], stored_json: list[str]) -> Iterator[tuple[Any, ...]]:
    """What incident fusion reads of each event and of each report set aside (numbered after the events), as the
    store holds them: (article id, idx, published, outlet, title, event JSON as `rasd.store.schema.rows_for` stores
    it, the words fusion weighs)."""
    told = list(enumerate(zip(report.get("events") or [], stored_json, strict=True)))
    told += [(i, (ev, dumps(ev))) for i, ev in set_aside_reports(report)]
    for i, (ev, text) in told:
        yield (article.id, i, article.published, article.outlet, article.title, text, sorted(event_words(ev)))


def mention_rows(article: Article, report: dict[str, Any]) -> Iterator[tuple[Any, ...]]:
    """The store's mention rows of one article (from the report's actors, as `rasd.store.schema.rows_for`)."""
    month = month_of(article)
    for i, m in enumerate(report.get("actors") or []):
        if isinstance(m, dict):
            row = mention_row(article.id, i, m)
            yield (*(v if v is None or c in MENTION_INTS else str(v) for c, v in zip(MENTION_COLS, row, strict=True)),
                   month)


def article_row(o: Outcome) -> tuple[Any, ...]:
    a, report = o.article, o.report or {}
    return (a.id, a.title, a.published, a.outlet, a.url, a.source, a.text, None, o.chash, o.sig,
            len(report.get("events") or []), dumps(report.get("versions") or {}), month_of(a))


def error_row(err: ReadError | str, article: Article | None = None) -> tuple[Any, ...]:
    """A failed record: a ReadError (failed, empty, or a warning on a kept article) or a pipeline error."""
    if isinstance(err, ReadError):
        kind = "empty" if err.empty else "warning" if err.kept else "failed"
        return (err.source, err.position, None, kind, err.reason, _group(err.reason))
    assert article is not None
    return (article.source, "", article.id, "failed", err, _group(err))


def spark_schemas() -> dict[str, Any]:
    """The Spark schemas of the four tables (partition column last)."""
    from pyspark.sql.types import (
        BinaryType,
        DateType,
        DoubleType,
        IntegerType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    def ev_type(c: str) -> Any:
        return DoubleType() if c in EVENT_DOUBLES else LongType() if c in EVENT_LONGS else StringType()

    month = StructField(MONTH_COL, StringType(), False)
    art_types = {"published": DateType(), "minhash": BinaryType(), "n_events": IntegerType()}
    return {
        "events": StructType([*(StructField(c, ev_type(c)) for c in FLAT_COLS), month]),
        "mentions": StructType([
            *(StructField(c, IntegerType() if c in MENTION_INTS else StringType()) for c in MENTION_COLS), month]),
        "articles": StructType([*(StructField(c, art_types.get(c, StringType())) for c in ARTICLE_COLS), month]),
        "errors": StructType([StructField(c, StringType()) for c in ERROR_COLS]),
    }


REPORT_COLS = ("aid", "idx", "published", "outlet", "title", "event", "words")
WIDE_SLOTS = {ARTICLE: 3, EVENT: 4, MENTION: 5, ERROR: 6, REPORT: 7}


def wide_row(tagged: tuple[str, Any]) -> tuple[Any, ...]:
    """A tagged row of `process_partition` as a row of the job's one wide table: (tag, order key, copies, article,
    event, mention, error, report), the slots of other kinds empty."""
    tag, value = tagged
    out: list[Any] = [tag, None, None, None, None, None, None, None]
    if tag == REPEAT:
        out[2] = value
    elif tag in (ARTICLE, REPORT):
        out[1] = list(value[0])
        out[WIDE_SLOTS[tag]] = value[1] if tag == ARTICLE else tuple(value[1:])
    else:
        out[WIDE_SLOTS[tag]] = value
    return tuple(out)


def wide_schema(schemas: dict[str, Any]) -> Any:
    """The schema of the wide table: every table's row as a struct column, filled for rows of its kind."""
    from pyspark.sql.types import ArrayType, DateType, LongType, StringType, StructField, StructType

    report = StructType([StructField("aid", StringType()), StructField("idx", LongType()),
                         StructField("published", DateType()), StructField("outlet", StringType()),
                         StructField("title", StringType()), StructField("event", StringType()),
                         StructField("words", ArrayType(StringType()))])
    return StructType([
        StructField("tag", StringType(), False), StructField("okey", ArrayType(LongType())),
        StructField("copies", LongType()), StructField("article", schemas["articles"]),
        StructField("event", schemas["events"]), StructField("mention", schemas["mentions"]),
        StructField("error", schemas["errors"]), StructField("report", report),
    ])

