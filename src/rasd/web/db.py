"""Read-only connections for the server: a DuckDB file opened read_only, or a PostgreSQL pool whose sessions are
read-only; every query is parameterised ('?' placeholders) and stopped after a time limit."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import duckdb

PARTY_SHAPE = '[{"id": "VARCHAR", "name": "VARCHAR", "name_ar": "VARCHAR", "text": "VARCHAR", "kind": "VARCHAR"}]'


class StoreUnavailable(RuntimeError):
    """The store cannot be opened for reading (missing file, not a rasd store, server down)."""


class QueryTimeout(RuntimeError):
    """A query ran past the server's time limit and was stopped."""


class ReadOnlyDB(Protocol):
    dialect: str
    flat: bool  # whether view_rows reads a flat in-memory copy of the event list (table ev)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def view_rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def view_stream(self, sql: str, params: Sequence[Any] = (), batch: int = 2000) -> Iterator[tuple[Any, ...]]: ...

    def stream(self, sql: str, params: Sequence[Any] = (), batch: int = 2000) -> Iterator[tuple[Any, ...]]: ...

    def tables(self) -> set[str]: ...

    def close(self) -> None: ...


class Watchdog:
    """One thread that interrupts the queries running past their deadline (cheaper than a timer per query)."""

    def __init__(self, tick_s: float = 0.1) -> None:
        self.tick_s = tick_s
        self.lock = threading.Lock()
        self.running: dict[int, tuple[float, Any]] = {}
        self.next_ticket = 0
        self.thread: threading.Thread | None = None

    def watch(self, cursor: Any, timeout_s: float) -> int:
        with self.lock:
            self.next_ticket += 1
            self.running[self.next_ticket] = (time.monotonic() + timeout_s, cursor)
            if self.thread is None:
                self.thread = threading.Thread(target=self._loop, name="rasd-query-watchdog", daemon=True)
                self.thread.start()
            return self.next_ticket

    def release(self, ticket: int) -> None:
        with self.lock:
            self.running.pop(ticket, None)

    def _loop(self) -> None:
        while True:
            time.sleep(self.tick_s)
            now = time.monotonic()
            with self.lock:
                late = [k for k, (deadline, _) in self.running.items() if deadline <= now]
                cursors = [self.running.pop(k)[1] for k in late]
            for cur in cursors:
                cur.interrupt()


class DuckDBReader:
    """One read_only DuckDB connection; each query runs on its own cursor, so threads can share it."""

    dialect = "duckdb"

    def __init__(self, path: str | Path, *, timeout_s: float = 10.0) -> None:
        self.path = str(path)
        self.timeout_s = timeout_s
        self.watchdog = Watchdog()
        if not Path(self.path).is_file():
            raise StoreUnavailable(f"{self.path}: no such database file (create it with `rasd ingest ... --db`)")
        try:
            self.con = duckdb.connect(self.path, read_only=True)
        except duckdb.Error as exc:
            raise StoreUnavailable(f"{self.path}: cannot open read-only ({str(exc).splitlines()[0]})") from None
        if "events" not in self.tables():
            self.con.close()
            raise StoreUnavailable(f"{self.path}: not a rasd store (no events table)")
        self.mem = duckdb.connect(":memory:")
        self._build_view()

    flat = True

    def _build_view(self) -> None:
        """The event list's columns and its article's, joined once into an in-memory table ev: list, facet,
        timeline and map queries read it instead of joining the file's tables (the store is read-only here, so
        the copy cannot go stale). Party JSON keeps id, name, name_ar, text and kind only."""
        cols = ", ".join(f"to_json(from_json(e.{c}, '{PARTY_SHAPE}')) AS {c}"
                         for c in ("actors", "recipients", "sources"))
        table = self.con.sql(
            "SELECT a.seq, e.* EXCLUDE (event, actors, recipients, sources), " + cols + ", a.title, a.published, "
            "a.outlet, coalesce(e.date_start, a.published) AS day "
            "FROM events e JOIN articles a ON a.id = e.article_id ORDER BY day DESC, a.seq DESC, e.idx DESC"
        ).to_arrow_table()
        self.mem.register("_rasd_events", table)
        try:
            self.mem.execute("CREATE TABLE ev AS SELECT * FROM _rasd_events")
        finally:
            self.mem.unregister("_rasd_events")

    def _run(self, sql: str, params: Sequence[Any], *, view: bool = False) -> duckdb.DuckDBPyConnection:
        cur = (self.mem if view else self.con).cursor()
        ticket = self.watchdog.watch(cur, self.timeout_s)
        try:
            cur.execute(sql, list(params))
        except duckdb.InterruptException:
            cur.close()
            raise QueryTimeout(f"query stopped after {self.timeout_s:g} s") from None
        finally:
            self.watchdog.release(ticket)
        return cur

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cur = self._run(sql, params)
        try:
            return cur.fetchall()
        finally:
            cur.close()

    def stream(self, sql: str, params: Sequence[Any] = (), batch: int = 2000,
               *, view: bool = False) -> Iterator[tuple[Any, ...]]:
        cur = self._run(sql, params, view=view)
        try:
            while chunk := cur.fetchmany(batch):
                yield from chunk
        finally:
            cur.close()

    def view_rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cur = self._run(sql, params, view=True)
        try:
            return cur.fetchall()
        finally:
            cur.close()

    def view_stream(self, sql: str, params: Sequence[Any] = (), batch: int = 2000) -> Iterator[tuple[Any, ...]]:
        return self.stream(sql, params, batch, view=True)

    def tables(self) -> set[str]:
        cur = self.con.cursor()
        try:
            return {r[0] for r in cur.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        finally:
            cur.close()

    def close(self) -> None:
        self.mem.close()
        self.con.close()


class PostgresReader:
    """A small pool of PostgreSQL connections whose transactions are read-only, with a statement timeout."""

    dialect = "postgres"

    def __init__(self, url: str, *, timeout_s: float = 10.0, max_size: int = 8) -> None:
        import psycopg
        from psycopg_pool import ConnectionPool

        self._errors = psycopg
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        try:
            given = conninfo_to_dict(url).get("options") or ""
            options = f"{given} -c default_transaction_read_only=on -c statement_timeout={int(timeout_s * 1000)}"
            self.pool = ConnectionPool(
                make_conninfo(url, options=options.strip()), min_size=1, max_size=max_size, open=True,
                timeout=timeout_s, kwargs={"autocommit": True},
            )
            self.pool.wait(timeout=timeout_s)
        except Exception as exc:  # psycopg_pool raises PoolTimeout, psycopg OperationalError
            raise StoreUnavailable(f"cannot connect to the PostgreSQL store ({str(exc).splitlines()[0]})") from None
        if "events" not in self.tables():
            self.pool.close()
            raise StoreUnavailable("the PostgreSQL database is not a rasd store (no events table)")

    flat = False

    def view_rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.rows(sql, params)

    def view_stream(self, sql: str, params: Sequence[Any] = (), batch: int = 2000) -> Iterator[tuple[Any, ...]]:
        return self.stream(sql, params, batch)

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("%", "%%").replace("?", "%s")

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            with self.pool.connection() as con, con.cursor() as cur:
                cur.execute(self._sql(sql), list(params))  # type: ignore[arg-type]
                return [tuple(r) for r in cur.fetchall()]
        except self._errors.errors.QueryCanceled:
            raise QueryTimeout("query stopped by the statement timeout") from None

    def stream(self, sql: str, params: Sequence[Any] = (), batch: int = 2000) -> Iterator[tuple[Any, ...]]:
        try:
            with self.pool.connection() as con, con.transaction(), con.cursor(name="rasd_serve") as cur:
                cur.itersize = batch
                cur.execute(self._sql(sql), list(params))  # type: ignore[arg-type]
                for r in cur:
                    yield tuple(r)
        except self._errors.errors.QueryCanceled:
            raise QueryTimeout("query stopped by the statement timeout") from None

    def tables(self) -> set[str]:
        return {r[0] for r in self.rows("SELECT table_name FROM information_schema.tables WHERE table_schema = "
                                        "current_schema()")}

    def close(self) -> None:
        self.pool.close()


def open_reader(path_or_url: str | Path, *, timeout_s: float = 10.0) -> ReadOnlyDB:
    """A read-only reader: PostgreSQL for a postgresql:// URL, else a DuckDB file (which must exist)."""
    s = str(path_or_url)
    if s.startswith(("postgresql://", "postgres://")):
        return PostgresReader(s, timeout_s=timeout_s)
    return DuckDBReader(s, timeout_s=timeout_s)
