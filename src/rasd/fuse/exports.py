"""Incident exports: one JSON object, CSV row or ACLED-style row per incident (each casualty counted once)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from rasd.fuse.record import Incident

CSV_COLS = (
    "id", "type", "modes", "date_start", "date_end", "place", "country", "admin1", "lat", "lon",
    "killed_low", "killed_best", "killed_high", "injured_low", "injured_best", "injured_high",
    "actors", "recipients", "n_reports", "n_outlets", "outlets", "contradictions",
)
ACLED_COLS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities", "rasd_incident_id",
)


def flat(inc: Incident) -> dict[str, Any]:
    d, p, k, i = inc.date, inc.place, inc.killed, inc.injured
    return {
        "id": inc.id, "type": inc.type, "modes": ";".join(inc.modes), "date_start": d.get("start"),
        "date_end": d.get("end"), "place": p.get("name"), "country": p.get("country"), "admin1": p.get("admin1"),
        "lat": p.get("lat"), "lon": p.get("lon"), "killed_low": k.get("low"), "killed_best": k.get("best"),
        "killed_high": k.get("high"), "injured_low": i.get("low"), "injured_best": i.get("best"),
        "injured_high": i.get("high"), "actors": "; ".join(str(a.get("name") or a.get("id")) for a in inc.actors),
        "recipients": "; ".join(str(a.get("name") or a.get("id")) for a in inc.recipients),
        "n_reports": inc.n_reports, "n_outlets": inc.n_outlets,
        "outlets": "; ".join(dict.fromkeys(str(r.get("outlet")) for r in inc.reports if r.get("outlet"))),
        "contradictions": " | ".join(str(c.get("what")) for c in inc.contradictions),
    }


def acled_rows(incidents: Iterable[Incident]) -> Iterator[dict[str, Any]]:
    """ACLED-style rows, one per incident: fatalities is the best estimate, notes list the contradictions."""
    from rasd.exports import GEO_PRECISION, TIME_PRECISION, acled_type

    counters: dict[str, int] = {}
    for inc in incidents:
        cc = str(inc.place.get("country") or "XX").upper()
        counters[cc] = counters.get(cc, 0) + 1
        event_type, sub = acled_type({"type": inc.type, "modes": inc.modes, "recipients": inc.recipients})
        day = inc.date.get("start")
        actors = [str(a.get("name") or a.get("id")) for a in inc.actors]
        recips = [str(a.get("name") or a.get("id")) for a in inc.recipients]
        outlets = list(dict.fromkeys(str(r.get("outlet")) for r in inc.reports if r.get("outlet")))
        notes = f"{inc.n_reports} reports, {inc.n_outlets} outlets; killed {inc.killed.get('low')}-" \
                f"{inc.killed.get('high')} (best: {inc.killed.get('rule')})"
        if inc.contradictions:
            notes += "; " + " | ".join(str(c.get("what")) for c in inc.contradictions)
        yield {
            "event_id_cnty": f"{cc}{counters[cc]}", "event_date": day, "year": str(day)[:4] if day else None,
            "time_precision": TIME_PRECISION.get(str(inc.date.get("precision")), 3),
            "event_type": event_type, "sub_event_type": sub,
            "actor1": actors[0] if actors else None, "assoc_actor_1": "; ".join(actors[1:]) or None,
            "actor2": recips[0] if recips else None, "assoc_actor_2": "; ".join(recips[1:]) or None,
            "country": inc.place.get("country"), "admin1": inc.place.get("admin1"),
            "location": inc.place.get("name"), "latitude": inc.place.get("lat"), "longitude": inc.place.get("lon"),
            "geo_precision": GEO_PRECISION.get(str(inc.place.get("precision")), 3), "source": "; ".join(outlets),
            "notes": notes, "fatalities": inc.killed.get("best") or 0, "rasd_incident_id": inc.id,
        }


def write_incidents(incidents: Iterable[Incident], fmt: str, out: str | Path | IO[str]) -> int:
    """Write incidents as jsonl, csv or acled to a path or an open text stream; returns how many."""
    if fmt not in ("jsonl", "csv", "acled"):
        raise ValueError(f"incident export format {fmt!r}: use jsonl, csv or acled")
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as f:
            return write_incidents(incidents, fmt, f)
    n = 0
    if fmt == "jsonl":
        for inc in incidents:
            out.write(json.dumps(inc.to_dict(), ensure_ascii=False) + "\n")
            n += 1
        return n
    from rasd.exports import safe_cell  # cells starting like a formula are quoted (CSV injection)

    cols = CSV_COLS if fmt == "csv" else ACLED_COLS
    rows = (flat(i) for i in incidents) if fmt == "csv" else acled_rows(incidents)
    w = csv.DictWriter(out, fieldnames=list(cols), lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: safe_cell(v) for k, v in row.items()})
        n += 1
    return n
