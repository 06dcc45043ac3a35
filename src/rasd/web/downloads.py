"""Downloads of a filtered event view: CSV rows and a streamed GeoJSON FeatureCollection."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

CSV_COLUMNS = (
    "id", "article_id", "idx", "type", "modes", "modality", "date_start", "date_end", "date_precision",
    "place_name", "country", "admin1", "lat", "lon", "place_precision", "killed_min", "killed_max", "injured_min",
    "injured_max", "captured_min", "captured_max", "actors", "recipients", "sources", "outlet", "published", "title",
    "evidence",
)


def _names(parties: list[dict[str, Any]]) -> str:
    return "; ".join(str(p.get("name") or p.get("text") or "") for p in parties)


def csv_row(ev: dict[str, Any]) -> list[Any]:
    place = ev.get("place") or {}
    counts = []
    for key in ("killed", "injured", "captured"):
        c = ev.get(key) or {}
        counts += [c.get("min"), c.get("max")]
    return [
        ev["id"], ev["article_id"], ev["idx"], ev["type"], ",".join(ev["modes"]), ev["modality"],
        ev["date"]["start"], ev["date"]["end"], ev["date"]["precision"], place.get("name"), place.get("country"),
        place.get("admin1"), place.get("lat"), place.get("lon"), place.get("precision"), *counts,
        _names(ev["actors"]), _names(ev["recipients"]), _names(ev["sources"]), ev["outlet"], ev["published"],
        ev["title"], ev["evidence"],
    ]


def csv_lines(events: Iterable[dict[str, Any]], chunk: int = 500) -> Iterator[str]:
    """The CSV text in chunks of rows, header first (UTF-8, one row per event)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    n = 0
    for ev in events:
        writer.writerow(csv_row(ev))
        n += 1
        if n % chunk == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def feature(ev: dict[str, Any]) -> dict[str, Any]:
    place = ev.get("place") or {}
    has_point = place.get("lat") is not None and place.get("lon") is not None
    return {
        "type": "Feature", "id": ev["id"],
        "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]} if has_point else None,
        "properties": {k: v for k, v in ev.items() if k != "id"},
    }


def geojson_chunks(events: Iterable[dict[str, Any]], chunk: int = 200) -> Iterator[str]:
    """A FeatureCollection, streamed (events without coordinates have a null geometry)."""
    yield '{"type": "FeatureCollection", "features": ['
    parts: list[str] = []
    first = True
    for ev in events:
        parts.append(("" if first else ",") + json.dumps(feature(ev), ensure_ascii=False))
        first = False
        if len(parts) >= chunk:
            yield "".join(parts)
            parts = []
    yield "".join(parts) + "]}"
