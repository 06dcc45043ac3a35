"""Tests of the shipped gazetteer file and its index."""

from __future__ import annotations

import gzip
from importlib import resources

from rasd.gazetteer import REQUIRED_COLUMNS, Gazetteer, parse
from rasd.text.normalise import normalise


def _lines() -> list[str]:
    ref = resources.files("rasd").joinpath("resources", "data", "gazetteer.tsv.gz")
    with ref.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        return fh.read().splitlines()


def test_shipped_file_schema_and_provenance() -> None:
    lines = _lines()
    meta, rows = parse(iter(lines))
    for key in ("source", "licence", "build", "rows", "sha256"):
        assert meta.get(key), key
    assert "CC BY 4.0" in meta["licence"]
    assert int(meta["rows"]) == len(rows) > 5000
    header = next(line for line in lines if not line.startswith("#")).split("\t")
    assert all(c in header for c in REQUIRED_COLUMNS)
    precisions = {"site", "neighbourhood", "city", "district", "governorate", "country", "region"}
    ids = set()
    for r in rows:
        p = r.place
        assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180, p
        assert p.precision in precisions, p
        assert r.names or "latin_only" in r.flags, p  # latin_only: found by its Latin name's skeleton
        assert p.id.startswith(("gn:", "rasd:")), p
        assert p.id not in ids
        ids.add(p.id)


def test_the_loaded_gazetteer_keeps_latin_only_towns_unparsed_until_asked_for() -> None:
    _, rows = parse(iter(_lines()))
    g = Gazetteer.load()
    assert len(g.deferred) > 5000 and len(g.rows) + len(g.deferred) == len(g) == len(rows)
    assert all(r.names or "latin_only" in r.flags for r in g.rows)
    assert [r.place for r in g.all_rows()] == [r.place for r in rows] == list(g)  # every row, in the file's order
    town = next(r for r in rows if r.place.id in g.deferred)
    assert town.flags == {"latin_only"} and not town.names and town.place.feature == "PPL"
    assert g._deferred_row(town.place.id) == town and g._deferred_row(town.place.id) is g._deferred_row(town.place.id)


def test_countries_divisions_and_curated_places_present() -> None:
    g = Gazetteer.load()
    countries = [p for p in g if p.feature == "PCLI"]
    assert len(countries) >= 170
    assert g.country("SY") is not None and g.country("SY").precision == "country"
    assert g.division("SY", "Aleppo Governorate") is not None
    kinds = {p.feature for p in g}
    assert {"CAMP", "PRISON", "REGION", "ADM1", "PCLI", "PPL"} <= kinds


def test_candidates_and_load_is_cached() -> None:
    g = Gazetteer.load()
    assert Gazetteer.load() is g
    countries = {p.country for p in g.candidates("العقبة")}
    assert {"JO", "YE"} <= countries
    assert g.candidates("حلب") and g.candidates("الحلب") == g.candidates("حلب")
    assert g.version and len(g.version) == 12


def test_matcher_and_adjectives() -> None:
    g = Gazetteer.load()
    ms = g.matcher.find(normalise("وصل الوفد إلى وبالحسكة").text)
    assert ms and any(p.country == "SY" for p in ms[-1].values)
    adj = g.adjectives.find(normalise("الحدود الأردنية").text)
    assert adj and adj[0].values[0] == "JO"
