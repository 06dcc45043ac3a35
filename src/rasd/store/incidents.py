"""Incident persistence on DuckDB and PostgreSQL: memberships, incident rows and records, the fusion watermark.

Every fusion run writes in one transaction (memberships, the incidents it changed, the watermark), so a run killed
midway leaves the store as it was before the run.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from rasd.store.schema import dumps

INCIDENT_COLS = (
    "id", "type", "date_start", "date_end", "country", "admin1", "place_name", "lat", "lon",
    "killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high",
    "n_reports", "n_outlets", "outlets", "parties", "first_seq", "record", "in_passing",
)
# every report of an incident an article gives: its events, then what it set aside (numbered after them)
_REPORTS = "(SELECT article_id, idx, event FROM events UNION ALL SELECT article_id, idx, event FROM set_aside)"
_REPORT_SELECT = (
    "SELECT e.article_id, e.idx, a.seq, a.published, a.outlet, a.duplicate_of, e.event, a.title "
    f"FROM {_REPORTS} e JOIN articles a ON a.id = e.article_id"
)


@dataclass(frozen=True, kw_only=True)
class IncidentQuery:
    """Filters of list_incidents / count_incidents (all optional, AND-ed)."""

    country: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    type: str | None = None
    actor: str | None = None
    outlet: str | None = None
    in_passing: bool = False  # also the incidents every article tells only in passing
    limit: int | None = None
    offset: int = 0


def _ph(store: Any) -> str:
    return "%s" if store.dialect == "postgres" else "?"


class NoIncidents(Exception):
    """The store has no incident tables yet (made by a newer rasd, or opened read-only before any fusion)."""


@contextmanager
def _duck(store: Any) -> Iterator[Any]:
    """The DuckDB connection for one operation: the store's session (which may let go of the file after), else con."""
    session = getattr(store, "_session", None)
    if session is None:
        yield store.con
        return
    with session() as con:
        yield con


def _missing(e: Exception) -> bool:
    text = str(e).lower()
    return ("incident" in text or "fuse_state" in text) and ("does not exist" in text or "not exist" in text)


def _rows(store: Any, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
    try:
        if store.dialect == "postgres":
            with store.con.transaction(), store.con.cursor() as cur:
                cur.execute(sql.replace("?", "%s"), list(params))
                return [tuple(r) for r in cur.fetchall()]
        with _duck(store) as con:
            return list(con.execute(sql, list(params)).fetchall())
    except Exception as e:
        if _missing(e):
            raise NoIncidents("this store has no incident tables: run `rasd fuse` on it first") from None
        raise


def _stream(store: Any, sql: str, params: Iterable[Any] = ()) -> Iterator[tuple[Any, ...]]:
    if store.dialect == "postgres":
        with store.con.transaction(), store.con.cursor(name="rasd_fuse_read") as cur:
            cur.execute(sql.replace("?", "%s"), list(params))
            for row in cur:
                yield tuple(row)
        return
    with _duck(store) as con:
        try:
            con.execute(sql, list(params))
        except Exception as e:
            if _missing(e):
                raise NoIncidents("this store has no incident tables: run `rasd fuse` on it first") from None
            raise
        while rows := con.fetchmany(5000):
            yield from rows


def read_state(store: Any) -> dict[str, str]:
    return {k: v for k, v in _rows(store, "SELECT key, value FROM fuse_state")}


def stored_memberships(store: Any) -> Iterator[tuple[Any, ...]]:
    """(incident_id, article_id, idx, seq, published, outlet, duplicate_of, event, title) in storing order."""
    sql = (
        "SELECT r.incident_id, e.article_id, e.idx, a.seq, a.published, a.outlet, a.duplicate_of, e.event, a.title "
        f"FROM incident_reports r JOIN {_REPORTS} e ON e.article_id = r.article_id AND e.idx = r.idx "
        "JOIN articles a ON a.id = e.article_id ORDER BY a.seq, e.idx"
    )
    yield from _stream(store, sql)


def reports_after(store: Any, seq: int) -> Iterator[tuple[Any, ...]]:
    """(article_id, idx, seq, published, outlet, duplicate_of, event, title) of articles stored after seq."""
    yield from _stream(store, _REPORT_SELECT + " WHERE a.seq > ? ORDER BY a.seq, e.idx", [seq])


def _incident_row(rec: dict[str, Any], first_seq: int) -> tuple[Any, ...]:
    date, place, k, i = rec["date"], rec["place"], rec["killed"], rec["injured"]
    parties: set[str] = set()
    for role in ("actors", "recipients"):
        for p in rec.get(role) or []:
            parties.update(str(x).lower() for x in (p.get("id"), p.get("name")) if x)
            parties.update(str(w.get("text")).lower() for w in p.get("words") or [] if w.get("text"))
    outlets = sorted({str(r.get("outlet")) for r in rec["reports"] if r.get("outlet")})

    def day(v: Any) -> dt.date | None:
        try:
            return dt.date.fromisoformat(str(v)[:10]) if v else None
        except ValueError:
            return None

    return (
        rec["id"], rec["type"], day(date.get("start")), day(date.get("end")), place.get("country"),
        place.get("admin1"), place.get("name"), place.get("lat"), place.get("lon"),
        k.get("low"), k.get("best"), k.get("high"), i.get("low"), i.get("best"), i.get("high"),
        rec["n_reports"], rec["n_outlets"], "|" + "|".join(outlets) + "|", "|" + "|".join(sorted(parties)) + "|",
        first_seq, dumps(rec), bool(rec.get("in_passing")),
    )


def read_dirty(store: Any) -> list[str]:
    """Incidents whose members changed and whose record was not rebuilt yet (a run stopped before it did)."""
    return [r[0] for r in _rows(store, "SELECT id FROM incident_dirty ORDER BY id")]


def write_fusion(store: Any, *, rebuild: bool, assignments: list[tuple[str, int, str]],
                 records: Iterable[tuple[dict[str, Any], int]], record_ids: list[str], state: dict[str, str],
                 merged: dict[str, str] | None = None, dirty: list[str] | None = None) -> int:
    """In one transaction: incidents merged into others (gone id -> kept id) moved, the new memberships, the
    rebuilt records (record, first seq; no longer dirty), the incidents marked dirty (changed, record not rebuilt
    yet), the state. With rebuild, everything stored before is replaced. `records` (made as they are written, so
    that a rebuild never holds them all) are those of `record_ids`, in that order. Returns how many were written."""
    rows = (_incident_row(rec, first_seq) for rec, first_seq in records)
    moves = sorted((merged or {}).items())
    if store.dialect == "postgres":
        return _write_pg(store, rebuild, assignments, rows, record_ids, state, moves, dirty or [])
    with _duck(store) as con:
        return _write_duck(con, rebuild, assignments, rows, record_ids, state, moves, dirty or [])


def _write_duck(con: Any, rebuild: bool, assignments: list[tuple[str, int, str]], rows: Iterable[tuple[Any, ...]],
                ids: list[str], state: dict[str, str], moves: list[tuple[str, str]], dirty: list[str]) -> int:
    import pyarrow as pa

    con.execute("BEGIN TRANSACTION")
    try:
        if rebuild:
            con.execute("DELETE FROM incident_reports")
            con.execute("DELETE FROM incidents")
            con.execute("DELETE FROM incident_dirty")
        if moves:  # one statement each for all the merges (a statement per merge scans the table each time)
            con.register("_rasd_moves", pa.table({"gone": pa.array([m[0] for m in moves], pa.string()),
                                                  "into": pa.array([m[1] for m in moves], pa.string())}))
            try:
                con.execute("UPDATE incident_reports SET incident_id = m.into FROM _rasd_moves m "
                            "WHERE incident_reports.incident_id = m.gone")
                con.execute("DELETE FROM incidents WHERE id IN (SELECT gone FROM _rasd_moves)")
                con.execute("DELETE FROM incident_dirty WHERE id IN (SELECT gone FROM _rasd_moves)")
            finally:
                con.unregister("_rasd_moves")
        for some, mark in ((ids, False), (dirty, True)):
            if not some:
                continue
            con.register("_rasd_dirty", pa.table({"id": pa.array(some, pa.string())}))
            try:
                con.execute("DELETE FROM incident_dirty WHERE id IN (SELECT id FROM _rasd_dirty)")
                if mark:
                    con.execute("INSERT INTO incident_dirty SELECT DISTINCT id FROM _rasd_dirty")
            finally:
                con.unregister("_rasd_dirty")
        if assignments:
            con.register("_rasd_assign", pa.table({
                "article_id": pa.array([a[0] for a in assignments], pa.string()),
                "idx": pa.array([a[1] for a in assignments], pa.int32()),
                "incident_id": pa.array([a[2] for a in assignments], pa.string())}))
            try:
                con.execute("INSERT INTO incident_reports SELECT article_id, idx, incident_id FROM _rasd_assign")
            finally:
                con.unregister("_rasd_assign")
        if ids and not rebuild:
            con.register("_rasd_changed", pa.table({"id": pa.array(ids, pa.string())}))
            try:
                con.execute("DELETE FROM incidents WHERE id IN (SELECT id FROM _rasd_changed)")
            finally:
                con.unregister("_rasd_changed")
        n = 0
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= 2000:
                _insert_duck(con, chunk)
                n, chunk = n + len(chunk), []
        if chunk:
            _insert_duck(con, chunk)
            n += len(chunk)
        for key, value in state.items():
            con.execute("DELETE FROM fuse_state WHERE key = ?", [key])
            con.execute("INSERT INTO fuse_state VALUES (?, ?)", [key, value])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return n


def _insert_duck(con: Any, rows: list[tuple[Any, ...]]) -> None:
    import pyarrow as pa

    types = {"date_start": pa.date32(), "date_end": pa.date32(), "lat": pa.float64(), "lon": pa.float64(),
             "n_reports": pa.int32(), "n_outlets": pa.int32(), "first_seq": pa.int64(), "in_passing": pa.bool_()}
    for c in INCIDENT_COLS[9:15]:
        types[c] = pa.int32()
    table = pa.table({c: pa.array([r[j] for r in rows], types.get(c, pa.string()))
                      for j, c in enumerate(INCIDENT_COLS)})
    con.register("_rasd_incidents", table)
    try:
        cols = ", ".join(INCIDENT_COLS)
        select = ", ".join("CAST(record AS JSON)" if c == "record" else c for c in INCIDENT_COLS)
        con.execute(f"INSERT INTO incidents ({cols}) SELECT {select} FROM _rasd_incidents")
    finally:
        con.unregister("_rasd_incidents")


def _write_pg(store: Any, rebuild: bool, assignments: list[tuple[str, int, str]], rows: Iterable[tuple[Any, ...]],
              ids: list[str], state: dict[str, str], moves: list[tuple[str, str]], dirty: list[str]) -> int:
    n = 0
    with store.con.transaction(), store.con.cursor() as cur:
        cur.execute("LOCK TABLE incidents IN SHARE ROW EXCLUSIVE MODE")  # one fusion writer at a time
        if rebuild:
            cur.execute("DELETE FROM incident_reports")
            cur.execute("DELETE FROM incidents")
            cur.execute("DELETE FROM incident_dirty")
        for gone, into in moves:
            cur.execute("UPDATE incident_reports SET incident_id = %s WHERE incident_id = %s", (into, gone))
            cur.execute("DELETE FROM incidents WHERE id = %s", (gone,))
            cur.execute("DELETE FROM incident_dirty WHERE id = %s", (gone,))
        if ids or dirty:
            cur.execute("DELETE FROM incident_dirty WHERE id = ANY(%s)", (ids + dirty,))
        if dirty:
            cur.executemany("INSERT INTO incident_dirty VALUES (%s)", [(i,) for i in sorted(set(dirty))])
        if assignments:
            with cur.copy("COPY incident_reports (article_id, idx, incident_id) FROM STDIN") as copy:
                for a in assignments:
                    copy.write_row(a)
        if ids and not rebuild:
            cur.execute("DELETE FROM incidents WHERE id = ANY(%s)", (ids,))
        cols = ", ".join(INCIDENT_COLS)
        with cur.copy(f"COPY incidents ({cols}) FROM STDIN") as copy:  # type: ignore[arg-type]
            for row in rows:
                copy.write_row(row)
                n += 1
        for key, value in state.items():
            cur.execute("DELETE FROM fuse_state WHERE key = %s", (key,))
            cur.execute("INSERT INTO fuse_state VALUES (%s, %s)", (key, value))
    return n


def _where(q: IncidentQuery) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if q.country:
        clauses.append("upper(country) = upper(?)")
        params.append(q.country)
    if q.type:
        clauses.append("upper(type) = upper(?)")
        params.append(q.type)
    if q.since:
        clauses.append("date_end >= ?")
        params.append(q.since)
    if q.until:
        clauses.append("date_start <= ?")
        params.append(q.until)
    if q.actor:
        clauses.append("strpos(parties, lower(?)) > 0")
        params.append(q.actor)
    if q.outlet:
        clauses.append("strpos(outlets, ?) > 0")
        params.append(f"|{q.outlet}|")
    if not q.in_passing:
        clauses.append("in_passing IS NOT TRUE")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def query_records(store: Any, q: IncidentQuery) -> list[dict[str, Any]]:
    where, params = _where(q)
    sql = f"SELECT record FROM incidents{where} ORDER BY date_start DESC NULLS LAST, id"
    if q.limit is not None:
        sql += f" LIMIT {int(q.limit)}"
    if q.offset:
        sql += f" OFFSET {int(q.offset)}"
    return [_json(r[0]) for r in _rows(store, sql, params)]


def iter_records(store: Any, in_passing: bool = False) -> Iterator[dict[str, Any]]:
    """Every incident record (those told only in passing too, if asked), in the order of its first report."""
    where, params = _where(IncidentQuery(in_passing=in_passing))
    for (rec,) in _stream(store, f"SELECT record FROM incidents{where} ORDER BY first_seq, id", params):
        yield _json(rec)


def count_records(store: Any, q: IncidentQuery) -> int:
    where, params = _where(q)
    return int(_rows(store, f"SELECT count(*) FROM incidents{where}", params)[0][0])


def record_by_id(store: Any, iid: str) -> dict[str, Any] | None:
    rows = _rows(store, "SELECT record FROM incidents WHERE id = ?", [iid])
    return _json(rows[0][0]) if rows else None


def _json(v: Any) -> dict[str, Any]:
    return json.loads(v) if isinstance(v, str | bytes) else dict(v)
