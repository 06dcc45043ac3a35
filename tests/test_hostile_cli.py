"""The CLI on hostile input and first-contact mistakes: one clear line, a non-zero exit, no traceback, no file made."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from pg_helpers import DB_KINDS, fresh_db
from rasd.cli import main

sys.path.insert(0, str(Path(__file__).parent))
from hostile_files import make_hostile_corpus

FIX = Path(__file__).parent / "fixtures" / "ingest"
SRC = Path(__file__).parents[1] / "src"
sys.path.insert(0, str(FIX))

PROC = ["--processor", "fakepipe:processor", "--workers", "1"]
SMALL = ["--max-text-chars", "2000", "--max-member-bytes", "65536", "--max-archive-bytes", "204800"]


def _run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def _one_clean_error(res: Result, *words: str) -> str:
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("rasd: error: "), res.stderr
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


@pytest.fixture(params=DB_KINDS)
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A DuckDB file, or a fresh schema on the PostgreSQL test server (RASD_TEST_PG_URL)."""
    with fresh_db(request.param, tmp_path, "rasd_hcli") as db:
        yield db


def test_ingest_hostile_corpus_lists_every_failure(tmp_path: Path, any_db: str) -> None:
    want = make_hostile_corpus(tmp_path / "in")
    db, fails = any_db, tmp_path / "failures.jsonl"
    res = _run("ingest", str(tmp_path / "in"), "--db", str(db), "--failures", str(fails), "--json", *PROC, *SMALL)
    assert res.exit_code == 1 and "Traceback" not in res.output, res.output
    summary = json.loads(res.stdout)
    assert summary["stored"] == want["stored"]
    rows = [json.loads(x) for x in fails.read_text(encoding="utf-8").splitlines()]
    failed = [r for r in rows if r["kind"] == "failed"]
    assert len(failed) == sum(summary["failed"].values())
    assert {r["position"] for r in failed if r["source"].endswith("bad.jsonl")} == want["failed_jsonl_lines"]
    assert all(r["source"] and r["reason"] and r["run_id"] == summary["run_id"] for r in rows)
    again = _run("ingest", str(tmp_path / "in"), "--db", str(db), "--json", *PROC, *SMALL)
    s2 = json.loads(again.stdout)
    assert s2["stored"] == 0 and s2["skipped"] == want["stored"]


def test_stats_and_export_on_a_missing_path_make_nothing(tmp_path: Path) -> None:
    db, out = tmp_path / "typo.duckdb", tmp_path / "out.csv"
    _one_clean_error(_run("stats", "--db", str(db)), "typo.duckdb", "no such database")
    _one_clean_error(_run("export", "--db", str(db), "--format", "csv", "--out", str(out)), "no such database")
    assert not db.exists() and not out.exists() and list(tmp_path.iterdir()) == []


def test_bad_db_paths_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a database", encoding="utf-8")
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "قصف في حلب"}, ensure_ascii=False) + "\n", encoding="utf-8")
    cases = [
        (str(tmp_path), "is a directory"),
        ("/dev/null", "not a regular file"),
        (str(tmp_path / "notes.txt"), "not a DuckDB database"),
        (str(tmp_path / "notes.txt" / "sub" / "x.duckdb"), "no such database|cannot create its folder"),
        ("postgresql://nobody@127.0.0.1:1/rasd", "Connection refused"),
        ("postgresql://u:secret@127.0.0.1:1/rasd?sslmode=bogus", "sslmode"),
        ("mysql://localhost/x", "not a database"),
    ]
    for db, words in cases:
        for k, cmd in enumerate((["stats", "--db", db], ["ingest", str(src), "--db", db, *PROC])):
            line = _one_clean_error(_run(*cmd), words.split("|")[-k])  # stats | ingest, when they differ
            assert "secret" not in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_folder(tmp_path: Path) -> None:
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    src = tmp_path / "a.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "قصف في حلب"}, ensure_ascii=False) + "\n", encoding="utf-8")
    _one_clean_error(_run("ingest", str(src), "--db", str(ro / "x.duckdb"), *PROC), "x.duckdb")


@pytest.fixture()
def silent_server() -> Iterator[int]:
    """A TCP server that accepts connections and never answers (a hung PostgreSQL)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    conns: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                conns.append(srv.accept()[0])
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield srv.getsockname()[1]
    stop.set()
    t.join()
    for c in conns:
        c.close()
    srv.close()


def test_a_postgres_server_that_never_answers_times_out(silent_server: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASD_PG_CONNECT_TIMEOUT", "1")
    t0 = time.monotonic()
    res = _run("stats", "--db", f"postgresql://x@127.0.0.1:{silent_server}/rasd")
    _one_clean_error(res, "did not answer")
    assert time.monotonic() - t0 < 15


def _holder(db: Path) -> subprocess.Popen[str]:
    code = ("import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "c.execute('CREATE TABLE IF NOT EXISTS t (x INT)'); print('held', flush=True); time.sleep(60)")
    p = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    assert p.stdout is not None and p.stdout.readline().strip() == "held"
    return p


def test_a_locked_duckdb_file_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "l.duckdb"
    p = _holder(db)
    try:
        monkeypatch.setenv("RASD_LOCK_WAIT", "0.3")
        _one_clean_error(_run("stats", "--db", str(db)), "in use by another process (PID", "RASD_LOCK_WAIT")
    finally:
        p.kill()
        p.wait()


def test_stats_and_export_work_while_an_ingest_runs(tmp_path: Path) -> None:
    src = tmp_path / "c.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for i in range(40):
            f.write(json.dumps({"id": f"n{i}", "published": "2024-01-01", "text": f"قصف في حلب رقم {i} " * 3},
                               ensure_ascii=False) + "\n")
    db = tmp_path / "live.duckdb"
    env = {**os.environ, "PYTHONPATH": f"{FIX}{os.pathsep}{SRC}", "RASD_FAKE_DELAY": "0.25"}
    p = subprocess.Popen([sys.executable, "-m", "rasd.cli_store", "ingest", str(src), "--db", str(db), *PROC,
                          "--batch-size", "5", "--json"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        seen = []
        deadline = time.monotonic() + 60
        while p.poll() is None and time.monotonic() < deadline and len(seen) < 3:
            if db.exists():
                res = _run("stats", "--db", str(db), "--json")
                assert res.exit_code == 0, res.output
                seen.append(json.loads(res.stdout)["articles"])
                res = _run("export", "--db", str(db), "--format", "jsonl")
                assert res.exit_code == 0, res.output
            time.sleep(0.5)
        assert len(seen) >= 2 and seen == sorted(seen)
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
        assert json.loads(out)["stored"] == 40
    finally:
        if p.poll() is None:
            p.kill()


def test_published_option_worded_the_same_everywhere(tmp_path: Path) -> None:
    for cmd in (["extract", "-"], ["ingest", "-", "--db", str(tmp_path / "x.duckdb")]):
        res = _run(*cmd, "--published", "yesterday", input="نص")
        assert res.exit_code == 2 and "'yesterday' is not an ISO date (YYYY-MM-DD)" in res.output
    assert not (tmp_path / "x.duckdb").exists()


def test_extract_survives_hostile_records(tmp_path: Path) -> None:
    f = tmp_path / "h.jsonl"
    f.write_text('{"id": "a\\ud800", "title": "\\u0000", "text": "\\udcff هاجم مسلحون حاجزا في تكريت"}\n'
                 "{broken\n", encoding="utf-8")
    res = _run("extract", str(f), str(tmp_path / "missing.txt"))
    assert res.exit_code == 1 and "Traceback" not in res.output
    (rec,) = [json.loads(x) for x in res.stdout.splitlines()]
    assert rec["doc_id"] == "a\\ud800"
    assert "h.jsonl:2: invalid JSON" in res.stderr and "missing.txt: no such file" in res.stderr
    assert "::" not in res.stderr and "at at" not in res.stderr
    assert "no publication date" in res.stderr


def test_extract_one_article_failing_in_the_pipeline_fails_alone(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from rasd.model import Article, Report

    class Pipeline:
        def __call__(self, article: Article) -> Report:
            if "BOOM" in article.text:
                raise RuntimeError("stage x@1 failed")
            return Report(article=article)

    monkeypatch.setattr("rasd.pipeline.default_pipeline", lambda: Pipeline())
    f = tmp_path / "p.jsonl"
    f.write_text("".join(json.dumps({"id": i, "published": "2024-01-01", "text": t}, ensure_ascii=False) + "\n"
                         for i, t in (("a", "قصف في حلب"), ("b", "BOOM قصف"), ("c", "تظاهر في عدن"))),
                 encoding="utf-8")
    for fmt in ("jsonl", "json"):
        res = _run("extract", str(f), "--format", fmt)
        assert res.exit_code == 1 and "Traceback" not in res.output
        out = res.stdout.splitlines() if fmt == "jsonl" else [json.dumps(r) for r in json.loads(res.stdout)]
        assert [json.loads(x)["doc_id"] for x in out] == ["a", "c"]
        assert "p.jsonl:2: pipeline error: stage x@1 failed" in res.stderr


@pytest.mark.postgres
def test_stats_on_a_postgres_database_without_rasd_tables_creates_nothing(any_db: str) -> None:
    if not any_db.startswith("postgresql"):
        pytest.skip("the PostgreSQL case")
    _one_clean_error(_run("stats", "--db", any_db), "not a rasd database")
    _one_clean_error(_run("export", "--db", any_db, "--format", "csv"), "not a rasd database")
    import psycopg

    with psycopg.connect(any_db) as con:
        assert con.execute("SELECT to_regclass('articles')").fetchone() == (None,)
