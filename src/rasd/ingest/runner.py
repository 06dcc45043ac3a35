"""Resumable, idempotent ingest: read, skip what is stored, process in worker processes, link copies, store."""

from __future__ import annotations

import datetime as dt
import importlib
import multiprocessing as mp
import re
import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasd.config import DEFAULT_LIMITS, Limits
from rasd.ingest.dedup import Deduper, signature
from rasd.ingest.records import ReadError, content_hash
from rasd.ingest.sources import ReadProgress, read_sources
from rasd.model import Article
from rasd.store import Store
from rasd.store.schema import Failure, Record

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
    """Counts of one ingest run, and the reasons of what failed (grouped) with a few examples each.

    Every failed, empty or warned record is also in `pending` until the runner hands it to the store's
    ingest_failures table (and to the caller's on_failure), under this run's `run_id`."""

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
    run_id: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S-")
                        + uuid.uuid4().hex[:6])
    bytes_done: int = 0  # input bytes up to the last stored batch (for progress bars)
    pending: list[Failure] = field(default_factory=list)

    @property
    def n_failed(self) -> int:
        return sum(self.failed.values())

    def note(self, err: ReadError | str, where: str = "", article: Article | None = None) -> None:
        """Count a ReadError, or a failure (its message) of `article`, read at `where`."""
        if isinstance(err, ReadError):
            reason = _group(err.reason)
            where = str(err) if reason != err.reason else f"{err.source}:{err.position}".rstrip(":")
            kind = "empty" if err.empty else "warning" if err.kept else "failed"
            if err.empty:
                self.empty += 1
            else:
                (self.warnings if err.kept else self.failed)[reason] += 1
            self.pending.append(Failure(self.run_id, kind, err.source, err.position, err.reason))
        else:
            reason = _group(err)
            self.failed[reason] += 1
            detail = err.rsplit("': ", 1)[-1] if "': " in err else err  # the message after the article id
            src, _, pos = (article.source or "" if article else where).rpartition(":")
            if not src or not pos or "/" in pos:  # no position: the source is the whole file
                src, pos = (article.source or where if article else where), ""
            self.pending.append(Failure(self.run_id, "failed", src, pos, detail, article.id if article else None))
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
    if reason.startswith("store error"):
        return reason.split(":", 2)[0] + ": " + reason.split(":", 2)[1].strip() if reason.count(":") >= 2 else reason
    variable = reason.startswith(("invalid JSON", "unparseable date"))
    head = reason.split(":", 1)[0] if variable else reason
    if head.startswith("unparseable date"):
        head = "unparseable date"
    head = re.sub(r"\d[\d,]*( characters| bytes| NUL)", r"N\1", head)  # sizes and counts vary
    head = re.sub(r"\(\d+% Arabic", "(N% Arabic", head)
    return head.split(" (byte")[0].split(" (char")[0].split(" (column")[0]


def _batches(
    items: Iterable[Article | ReadError], size: int, summary: IngestSummary, progress: ReadProgress
) -> Iterator[tuple[list[Article], int]]:
    """Batches of articles, each with how many input bytes had been read when it was complete."""
    batch: list[Article] = []
    for item in items:
        if isinstance(item, ReadError):
            summary.note(item)
            continue
        summary.read += 1
        batch.append(item)
        if len(batch) >= size:
            yield batch, progress.done
            batch = []
    if batch:
        yield batch, progress.done


# a database that is gone or locked is no fault of a record: the ingest stops (and resumes when run again)
_SYSTEMIC = frozenset({"OperationalError", "InterfaceError", "IOException", "ConnectionException", "StoreError"})
_RECORD_SQLSTATES = ("22", "23", "54")  # PostgreSQL data exception, integrity, program limit (a key too long)


def _systemic(e: Exception) -> bool:
    state = getattr(e, "sqlstate", None)
    if isinstance(state, str) and state:
        return not state.startswith(_RECORD_SQLSTATES)
    return any(t.__name__ in _SYSTEMIC for t in type(e).__mro__)


def _wait(result: Any, store: Store) -> Any:
    """A worker's result; while waiting, the store may let go of its file for a process that asked (DuckDB)."""
    idle = getattr(store, "idle", None)
    while idle is not None and not result.ready():
        result.wait(0.2)
        idle()
    return result.get()


def _store(store: Store, records: list[Record], summary: IngestSummary) -> tuple[list[str], set[str]]:
    """Store a batch in one transaction; if the store refuses it, record by record so that a record the database
    cannot take (a value over one of its limits) fails alone, reported, and the rest is stored.
    Returns the ids stored and the ids that failed."""
    try:
        return store.put_batch(records), set()
    except Exception as e:  # the batch was rolled back: find the record(s) at fault
        if _systemic(e):
            raise
    stored: list[str] = []
    failed: set[str] = set()
    for r in records:
        try:
            stored += store.put_batch([r])
        except Exception as e:
            if _systemic(e):
                raise
            failed.add(r.article.id)
            msg = " ".join(str(e).split())
            summary.note(f"store error: {type(e).__name__}: {msg}"[:300], f"{r.article.source} ({r.article.id})",
                         r.article)
    return stored, failed


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
    limits: Limits = DEFAULT_LIMITS,
    on_failure: Callable[[Failure], None] | None = None,
    fuse: bool = True,
) -> IngestSummary:
    """Ingest `paths` into `store`: resumable (stored ids are skipped) and idempotent (each article once).

    With workers > 1, each worker process builds its own processor and the calling process is the only writer;
    each batch is committed in one transaction, in input order, so a killed run loses only uncommitted batches.
    Every record that failed, was empty or was stored with a warning goes to the store's ingest_failures table
    (with this run's id, its source, position and reason) and to `on_failure`.
    """
    t0 = time.perf_counter()
    summary = IngestSummary()
    progress = progress if progress is not None else ReadProgress()
    dedup = Deduper()
    dedup.load(store.dedup_rows())
    in_flight: set[str] = set()
    fuser = None
    if fuse:  # incidents (rasd.fuse): after each batch its reports join incidents or start new ones
        from rasd.fuse import Fuser

        fuser = Fuser(store)

    def fresh_batches() -> Iterator[tuple[list[Article], int]]:
        items = read_sources(paths, published=published, progress=progress, limits=limits)
        for batch, done in _batches(items, batch_size, summary, progress):
            stored = store.has_articles(a.id for a in batch)
            todo = []
            for a in batch:
                if a.id in stored or a.id in in_flight:
                    summary.skipped += 1
                else:
                    in_flight.add(a.id)
                    todo.append(a)
            if todo:
                yield todo, done
            else:
                summary.bytes_done = done
                flush_failures()

    def flush_failures() -> None:
        failures, summary.pending = summary.pending, []
        if failures:
            store.put_failures(failures)
            if on_failure:
                for f in failures:
                    on_failure(f)

    def commit(outcomes: list[Outcome], done: int) -> None:
        records = []
        for o in outcomes:
            if o.report is None:
                summary.note(o.error or "pipeline error", f"{o.article.source} ({o.article.id})", o.article)
                continue
            dup = dedup.check(o.article.id, o.chash, o.sig)
            records.append(Record(o.article, o.report, o.chash, dup, o.sig))
        ids, refused = _store(store, records, summary)
        stored = set(ids)
        if fuser is not None and stored:
            fuser.after_batch()
        kept = [r for r in records if r.article.id in stored]
        summary.stored += len(kept)
        summary.skipped += sum(1 for r in records if r.article.id not in stored and r.article.id not in refused)
        summary.duplicates += sum(1 for r in kept if r.duplicate_of)
        summary.events += sum(len(r.report.get("events") or []) for r in kept)
        summary.seconds = time.perf_counter() - t0
        summary.bytes_done = done
        flush_failures()
        if on_batch:
            on_batch(summary)

    if workers <= 1:
        process = load_processor(processor, batch_size)
        idle = getattr(store, "idle", lambda: None)
        for batch, done in fresh_batches():
            idle()  # a reader that asked while the last batch was processed gets the file now
            commit(process_batch(process, batch), done)
    else:
        ctx = mp.get_context("spawn")  # never fork a process holding a database connection
        with ctx.Pool(workers, initializer=_init_worker, initargs=(processor, batch_size)) as pool:
            pending: deque[tuple[Any, int]] = deque()
            try:
                for batch, done in fresh_batches():
                    pending.append((pool.apply_async(_process_batch, (batch,)), done))
                    while len(pending) > 2 * workers:
                        result, at = pending.popleft()
                        commit(_wait(result, store), at)
                while pending:
                    result, at = pending.popleft()
                    commit(_wait(result, store), at)
            except BaseException:
                pool.terminate()
                raise
    flush_failures()
    if fuser is not None:
        fuser.update()  # records of the incidents changed since the last flush; what a killed run left
    summary.bytes_done = progress.done
    summary.seconds = time.perf_counter() - t0
    return summary
