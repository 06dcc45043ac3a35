"""Incident endpoints over rasd.fuse (the incident fusion's Python API), added when the store holds incidents
(`rasd fuse --db X` has run): a filtered list and one incident with every report's claim side by side."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from rasd.web.db import ReadOnlyDB
from rasd.web.filters import EventFilter, FilterError, parse_filter
from rasd.web.params import Filtered, params_of

INCIDENT_FILTERS = ("country", "type", "actor", "outlet")
NOT_FOR_INCIDENTS = ("admin1", "mode", "recipient", "modality", "bbox", "q")


def available(db: ReadOnlyDB) -> bool:
    try:
        from rasd import fuse
    except ImportError:
        return False
    return hasattr(fuse, "list_incidents") and {"incidents", "incident_reports"} <= db.tables()


@contextmanager
def store_view(db: ReadOnlyDB) -> Iterator[Any]:
    """What rasd.fuse reads through (a dialect and a connection), on this request's own read-only cursor."""
    if db.dialect == "duckdb":
        cur = db.con.cursor()  # type: ignore[attr-defined]
        try:
            yield SimpleNamespace(dialect="duckdb", con=cur)
        finally:
            cur.close()
    else:
        with db.pool.connection() as con:  # type: ignore[attr-defined]
            yield SimpleNamespace(dialect="postgres", con=con)


def incident_query(f: EventFilter) -> dict[str, Any]:
    """list_incidents keyword arguments from an event filter (incidents take one value per filter)."""
    for name in NOT_FOR_INCIDENTS:
        if getattr(f, name):
            raise FilterError(name, "not a filter of incidents (filter events instead)")
    out: dict[str, Any] = {"since": f.date_from, "until": f.date_to}
    for name in INCIDENT_FILTERS:
        values = getattr(f, name)
        if len(values) > 1:
            raise FilterError(name, "incidents take one value")
        out[name] = values[0] if values else None
    return out


def summary(inc: dict[str, Any]) -> dict[str, Any]:
    keep = ("id", "type", "modes", "date", "place", "killed", "injured", "captured", "n_reports", "n_outlets")
    out = {k: inc.get(k) for k in keep}
    out["outlets"] = sorted({str(r.get("outlet")) for r in inc.get("reports") or [] if r.get("outlet")})
    out["contradictions"] = len(inc.get("contradictions") or [])
    return out


def event_ids(db: ReadOnlyDB, reports: list[dict[str, Any]]) -> dict[str, int]:
    """Article id -> its number (seq), for linking each report to its event page."""
    ids = sorted({str(r.get("doc_id")) for r in reports if r.get("doc_id")})
    if not ids:
        return {}
    rows = db.rows(f"SELECT id, seq FROM articles WHERE id IN ({', '.join('?' for _ in ids)})", ids)
    return {str(a): int(s) for a, s in rows}


def incident_of(db: ReadOnlyDB, article_id: str, idx: int) -> str | None:
    if not available(db):
        return None
    rows = db.rows("SELECT incident_id FROM incident_reports WHERE article_id = ? AND idx = ?", [article_id, idx])
    return str(rows[0][0]) if rows else None


def add_routes(app: FastAPI, db: ReadOnlyDB, page: Callable[..., tuple[int, int]],
               envelope: Callable[..., dict[str, Any]], not_found: Callable[[str], Any]) -> None:
    """GET /api/incidents and /api/incidents/{id}; they answer 404 while the store has no incidents."""
    def absent() -> Any:
        return not_found("this store has no incidents: run `rasd fuse --db DB` on it, then restart the server")

    @app.get("/api/incidents", summary="Incidents (reports fused across outlets), newest first")
    def incidents(request: Request, f: Filtered) -> Any:
        if not available(db):  # a store not fused yet has no incidents
            return JSONResponse({"items": [], "next": None, "total": 0})
        from rasd.fuse import count_incidents, list_incidents

        limit, offset = page(request, maximum=500)
        del f  # parsed again without the paging, which incidents count by offset
        kwargs = incident_query(parse_filter({k: v for k, v in params_of(request).items()
                                              if k not in ("limit", "cursor")}))
        with store_view(db) as view:
            items = [summary(i.to_dict()) for i in list_incidents(view, limit=limit, offset=offset, **kwargs)]
            total = count_incidents(view, **kwargs)
        return JSONResponse(envelope(items, total, limit, offset))

    @app.get("/api/incidents/{incident_id:path}", summary="One incident: every report's claim, contradictions, tolls")
    def one_incident(incident_id: str) -> Any:
        if not available(db):
            return absent()
        from rasd.fuse import get_incident

        with store_view(db) as view:
            inc = get_incident(view, incident_id)
        if inc is None:
            return not_found(f"no incident {incident_id[:80]!r}")
        out = inc.to_dict()
        seqs = event_ids(db, out.get("reports") or [])
        for r in out.get("reports") or []:
            seq = seqs.get(str(r.get("doc_id")))
            idx = r.get("idx")
            r["event_ids"] = [f"{seq}-{i}" for i in (idx if isinstance(idx, list) else [idx])
                              if seq is not None and isinstance(i, int)]
        return JSONResponse(out)

