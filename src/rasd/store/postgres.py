"""PostgresStore: the team store on PostgreSQL through psycopg 3; same schema and semantics as DuckDBStore."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg

from rasd.store.schema import COLUMNS, EVENTS_SQL, MIGRATIONS, Record, event_dict, rows_for, stats_sql

_LOCK_KEY = 0x72617364  # advisory lock: one writer migrates at a time


class PostgresStore:
    """A Store in a PostgreSQL database given by a postgresql:// URL (schema created on first open)."""

    dialect = "postgres"

    def __init__(self, url: str) -> None:
        self.url = url
        self.con = psycopg.connect(url, autocommit=False)
        self._migrate()

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
        if not batch:
            return 0
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
                return 0
            cur.execute("SELECT coalesce(max(seq), 0) FROM articles")
            row = cur.fetchone()
            for table, rows in rows_for(fresh, int(row[0] if row else 0) + 1).items():
                if not rows:
                    continue
                cols = COLUMNS[table]
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:  # type: ignore[arg-type]
                    for values in rows:
                        copy.write_row(values)
        return len(fresh)

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
            for key, sql in stats_sql(self.dialect).items():
                cur.execute(sql)  # type: ignore[arg-type]
                rows = cur.fetchall()
                out[key] = rows[0][0] if key in ("articles", "events", "duplicates") else {k: v for k, v in rows}
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
