"""Builders of stored-event dicts and store records for the fusion tests (no real pipeline)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rasd.ingest.records import content_hash
from rasd.model import Article
from rasd.store.schema import Record

TOWNS = {
    "shaddadi": ("Ash Shaddadi", 36.06, 40.73, "SY", "Al-Hasakah Governorate", 1001, "city"),
    "hasakah": ("Al Hasakah", 36.50, 40.75, "SY", "Al-Hasakah Governorate", 1002, "city"),
    "qamishli": ("Qamishli", 37.05, 41.23, "SY", "Al-Hasakah Governorate", 1003, "city"),
    "baghdad": ("Baghdad", 33.34, 44.40, "IQ", "Baghdad Governorate", 1004, "city"),
    "najran": ("Najran", 17.49, 44.13, "SA", "Najran Region", 1005, "city"),
}


def event(*, typ: str = "ASSAULT", day: str = "2024-03-14", precision: str = "day", town: str | None = "shaddadi",
          killed: tuple[int, int | None] | None = (7, 7), injured: tuple[int, int | None] | None = None,
          actors: tuple[str, ...] = ("ISIS",), recipients: tuple[str, ...] = ("SDF",),
          evidence: str = "هجوم بسيارة مفخخة على حاجز في بلدة الشدادي", modality: str = "reported",
          actor_words: str = "تنظيم داعش", end: str | None = None) -> dict[str, Any]:
    place = None
    if town:
        name, lat, lon, cc, admin1, gid, prec = TOWNS[town]
        place = {"name": name, "lat": lat, "lon": lon, "country": cc, "admin1": admin1, "geonameid": gid,
                 "precision": prec, "text": name, "start": 5, "end": 10}
    return {
        "type": typ, "modes": ["explosives"],
        "actors": [{"id": a, "name": a, "text": actor_words, "kind": "armed_group"} for a in actors],
        "recipients": [{"id": r, "name": r, "text": r} for r in recipients],
        "place": place, "date": {"start": day, "end": end or day, "precision": precision, "text": "أمس"},
        "killed": {"min": killed[0], "max": killed[1]} if killed else None,
        "injured": {"min": injured[0], "max": injured[1]} if injured else None, "captured": None,
        "modality": modality, "sources": [{"name": "مصدر محلي", "text": "مصدر محلي"}],
        "evidence": {"start": 0, "end": max(len(evidence), 20), "text": evidence},
    }


def record(doc_id: str, events: list[dict[str, Any]], *, published: str = "2024-03-15",
           outlet: str = "outlet-a") -> Record:
    text = f"نص المقال {doc_id}"
    a = Article(id=doc_id, text=text, title=f"عنوان {doc_id}", published=dt.date.fromisoformat(published),
                outlet=outlet, url=None, source=f"{doc_id}.jsonl:1")
    report = {"doc_id": doc_id, "events": events, "actors": [], "places": [], "versions": {"test": "1"}}
    return Record(a, report, content_hash(text), None, None)


def scenario() -> list[Record]:
    """Three outlets on one Shaddadi bombing (tolls 7, 4, 11), a Shaddadi bombing five days later, an attack in
    Qamishli the same day (same province, another town), one in Baghdad, and a protest in Shaddadi that day."""
    return [
        record("a1", [event(killed=(7, 7), injured=(12, 12))], outlet="wakala"),
        record("b1", [event(killed=(4, 4), actor_words="خلايا داعش", evidence="تفجير سيارة مفخخة عند حاجز الشدادي")],
               outlet="qanat"),
        record("q1", [event(town="qamishli", killed=(2, 2), evidence="هجوم مسلح على دورية في القامشلي")],
               outlet="wakala"),
        record("c1", [event(killed=(11, 11), actors=("SDF_ENEMY",), actor_words="خلايا مسلحة",
                            evidence="ارتفاع حصيلة تفجير الشدادي المفخخ")], published="2024-03-16", outlet="sawt"),
        record("p1", [event(typ="PROTEST", killed=None, evidence="تظاهرة في الشدادي")], outlet="qanat"),
        record("a2", [event(day="2024-03-19", killed=(3, 3), evidence="سيارة مفخخة في الشدادي مرة أخرى")],
               published="2024-03-20", outlet="wakala"),
        record("g1", [event(town="baghdad", killed=(7, 7))], outlet="wakala"),
        record("d1", [event(killed=None, modality="denied", evidence="نفي تفجير مفخخة حاجز الشدادي")],
               outlet="nafi"),
    ]
