"""The PostgreSQL test server for the `postgres` tests: a fresh schema per test (or module), dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def server_url() -> str:
    """RASD_TEST_PG_URL when that server answers; the test is skipped, with the reason, otherwise."""
    url = os.environ.get("RASD_TEST_PG_URL")
    if not url:
        pytest.skip("RASD_TEST_PG_URL is not set (scripts/start_postgres.sh prints one)")
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
    except Exception as e:
        pytest.skip(f"PostgreSQL at RASD_TEST_PG_URL is unreachable: {e}")
    return url


@contextmanager
def fresh_schema(prefix: str) -> Iterator[str]:
    """A URL whose search_path is a new schema named PREFIX_<random>; the schema is dropped on exit."""
    import psycopg

    url = server_url()
    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f"DROP SCHEMA {schema} CASCADE")


DB_KINDS = ["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)]  # params of a fixture over both stores


@contextmanager
def fresh_db(kind: str, folder: Path, prefix: str) -> Iterator[str]:
    """A new database of that kind: a DuckDB file in `folder`, or a fresh schema on the PostgreSQL test server."""
    if kind == "duckdb":
        yield str(folder / f"{prefix}.duckdb")
        return
    with fresh_schema(prefix) as url:
        yield url
