"""The Store protocol and open_store: DuckDB files by default, PostgreSQL (psycopg 3) for teams."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rasd.store.schema import MIGRATIONS, Record

SCHEMA_VERSION = MIGRATIONS[-1][0]


@runtime_checkable
class Store(Protocol):
    """Where reports are kept. Every write is one transaction per batch; article ids are unique."""

    @property
    def schema_version(self) -> int: ...

    def put_reports(self, batch: Sequence[Record]) -> int:
        """Store a batch in one transaction, skipping articles already stored; returns how many were new."""
        ...

    def has_articles(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids are stored."""
        ...

    def dedup_rows(self) -> Iterator[tuple[str, str | None, bytes | None, str | None]]:
        """(id, content hash, minhash, duplicate_of) of every stored article, in storing order."""
        ...

    def stats(self) -> dict[str, Any]: ...

    def iter_events(self) -> Iterator[dict[str, Any]]:
        """Every stored event (its JSON plus article_id, idx and the article's metadata), in storing order."""
        ...

    def close(self) -> None: ...


def open_store(path_or_url: str | Path) -> Store:
    """A PostgresStore for a postgresql:// (or postgres://) URL, else a DuckDBStore on that file (created)."""
    s = str(path_or_url)
    if s.startswith(("postgresql://", "postgres://")):
        from rasd.store.postgres import PostgresStore

        return PostgresStore(s)
    from rasd.store.duck import DuckDBStore

    return DuckDBStore(s)


__all__ = ["SCHEMA_VERSION", "Record", "Store", "open_store"]
