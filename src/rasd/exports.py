"""Exports of stored events: JSON Lines, CSV, Parquet, GeoJSON and an ACLED-style CSV (with the type mapping).

PLOVER type + mode -> ACLED event_type / sub_event_type (modes matched by substring, first rule wins):

PLOVER type | mode contains | ACLED event_type | sub_event_type
ASSAULT | on protesters (or crowd-control), firearms or killed | Protests | Excessive force against protesters
ASSAULT | on protesters (or crowd-control), otherwise | Protests | Protest with intervention
ASSAULT | suicide | Explosions/Remote violence | Suicide bomb
ASSAULT | aerial, air, drone | Explosions/Remote violence | Air/drone strike
ASSAULT | explosive, ied, bomb, mine | Explosions/Remote violence | Remote explosive/landmine/IED
ASSAULT | heavy, artillery, shell, missile, rocket | Explosions/Remote violence | Shelling/artillery/missile attack
ASSAULT | abduct, kidnap | Violence against civilians | Abduction/forced disappearance
ASSAULT | other (firearms ...), recipients civilians | Violence against civilians | Attack
ASSAULT | other (firearms ...) | Battles | Armed clash
PROTEST | riot, violent | Riots | Violent demonstration
PROTEST | crowd-control (dispersed), with killed | Protests | Excessive force against protesters
PROTEST | crowd-control (dispersed) | Protests | Protest with intervention
PROTEST | other | Protests | Peaceful protest
COERCE | arrest, detain | Strategic developments | Arrests
COERCE | abduct, kidnap | Violence against civilians | Abduction/forced disappearance
any other |  | Strategic developments | Other

geo_precision: site/neighbourhood/city -> 1, district -> 2, governorate/country/region (or unknown) -> 3.

Every export leaves out the events of near-duplicate articles (syndicated copies, linked by `duplicate_of` to the
first stored copy, whose events they repeat) unless include_duplicates is set. CSV and ACLED cells are
spreadsheet-safe (the OWASP CSV-injection rule: a text cell starting with = + - @, a tab or a carriage return gets a
leading apostrophe) and carry no NUL characters.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from rasd.store import Store
from rasd.text.normalise import norm

FLAT_COLS = (
    "event_id", "article_id", "idx", "published", "outlet", "url", "title", "duplicate_of", "type", "modes",
    "modality", "modality_p", "eventivity", "date_start", "date_end", "date_precision", "place_name", "lat", "lon",
    "country", "admin1", "place_precision", "place_p", "geonameid", "killed_min", "killed_max", "injured_min",
    "injured_max", "captured_min", "captured_max", "aggregate_tolls", "actors", "actor_ids", "recipients",
    "recipient_ids", "sources", "evidence_start", "evidence_end", "evidence",
)
FLOAT_COLS = frozenset({"lat", "lon", "modality_p", "eventivity", "place_p"})
ACLED_COLS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities", "rasd_event_id",
)
GEO_PRECISION = {"site": 1, "neighbourhood": 1, "city": 1, "district": 2, "governorate": 3, "country": 3, "region": 3}
TIME_PRECISION = {"day": 1, "week": 2, "month": 2, "year": 3}


def _g(d: Any, *keys: str) -> Any:
    for k in keys:
        d = d.get(k) if isinstance(d, dict) else None
    return d


def _names(ms: Any) -> list[str]:
    return [str(m.get("name") or m.get("text") or m.get("id")) for m in ms or () if isinstance(m, dict)]


def _ids(ms: Any) -> list[str]:
    return [str(m["id"]) for m in ms or () if isinstance(m, dict) and m.get("id")]


def flat(ev: dict[str, Any]) -> dict[str, Any]:
    """One event as a flat row (CSV / Parquet)."""
    place, date = ev.get("place") or {}, ev.get("date") or {}
    return {
        "event_id": f"{ev['article_id']}#{ev['idx']}", "article_id": ev["article_id"], "idx": ev["idx"],
        "published": ev.get("published"), "outlet": ev.get("outlet"), "url": ev.get("url"),
        "title": ev.get("title"), "duplicate_of": ev.get("duplicate_of"), "type": ev.get("type"),
        "modes": ";".join(ev.get("modes") or []), "modality": ev.get("modality"),
        "modality_p": ev.get("modality_p"),  # the models' probability for it (None: the hand rule's cue decided)
        "eventivity": ev.get("eventivity"),  # the filter's probability (None: not judged, or stored before it)
        "date_start": date.get("start"), "date_end": date.get("end"), "date_precision": date.get("precision"),
        "place_name": place.get("name"), "lat": place.get("lat"), "lon": place.get("lon"),
        "country": place.get("country"), "admin1": place.get("admin1"), "place_precision": place.get("precision"),
        "place_p": ev.get("place_p"),  # how sure the place is (None: no place, or stored before place_p)
        "geonameid": place.get("geonameid"),
        **{f"{k}_{b}": _g(ev, k, b) for k in ("killed", "injured", "captured") for b in ("min", "max")},
        # which of those tolls the text gives for several happenings at once (killed;injured), not this event alone
        "aggregate_tolls": ";".join(k for k in ("killed", "injured") if _g(ev, k, "aggregate")) or None,
        "actors": "; ".join(_names(ev.get("actors"))), "actor_ids": ";".join(_ids(ev.get("actors"))),
        "recipients": "; ".join(_names(ev.get("recipients"))),
        "recipient_ids": ";".join(_ids(ev.get("recipients"))),
        "sources": "; ".join(_names(ev.get("sources"))),
        "evidence_start": _g(ev, "evidence", "start"), "evidence_end": _g(ev, "evidence", "end"),
        "evidence": _g(ev, "evidence", "text"),
    }


def _has(modes: str, *words: str) -> bool:
    return any(w in modes for w in words)


def _protesters(ev: dict[str, Any]) -> bool:
    for m in ev.get("recipients") or ():
        if not isinstance(m, dict):
            continue
        key = " ".join(str(m.get(k) or "") for k in ("id", "name")).lower()
        if "protest" in key or any(w in norm(str(m.get("text") or "")) for w in ("متظاهر", "محتج")):
            return True
    return False


def _killed(ev: dict[str, Any]) -> bool:
    k = _g(ev, "killed", "min")
    return isinstance(k, int | float) and k > 0


def _civilian(recipients: Any) -> bool:
    for m in recipients or ():
        if not isinstance(m, dict):
            continue
        key = " ".join(str(m.get(k) or "") for k in ("id", "name", "kind")).lower()
        if "civilian" in key or "مدني" in norm(str(m.get("text") or "")):
            return True
    return False


def acled_type(ev: dict[str, Any]) -> tuple[str, str]:
    """(event_type, sub_event_type) for a PLOVER event, by the table in this module's docstring."""
    t = str(ev.get("type") or "").upper()
    modes = " ".join(ev.get("modes") or ()).lower()
    if t == "ASSAULT":
        if _protesters(ev) or _has(modes, "crowd-control"):
            if _has(modes, "firearms") or _killed(ev):
                return "Protests", "Excessive force against protesters"
            return "Protests", "Protest with intervention"
        if _has(modes, "suicide"):
            return "Explosions/Remote violence", "Suicide bomb"
        if _has(modes, "aerial", "air", "drone"):
            return "Explosions/Remote violence", "Air/drone strike"
        if _has(modes, "explosive", "ied", "bomb", "mine"):
            return "Explosions/Remote violence", "Remote explosive/landmine/IED"
        if _has(modes, "heavy", "artillery", "shell", "missile", "rocket"):
            return "Explosions/Remote violence", "Shelling/artillery/missile attack"
        if _has(modes, "abduct", "kidnap"):
            return "Violence against civilians", "Abduction/forced disappearance"
        if _civilian(ev.get("recipients")):
            return "Violence against civilians", "Attack"
        return "Battles", "Armed clash"
    if t == "PROTEST":
        if _has(modes, "riot", "violent"):
            return "Riots", "Violent demonstration"
        if _has(modes, "crowd-control"):
            if _killed(ev):
                return "Protests", "Excessive force against protesters"
            return "Protests", "Protest with intervention"
        return "Protests", "Peaceful protest"
    if t == "COERCE":
        if _has(modes, "arrest", "detain"):
            return "Strategic developments", "Arrests"
        if _has(modes, "abduct", "kidnap"):
            return "Violence against civilians", "Abduction/forced disappearance"
    return "Strategic developments", "Other"


def acled_rows(events: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """ACLED-style rows; event_id_cnty is the country code and a running number per country."""
    counters: dict[str, int] = {}
    for ev in events:
        place, date = ev.get("place") or {}, ev.get("date") or {}
        cc = str(place.get("country") or "XX").upper()
        counters[cc] = counters.get(cc, 0) + 1
        event_type, sub = acled_type(ev)
        day = date.get("start") or ev.get("published")
        actors, recips = _names(ev.get("actors")), _names(ev.get("recipients"))
        srcs = [s for s in [ev.get("outlet"), *_names(ev.get("sources"))] if s]
        yield {
            "event_id_cnty": f"{cc}{counters[cc]}", "event_date": day, "year": str(day)[:4] if day else None,
            "time_precision": TIME_PRECISION.get(date.get("precision") or "", 3),
            "event_type": event_type, "sub_event_type": sub,
            "actor1": actors[0] if actors else None, "assoc_actor_1": "; ".join(actors[1:]) or None,
            "actor2": recips[0] if recips else None, "assoc_actor_2": "; ".join(recips[1:]) or None,
            "country": place.get("country"), "admin1": place.get("admin1"), "location": place.get("name"),
            "latitude": place.get("lat"), "longitude": place.get("lon"),
            "geo_precision": GEO_PRECISION.get(place.get("precision") or "", 3),
            "source": "; ".join(dict.fromkeys(srcs)) or None, "notes": _g(ev, "evidence", "text"),
            # a toll over several happenings (aggregate) is not this event's: ACLED gives no event a day's total
            "fatalities": 0 if _g(ev, "killed", "aggregate") else _g(ev, "killed", "min") or 0,
            "rasd_event_id": f"{ev['article_id']}#{ev['idx']}",
        }


def geojson_feature(ev: dict[str, Any]) -> dict[str, Any] | None:
    place = ev.get("place") or {}
    if place.get("lat") is None or place.get("lon") is None:
        return None
    props = {k: v for k, v in flat(ev).items() if k not in ("lat", "lon")}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
            "properties": props}


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet will not run: NULs removed, text starting like a formula prefixed with an apostrophe
    (OWASP's CSV-injection rule). Numbers are left as they are (a negative longitude stays a number)."""
    if not isinstance(value, str):
        return value
    value = value.replace("\x00", "")
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv(rows: Iterable[dict[str, Any]], cols: tuple[str, ...], out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=list(cols), extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    n = 0
    for r in rows:
        w.writerow({k: safe_cell(v) for k, v in r.items()})
        n += 1
    return n


def _parquet(events: Iterable[dict[str, Any]], path: str | Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([
        (c, pa.float64() if c in FLOAT_COLS else
         pa.int64() if c in ("idx", "geonameid", "evidence_start", "evidence_end") or c.endswith(("_min", "_max"))
         else pa.string())
        for c in FLAT_COLS
    ])
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        chunk: list[dict[str, Any]] = []
        for ev in events:
            row = flat(ev)
            chunk.append({c: (str(row[c]) if row[c] is not None and schema.field(c).type == pa.string() else row[c])
                          for c in FLAT_COLS})
            if len(chunk) >= 5000:
                writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
                n += len(chunk)
                chunk = []
        if chunk or n == 0:
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))
            n += len(chunk)
    return n


def export(store: Store, fmt: str, out: str | Path | IO[str], *, include_duplicates: bool = False,
           min_eventivity: float | None = None) -> int:
    """Write every stored event in `fmt` to a path or a text stream; returns the number of events written.

    A near-duplicate article's events are left out (they repeat its first copy's) unless include_duplicates. With
    min_eventivity, only events the eventivity filter gave at least that probability (an event it did not judge, from
    an input of one sentence or stored before events carried it, is left out)."""
    events = store.iter_events()
    if not include_duplicates:
        events = (ev for ev in events if not ev.get("duplicate_of"))
    if min_eventivity is not None:
        cut = min_eventivity
        events = (ev for ev in events if isinstance(ev.get("eventivity"), int | float) and ev["eventivity"] >= cut)
    if fmt == "parquet":
        if not isinstance(out, str | Path):
            raise ValueError("parquet needs a file path")
        return _parquet(events, out)
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return _write_text(events, fmt, fh)
    return _write_text(events, fmt, out)


def _write_text(events: Iterator[dict[str, Any]], fmt: str, out: IO[str]) -> int:
    if fmt == "jsonl":
        n = 0
        for ev in events:
            out.write(json.dumps(ev, ensure_ascii=False, default=str) + "\n")
            n += 1
        return n
    if fmt == "csv":
        return _csv((flat(ev) for ev in events), FLAT_COLS, out)
    if fmt == "acled":
        return _csv(acled_rows(events), ACLED_COLS, out)
    if fmt == "geojson":
        out.write('{"type": "FeatureCollection", "features": [\n')
        n = 0
        for ev in events:
            f = geojson_feature(ev)
            if f is None:
                continue
            out.write((",\n" if n else "") + json.dumps(f, ensure_ascii=False, default=str))
            n += 1
        out.write("\n]}\n")
        return n
    raise ValueError(f"unknown export format {fmt!r}")


__all__ = ["ACLED_COLS", "FLAT_COLS", "FLOAT_COLS", "acled_rows", "acled_type", "export", "flat"]
