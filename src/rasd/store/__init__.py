"""The Store protocol and open_store: DuckDB files by default, PostgreSQL (psycopg 3) for teams."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from rasd.store.schema import MIGRATIONS, Failure, Record

SCHEMA_VERSION = MIGRATIONS[-1][0]


@runtime_checkable
class Store(Protocol):
    """Where reports are kept. Every write is one transaction per batch; article ids are unique."""

    @property
    def schema_version(self) -> int: ...

    def put_reports(self, batch: Sequence[Record]) -> int:
        """Store a batch in one transaction, skipping articles already stored; returns how many were new."""
        ...

    def put_batch(self, batch: Sequence[Record]) -> list[str]:
        """As put_reports, returning the ids of the articles this call stored."""
        ...

    def put_failures(self, failures: Sequence[Failure]) -> None:
        """Keep the records an ingest failed, skipped or stored with a warning (table ingest_failures)."""
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


def open_store(path_or_url: str | Path, *, create: bool = True, read_only: bool = False, hold: bool = True) -> Store:
    """A PostgresStore for a postgresql:// (or postgres://) URL, else a DuckDBStore on that file.

    create=False: the database must exist and be rasd's (for reading: stats, export); read_only opens a DuckDB file
    for reading only; hold=False lets a DuckDB writer release the file between operations, so that readers can open
    it while an ingest runs. Raises rasd.errors.StoreError with a one-line message when it cannot be opened."""
    s = str(path_or_url)
    if s.startswith(("postgresql://", "postgres://")):
        from rasd.store.postgres import PostgresStore

        return PostgresStore(s, create=create and not read_only)
    if "://" in s:
        from rasd.errors import StoreError

        raise StoreError(f"{s}: not a database: give a DuckDB file path or a postgresql:// URL")
    from rasd.store.duck import DuckDBStore

    return DuckDBStore(s, create=create, read_only=read_only, hold=hold)


__all__ = ["SCHEMA_VERSION", "Failure", "Record", "Store", "open_store"]
