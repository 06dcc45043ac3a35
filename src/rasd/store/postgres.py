"""PostgresStore: the team store on PostgreSQL through psycopg 3; same schema and semantics as DuckDBStore.

Every connection has timeouts, so that a server that accepts a connection and never answers cannot hang a command:
connecting (RASD_PG_CONNECT_TIMEOUT, 10 s), each statement (RASD_PG_STATEMENT_TIMEOUT, 600 s) and waiting for a lock
(RASD_PG_LOCK_TIMEOUT, 300 s); TCP keepalives notice a peer that went away. A URL's own settings win."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict

from rasd.errors import StoreError
from rasd.store.schema import (
    COLUMNS,
    EVENTS_SQL,
    FAILURE_COLS,
    MIGRATIONS,
    Failure,
    Record,
    event_dict,
    rows_for,
    stats_queries,
)

_LOCK_KEY = 0x72617364  # advisory lock: one writer migrates at a time


def redact(url: str) -> str:
    """A URL fit to print: its password replaced by ***."""
    return re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", url)


def _seconds(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


def connect_args(url: str) -> dict[str, Any]:
    """The connection parameters of a URL plus rasd's timeouts where the URL sets none."""
    try:
        params: dict[str, Any] = conninfo_to_dict(url)
    except psycopg.ProgrammingError as e:
        raise StoreError(f"{redact(url)}: not a valid PostgreSQL URL ({str(e).splitlines()[0]})") from None
    params.setdefault("connect_timeout", max(1, round(_seconds("RASD_PG_CONNECT_TIMEOUT", 10))))
    params.setdefault("keepalives", 1)
    params.setdefault("keepalives_idle", 30)
    params.setdefault("keepalives_interval", 10)
    params.setdefault("keepalives_count", 3)
    options = str(params.get("options") or "")
    for setting, env, default in (("statement_timeout", "RASD_PG_STATEMENT_TIMEOUT", 600),
                                  ("lock_timeout", "RASD_PG_LOCK_TIMEOUT", 300)):
        if setting not in options:
            options += f" -c {setting}={round(_seconds(env, default) * 1000)}"
    params["options"] = options.strip()
    return params


def explain(url: str, e: Exception) -> StoreError:
    """A one-line StoreError for a psycopg error, naming the (redacted) URL."""
    msg = " ".join(str(e).split())
    if "timeout expired" in msg or "timed out" in msg:
        msg = f"{msg} (the server did not answer; RASD_PG_CONNECT_TIMEOUT sets the wait)"
    if "canceling statement due to statement timeout" in msg:
        msg = f"{msg} (RASD_PG_STATEMENT_TIMEOUT sets the limit, in seconds)"
    if "lock timeout" in msg:
        msg = f"{msg}: another writer held the tables (RASD_PG_LOCK_TIMEOUT sets the wait)"
    return StoreError(f"{redact(url)}: {msg[:400]}")


class PostgresStore:
    """A Store in a PostgreSQL database given by a postgresql:// URL (schema created on first open).

    create=False (stats, export) refuses a database without rasd's tables instead of creating them."""

    dialect = "postgres"

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = url
        try:
            self.con = psycopg.connect(**connect_args(url), autocommit=False)
        except psycopg.Error as e:
            raise explain(url, e) from None
        try:
            if create:
                self._migrate()
            else:
                self._check_schema()
        except psycopg.Error as e:
            self.con.close()
            raise explain(url, e) from None
        except StoreError:
            self.con.close()
            raise

    def _check_schema(self) -> None:
        with self.con.transaction(), self.con.cursor() as cur:
            cur.execute("SELECT to_regclass('articles') IS NOT NULL AND to_regclass('schema_migrations') IS NOT NULL")
            row = cur.fetchone()
        if not row or not row[0]:
            raise StoreError(f"{redact(self.url)}: not a rasd database (no articles table; `rasd ingest` creates it)")

    def _migrate(self) -> None:
        with self.con.transaction(), self.con.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            cur.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, "
                "applied_at TIMESTAMPTZ)"
            )
            cur.execute("SELECT version FROM schema_migrations")
            done = {v for (v,) in cur.fetchall()}
            for version, name, fn in MIGRATIONS:
                if version in done:
                    continue
                for sql in fn(self.dialect):
                    cur.execute(sql)  # type: ignore[arg-type]
                cur.execute(
                    "INSERT INTO schema_migrations VALUES (%s, %s, %s)", (version, name, dt.datetime.now(dt.UTC))
                )

    @property
    def schema_version(self) -> int:
        with self.con.transaction(), self.con.cursor() as cur:
            cur.execute("SELECT max(version) FROM schema_migrations")
            row = cur.fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def put_reports(self, batch: Sequence[Record]) -> int:
        return len(self.put_batch(batch))

    def put_batch(self, batch: Sequence[Record]) -> list[str]:
        """Store a batch in one transaction, skipping stored articles; the ids of the articles it stored."""
        if not batch:
            return []
        with self.con.transaction(), self.con.cursor() as cur:
            cur.execute("LOCK TABLE articles IN SHARE ROW EXCLUSIVE MODE")  # one writer per batch: seq stays dense
            cur.execute("SELECT id FROM articles WHERE id = ANY(%s)", ([r.article.id for r in batch],))
            stored = {r[0] for r in cur.fetchall()}
            fresh, seen = [], set()
            for r in batch:
                if r.article.id not in stored and r.article.id not in seen:
                    seen.add(r.article.id)
                    fresh.append(r)
            if not fresh:
                return []
            cur.execute("SELECT coalesce(max(seq), 0) FROM articles")
            row = cur.fetchone()
            for table, rows in rows_for(fresh, int(row[0] if row else 0) + 1).items():
                if rows:
                    self._copy(cur, table, COLUMNS[table], rows)
        return [r.article.id for r in fresh]

    @staticmethod
    def _copy(cur: psycopg.Cursor[Any], table: str, cols: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
        with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:  # type: ignore[arg-type]
            for values in rows:
                copy.write_row(values)

    def put_failures(self, failures: Sequence[Failure]) -> None:
        """Keep what an ingest could not store, or stored with a warning (table ingest_failures)."""
        if not failures:
            return
        with self.con.transaction(), self.con.cursor() as cur:
            self._copy(cur, "ingest_failures", FAILURE_COLS, [f.row() for f in failures])

    def has_articles(self, ids: Iterable[str]) -> set[str]:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return set()
        with self.con.transaction(), self.con.cursor() as cur:
            cur.execute("SELECT id FROM articles WHERE id = ANY(%s)", (ids,))
            return {r[0] for r in cur.fetchall()}

    def dedup_rows(self) -> Iterator[tuple[str, str | None, bytes | None, str | None]]:
        with self.con.transaction(), self.con.cursor(name="rasd_dedup") as cur:
            cur.execute("SELECT id, content_hash, minhash, duplicate_of FROM articles ORDER BY seq")
            for aid, h, sig, dup in cur:
                yield aid, h, bytes(sig) if sig is not None else None, dup

    def stats(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema_version": self.schema_version}
        with self.con.transaction(), self.con.cursor() as cur:
            for key, sql in stats_queries(self.dialect).items():
                cur.execute(sql)  # type: ignore[arg-type]
                rows = cur.fetchall()
                out[key] = rows[0][0] if not key.startswith(("by_", "events_by_")) else {k: v for k, v in rows}
        return out

    def iter_events(self) -> Iterator[dict[str, Any]]:
        with self.con.transaction(), self.con.cursor(name="rasd_events") as cur:
            cur.execute(EVENTS_SQL)  # type: ignore[arg-type]
            for row in cur:
                yield event_dict(tuple(row))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
