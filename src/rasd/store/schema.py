"""The store schema: registered migrations, the Record written per article, and report dicts flattened to rows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rasd.model import Article

MIGRATIONS: list[tuple[int, str, Callable[[str], list[str]]]] = []


def migration(version: int, name: str) -> Callable[[Callable[[str], list[str]]], Callable[[str], list[str]]]:
    """Register a migration: a function of the dialect ('duckdb' or 'postgres') returning SQL statements.

    Migrations run in version order, each in its own transaction with its row in schema_migrations, and never
    run twice (in the manner of sqlite-utils' migrations)."""

    def register(fn: Callable[[str], list[str]]) -> Callable[[str], list[str]]:
        if any(v == version for v, _, _ in MIGRATIONS):
            raise ValueError(f"migration {version} registered twice")
        MIGRATIONS.append((version, name, fn))
        MIGRATIONS.sort(key=lambda m: m[0])
        return fn

    return register


def _types(dialect: str) -> dict[str, str]:
    if dialect == "postgres":
        return {"json": "JSONB", "blob": "BYTEA", "double": "DOUBLE PRECISION", "ts": "TIMESTAMPTZ"}
    return {"json": "JSON", "blob": "BLOB", "double": "DOUBLE", "ts": "TIMESTAMPTZ"}


@migration(1, "initial tables: articles, events, mentions, places")
def _initial(dialect: str) -> list[str]:
    t = _types(dialect)
    return [
        f"""CREATE TABLE articles (
            id TEXT PRIMARY KEY, seq BIGINT NOT NULL, title TEXT, published DATE, outlet TEXT, url TEXT,
            source TEXT, text TEXT NOT NULL, duplicate_of TEXT, content_hash TEXT NOT NULL, minhash {t['blob']},
            n_events INTEGER NOT NULL, versions {t['json']}, ingested_at {t['ts']} NOT NULL)""",
        f"""CREATE TABLE events (
            article_id TEXT NOT NULL, idx INTEGER NOT NULL, type TEXT NOT NULL, modes TEXT, modality TEXT,
            date_start DATE, date_end DATE, date_precision TEXT,
            place_name TEXT, place_lat {t['double']}, place_lon {t['double']}, place_country TEXT,
            place_admin1 TEXT, place_precision TEXT, place_geonameid BIGINT,
            killed_min INTEGER, killed_max INTEGER, injured_min INTEGER, injured_max INTEGER,
            captured_min INTEGER, captured_max INTEGER,
            actors {t['json']}, recipients {t['json']}, sources {t['json']},
            evidence_start INTEGER, evidence_end INTEGER, evidence_text TEXT, event {t['json']} NOT NULL,
            PRIMARY KEY (article_id, idx))""",
        f"""CREATE TABLE mentions (
            article_id TEXT NOT NULL, idx INTEGER NOT NULL, actor_id TEXT, name TEXT, text TEXT,
            span_start INTEGER, span_end INTEGER, mention {t['json']} NOT NULL, PRIMARY KEY (article_id, idx))""",
        f"""CREATE TABLE places (
            article_id TEXT NOT NULL, idx INTEGER NOT NULL, name TEXT, lat {t['double']}, lon {t['double']},
            country TEXT, admin1 TEXT, geonameid BIGINT, precision TEXT, text TEXT, place {t['json']} NOT NULL,
            PRIMARY KEY (article_id, idx))""",
        "CREATE INDEX events_type ON events (type)",
        "CREATE INDEX articles_content_hash ON articles (content_hash)",
    ]


ARTICLE_COLS = (
    "id", "seq", "title", "published", "outlet", "url", "source", "text", "duplicate_of", "content_hash", "minhash",
    "n_events", "versions", "ingested_at",
)
EVENT_COLS = (
    "article_id", "idx", "type", "modes", "modality", "date_start", "date_end", "date_precision",
    "place_name", "place_lat", "place_lon", "place_country", "place_admin1", "place_precision", "place_geonameid",
    "killed_min", "killed_max", "injured_min", "injured_max", "captured_min", "captured_max",
    "actors", "recipients", "sources", "evidence_start", "evidence_end", "evidence_text", "event",
)
MENTION_COLS = ("article_id", "idx", "actor_id", "name", "text", "span_start", "span_end", "mention")
PLACE_COLS = ("article_id", "idx", "name", "lat", "lon", "country", "admin1", "geonameid", "precision", "text", "place")
SET_ASIDE_COLS = ("article_id", "idx", "type", "reason", "event")
JSON_COLS = frozenset({"versions", "actors", "recipients", "sources", "event", "mention", "place"})


@dataclass(frozen=True, slots=True)
class Record:
    """What the store keeps for one article: the article, its report as a JSON-ready dict, and dedup facts."""

    article: Article
    report: dict[str, Any]
    content_hash: str
    duplicate_of: str | None = None
    minhash: bytes | None = None


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _get(d: Any, key: str) -> Any:
    return d.get(key) if isinstance(d, dict) else None


def _span(d: Any) -> tuple[int | None, int | None, str | None]:
    """start, end, text of a dict that carries them itself or under 'span' / 'evidence'."""
    if not isinstance(d, dict):
        return None, None, None
    sp = d.get("span")
    inner = sp if isinstance(sp, dict) else d
    return _int(inner.get("start")), _int(inner.get("end")), inner.get("text") or d.get("text")


def event_row(article_id: str, idx: int, ev: dict[str, Any]) -> tuple[Any, ...]:
    place, date, ev_span = ev.get("place"), ev.get("date"), ev.get("evidence")
    counts = [(_int(_get(ev.get(k), "min")), _int(_get(ev.get(k), "max"))) for k in ("killed", "injured", "captured")]
    es, ee, et = _span(ev_span)
    return (
        article_id, idx, str(ev.get("type") or "UNKNOWN"), ",".join(ev.get("modes") or ()) or None,
        ev.get("modality"), _date(_get(date, "start")), _date(_get(date, "end")), _get(date, "precision"),
        _get(place, "name"), _float(_get(place, "lat")), _float(_get(place, "lon")), _get(place, "country"),
        _get(place, "admin1"), _get(place, "precision"), _int(_get(place, "geonameid")),
        *counts[0], *counts[1], *counts[2],
        dumps(ev.get("actors") or []), dumps(ev.get("recipients") or []), dumps(ev.get("sources") or []),
        es, ee, et, dumps(ev),
    )


def mention_row(article_id: str, idx: int, m: dict[str, Any]) -> tuple[Any, ...]:
    s, e, text = _span(m)
    a = m.get("actor")
    actor = a if isinstance(a, dict) else m
    return (article_id, idx, actor.get("id"), actor.get("name"), text, s, e, dumps(m))


def place_row(article_id: str, idx: int, p: dict[str, Any]) -> tuple[Any, ...]:
    pl = p.get("place")
    place = pl if isinstance(pl, dict) else p
    _s, _e, text = _span(p)
    return (
        article_id, idx, place.get("name"), _float(place.get("lat")), _float(place.get("lon")), place.get("country"),
        place.get("admin1"), _int(place.get("geonameid")), place.get("precision"), text, dumps(p),
    )


def article_row(rec: Record, seq: int, now: dt.datetime) -> tuple[Any, ...]:
    a = rec.article
    events = rec.report.get("events") or []
    return (
        a.id, seq, a.title, a.published, a.outlet, a.url, a.source, a.text, rec.duplicate_of, rec.content_hash,
        rec.minhash, len(events), dumps(rec.report.get("versions") or {}), now,
    )


def rows_for(records: list[Record], first_seq: int) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of every table for a batch of records (articles numbered from first_seq in batch order)."""
    now = dt.datetime.now(dt.UTC)
    out: dict[str, list[tuple[Any, ...]]] = {"articles": [], "events": [], "mentions": [], "places": [],
                                             "set_aside": []}
    for k, rec in enumerate(records):
        aid = rec.article.id
        out["articles"].append(article_row(rec, first_seq + k, now))
        for i, ev in enumerate(rec.report.get("events") or []):
            out["events"].append(event_row(aid, i, ev))
        for i, ev in set_aside_reports(rec.report):
            out["set_aside"].append((aid, i, str(ev.get("type") or ""), ev.get("set_aside"), dumps(ev)))
        for i, m in enumerate(rec.report.get("actors") or []):
            if isinstance(m, dict):
                out["mentions"].append(mention_row(aid, i, m))
        for i, p in enumerate(rec.report.get("places") or []):
            if isinstance(p, dict):
                out["places"].append(place_row(aid, i, p))
    return out


def set_aside_reports(report: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """(idx, event) of what a report set aside, numbered after its events: with them, every report of an incident
    the article gives fusion, each (article id, idx) once."""
    first = len(report.get("events") or [])
    return [(first + j, ev) for j, ev in enumerate(report.get("set_aside") or []) if isinstance(ev, dict)]


COLUMNS = {"articles": ARTICLE_COLS, "events": EVENT_COLS, "mentions": MENTION_COLS, "places": PLACE_COLS,
           "set_aside": SET_ASIDE_COLS}

STATS_SQL = {
    "articles": "SELECT count(*) FROM articles",
    "events": "SELECT count(*) FROM events",
    "duplicates": "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL",
    "by_type": "SELECT type, count(*) FROM events GROUP BY type ORDER BY 2 DESC, 1",
    "by_outlet": "SELECT coalesce(outlet, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1",
    "events_by_outlet": (
        "SELECT coalesce(a.outlet, '?'), count(*) FROM events e JOIN articles a ON a.id = e.article_id "
        "GROUP BY 1 ORDER BY 2 DESC, 1"
    ),
    # month of the event's date, else of its article's publication date
    "by_month": (
        "SELECT coalesce({month}, 'unknown'), count(*) "
        "FROM events e JOIN articles a ON a.id = e.article_id GROUP BY 1 ORDER BY 1"
    ),
}

MONTH = {
    "duckdb": "strftime(coalesce(e.date_start, a.published), '%Y-%m')",
    "postgres": "to_char(coalesce(e.date_start, a.published), 'YYYY-MM')",
}


def stats_sql(dialect: str) -> dict[str, str]:
    return {k: v.replace("{month}", MONTH[dialect]) for k, v in STATS_SQL.items()}


EVENTS_SQL = (
    "SELECT e.article_id, e.idx, e.event, a.title, a.published, a.outlet, a.url, a.duplicate_of "
    "FROM events e JOIN articles a ON a.id = e.article_id ORDER BY a.seq, e.idx"
)


def event_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    """An exported event: the event JSON plus its article's id, index and metadata."""
    article_id, idx, ev, title, published, outlet, url, dup = row
    ev = json.loads(ev) if isinstance(ev, str) else dict(ev)
    pub = published.isoformat() if isinstance(published, dt.date) else published
    return {
        "article_id": article_id, "idx": idx, "title": title, "published": pub, "outlet": outlet, "url": url,
        "duplicate_of": dup, **ev,
    }


@migration(3, "incidents: incidents, incident_reports, fuse_state")
def _incidents(dialect: str) -> list[str]:
    t = _types(dialect)
    return [
        f"""CREATE TABLE incidents (
            id TEXT PRIMARY KEY, type TEXT NOT NULL, date_start DATE, date_end DATE, country TEXT, admin1 TEXT,
            place_name TEXT, lat {t['double']}, lon {t['double']}, killed_low INTEGER, killed_best INTEGER,
            killed_high INTEGER, injured_low INTEGER, injured_best INTEGER, injured_high INTEGER,
            n_reports INTEGER NOT NULL, n_outlets INTEGER NOT NULL, outlets TEXT, parties TEXT,
            first_seq BIGINT NOT NULL, record {t['json']} NOT NULL)""",
        """CREATE TABLE incident_reports (
            article_id TEXT NOT NULL, idx INTEGER NOT NULL, incident_id TEXT NOT NULL,
            PRIMARY KEY (article_id, idx))""",
        "CREATE INDEX incident_reports_incident ON incident_reports (incident_id)",
        "CREATE TABLE fuse_state (key TEXT PRIMARY KEY, value TEXT)",
    ]


# -- migration 2: what an ingest could not store (every failed record, with where and why); stats without copies
@migration(2, "ingest_failures: every record an ingest failed, skipped or stored with a warning")
def _ingest_failures(dialect: str) -> list[str]:
    t = _types(dialect)
    return [
        f"""CREATE TABLE ingest_failures (
            run_id TEXT NOT NULL, noted_at {t['ts']} NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL,
            position TEXT, reason TEXT NOT NULL, article_id TEXT)""",
        "CREATE INDEX ingest_failures_run ON ingest_failures (run_id)",
    ]


FAILURE_COLS = ("run_id", "noted_at", "kind", "source", "position", "reason", "article_id")


@dataclass(frozen=True, slots=True)
class Failure:
    """One record an ingest failed (kind 'failed'), skipped as empty ('empty') or stored with a warning ('warning')."""

    run_id: str
    kind: str
    source: str
    position: str
    reason: str
    article_id: str | None = None
    noted_at: dt.datetime | None = None

    def row(self) -> tuple[Any, ...]:
        """The table row; text made safe for every store (no NUL, no lone surrogate), whatever the message held."""
        at = self.noted_at or dt.datetime.now(dt.UTC)
        return (self.run_id, at, self.kind, *(_storable(v) for v in (self.source, self.position, self.reason,
                                                                      self.article_id)))


def _storable(value: str | None) -> str | None:
    if value is None:
        return None
    return value.replace("\x00", "").encode("utf-8", "backslashreplace").decode("utf-8")


# stats count a near-duplicate's events once: under its first copy, never again (events_in_duplicates says how many)
_ORIGINAL = "a.duplicate_of IS NULL"
STATS_SQL_V2 = {
    "articles": "SELECT count(*) FROM articles",
    "duplicates": "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL",
    "events": f"SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id WHERE {_ORIGINAL}",
    "events_in_duplicates": (
        "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id WHERE a.duplicate_of IS NOT NULL"
    ),
    "by_type": (
        f"SELECT e.type, count(*) FROM events e JOIN articles a ON a.id = e.article_id WHERE {_ORIGINAL} "
        "GROUP BY 1 ORDER BY 2 DESC, 1"
    ),
    "by_outlet": "SELECT coalesce(outlet, '?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1",
    "events_by_outlet": (
        f"SELECT coalesce(a.outlet, '?'), count(*) FROM events e JOIN articles a ON a.id = e.article_id "
        f"WHERE {_ORIGINAL} GROUP BY 1 ORDER BY 2 DESC, 1"
    ),
    "by_month": (
        "SELECT coalesce({month}, 'unknown'), count(*) "
        f"FROM events e JOIN articles a ON a.id = e.article_id WHERE {_ORIGINAL} GROUP BY 1 ORDER BY 1"
    ),
}


def stats_queries(dialect: str) -> dict[str, str]:
    """The stats of a store: counts (scalars) and breakdowns (by_* keys), near-duplicates' events left out."""
    return {k: v.replace("{month}", MONTH[dialect]) for k, v in STATS_SQL_V2.items()}


@migration(4, "incident_dirty: incidents whose record awaits rebuilding")
def _incident_dirty(dialect: str) -> list[str]:
    return ["CREATE TABLE incident_dirty (id TEXT PRIMARY KEY)"]


@migration(5, "set_aside: what an article tells in passing (not its events), kept as reports for incident fusion")
def _set_aside(dialect: str) -> list[str]:
    t = _types(dialect)
    return [f"""CREATE TABLE set_aside (
            article_id TEXT NOT NULL, idx INTEGER NOT NULL, type TEXT NOT NULL, reason TEXT, event {t['json']} NOT NULL,
            PRIMARY KEY (article_id, idx))"""]


@migration(6, "incidents.in_passing: incidents every article tells only in passing, left out of listings by default")
def _incidents_in_passing(dialect: str) -> list[str]:
    del dialect
    return ["ALTER TABLE incidents ADD COLUMN in_passing BOOLEAN"]
