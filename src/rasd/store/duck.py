"""DuckDBStore: the default store, one DuckDB file; batches inserted through Arrow in one transaction each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from rasd.store.schema import (
    COLUMNS,
    EVENTS_SQL,
    JSON_COLS,
    MIGRATIONS,
    Record,
    event_dict,
    rows_for,
    stats_sql,
)

_ARROW: dict[str, pa.DataType] = {
    "seq": pa.int64(), "idx": pa.int32(), "n_events": pa.int32(), "published": pa.date32(),
    "date_start": pa.date32(), "date_end": pa.date32(), "minhash": pa.binary(),
    "ingested_at": pa.timestamp("us", tz="UTC"),
    "place_lat": pa.float64(), "place_lon": pa.float64(), "lat": pa.float64(), "lon": pa.float64(),
    "place_geonameid": pa.int64(), "geonameid": pa.int64(),
}
_INTS = ("killed_min", "killed_max", "injured_min", "injured_max", "captured_min", "captured_max",
         "evidence_start", "evidence_end", "span_start", "span_end")
_ARROW.update(dict.fromkeys(_INTS, pa.int32()))


class DuckDBStore:
    """A Store in one DuckDB file (created with its schema on first open)."""

    dialect = "duckdb"

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(self.path)
        self._migrate()

    # -- schema
    def _migrate(self) -> None:
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, "
            "applied_at TIMESTAMPTZ)"
        )
        done = {v for (v,) in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        for version, name, fn in MIGRATIONS:
            if version in done:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                for sql in fn(self.dialect):
                    self.con.execute(sql)
                self.con.execute(
                    "INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, dt.datetime.now(dt.UTC)]
                )
                self.con.execute("COMMIT")
            except Exception:
                self.con.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        rows = self.con.execute("SELECT max(version) FROM schema_migrations").fetchall()
        row = rows[0] if rows else None
        return int(row[0]) if row and row[0] is not None else 0

    # -- writes
    def put_reports(self, batch: Sequence[Record]) -> int:
        if not batch:
            return 0
        self.con.execute("BEGIN TRANSACTION")
        try:
            stored = self._has(self.con, [r.article.id for r in batch])
            seen: set[str] = set()
            fresh = []
            for r in batch:
                if r.article.id not in stored and r.article.id not in seen:
                    seen.add(r.article.id)
                    fresh.append(r)
            if fresh:
                ((seq,),) = self.con.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchall()
                for table, rows in rows_for(fresh, int(seq) + 1).items():
                    if rows:
                        self._insert(table, rows)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return len(fresh)

    def _insert(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        cols = COLUMNS[table]
        arrays = {}
        for j, c in enumerate(cols):
            values = [r[j] for r in rows]
            arrays[c] = pa.array(values, type=_ARROW.get(c, pa.string()))
        tmp = f"_rasd_{table}"
        self.con.register(tmp, pa.table(arrays))
        try:
            select = ", ".join(f"CAST({c} AS JSON)" if c in JSON_COLS else c for c in cols)
            self.con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {select} FROM {tmp}")
        finally:
            self.con.unregister(tmp)

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
        return self._has(self.con, list(dict.fromkeys(ids)))

    def dedup_rows(self) -> Iterator[tuple[str, str | None, bytes | None, str | None]]:
        cur = self.con.cursor()
        cur.execute("SELECT id, content_hash, minhash, duplicate_of FROM articles ORDER BY seq")
        while rows := cur.fetchmany(10000):
            yield from rows

    def stats(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema_version": self.schema_version}
        for key, sql in stats_sql(self.dialect).items():
            rows = self.con.execute(sql).fetchall()
            out[key] = rows[0][0] if key in ("articles", "events", "duplicates") else {k: v for k, v in rows}
        return out

    def iter_events(self) -> Iterator[dict[str, Any]]:
        cur = self.con.cursor()
        cur.execute(EVENTS_SQL)
        while rows := cur.fetchmany(2000):
            for row in rows:
                yield event_dict(row)
        cur.close()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> DuckDBStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
