"""Incidents in the store: fuse, list, filter, get, export; incremental equals rebuild; a failed run changes nothing.
The same checks on DuckDB and on PostgreSQL (marked postgres)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pg_helpers import fresh_schema
from rasd.cli import main
from rasd.fuse import count_incidents, fuse_incidents, get_incident, iter_incidents, list_incidents
from rasd.store import open_store

sys.path.insert(0, str(Path(__file__).parent))
from fuse_helpers import event, record, scenario

EXAMPLES = Path(__file__).parent.parent / "examples" / "incidents"


def _memberships(store: Any) -> list[tuple[str, ...]]:
    return sorted((i.id, r["doc_id"]) for i in iter_incidents(store) for r in i.reports)


def check_fusion(store: Any) -> None:
    recs = scenario()
    store.put_reports(recs[:3])
    first = fuse_incidents(store)
    assert first.reports == 3
    store.put_reports(recs[3:])
    fuse_incidents(store)  # incremental: the later reports join or start incidents
    incremental = _memberships(store)
    again = fuse_incidents(store)
    assert again.reports == 0 and _memberships(store) == incremental  # re-running changes nothing
    fuse_incidents(store, rebuild=True)
    assert _memberships(store) == incremental  # the same incidents from scratch
    inc = get_incident(store, "inc-a1-0")
    assert inc is not None
    assert sorted(r["doc_id"] for r in inc.reports) == ["a1", "b1", "c1", "d1"]
    assert (inc.killed["low"], inc.killed["high"]) == (4, 11)
    assert {c["field"] for c in inc.contradictions} >= {"killed", "modality"}
    assert len(list_incidents(store)) == 5
    assert [i.id for i in list_incidents(store, country="IQ")] == ["inc-g1-0"]
    assert [i.id for i in list_incidents(store, type="protest")] == ["inc-p1-0"]
    assert [i.id for i in list_incidents(store, since=dt.date(2024, 3, 18))] == ["inc-a2-0"]
    assert len(list_incidents(store, until=dt.date(2024, 3, 14))) == 4
    assert {i.id for i in list_incidents(store, actor="خلايا داعش")} == {"inc-a1-0"}  # an outlet's words
    assert len(list_incidents(store, actor="isis", limit=2)) == 2
    assert get_incident(store, "inc-nope") is None


def check_failed_run_changes_nothing(store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import rasd.fuse as fuse

    recs = scenario()
    store.put_reports(recs[:4])
    fuse_incidents(store)
    before = _memberships(store)
    store.put_reports(recs[4:])

    def boom(iid: str, rows: list[Any], *version: str) -> dict[str, Any]:
        raise KeyboardInterrupt  # as a kill would stop it, in the middle of writing

    monkeypatch.setattr(fuse, "_build", boom)
    with pytest.raises(KeyboardInterrupt):
        fuse_incidents(store)
    monkeypatch.undo()
    assert _memberships(store) == before  # the transaction was rolled back
    fuse_incidents(store)
    resumed = _memberships(store)
    fuse_incidents(store, rebuild=True)
    assert resumed == _memberships(store)


def check_set_aside_reports(store: Any) -> None:
    """An article that tells the bombing only in passing has no event of it, yet joins its incident as a report."""
    passing = record("b1", [event(typ="PROTEST", killed=None, evidence="تظاهرة في الشدادي")], outlet="qanat")
    aside = {**event(killed=(4, 4), evidence="تفجير سيارة مفخخة عند حاجز الشدادي"), "set_aside": "ASSAULT: background"}
    passing.report["set_aside"] = [aside]
    store.put_reports([scenario()[0], passing])
    assert [(e["article_id"], e["idx"], e["type"]) for e in store.iter_events()] == [("a1", 0, "ASSAULT"),
                                                                                     ("b1", 0, "PROTEST")]
    fuse_incidents(store)
    inc = get_incident(store, "inc-a1-0")
    assert inc is not None
    by_doc = {r["doc_id"]: r for r in inc.reports}
    assert sorted(by_doc) == ["a1", "b1"] and by_doc["b1"]["idx"] == [1]  # numbered after the article's events
    assert by_doc["b1"]["in_passing"] and not by_doc["a1"]["in_passing"]
    assert (inc.killed["low"], inc.killed["high"]) == (4, 7)
    fuse_incidents(store, rebuild=True)
    assert get_incident(store, "inc-a1-0") == inc
    # an incident no article tells as its own event is left out of listings and exports unless asked
    baghdad = record("g1", [], outlet="wakala")
    baghdad.report["set_aside"] = [{**event(town="baghdad", killed=(2, 2)), "set_aside": "ASSAULT: an aim"}]
    store.put_reports([baghdad])
    fuse_incidents(store)
    hidden = get_incident(store, "inc-g1-0")
    assert hidden is not None and hidden.in_passing and not inc.in_passing
    assert "inc-g1-0" not in {i.id for i in list_incidents(store)}
    assert "inc-g1-0" in {i.id for i in list_incidents(store, in_passing=True)}
    assert count_incidents(store, in_passing=True) == count_incidents(store) + 1
    assert [i.id for i in iter_incidents(store, in_passing=True) if i.in_passing] == ["inc-g1-0"]
    assert not any(i.in_passing for i in iter_incidents(store))


@pytest.fixture(params=["duckdb", pytest.param("postgres", marks=pytest.mark.postgres)])
def either_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """An empty store of each kind: DuckDB, and PostgreSQL where the tests have one."""
    if request.param == "duckdb":
        store = open_store(tmp_path / "s.duckdb")
        yield store
        store.close()
        return
    with fresh_schema("rasd_inc") as url:
        store = open_store(url)
        yield store
        store.close()


def test_set_aside_reports(either_store: Any) -> None:
    check_set_aside_reports(either_store)


def test_duckdb_fusion(tmp_path: Path) -> None:
    store = open_store(tmp_path / "f.duckdb")
    try:
        check_fusion(store)
    finally:
        store.close()


def test_duckdb_failed_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(tmp_path / "k.duckdb")
    try:
        check_failed_run_changes_nothing(store, monkeypatch)
    finally:
        store.close()


@pytest.fixture()
def pg_url() -> Iterator[str]:
    with fresh_schema("rasd_inc") as url:
        yield url


@pytest.mark.postgres
def test_postgres_fusion(pg_url: str) -> None:
    store = open_store(pg_url)
    try:
        check_fusion(store)
    finally:
        store.close()


@pytest.mark.postgres
def test_postgres_failed_run(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    store = open_store(pg_url)
    try:
        check_failed_run_changes_nothing(store, monkeypatch)
    finally:
        store.close()


def test_cli_fuse_incidents_incident_export(tmp_path: Path) -> None:
    db = str(tmp_path / "c.duckdb")
    store = open_store(db)
    store.put_reports(scenario())
    store.close()
    run = CliRunner()
    r = run.invoke(main, ["fuse", "--db", db, "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["reports"] == 8
    r = run.invoke(main, ["incidents", "--db", db, "--format", "jsonl", "--country", "SY"])
    assert r.exit_code == 0 and len(r.output.splitlines()) == 4
    r = run.invoke(main, ["incidents", "--db", db])
    assert r.exit_code == 0 and "inc-a1-0" in r.output
    r = run.invoke(main, ["incident", "inc-a1-0", "--db", db])
    assert r.exit_code == 0 and "contradictions" in r.output and "qanat" in r.output
    r = run.invoke(main, ["incident", "inc-zz", "--db", db])
    assert r.exit_code == 2 and "not in" in r.output and "Traceback" not in r.output
    out = tmp_path / "inc.jsonl"
    r = run.invoke(main, ["export", "--db", db, "--unit", "incident", "--format", "jsonl", "--out", str(out)])
    assert r.exit_code == 0, r.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5
    for key in ("id", "type", "date", "place", "killed", "injured", "contradictions", "reports"):
        assert key in rows[0]
    assert set(rows[0]["reports"][0]) >= {"doc_id", "outlet", "published", "killed", "injured", "modality",
                                          "sources"}
    r = run.invoke(main, ["export", "--db", db, "--unit", "incident", "--format", "acled"])
    assert r.exit_code == 0 and len(r.stdout.strip().splitlines()) == 6  # header + 5 incidents, one row each
    r = run.invoke(main, ["export", "--db", db, "--unit", "incident", "--format", "geojson"])
    assert r.exit_code == 2 and "--unit incident" in r.output


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    run = CliRunner()
    r = run.invoke(main, ["incidents", "--db", str(tmp_path / "none.duckdb")])
    assert r.exit_code == 2 and "no such store" in r.output and "Traceback" not in r.output
    r = run.invoke(main, ["incidents", "--db", str(tmp_path / "none.duckdb"), "--since", "yesterday"])
    assert r.exit_code == 2 and "ISO date" in r.output


def test_ingest_fuses_the_sample_articles(tmp_path: Path) -> None:
    """The README demo: three outlets tell one bombing with different tolls and names; one incident results."""
    db = str(tmp_path / "demo.duckdb")
    r = CliRunner().invoke(main, ["ingest", str(EXAMPLES), "--db", db, "--workers", "1"])
    assert r.exit_code == 0, r.output
    store = open_store(db)
    try:
        inc = get_incident(store, "inc-shaddadi-a-0")  # the first article's first event starts it
        assert inc is not None and inc.type == "ASSAULT"
        assert sorted(r["doc_id"] for r in inc.reports) == ["shaddadi-a", "shaddadi-b", "shaddadi-c"]
        assert inc.n_outlets == 3 and (inc.killed["low"], inc.killed["high"]) == (4, 11)
        assert "killed" in {c["field"] for c in inc.contradictions}
        words = {w["text"] for a in inc.actors + inc.recipients for w in a["words"]}
        assert any("قسد" in w for w in words)
    finally:
        store.close()


@pytest.mark.postgres
def test_postgres_ingest_fuses_the_sample_articles(pg_url: str) -> None:
    from rasd.ingest.runner import ingest

    store = open_store(pg_url)
    try:
        summary = ingest([EXAMPLES], store, workers=1)
        assert summary.stored == 3
        inc = get_incident(store, "inc-shaddadi-a-0")
        assert inc is not None
        assert sorted(r["doc_id"] for r in inc.reports) == ["shaddadi-a", "shaddadi-b", "shaddadi-c"]
        assert [i.id for i in list_incidents(store, actor="قسد")] == ["inc-shaddadi-a-0"]
    finally:
        store.close()
