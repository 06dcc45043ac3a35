"""Exports and the stats/export commands: JSON Lines, CSV, Parquet, GeoJSON, ACLED-style CSV and its type mapping."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from rasd.cli_store import main
from rasd.exports import ACLED_COLS, acled_type, export
from rasd.ingest.runner import ingest
from rasd.store import open_store

FIX = Path(__file__).parent / "fixtures" / "ingest"
sys.path.insert(0, str(FIX))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("exp") / "r.duckdb"
    store = open_store(path)
    try:
        ingest([FIX / "data" / "articles.jsonl", FIX / "data" / "feed.rss"], store, processor="fakepipe:processor")
    finally:
        store.close()
    return str(path)


def _events(db: str) -> int:
    store = open_store(db)
    try:
        return int(store.stats()["events"])
    finally:
        store.close()


def test_acled_mapping_table() -> None:
    civ = [{"id": "civilians", "name": "civilians", "text": "مدنيين"}]
    cases = [
        ({"type": "ASSAULT", "modes": ["aerial"]}, ("Explosions/Remote violence", "Air/drone strike")),
        ({"type": "ASSAULT", "modes": ["explosives"]}, ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        ({"type": "ASSAULT", "modes": ["suicide-attack"]}, ("Explosions/Remote violence", "Suicide bomb")),
        ({"type": "ASSAULT", "modes": ["heavy-weapons"]},
         ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
        ({"type": "ASSAULT", "modes": ["firearms"]}, ("Battles", "Armed clash")),
        ({"type": "ASSAULT", "modes": ["firearms"], "recipients": civ}, ("Violence against civilians", "Attack")),
        ({"type": "ASSAULT", "modes": ["abduct"]}, ("Violence against civilians", "Abduction/forced disappearance")),
        ({"type": "PROTEST", "modes": []}, ("Protests", "Peaceful protest")),
        ({"type": "PROTEST", "modes": ["riot"]}, ("Riots", "Violent demonstration")),
        ({"type": "COERCE", "modes": ["arrest"]}, ("Strategic developments", "Arrests")),
        ({"type": "CONSULT", "modes": []}, ("Strategic developments", "Other")),
    ]
    for ev, want in cases:
        assert acled_type(ev) == want, ev


def test_all_formats(db: str, tmp_path: Path) -> None:
    n = _events(db)
    assert n > 0
    store = open_store(db)
    try:
        buf = io.StringIO()
        assert export(store, "jsonl", buf) == n
        lines = [json.loads(x) for x in buf.getvalue().splitlines()]
        assert len(lines) == n and {"article_id", "idx", "type", "evidence"} <= set(lines[0])
        buf = io.StringIO()
        assert export(store, "csv", buf) == n
        rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
        assert len(rows) == n and rows[0]["place_name"] == "Idlib"
        buf = io.StringIO()
        assert export(store, "acled", buf) == n
        acled = list(csv.DictReader(io.StringIO(buf.getvalue())))
        assert tuple(acled[0]) == ACLED_COLS
        first = acled[0]
        assert first["event_type"] == "Explosions/Remote violence" and first["sub_event_type"] == "Air/drone strike"
        assert first["fatalities"] == "3" and first["geo_precision"] == "1" and first["event_id_cnty"] == "SY1"
        assert first["actor1"] == "Syrian army" and first["actor2"] == "civilians" and first["notes"] == "قصف"
        assert first["year"] == first["event_date"][:4]
        assert export(store, "parquet", tmp_path / "e.parquet") == n
        assert pq.read_table(tmp_path / "e.parquet").num_rows == n
        schema = pq.read_schema(tmp_path / "e.parquet")
        assert str(schema.field("eventivity").type) == str(schema.field("modality_p").type) == "double"
        assert str(schema.field("place_p").type) == "double"
        buf = io.StringIO()
        assert export(store, "geojson", buf) == n
        gj = json.loads(buf.getvalue())
        assert gj["type"] == "FeatureCollection" and gj["features"][0]["geometry"]["coordinates"] == [36.63, 35.93]
    finally:
        store.close()


def test_flat_rows_carry_the_models_probabilities() -> None:
    from rasd.exports import flat

    base = {"article_id": "a", "idx": 0, "type": "ASSAULT"}
    assert flat({**base, "eventivity": 0.42})["eventivity"] == 0.42
    assert flat(base)["eventivity"] is None  # not judged, or stored before events carried it
    assert flat({**base, "modality": "reported", "modality_p": 0.77})["modality_p"] == 0.77
    assert flat(base)["modality_p"] is None  # a cue word decided, or stored before events carried it
    assert flat({**base, "place": {"name": "Saraqib"}, "place_p": 0.91})["place_p"] == 0.91
    assert flat(base)["place_p"] is None  # no place, or stored before events carried it


def test_cli_stats_and_export(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(main, ["stats", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    st = json.loads(res.output)
    assert {"articles", "events", "by_type", "by_outlet", "by_month"} <= set(st)
    res = runner.invoke(main, ["export", "--db", db, "--format", "parquet"])
    assert res.exit_code != 0 and "--out" in res.output
    out = tmp_path / "a.csv"
    res = runner.invoke(main, ["export", "--db", db, "--format", "acled", "--out", str(out)])
    assert res.exit_code == 0 and out.read_text(encoding="utf-8").startswith("event_id_cnty,")
    res = runner.invoke(main, ["stats", "--db", db])
    assert res.exit_code == 0 and "events" in res.output


def test_acled_fatalities_leave_out_a_toll_over_several_happenings() -> None:
    from rasd.exports import acled_rows, flat

    def ev(killed: dict) -> dict:
        return {"article_id": "a", "idx": 0, "type": "ASSAULT", "modes": ["explosives"], "killed": killed,
                "date": {"start": "2015-07-21", "precision": "day"},
                "place": {"country": "IQ", "name": "Baghdad", "lat": 33.3, "lon": 44.4, "precision": "city"}}

    own, total = ev({"min": 17, "max": 17}), ev({"min": 30, "max": 30, "aggregate": True})
    assert [r["fatalities"] for r in acled_rows([own, total])] == [17, 0]
    assert [flat(e)["aggregate_tolls"] for e in (own, total)] == [None, "killed"]
    assert flat(total)["killed_min"] == 30  # the flat row keeps the figure, and says it is a day's total


# two short reports of our own: an air strike with its toll, and a raid with arrests, each with a background remark
REPORTS = [
    {"id": "m-1", "published": "2024-03-07", "text":
     "قصفت طائرات حربية مساء أمس الأربعاء بلدة في ريف إدلب الجنوبي، ما أدى إلى مقتل أربعة مدنيين وإصابة آخرين.\n"
     "وقال مسؤول في الدفاع المدني إن فرق الإنقاذ انتشلت الجثث من تحت الأنقاض.\n"
     "وتتعرض المنطقة لقصف متكرر منذ سنوات.\n"},
    {"id": "m-2", "published": "2024-03-08", "text":
     "داهمت قوات الأمن العراقية فجر اليوم منزلاً في مدينة الموصل واعتقلت ثلاثة مطلوبين.\n"
     "وأكد مصدر أمني أن المعتقلين متهمون بالتخطيط لهجمات.\n"
     "وتشن القوات حملات مماثلة منذ أشهر.\n"},
]


def test_export_at_a_higher_cut_keeps_the_likelier_events(tmp_path: Path) -> None:
    src = tmp_path / "m.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in REPORTS), encoding="utf-8")
    db = str(tmp_path / "m.duckdb")
    store = open_store(db)
    try:
        ingest([src], store, fuse=False)
        buf = io.StringIO()
        n = export(store, "jsonl", buf)
        probs = sorted(json.loads(x)["eventivity"] for x in buf.getvalue().splitlines())
        assert n >= 2 and all(isinstance(p, float) for p in probs), probs
        cut = (probs[0] + probs[-1]) / 2 if probs[0] < probs[-1] else probs[0]
        buf = io.StringIO()
        kept = export(store, "csv", buf, min_eventivity=cut)
        rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
        assert kept == len(rows) == sum(p >= cut for p in probs) and all(float(r["eventivity"]) >= cut for r in rows)
        assert export(store, "jsonl", io.StringIO(), min_eventivity=1.0) == sum(p >= 1.0 for p in probs)
    finally:
        store.close()
    res = CliRunner().invoke(main, ["export", "--db", db, "--format", "csv", "--min-eventivity", f"{cut}"])
    assert res.exit_code == 0, res.output
    assert len(list(csv.DictReader(io.StringIO(res.stdout)))) == kept
    bad = CliRunner().invoke(main, ["export", "--db", db, "--unit", "incident", "--min-eventivity", "0.5"])
    assert bad.exit_code == 2 and "--unit report" in bad.output
