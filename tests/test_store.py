"""Store: DuckDB round trip, migrations, idempotent batches; the same checks on PostgreSQL (marked postgres)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pg_helpers import fresh_schema
from rasd.ingest.records import content_hash
from rasd.model import Article
from rasd.store import SCHEMA_VERSION, Store, open_store
from rasd.store.schema import Record

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "ingest"))
from fakepipe import report

TEXTS = ["قصف الطيران مواقع في الريف الشمالي.", "أعلنت الشرطة اعتقال مطلوبين.", "تظاهر العمال أمام المصنع."]


def _records(prefix: str = "d") -> list[Record]:
    out = []
    for i, t in enumerate(TEXTS):
        a = Article(id=f"{prefix}{i}", text=t, title=f"عنوان {i}", published=dt.date(2024, 3, i + 1),
                    outlet="جريدة", url=f"http://example.org/{prefix}{i}", source=f"x.jsonl:{i + 1}")
        out.append(Record(a, report(a), content_hash(t), None, b"\x01\x02"))
    return out


def check_round_trip(store: Store) -> None:
    assert store.schema_version == SCHEMA_VERSION
    recs = _records()
    assert store.put_reports(recs[:2]) == 2
    assert store.put_reports(recs) == 1  # the first two are skipped: stored once
    assert store.put_reports(recs) == 0
    assert store.has_articles(["d0", "d2", "zz"]) == {"d0", "d2"}
    st = store.stats()
    assert st["articles"] == 3 and st["events"] == 3
    assert st["by_type"] == {"ASSAULT": 1, "COERCE": 1, "PROTEST": 1}
    assert st["by_outlet"] == {"جريدة": 3}
    assert st["by_month"] == {"2024-03": 3}
    evs = list(store.iter_events())
    assert [(e["article_id"], e["idx"], e["type"]) for e in evs] == [
        ("d0", 0, "ASSAULT"), ("d1", 0, "COERCE"), ("d2", 0, "PROTEST")]
    assert evs[0]["place"]["name"] == "Idlib" and evs[0]["killed"]["min"] == 3 and evs[0]["published"] == "2024-03-01"
    rows = list(store.dedup_rows())
    assert [r[0] for r in rows] == ["d0", "d1", "d2"] and bytes(rows[0][2]) == b"\x01\x02"


def test_duckdb_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "r.duckdb"
    store = open_store(path)
    try:
        check_round_trip(store)
    finally:
        store.close()
    again = open_store(path)  # reopening runs no migration twice and keeps everything
    try:
        assert again.schema_version == SCHEMA_VERSION and again.stats()["articles"] == 3
    finally:
        again.close()


def test_duckdb_failed_batch_rolls_back(tmp_path: Path) -> None:
    store = open_store(tmp_path / "r.duckdb")
    try:
        bad = _records()
        bad[2] = Record(bad[2].article, {"events": [{"type": "X", "evidence": {"start": "not-an-int"}}],
                                         "versions": object()}, "h")
        store.put_reports(bad[:1])
        with pytest.raises(Exception):  # noqa: B017
            store.put_reports([*bad[1:2], Record(bad[2].article, bad[2].report, None)])  # type: ignore[arg-type]
        assert store.stats()["articles"] == 1  # nothing of the failed batch is kept
    finally:
        store.close()


@pytest.fixture()
def pg_url() -> Iterator[str]:
    """A fresh schema on the test server, dropped afterwards."""
    with fresh_schema("rasd_test") as url:
        yield url


@pytest.mark.postgres
def test_postgres_round_trip(pg_url: str) -> None:
    store = open_store(pg_url)
    try:
        assert type(store).__name__ == "PostgresStore"
        check_round_trip(store)
    finally:
        store.close()
    again = open_store(pg_url)
    try:
        assert again.stats()["articles"] == 3
    finally:
        again.close()
