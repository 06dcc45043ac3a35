"""Resumable, idempotent ingest: read, skip what is stored, process in worker processes, link copies, store."""

from __future__ import annotations

import datetime as dt
import importlib
import multiprocessing as mp
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasd.ingest.dedup import Deduper, signature
from rasd.ingest.records import ReadError, content_hash
from rasd.ingest.sources import ReadProgress, read_sources
from rasd.model import Article
from rasd.store import Store
from rasd.store.schema import Record

Process = Callable[[list[Article]], list[dict[str, Any]]]
DEFAULT_PROCESSOR = "rasd.ingest.runner:pipeline_processor"


def pipeline_processor(batch_size: int = 64) -> Process:
    """The real processor: rasd's default pipeline, each Report turned into its JSON-ready dict."""
    from rasd.output import report_to_dict  # type: ignore[import-not-found]
    from rasd.pipeline import default_pipeline  # type: ignore[import-not-found]

    pipeline = default_pipeline()

    def process(articles: list[Article]) -> list[dict[str, Any]]:
        return [report_to_dict(r) for r in pipeline.pipe(articles, batch_size=batch_size)]

    return process


def load_processor(spec: str, batch_size: int) -> Process:
    """Build the processor named 'module:factory' (the factory takes batch_size)."""
    module, _, name = spec.partition(":")
    factory = getattr(importlib.import_module(module), name or "processor")
    return factory(batch_size=batch_size)


@dataclass
class Outcome:
    """What a worker made of one article: its report dict, content hash and MinHash; or why it failed."""

    article: Article
    report: dict[str, Any] | None
    chash: str
    sig: bytes | None
    error: str | None = None


_PROCESS: Process | None = None


def _init_worker(spec: str, batch_size: int) -> None:
    global _PROCESS
    _PROCESS = load_processor(spec, batch_size)


def _process_batch(articles: list[Article]) -> list[Outcome]:
    assert _PROCESS is not None, "worker not initialised"
    return process_batch(_PROCESS, articles)


def process_batch(process: Process, articles: list[Article]) -> list[Outcome]:
    """Run the processor on a batch; if the batch fails, article by article so one bad article fails alone."""
    try:
        reports: list[dict[str, Any] | None] = list(process(articles))
        if len(reports) != len(articles):
            raise RuntimeError(f"processor returned {len(reports)} reports for {len(articles)} articles")
        errors: list[str | None] = [None] * len(articles)
    except Exception:
        reports, errors = [], []
        for a in articles:
            try:
                (r,) = process([a])
                reports.append(r)
                errors.append(None)
            except Exception as e:
                reports.append(None)
                errors.append(f"pipeline error: {type(e).__name__}: {e}"[:300])
    return [
        Outcome(a, r, content_hash(a.text), signature(a.text) if r is not None else None, err)
        for a, r, err in zip(articles, reports, errors, strict=True)
    ]


@dataclass
class IngestSummary:
    """Counts of one ingest run, and the reasons of what failed (grouped) with a few examples each."""

    read: int = 0
    stored: int = 0
    skipped: int = 0  # already stored (or the same id twice in the input)
    duplicates: int = 0  # stored and linked to an earlier near-identical article
    events: int = 0
    empty: int = 0  # records with no text: skipped, not failures (unless the caller chooses so)
    failed: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def n_failed(self) -> int:
        return sum(self.failed.values())

    def note(self, err: ReadError | str, where: str = "") -> None:
        if isinstance(err, ReadError):
            reason, where = _group(err.reason), str(err)
            if err.empty:
                self.empty += 1
            else:
                (self.warnings if err.kept else self.failed)[reason] += 1
        else:
            reason = _group(err)
            self.failed[reason] += 1
            detail = err.rsplit("': ", 1)[-1] if "': " in err else err  # the message after the article id
            where = f"{where}: {detail}"[:300] if where else detail
        ex = self.examples.setdefault(reason, [])
        if len(ex) < 3:
            ex.append(where)

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read, "stored": self.stored, "skipped": self.skipped, "duplicates": self.duplicates,
            "events": self.events, "empty": self.empty, "failed": dict(self.failed), "warnings": dict(self.warnings),
            "examples": self.examples, "seconds": round(self.seconds, 2),
        }


def _group(reason: str) -> str:
    """A reason without its variable details (column numbers, byte offsets) so that alike failures group."""
    if reason.startswith("pipeline error"):  # "pipeline error: PipelineError: stage dates@1 failed on article ..."
        stage = re.search(r"stage (\S+) failed", reason)
        exc = reason.split(":")[1].strip() if reason.count(":") >= 2 else ""
        return f"pipeline error in stage {stage.group(1)}" if stage else f"pipeline error: {exc}".rstrip(": ")
    variable = reason.startswith(("invalid JSON", "unparseable date"))
    head = reason.split(":", 1)[0] if variable else reason
    if head.startswith("unparseable date"):
        head = "unparseable date"
    return head.split(" (byte")[0].split(" at char")[0]


def _batches(
    items: Iterable[Article | ReadError], size: int, summary: IngestSummary
) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for item in items:
        if isinstance(item, ReadError):
            summary.note(item)
            continue
        summary.read += 1
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    paths: Sequence[str | Path],
    store: Store,
    *,
    workers: int = 1,
    batch_size: int = 64,
    processor: str = DEFAULT_PROCESSOR,
    published: dt.date | None = None,
    progress: ReadProgress | None = None,
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Ingest `paths` into `store`: resumable (stored ids are skipped) and idempotent (each article once).

    With workers > 1, each worker process builds its own processor and the calling process is the only writer;
    each batch is committed in one transaction, in input order, so a killed run loses only uncommitted batches.
    """
    t0 = time.perf_counter()
    summary = IngestSummary()
    progress = progress if progress is not None else ReadProgress()
    dedup = Deduper()
    dedup.load(store.dedup_rows())
    in_flight: set[str] = set()

    def fresh_batches() -> Iterator[list[Article]]:
        for batch in _batches(read_sources(paths, published=published, progress=progress), batch_size, summary):
            stored = store.has_articles(a.id for a in batch)
            todo = []
            for a in batch:
                if a.id in stored or a.id in in_flight:
                    summary.skipped += 1
                else:
                    in_flight.add(a.id)
                    todo.append(a)
            if todo:
                yield todo

    def commit(outcomes: list[Outcome]) -> None:
        records = []
        for o in outcomes:
            if o.report is None:
                summary.note(o.error or "pipeline error", f"{o.article.source} ({o.article.id})")
                continue
            dup = dedup.check(o.article.id, o.chash, o.sig)
            records.append(Record(o.article, o.report, o.chash, dup, o.sig))
        stored = store.put_reports(records)
        summary.stored += stored
        summary.skipped += len(records) - stored
        summary.duplicates += sum(1 for r in records if r.duplicate_of)
        summary.events += sum(len(r.report.get("events") or []) for r in records)
        summary.seconds = time.perf_counter() - t0
        if on_batch:
            on_batch(summary)

    if workers <= 1:
        process = load_processor(processor, batch_size)
        for batch in fresh_batches():
            commit(process_batch(process, batch))
    else:
        ctx = mp.get_context("spawn")  # never fork a process holding a database connection
        with ctx.Pool(workers, initializer=_init_worker, initargs=(processor, batch_size)) as pool:
            pending: deque[Any] = deque()
            try:
                for batch in fresh_batches():
                    pending.append(pool.apply_async(_process_batch, (batch,)))
                    while len(pending) > 2 * workers:
                        commit(pending.popleft().get())
                while pending:
                    commit(pending.popleft().get())
            except BaseException:
                pool.terminate()
                raise
    summary.seconds = time.perf_counter() - t0
    return summary
