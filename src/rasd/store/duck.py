"""DuckDBStore: the default store, one DuckDB file; batches inserted through Arrow in one transaction each.

DuckDB lets one process write a file, or several read it, never both at once. So that `rasd stats` and `rasd export`
work while an ingest runs, a process that finds the file locked leaves a request beside it (`FILE.waiting`) and waits
up to `lock_wait` seconds; a writer opened with hold=False lets go of the file after its current operation (a batch
written, a lookup) whenever such a request is there, and takes it again for the next one."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from rasd.errors import StoreError
from rasd.store.schema import (
    COLUMNS,
    EVENTS_SQL,
    FAILURE_COLS,
    JSON_COLS,
    MIGRATIONS,
    Failure,
    Record,
    event_dict,
    rows_for,
    stats_queries,
)

_ARROW: dict[str, pa.DataType] = {
    "seq": pa.int64(), "idx": pa.int32(), "n_events": pa.int32(), "published": pa.date32(),
    "date_start": pa.date32(), "date_end": pa.date32(), "minhash": pa.binary(),
    "ingested_at": pa.timestamp("us", tz="UTC"), "noted_at": pa.timestamp("us", tz="UTC"),
    "place_lat": pa.float64(), "place_lon": pa.float64(), "lat": pa.float64(), "lon": pa.float64(),
    "place_geonameid": pa.int64(), "geonameid": pa.int64(),
}
_INTS = ("killed_min", "killed_max", "injured_min", "injured_max", "captured_min", "captured_max",
         "evidence_start", "evidence_end", "span_start", "span_end")
_ARROW.update(dict.fromkeys(_INTS, pa.int32()))
LOCK_WAIT_ENV = "RASD_LOCK_WAIT"  # seconds to wait for another process's lock (default 60)


def _lock_wait() -> float:
    try:
        return float(os.environ.get(LOCK_WAIT_ENV, "60"))
    except ValueError:
        return 60.0


def _lock_holder(message: str) -> str:
    m = re.search(r"PID (\d+)", message)
    if not m:
        return "another process"
    pid = m.group(1)
    try:
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace").strip()
    except OSError:
        cmd = ""
    what = "a running rasd command" if "rasd" in cmd else (cmd[:60] or "a process")
    return f"another process (PID {pid}, {what})"


def _explain(path: str, e: Exception) -> StoreError:
    msg = str(e).split("\n", 1)[0]
    if "lock" in msg.lower():
        return StoreError(f"{path}: the database is in use by {_lock_holder(msg)} and stayed locked; DuckDB lets one "
                          "process write at a time: wait for it to finish, or set RASD_LOCK_WAIT (seconds) to wait "
                          "longer (PostgreSQL takes concurrent writers)")
    if "not a valid DuckDB database" in msg:
        return StoreError(f"{path}: not a DuckDB database file (give a new file name or an existing rasd database)")
    if "Is a directory" in msg:
        return StoreError(f"{path}: is a directory, not a database file (give a file name such as {path}/rasd.duckdb)")
    if "Permission denied" in msg or "Read-only file system" in msg:
        return StoreError(f"{path}: cannot write here (permission denied): give a database in a writable folder")
    if "No such file or directory" in msg:
        return StoreError(f"{path}: its folder does not exist and cannot be created")
    return StoreError(f"{path}: cannot open as a DuckDB database: {msg.removeprefix('IO Error: ')}")


class DuckDBStore:
    """A Store in one DuckDB file (created with its schema on first open unless create=False).

    read_only=True opens an existing file for reading (stats, export); hold=False lets go of the file between
    operations whenever another process asks for it, so that readers can get in between a writer's batches."""

    dialect = "duckdb"

    def __init__(self, path: str | Path, *, create: bool = True, read_only: bool = False, hold: bool = True,
                 lock_wait: float | None = None) -> None:
        self.path = str(path)
        self.read_only = read_only
        self.hold = hold or self.path == ":memory:"
        self.lock_wait = _lock_wait() if lock_wait is None else lock_wait
        self._con: duckdb.DuckDBPyConnection | None = None
        self._depth = 0  # sessions open now (nested ones share the connection; it is let go of at depth 0 only)
        if self.path != ":memory:":
            p = Path(self.path)
            if p.is_dir():
                raise StoreError(f"{self.path}: is a directory, not a database file "
                                 f"(give a file name such as {Path(self.path) / 'rasd.duckdb'})")
            if not p.exists():
                if not create or read_only:
                    raise StoreError(f"{self.path}: no such database (check the path; `rasd ingest` creates one)")
                try:
                    p.parent.mkdir(parents=True, exist_ok=True)
                except OSError as e:
                    raise StoreError(f"{self.path}: cannot create its folder: {e.strerror}") from None
            elif not p.is_file():
                raise StoreError(f"{self.path}: not a regular file, so not a database")
        with self._session() as con:
            if read_only:
                self._check_schema(con, self.path)
            else:
                self._migrate(con)

    # -- connection
    def _connect(self) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + self.lock_wait
        pause = 0.02
        asked = False
        try:
            while True:
                try:
                    return duckdb.connect(self.path, read_only=self.read_only)
                except (duckdb.IOException, duckdb.ConnectionException) as e:
                    if "lock" not in str(e).lower() or time.monotonic() >= deadline:
                        raise _explain(self.path, e) from None
                except duckdb.Error as e:
                    raise _explain(self.path, e) from None
                asked = self._ask_holder_to_let_go() or asked  # again each time: another waiter may have cleared it
                time.sleep(pause)
                pause = min(pause * 1.5, 0.25)
        finally:
            if asked:
                self._request.unlink(missing_ok=True)

    @property
    def _request(self) -> Path:
        return Path(self.path + ".waiting")

    def _ask_holder_to_let_go(self) -> bool:
        try:
            self._request.touch()
            return True
        except OSError:
            return False

    @contextmanager
    def _session(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The connection for one operation, kept open; with hold=False closed after it when another process waits."""
        if self._con is None:
            self._con = self._connect()
        self._depth += 1
        try:
            yield self._con
        finally:
            self._depth -= 1
            if not self.hold and not self._depth and self._request.exists():
                self.close()

    def idle(self) -> None:
        """Between operations: with hold=False, let go of the file now if another process asked for it."""
        if not self.hold and not self._depth and self._con is not None and self._request.exists():
            self.close()

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The connection (opened now if need be): for callers that run their own SQL."""
        if self._con is None:
            self._con = self._connect()
        return self._con

    # -- schema
    @staticmethod
    def _check_schema(con: duckdb.DuckDBPyConnection, path: str) -> None:
        tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if not {"schema_migrations", "articles", "events"} <= tables:
            raise StoreError(f"{path}: a DuckDB file but not a rasd database (no articles or events tables)")

    def _migrate(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, "
            "applied_at TIMESTAMPTZ)"
        )
        done = {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
        for version, name, fn in MIGRATIONS:
            if version in done:
                continue
            con.execute("BEGIN TRANSACTION")
            try:
                for sql in fn(self.dialect):
                    con.execute(sql)
                con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, dt.datetime.now(dt.UTC)])
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        with self._session() as con:
            rows = con.execute("SELECT max(version) FROM schema_migrations").fetchall()
        row = rows[0] if rows else None
        return int(row[0]) if row and row[0] is not None else 0

    # -- writes
    def put_reports(self, batch: Sequence[Record]) -> int:
        return len(self.put_batch(batch))

    def put_batch(self, batch: Sequence[Record]) -> list[str]:
        """Store a batch in one transaction, skipping stored articles; the ids of the articles it stored."""
        if not batch:
            return []
        with self._session() as con:
            con.execute("BEGIN TRANSACTION")
            try:
                stored = self._has(con, [r.article.id for r in batch])
                seen: set[str] = set()
                fresh = []
                for r in batch:
                    if r.article.id not in stored and r.article.id not in seen:
                        seen.add(r.article.id)
                        fresh.append(r)
                if fresh:
                    ((seq,),) = con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchall()
                    for table, rows in rows_for(fresh, int(seq) + 1).items():
                        if rows:
                            self._insert(con, table, COLUMNS[table], rows)
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
        return [r.article.id for r in fresh]

    def put_failures(self, failures: Sequence[Failure]) -> None:
        """Keep what an ingest could not store, or stored with a warning (table ingest_failures)."""
        if not failures:
            return
        with self._session() as con:
            self._insert(con, "ingest_failures", FAILURE_COLS, [f.row() for f in failures])

    @staticmethod
    def _insert(con: duckdb.DuckDBPyConnection, table: str, cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        arrays = {}
        for j, c in enumerate(cols):
            values = [r[j] for r in rows]
            arrays[c] = pa.array(values, type=_ARROW.get(c, pa.string()))
        tmp = f"_rasd_{table}"
        con.register(tmp, pa.table(arrays))
        try:
            select = ", ".join(f"CAST({c} AS JSON)" if c in JSON_COLS else c for c in cols)
            con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {select} FROM {tmp}")
        finally:
            con.unregister(tmp)

    # -- reads
    @staticmethod
    def _has(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
        if not ids:
            return set()
        con.register("_rasd_ids", pa.table({"id": pa.array(ids, pa.string())}))
        try:
            rows = con.execute("SELECT a.id FROM articles a JOIN _rasd_ids i ON a.id = i.id").fetchall()
        finally:
            con.unregister("_rasd_ids")
        return {r[0] for r in rows}

    def has_articles(self, ids: Iterable[str]) -> set[str]:
        with self._session() as con:
            return self._has(con, list(dict.fromkeys(ids)))

    def dedup_rows(self) -> Iterator[tuple[str, str | None, bytes | None, str | None]]:
        with self._session() as con:
            cur = con.cursor()
            try:
                cur.execute("SELECT id, content_hash, minhash, duplicate_of FROM articles ORDER BY seq")
                while rows := cur.fetchmany(10000):
                    yield from rows
            finally:
                cur.close()

    def stats(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema_version": self.schema_version}
        with self._session() as con:
            for key, sql in stats_queries(self.dialect).items():
                rows = con.execute(sql).fetchall()
                out[key] = rows[0][0] if not key.startswith(("by_", "events_by_")) else {k: v for k, v in rows}
        return out

    def iter_events(self) -> Iterator[dict[str, Any]]:
        with self._session() as con:
            cur = con.cursor()
            try:
                cur.execute(EVENTS_SQL)
                while rows := cur.fetchmany(2000):
                    for row in rows:
                        yield event_dict(row)
            finally:
                cur.close()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
