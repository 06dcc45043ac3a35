"""The server's queries over the store: an EventFilter to a parameterised WHERE clause, and the lists, facets,
timeline, map points and detail pages built on it (DuckDB and PostgreSQL dialects)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from rasd.web.db import ReadOnlyDB
from rasd.web.filters import EventFilter, FilterError, decode_cursor, encode_cursor

FROM = "FROM events e JOIN articles a ON a.id = e.article_id"
DAY = "coalesce(e.date_start, a.published)"
SORT_EXPR = {
    "date": f"coalesce({DAY}, DATE '0001-01-01')",
    "published": "coalesce(a.published, DATE '0001-01-01')",
    "killed": "coalesce(e.killed_min, -1)",
}
LIST_COLS = (
    "a.seq", "e.idx", "e.article_id", "e.type", "e.modes", "e.modality", "e.date_start", "e.date_end",
    "e.date_precision", "e.place_name", "e.place_lat", "e.place_lon", "e.place_country", "e.place_admin1",
    "e.place_precision", "e.killed_min", "e.killed_max", "e.injured_min", "e.injured_max", "e.captured_min",
    "e.captured_max", "e.actors", "e.recipients", "e.sources", "e.evidence_text", "a.title", "a.published",
    "a.outlet",
)
EVENT_COLS = LIST_COLS[1:-3]  # the event's own columns, between the article's number and its title
assert all(c.startswith("e.") for c in EVENT_COLS)
FACETS = {
    "type": "e.type", "country": "e.place_country", "admin1": "e.place_admin1", "modality": "e.modality",
    "outlet": "a.outlet",
}


_FLAT = (
    (FROM, "FROM ev e"), (DAY, "e.day"), ("a.seq", "e.seq"), ("a.title", "e.title"), ("a.published", "e.published"),
    ("a.outlet", "e.outlet"),
)


def _flat(sql: str) -> str:
    """A query over the joined events and articles, rewritten for the reader's flat in-memory table ev."""
    for joined, flat in _FLAT:
        sql = sql.replace(joined, flat)
    if re.search(r"\ba\.[a-z_]", sql):
        raise ValueError("a query for the flat event table names an article column it lacks")
    return sql


def view_rows(db: ReadOnlyDB, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Rows of an event-view query: on the flat in-memory table when the reader has one, else the joined tables."""
    return db.view_rows(_flat(sql), params) if db.flat else db.rows(sql, params)


def _party_match(db: ReadOnlyDB, column: str, values: tuple[str, ...]) -> tuple[str, list[Any]]:
    """Events whose actors (or recipients) JSON has an entry with one of these ids or names."""
    if db.dialect == "duckdb":
        return (
            f"list_has_any(list_concat(json_extract_string({column}, '$[*].id'), "
            f"json_extract_string({column}, '$[*].name')), ?::VARCHAR[])",
            [list(values)],
        )
    return (
        f"EXISTS (SELECT 1 FROM jsonb_array_elements({column}) x WHERE x->>'id' = ANY(?) OR x->>'name' = ANY(?))",
        [list(values), list(values)],
    )


def _in(expr: str, values: tuple[str, ...]) -> tuple[str, list[Any]]:
    return f"{expr} IN ({', '.join('?' for _ in values)})", list(values)


def where(db: ReadOnlyDB, f: EventFilter) -> tuple[str, list[Any]]:
    """The WHERE clause (with '?' placeholders) and its parameters for a filter, paging left out."""
    parts: list[str] = []
    params: list[Any] = []

    def add(sql: str, values: list[Any]) -> None:
        parts.append(sql)
        params.extend(values)

    for name, expr in (("country", "e.place_country"), ("admin1", "e.place_admin1"), ("type", "e.type"),
                       ("outlet", "a.outlet"), ("modality", "e.modality")):
        values = getattr(f, name)
        if values:
            add(*_in(expr, values))
    if f.mode:
        add("(" + " OR ".join("strpos(',' || e.modes || ',', ?) > 0" for _ in f.mode) + ")",
            [f",{m}," for m in f.mode])
    if f.actor:
        add(*_party_match(db, "e.actors", f.actor))
    if f.recipient:
        add(*_party_match(db, "e.recipients", f.recipient))
    if f.date_from:
        add(f"{DAY} >= ?", [f.date_from])
    if f.date_to:
        add(f"{DAY} <= ?", [f.date_to])
    if f.bbox:
        west, south, east, north = f.bbox
        add("e.place_lon BETWEEN ? AND ? AND e.place_lat BETWEEN ? AND ?", [west, east, south, north])
    if f.q:
        add("(strpos(lower(coalesce(e.evidence_text, '')), lower(?)) > 0 "
            "OR strpos(lower(coalesce(a.title, '')), lower(?)) > 0 "
            "OR strpos(lower(coalesce(e.place_name, '')), lower(?)) > 0)", [f.q, f.q, f.q])
    return (" WHERE " + " AND ".join(parts)) if parts else "", params


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _iso(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, dt.date) else value


def _parties(value: Any) -> list[dict[str, Any]]:
    out = []
    for p in _json(value) or []:
        if isinstance(p, dict):
            out.append({k: p.get(k) for k in ("id", "name", "name_ar", "text", "kind") if p.get(k) is not None})
    return out


def _count(lo: Any, hi: Any) -> dict[str, Any] | None:
    return None if lo is None and hi is None else {"min": lo, "max": hi}


def event_item(row: tuple[Any, ...]) -> dict[str, Any]:
    """One row of LIST_COLS as the API's event summary."""
    (seq, idx, article_id, typ, modes, modality, ds, de, dprec, pname, lat, lon, country, admin1, pprec,
     kmin, kmax, imin, imax, cmin, cmax, actors, recipients, sources, evidence, title, published, outlet) = row[:28]
    return {
        "id": f"{seq}-{idx}", "article_id": article_id, "idx": idx, "type": typ,
        "modes": modes.split(",") if modes else [], "modality": modality,
        "date": {"start": _iso(ds), "end": _iso(de), "precision": dprec},
        "place": None if pname is None and lat is None else {
            "name": pname, "lat": lat, "lon": lon, "country": country, "admin1": admin1, "precision": pprec},
        "killed": _count(kmin, kmax), "injured": _count(imin, imax), "captured": _count(cmin, cmax),
        "actors": _parties(actors), "recipients": _parties(recipients), "sources": _parties(sources),
        "evidence": evidence, "title": title, "published": _iso(published), "outlet": outlet,
    }


def list_events(db: ReadOnlyDB, f: EventFilter) -> dict[str, Any]:
    """A page of events with the total of the filtered view and the cursor of the next page."""
    clause, params = where(db, f)
    key = SORT_EXPR[f.sort.lstrip("-")]
    desc = f.sort.startswith("-")
    op, order = ("<", "DESC") if desc else (">", "ASC")
    page_sql, page_params = clause, list(params)
    if f.cursor:
        values = decode_cursor(f.cursor)
        if len(values) != 3 or not isinstance(values[1], int) or not isinstance(values[2], int):
            raise FilterError("cursor", "not a cursor this API gave out")
        k = values[0]
        if f.sort.lstrip("-") != "killed":
            try:
                k = dt.date.fromisoformat(str(k))
            except ValueError:
                raise FilterError("cursor", "does not belong to this sort order") from None
        elif not isinstance(k, int):
            raise FilterError("cursor", "does not belong to this sort order")
        cond = f"({key} {op} ? OR ({key} = ? AND (a.seq {op} ? OR (a.seq = ? AND e.idx {op} ?))))"
        page_sql = (clause + " AND " if clause else " WHERE ") + cond
        page_params += [k, k, values[1], values[1], values[2]]
    sql = (f"SELECT {', '.join(LIST_COLS)}, {key} AS sort_key {FROM}{page_sql} "
           f"ORDER BY sort_key {order}, a.seq {order}, e.idx {order} LIMIT ?")
    rows = view_rows(db, sql, [*page_params, f.limit + 1])
    more = len(rows) > f.limit
    rows = rows[: f.limit]
    ((total,),) = view_rows(db, f"SELECT count(*) {FROM}{clause}", params)
    nxt = None
    if more and rows:
        last = rows[-1]
        nxt = encode_cursor([_iso(last[-1]), last[0], last[1]])
    return {"items": [event_item(r) for r in rows], "next": nxt, "total": int(total)}


def iter_events(db: ReadOnlyDB, f: EventFilter, cap: int) -> Iterator[dict[str, Any]]:
    """Every event of the filtered view (at most cap), in the view's order, for downloads."""
    clause, params = where(db, f)
    key = SORT_EXPR[f.sort.lstrip("-")]
    order = "DESC" if f.sort.startswith("-") else "ASC"
    sql = (f"SELECT {', '.join(LIST_COLS)} {FROM}{clause} "
           f"ORDER BY {key} {order}, a.seq {order}, e.idx {order} LIMIT ?")
    rows = db.view_stream(_flat(sql), [*params, cap]) if db.flat else db.stream(sql, [*params, cap])
    for row in rows:
        yield event_item(row)


def facets(db: ReadOnlyDB, f: EventFilter, names: list[str], size: int = 30) -> dict[str, list[dict[str, Any]]]:
    """Counts of the filtered view's events per value of each named facet, largest first."""
    clause, params = where(db, f)
    out: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        if name in FACETS:
            expr = FACETS[name]
            sql = (f"SELECT {expr} AS v, count(*) AS n {FROM}{clause} {'AND' if clause else 'WHERE'} {expr} IS NOT "
                   f"NULL GROUP BY v ORDER BY n DESC, v LIMIT ?")
            out[name] = [{"value": v, "count": int(n)} for v, n in view_rows(db, sql, [*params, size])]
        elif name == "mode":
            split = "string_split" if db.dialect == "duckdb" else "string_to_array"
            sql = (f"SELECT v, count(*) AS n FROM (SELECT unnest({split}(e.modes, ',')) AS v {FROM}{clause}) m "
                   "WHERE v IS NOT NULL AND v <> '' GROUP BY v ORDER BY n DESC, v LIMIT ?")
            out[name] = [{"value": v, "count": int(n)} for v, n in view_rows(db, sql, [*params, size])]
        elif name in ("actor", "recipient"):
            col = "e.actors" if name == "actor" else "e.recipients"
            if db.dialect == "duckdb":
                inner = (f"SELECT unnest(json_extract_string({col}, '$[*].name')) AS v, "
                         f"unnest(json_extract_string({col}, '$[*].name_ar')) AS v_ar {FROM}{clause}")
            else:
                inner = (f"SELECT x->>'name' AS v, x->>'name_ar' AS v_ar {FROM} "
                         f"CROSS JOIN LATERAL jsonb_array_elements({col}) x{clause}")
            sql = (f"SELECT v, max(v_ar), count(*) AS n FROM ({inner}) p WHERE v IS NOT NULL "
                   "GROUP BY v ORDER BY n DESC, v LIMIT ?")
            rows = view_rows(db, sql, [*params, size])
            out[name] = [{"value": v, "label_ar": ar, "count": int(n)} for v, ar, n in rows]
        else:
            known = ", ".join([*FACETS, "mode", "actor", "recipient"])
            raise FilterError("facet", f"{name[:40]!r} is not one of {known}")
    return out


def timeline(db: ReadOnlyDB, f: EventFilter, interval: str) -> list[dict[str, Any]]:
    """Events of the filtered view per day or week (weeks start on Monday), oldest first."""
    if interval not in ("day", "week", "month"):
        raise FilterError("interval", "one of day, week, month")
    clause, params = where(db, f)
    bucket = DAY if interval == "day" else f"date_trunc('{interval}', {DAY})"
    sql = (f"SELECT {bucket} AS b, count(*) {FROM}{clause} {'AND' if clause else 'WHERE'} {DAY} IS NOT NULL "
           "GROUP BY b ORDER BY b")
    counts = {_iso(b): int(n) for b, n in view_rows(db, sql, params)}
    return [{"date": d, "count": counts.get(d, 0)} for d in _buckets(sorted(counts), interval)]


def _buckets(days: list[str], interval: str, cap: int = 4000) -> list[str]:
    """Every bucket from the first to the last one with events (empty ones too), unless there would be over cap."""
    if not days:
        return []
    first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    step = {"day": 1, "week": 7}.get(interval)
    if step and (last - first).days // step > cap:
        return days
    out, d = [], first
    while d <= last:
        out.append(d.isoformat())
        d = d + dt.timedelta(days=step) if step else dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return out


def places(db: ReadOnlyDB, f: EventFilter, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Distinct event places of the filtered view with their event counts (the map's markers)."""
    clause, params = where(db, f)
    cond = f"{clause} {'AND' if clause else 'WHERE'} e.place_lat IS NOT NULL AND e.place_lon IS NOT NULL"
    group = "e.place_name, e.place_country, e.place_admin1, e.place_lat, e.place_lon, e.place_precision"
    sql = (f"SELECT {group}, count(*) AS n {FROM}{cond} GROUP BY {group} "
           "ORDER BY n DESC, e.place_name, e.place_lat, e.place_lon LIMIT ? OFFSET ?")
    rows = view_rows(db, sql, [*params, limit, offset])
    if len(rows) < limit and (rows or offset == 0):  # the last page: the total is known without counting
        total = offset + len(rows)
    else:
        ((total,),) = view_rows(db, f"SELECT count(*) FROM (SELECT 1 {FROM}{cond} GROUP BY {group}) g", params)
    items = [{"name": r[0], "country": r[1], "admin1": r[2], "lat": r[3], "lon": r[4], "precision": r[5],
              "events": int(r[6])} for r in rows]
    return items, int(total)


def actors(db: ReadOnlyDB, q: str | None, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Actors of the actor dictionary named in stored articles, with how many articles name each."""
    name_ar = ("json_extract_string(mention, '$.name_ar')" if db.dialect == "duckdb" else "mention->>'name_ar'")
    cond = " WHERE actor_id IS NOT NULL"
    params: list[Any] = []
    if q:
        cond += f" AND (strpos(lower(coalesce(name, '')), lower(?)) > 0 OR strpos(coalesce({name_ar}, ''), ?) > 0)"
        params += [q, q]
    sql = (f"SELECT actor_id, max(name), max({name_ar}), count(DISTINCT article_id) AS n FROM mentions{cond} "
           "GROUP BY actor_id ORDER BY n DESC, actor_id LIMIT ? OFFSET ?")
    rows = db.rows(sql, [*params, limit, offset])
    ((total,),) = db.rows(f"SELECT count(DISTINCT actor_id) FROM mentions{cond}", params)
    return [{"id": r[0], "name": r[1], "name_ar": r[2], "articles": int(r[3])} for r in rows], int(total)


ARTICLE_LIST = "SELECT a.seq, a.id, a.title, a.published, a.outlet, a.url, a.n_events, a.duplicate_of FROM articles a"


def _article_item(r: tuple[Any, ...]) -> dict[str, Any]:
    return {"seq": r[0], "id": r[1], "title": r[2], "published": _iso(r[3]), "outlet": r[4], "url": r[5],
            "n_events": r[6], "duplicate_of": r[7]}


def list_articles(db: ReadOnlyDB, f: EventFilter) -> dict[str, Any]:
    """Articles newest first (by publication date, then storing order), filtered by outlet, dates and title text."""
    parts, params = [], []
    if f.outlet:
        s, p = _in("a.outlet", f.outlet)
        parts.append(s)
        params += p
    if f.date_from:
        parts.append("a.published >= ?")
        params.append(f.date_from)
    if f.date_to:
        parts.append("a.published <= ?")
        params.append(f.date_to)
    if f.q:
        parts.append("strpos(lower(coalesce(a.title, '')), lower(?)) > 0")
        params.append(f.q)
    clause = (" WHERE " + " AND ".join(parts)) if parts else ""
    key = "coalesce(a.published, DATE '0001-01-01')"
    page = clause
    page_params = list(params)
    if f.cursor:
        values = decode_cursor(f.cursor)
        if len(values) != 2 or not isinstance(values[1], int):
            raise FilterError("cursor", "not a cursor this API gave out")
        try:
            k = dt.date.fromisoformat(str(values[0]))
        except ValueError:
            raise FilterError("cursor", "not a cursor this API gave out") from None
        page += (" AND " if page else " WHERE ") + f"({key} < ? OR ({key} = ? AND a.seq < ?))"
        page_params += [k, k, values[1]]
    rows = db.rows(f"{ARTICLE_LIST}{page} ORDER BY {key} DESC, a.seq DESC LIMIT ?", [*page_params, f.limit + 1])
    more = len(rows) > f.limit
    rows = rows[: f.limit]
    ((total,),) = db.rows(f"SELECT count(*) FROM articles a{clause}", params)
    nxt = encode_cursor([_iso(rows[-1][3]) or "0001-01-01", rows[-1][0]]) if more and rows else None
    return {"items": [_article_item(r) for r in rows], "next": nxt, "total": int(total)}


def article(db: ReadOnlyDB, ref: str) -> dict[str, Any] | None:
    """One article with its text and its events' evidence offsets, by id (or by its number, 'seq')."""
    cond, value = ("a.seq = ?", int(ref)) if ref.isdigit() and len(ref) < 18 else ("a.id = ?", ref)
    rows = db.rows(f"{ARTICLE_LIST.replace('a.duplicate_of', 'a.duplicate_of, a.text')} WHERE {cond}", [value])
    if not rows:
        return None
    out = _article_item(rows[0])
    out["text"] = rows[0][8]
    evs = db.rows(f"SELECT {', '.join(LIST_COLS)}, e.evidence_start, e.evidence_end {FROM} WHERE a.id = ? "
                  "ORDER BY e.idx", [out["id"]])
    out["events"] = [{**event_item(r), "evidence_start": r[-2], "evidence_end": r[-1]} for r in evs]
    return out


def event(db: ReadOnlyDB, event_id: str) -> dict[str, Any] | None:
    """One event: its full JSON, its article (text included) and the claims of other reports that tell the same
    kind of event at the same place within three days (each with outlet, modality and sources)."""
    seq_s, _, idx_s = event_id.partition("-")
    if not (seq_s.isdigit() and idx_s.isdigit() and len(seq_s) < 18 and len(idx_s) < 9):
        return None
    # two lookups by key (the article by its number, the event by its primary key) are quicker than a join
    arts = db.rows("SELECT id, seq, title, published, outlet, text, url, duplicate_of FROM articles WHERE seq = ?",
                   [int(seq_s)])
    if not arts:
        return None
    aid, seq, title, published, outlet, text, url, dup = arts[0]
    evs = db.rows(f"SELECT {', '.join(EVENT_COLS)}, e.event FROM events e WHERE e.article_id = ? AND e.idx = ?",
                  [aid, int(idx_s)])
    if not evs:
        return None
    item = event_item((seq, *evs[0][: len(EVENT_COLS)], title, published, outlet))
    item["event"] = _json(evs[0][-1]) or {}
    item["article"] = {"id": aid, "seq": seq, "title": title, "published": _iso(published), "outlet": outlet,
                       "url": url, "duplicate_of": dup, "text": text}
    item["claims"] = related_claims(db, item)
    return item


def related_claims(db: ReadOnlyDB, item: dict[str, Any], days: int = 3, limit: int = 20) -> list[dict[str, Any]]:
    """This event's claim first, then other articles' events of the same type at the same place (name, else
    admin-1 area) whose dates lie within `days` of it: the claims side by side."""
    place = item.get("place") or {}
    start = item["date"]["start"] or item["published"]
    out = [item]
    if not start or not (place.get("name") or place.get("admin1")):
        return [_claim(c) for c in out]
    day = dt.date.fromisoformat(start)
    cond = "e.place_name = ?" if place.get("name") else "e.place_admin1 = ?"
    sql = (f"SELECT {', '.join(LIST_COLS)} {FROM} WHERE e.type = ? AND {cond} AND e.article_id <> ? "
           f"AND {DAY} BETWEEN ? AND ? ORDER BY a.published, a.seq, e.idx LIMIT ?")
    rows = view_rows(db, sql, [item["type"], place.get("name") or place.get("admin1"), item["article_id"],
                         day - dt.timedelta(days=days), day + dt.timedelta(days=days), limit])
    out += [event_item(x) for x in rows]
    return [_claim(c) for c in out]


def _claim(c: dict[str, Any]) -> dict[str, Any]:
    return {k: c[k] for k in ("id", "article_id", "outlet", "published", "title", "type", "modality", "sources",
                              "killed", "injured", "captured", "date", "place", "actors", "recipients", "evidence")}
