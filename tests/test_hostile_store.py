"""Hostile input through ingest into DuckDB and PostgreSQL: bad records reported and skipped, the rest stored once,
a record the database refuses fails alone; exports spreadsheet-safe and near-duplicates counted once."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pg_helpers import DB_KINDS, fresh_db
from rasd.exports import acled_type, export, safe_cell
from rasd.ingest.runner import ingest
from rasd.store import Store, open_store

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "ingest"))
from fakepipe import report

from hostile_files import LIMITS, make_hostile_corpus

PROC = "fakepipe:processor"


def processor(batch_size: int = 64) -> Any:
    """fakepipe's reports, plus a NUL (which PostgreSQL's JSONB refuses) in the report of any text with 'رفض'."""

    def process(articles: list[Any]) -> list[dict[str, Any]]:
        out = []
        for a in articles:
            r = report(a)
            if "رفض" in a.text:
                r["events"] = [{**r["events"][0], "modality": "re\x00ported"}] if r["events"] else [
                    {"type": "ASSAULT", "modality": "x\x00"}]
            out.append(r)
        return out

    return process


@pytest.fixture(params=DB_KINDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database of each kind: a DuckDB file, or a new schema on the PostgreSQL test server."""
    with fresh_db(request.param, tmp_path, "rasd_hostile") as db:
        yield db


def _failures(store: Store, run_id: str) -> list[tuple[str, str, str, str]]:
    """(kind, source file name, position, reason) of one run's ingest_failures rows."""
    sql = "SELECT kind, source, position, reason FROM ingest_failures WHERE run_id = %s ORDER BY source, position"
    con: Any = store.con  # type: ignore[attr-defined]
    if type(store).__name__ == "DuckDBStore":
        rows = con.execute(sql.replace("%s", "?"), [run_id]).fetchall()
    else:
        with con.transaction(), con.cursor() as cur:
            cur.execute(sql, (run_id,))
            rows = cur.fetchall()
    return [(k, Path(s.split("!")[0]).name, p, r) for k, s, p, r in rows]


def test_hostile_corpus_ingest_and_rerun(db: str, tmp_path: Path) -> None:
    want = make_hostile_corpus(tmp_path / "in")
    store = open_store(db)
    try:
        s1 = ingest([tmp_path / "in"], store, processor=PROC, batch_size=4, limits=LIMITS)
        assert s1.stored == want["stored"] and s1.empty == want["empty"]
        assert s1.duplicates >= 1  # h15 copies h1
        rows = _failures(store, s1.run_id)
        failed = {(src, pos) for kind, src, pos, _ in rows if kind == "failed"}
        assert {pos for src, pos in failed if src == "bad.jsonl"} == want["failed_jsonl_lines"]
        assert {src for src, _ in failed if src != "bad.jsonl"} == want["failed_files"]
        assert s1.n_failed == sum(1 for kind, *_ in rows if kind == "failed")  # bomb.zip: three failed members
        assert all(reason for *_, reason in rows)
        st = store.stats()
        assert st["articles"] == want["stored"]
        s2 = ingest([tmp_path / "in"], store, processor=PROC, batch_size=4, limits=LIMITS)
        assert s2.stored == 0 and s2.skipped == want["stored"] and s2.n_failed == s1.n_failed
        assert store.stats()["articles"] == want["stored"] and store.stats()["events"] == st["events"]
    finally:
        store.close()


def test_a_record_the_database_refuses_fails_alone(db: str, tmp_path: Path) -> None:
    src = tmp_path / "r.jsonl"
    texts = ["قصف في حلب", "قصف رفض في إدلب", "تظاهر في عدن", "اعتقال في درعا"]
    src.write_text("".join(json.dumps({"id": f"r{i}", "published": "2024-01-02", "text": t}, ensure_ascii=False)
                           + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    store = open_store(db)
    try:
        s = ingest([src], store, processor="test_hostile_store:processor", batch_size=8)
        if type(store).__name__ == "PostgresStore":  # JSONB refuses \u0000: that record fails, with its line
            assert s.stored == 3 and s.n_failed == 1
            ((_, name, pos, reason),) = [r for r in _failures(store, s.run_id) if r[0] == "failed"]
            assert (name, pos) == ("r.jsonl", "2") and reason.startswith("store error")
        else:
            assert s.stored == 4 and s.n_failed == 0
        assert store.stats()["articles"] == s.stored  # the summary says what was stored
        again = ingest([src], store, processor="test_hostile_store:processor", batch_size=8)
        assert again.stored == 0 and again.skipped == s.stored
    finally:
        store.close()


def test_exports_are_spreadsheet_safe_and_count_copies_once(db: str, tmp_path: Path) -> None:
    src = tmp_path / "x.jsonl"
    text = "قصف الطيران الحربي مواقع في ريف إدلب الجنوبي وأسفر عن مقتل ثلاثة مدنيين صباح اليوم"
    rows = [
        {"id": "=HYPERLINK(\"http://evil\")", "title": "+cmd|' /C calc'!A0", "outlet": "@SUM(1+1)",
         "published": "2024-02-01", "text": text},
        {"id": "-copy", "title": "\tتكرار", "outlet": "-2+3", "published": "2024-02-02", "text": text + " (نقلا)"},
    ]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    store = open_store(db)
    try:
        s = ingest([src], store, processor=PROC)
        assert s.stored == 2 and s.duplicates == 1
        st = store.stats()
        assert st["events"] == 1 and st["events_in_duplicates"] == 1 and st["by_type"] == {"ASSAULT": 1}
        for fmt in ("csv", "acled"):
            buf = io.StringIO()
            assert export(store, fmt, buf) == 1  # the copy's event is not exported again
            for row in csv.reader(io.StringIO(buf.getvalue())):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) and "\x00" not in cell, (fmt, cell)
            buf = io.StringIO()
            assert export(store, fmt, buf, include_duplicates=True) == 2
        out = list(csv.DictReader(io.StringIO(_csv(store))))
        assert out[0]["article_id"] == "'=HYPERLINK(\"http://evil\")" and out[0]["outlet"] == "'@SUM(1+1)"
        assert float(out[0]["lon"]) > 0
    finally:
        store.close()


def _csv(store: Store) -> str:
    buf = io.StringIO()
    export(store, "csv", buf)
    return buf.getvalue()


def test_safe_cell_rule() -> None:
    assert safe_cell("=1+1") == "'=1+1" and safe_cell("-x") == "'-x" and safe_cell("a\x00b") == "ab"
    assert safe_cell(-3.5) == -3.5 and safe_cell("قصف") == "قصف" and safe_cell(None) is None


def test_acled_protest_dispersed_by_police_is_not_a_battle() -> None:
    protesters = [{"id": "AGENT.PROTEST", "name": "protesters", "kind": "agent", "text": "المتظاهرين"}]
    police = [{"id": "AGENT.POLICE", "name": "police", "text": "الشرطة"}]
    cases = [
        ({"type": "ASSAULT", "modes": ["crowd-control"], "actors": police, "recipients": protesters},
         ("Protests", "Protest with intervention")),
        ({"type": "ASSAULT", "modes": ["firearms"], "actors": police, "recipients": protesters},
         ("Protests", "Excessive force against protesters")),
        ({"type": "ASSAULT", "modes": [], "recipients": [{"text": "المحتجين"}], "killed": {"min": 2, "max": 2}},
         ("Protests", "Excessive force against protesters")),
        ({"type": "PROTEST", "modes": ["demo", "crowd-control"]}, ("Protests", "Protest with intervention")),
        ({"type": "ASSAULT", "modes": ["firearms"], "recipients": police}, ("Battles", "Armed clash")),
    ]
    for ev, want in cases:
        assert acled_type(ev) == want, ev


def test_a_key_over_the_database_limit_fails_alone(db: str) -> None:
    import base64
    import datetime as dt
    import random

    from rasd.ingest.records import content_hash
    from rasd.ingest.runner import IngestSummary, _store
    from rasd.model import Article
    from rasd.store.schema import Record

    arts = [Article(id="ok", text="قصف في حلب", published=dt.date(2024, 1, 1), source="k.jsonl:1"),
            Article(id="http://example.org/" + base64.b64encode(random.Random(1).randbytes(6000)).decode(),
                    text="تظاهر في عدن", source="k.jsonl:2")]  # incompressible: a 8 KB key
    records = [Record(a, report(a), content_hash(a.text)) for a in arts]
    store = open_store(db)
    try:
        summary = IngestSummary()
        stored, refused = _store(store, records, summary)
        if type(store).__name__ == "PostgresStore":  # its index takes keys of at most ~2.7 KB
            assert stored == ["ok"] and refused == {arts[1].id} and summary.n_failed == 1
            (failure,) = summary.pending
            assert (failure.source, failure.position) == ("k.jsonl", "2")
        else:
            assert stored == ["ok", arts[1].id]
    finally:
        store.close()


_ANY = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(st.fixed_dictionaries({"id": _ANY, "title": _ANY, "outlet": _ANY, "url": _ANY,
                                               "published": _ANY, "text": _ANY.map(lambda t: "قصف " + t)}),
                        min_size=1, max_size=4))
def test_fuzz_record_path_into_the_store(cached_db: str, records: list[dict[str, str]]) -> None:
    """Whatever a record holds, reading it and storing it never raises, and what is read is stored once."""
    from rasd.ingest.records import content_hash, from_record
    from rasd.model import Article
    from rasd.store.schema import Record

    arts = [a for i, r in enumerate(records) for a in from_record(r, "fz.jsonl", str(i + 1), None)
            if isinstance(a, Article)]
    store = _open_cached(cached_db)
    stored = store.put_batch([Record(a, report(a), content_hash(a.text)) for a in arts])
    assert set(stored) <= {a.id for a in arts}
    assert store.has_articles(a.id for a in arts) == {a.id for a in arts}
    assert store.put_batch([Record(a, report(a), content_hash(a.text)) for a in arts]) == []


_STORES: dict[str, Store] = {}


def _open_cached(db: str) -> Store:
    """One store per database across hypothesis examples (closed by the cached_db fixture)."""
    if db not in _STORES:
        _STORES[db] = open_store(db)
    return _STORES[db]


@pytest.fixture()
def cached_db(db: str) -> Iterator[str]:
    """The database of `db`, its store kept open across hypothesis examples and closed before `db` drops it."""
    yield db
    for store in _STORES.values():
        store.close()
    _STORES.clear()


def test_failure_rows_take_any_message(db: str) -> None:
    from rasd.store.schema import Failure

    store = open_store(db)
    try:
        store.put_failures([Failure("r1", "failed", "a\x00b\udcff.zip", "!m\x00", "corrupt: \ud800\x00", None)])
        store.put_failures([Failure("r1", "warning", "x.jsonl", "2", "ok", "id\x00")])
    finally:
        store.close()
