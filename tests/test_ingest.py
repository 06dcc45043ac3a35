"""Ingest: resumable and idempotent, near-duplicates linked, failures reported; a SIGKILL mid-run loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rasd.ingest.dedup import Deduper, signature
from rasd.ingest.records import NO_DATE
from rasd.ingest.runner import ingest
from rasd.store import open_store

FIX = Path(__file__).parent / "fixtures" / "ingest"
DATA = FIX / "data"
PROC = "fakepipe:processor"
sys.path.insert(0, str(FIX))

WORDS = ["قصف", "اعتقال", "تظاهر", "اجتماع", "زيارة", "مساعدات", "هدنة", "اتفاق"]
PLACES = ["إدلب", "حلب", "الموصل", "صنعاء", "عدن", "طرابلس", "بنغازي", "غزة", "درعا", "الرقة"]


def make_corpus(path: Path, n: int) -> None:
    """n distinct short Arabic articles (every 7th a syndicated copy of the one before) and one broken line."""
    with path.open("w", encoding="utf-8") as f:
        prev = ""
        for i in range(n):
            if i % 7 == 6:
                text = prev + " (نقلا عن وكالة)"
            else:
                words = " ".join(WORDS[(i * k) % len(WORDS)] for k in range(1, 6))
                text = (f"الخبر رقم {i}: {WORDS[i % 8]} في {PLACES[i % 10]} يوم {i % 28 + 1} "
                        f"{words} {PLACES[(i * 3) % 10]} {i * 7919 % 1000}")
            prev = text
            f.write(json.dumps({"id": f"n{i}", "published": f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                                "outlet": f"outlet{i % 3}", "text": text}, ensure_ascii=False) + "\n")
            if i == n // 2:
                f.write("{not json\n")


def test_ingest_fixtures_and_rerun(tmp_path: Path) -> None:
    db = tmp_path / "r.duckdb"
    store = open_store(db)
    try:
        s1 = ingest([DATA], store, processor=PROC, batch_size=4)
        assert s1.read == 17 and s1.stored == 15 and s1.skipped == 2  # the zip repeats saudinewsnet.json
        # a record with no text field at all (a4) is a failure, like the broken line; blank text would be a skip
        assert sum(s1.failed.values()) == 2 and s1.empty == 0
        assert s1.warnings == {"unparseable date": 1, NO_DATE: 2}
        fails = store.con.execute("SELECT kind, position FROM ingest_failures WHERE run_id = ? AND kind = 'failed' "
                                  "ORDER BY position", [s1.run_id]).fetchall()
        assert fails == [("failed", "4"), ("failed", "5")]  # every failed record, with its position
        assert s1.duplicates >= 3  # a1/g1/r1 have the same text; w1 and the HTML page too
        s2 = ingest([DATA], store, processor=PROC, batch_size=4)
        assert s2.stored == 0 and s2.skipped == 17
        assert store.stats()["articles"] == 15
    finally:
        store.close()


def test_pipeline_error_fails_one_article(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"x{i}", "text": t}, ensure_ascii=False) for i, t in
                             enumerate(["قصف في حلب", "PIPELINE-BOOM نص", "تظاهر في عدن"])), encoding="utf-8")
    store = open_store(tmp_path / "r.duckdb")
    try:
        s = ingest([src], store, processor=PROC, batch_size=8)
        assert s.stored == 2 and list(s.failed) == ["pipeline error: RuntimeError"]
        assert s.examples["pipeline error: RuntimeError"][0].endswith("boom")
    finally:
        store.close()


def test_pipeline_errors_group_by_stage_with_the_message_as_example() -> None:
    from rasd.ingest.runner import IngestSummary

    s = IngestSummary()
    for year in (-985, -7985):
        s.note(f"pipeline error: PipelineError: stage dates@1 failed on article 'u{year}': year {year} is out of range",
               f"f.zip!d.json (u{year})")
    assert dict(s.failed) == {"pipeline error in stage dates@1": 2}
    assert s.examples["pipeline error in stage dates@1"][0] == "f.zip!d.json (u-985): year -985 is out of range"


def test_dedup_links_copies_to_first() -> None:
    d = Deduper()
    base = "قصفت طائرات حربية مواقع في ريف إدلب الجنوبي وأسفر القصف عن مقتل ثلاثة مدنيين وإصابة آخرين بجروح"
    assert d.check("a", "h1", signature(base)) is None
    assert d.check("b", "h2", signature(base + " وفق ما أفادت به مصادر محلية")) == "a"
    assert d.check("c", "h1", None) == "a"  # exact copy by content hash
    assert d.check("d", "h3", signature("تظاهر آلاف الطلاب في العاصمة للمطالبة بالإصلاح")) is None


def test_workers_give_same_result_as_one(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    make_corpus(src, 60)
    env_path = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = f"{FIX}{os.pathsep}{env_path}"  # spawned workers import fakepipe
    try:
        results = []
        for workers in (1, 2):
            store = open_store(tmp_path / f"w{workers}.duckdb")
            try:
                s = ingest([src], store, processor=PROC, workers=workers, batch_size=8)
                assert s.stored == 60
                results.append([(e["article_id"], e["idx"], e["type"], e["duplicate_of"]) for e in store.iter_events()])
            finally:
                store.close()
        assert results[0] == results[1]
    finally:
        os.environ["PYTHONPATH"] = env_path


def _run(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "rasd.cli_store", "ingest", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _snapshot(db: Path) -> tuple[int, list[tuple[object, ...]]]:
    store = open_store(db)
    try:
        evs = sorted((e["article_id"], e["idx"], json.dumps(e, sort_keys=True, ensure_ascii=False))
                     for e in store.iter_events())
        return store.stats()["articles"], evs
    finally:
        store.close()


def test_sigkill_mid_ingest_then_rerun_is_exact(tmp_path: Path) -> None:
    n = 300
    src = tmp_path / "corpus.jsonl"
    make_corpus(src, n)
    env = {**os.environ, "PYTHONPATH": f"{FIX}{os.pathsep}{Path(__file__).parents[1] / 'src'}",
           "RASD_FAKE_DELAY": "0.2"}
    common = ["--workers", "1", "--batch-size", "10", "--processor", PROC]

    clean_db = tmp_path / "clean.duckdb"
    p = _run([str(src), "--db", str(clean_db), *common], {**env, "RASD_FAKE_DELAY": "0"})
    _out, err = p.communicate(timeout=120)
    assert p.returncode == 1, err.decode()  # the broken line is a read failure
    clean = _snapshot(clean_db)
    assert clean[0] == n

    db = tmp_path / "crash.duckdb"
    p = _run([str(src), "--db", str(db), *common], env)
    time.sleep(3.0)
    if p.poll() is not None:
        pytest.skip("ingest finished before it could be killed (machine too fast)")
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=30)
    partial = _snapshot(db)[0]
    assert partial < n
    for _ in range(2):
        p = _run([str(src), "--db", str(db), *common, "--json"], {**env, "RASD_FAKE_DELAY": "0"})
        out, err = p.communicate(timeout=120)
        assert p.returncode == 1, err.decode()
    summary = json.loads(out)
    assert summary["stored"] == 0 and summary["skipped"] == n
    crashed = _snapshot(db)
    assert crashed[0] == n
    assert [e[:2] for e in crashed[1]] == [e[:2] for e in clean[1]]
    strip = [json.loads(e[2]) for e in crashed[1]]
    assert [{k: v for k, v in e.items() if k != "duplicate_of"} for e in strip] == [
        {k: v for k, v in json.loads(e[2]).items() if k != "duplicate_of"} for e in clean[1]]


def test_exit_status_empty_records_are_skips_not_failures(tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    rows = [{"id": "x1", "text": "قصف على حلب"}, {"id": "x2", "content": ""}, {"id": "x3", "content": None},
            {"id": "x4", "text": "   "}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": f"{FIX}{os.pathsep}{Path(__file__).parents[1] / 'src'}"}
    common = ["--workers", "1", "--processor", PROC, "--json"]
    p = _run([str(src), "--db", str(tmp_path / "e.duckdb"), *common], env)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err.decode()
    s = json.loads(out)
    assert s["stored"] == 1 and s["empty"] == 3 and s["failed"] == {}
    p = _run([str(src), "--db", str(tmp_path / "f.duckdb"), *common, "--fail-on-empty"], env)
    p.communicate(timeout=120)
    assert p.returncode == 1


def test_progress_follows_what_is_stored(tmp_path: Path) -> None:
    from rasd.ingest.sources import ReadProgress, total_bytes

    src = tmp_path / "p.jsonl"
    make_corpus(src, 1500)  # about 300 KB: several 64 KB reads
    progress = ReadProgress(total=total_bytes([src]))
    seen: list[tuple[int, int]] = []
    store = open_store(tmp_path / "p.duckdb")
    try:
        s = ingest([src], store, processor=PROC, batch_size=100, progress=progress,
                   on_batch=lambda s: seen.append((s.stored, s.bytes_done)))
    finally:
        store.close()
    assert [n for n, _ in seen] == list(range(100, 1501, 100))
    done = [b for _, b in seen]
    assert done == sorted(done) and 0 < done[0] < done[-1] <= progress.total  # bytes behind what is stored
    assert s.bytes_done == progress.total
