"""The Spark job against `rasd ingest` + `rasd export --format parquet` on the same small corpus (local mode)."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from rasd.exports import FLAT_COLS, export
from rasd.ingest.dedup import NUM_PERM, Deduper
from rasd.ingest.records import ReadError
from rasd.ingest.runner import ingest
from rasd.spark.linking import band_ranges, block_keys, resolve
from rasd.store import open_store

# -- the corpus: short news items written for these tests ----------------------------------------------------------

IDLIB = ("قصفت طائرات حربية فجر اليوم الثلاثاء بلدة سرمين في ريف إدلب الشرقي، ما أدى إلى مقتل أربعة مدنيين بينهم "
         "طفلان وإصابة سبعة آخرين بجروح متفاوتة، بحسب ما أفاد به الدفاع المدني السوري. وقال مسعفون إن الغارات "
         "استهدفت سوقاً شعبياً وسط البلدة في ساعات الصباح الأولى، وإن فرق الإنقاذ ما تزال تبحث عن عالقين تحت "
         "الأنقاض. وتشهد المنطقة منذ أسابيع تصعيداً متواصلاً في القصف الجوي والمدفعي على القرى والبلدات القريبة "
         "من خطوط التماس.")
BAGHDAD = ("أعلنت الشرطة العراقية اليوم اعتقال خمسة أشخاص في حي الكرادة وسط بغداد بتهمة التخطيط لتنفيذ تفجيرات خلال "
           "عيد الفطر، وضبطت بحوزتهم أحزمة ناسفة وأسلحة خفيفة. وذكر بيان لوزارة الداخلية أن العملية جاءت بعد متابعة "
           "استخبارية استمرت أشهراً.")
AMMAN = ("تظاهر مئات الطلاب أمام مبنى الجامعة الأردنية في عمان أمس للمطالبة بالإفراج عن زملاء لهم اعتقلتهم قوات "
         "الأمن الأسبوع الماضي، ورفع المحتجون لافتات تندد بالاعتقالات وتطالب بحرية التعبير داخل الحرم الجامعي، "
         "قبل أن يتفرقوا بهدوء عند المساء.")
SHUHAYL = ("قتل ثلاثة عناصر من قوات سوريا الديمقراطية وأصيب آخرون في هجوم شنه مسلحون من تنظيم داعش على حاجز عسكري "
           "قرب بلدة الشحيل في ريف دير الزور الشرقي مساء الخميس، وفق ما ذكره المرصد السوري لحقوق الإنسان.")
MANBIJ = ("قصفت مدفعية الجيش التركي قرى في ريف منبج شمال حلب اليوم الأربعاء، ما أسفر عن إصابة ثلاثة مدنيين بجروح، "
          "بحسب مصادر محلية قالت إن القذائف سقطت قرب مدرسة ابتدائية.")
JENIN = ("نفذت القوات الإسرائيلية حملة مداهمات في مدينة جنين فجر اليوم واعتقلت ستة فلسطينيين، وفق ما أفاد نادي "
         "الأسير الفلسطيني في بيان.")


def write_corpus(root: Path) -> Path:
    """A folder with every kind of input: JSON Lines (with bad lines), a zip of a daily JSON file, WARC, text."""
    root.mkdir(parents=True, exist_ok=True)
    lines = [
        {"id": "s1", "published": "2024-01-09", "outlet": "وكالة الشمال", "title": "قصف على سرمين", "text": IDLIB},
        {"id": "s2", "published": "2024-01-10", "outlet": "جريدة الغد", "title": "غارات على إدلب",
         "text": IDLIB + " ولم يصدر أي تعليق رسمي حتى الآن."},  # a syndicated copy: linked to s1
        {"id": "s3", "published": "2024-02-03", "outlet": "وكالة الرافدين", "title": "اعتقال خلية", "text": BAGHDAD},
        "{not json",
        {"id": "s4", "published": "2024-02-04", "url": "http://example.org/amman", "text": AMMAN},
        {"id": "s5", "title": "بلا نص", "text": "   "},  # empty: skipped, not a failure
        {"id": "s3", "published": "2024-02-05", "text": "خبر آخر بالمعرف نفسه: اشتباكات في ريف درعا."},  # same id
        {"id": "s8", "published": "2024-02-06", "outlet": "موقع المساء",
         "text": BAGHDAD.replace("الشرطة العراقية", "الشُّرطة العراقيّة")},  # the same text but for diacritics
        {"id": "s9", "title": "no text field"},
    ]
    with open(root / "a_feed.jsonl", "w", encoding="utf-8") as fh:
        for rec in lines:
            fh.write((rec if isinstance(rec, str) else json.dumps(rec, ensure_ascii=False)) + "\n")
    daily = [
        {"id": "z1", "source": "جريدة الفرات", "date_extracted": "2024-03-01 08:00:00", "title": "هجوم على حاجز",
         "content": SHUHAYL},
        {"id": "z2", "source": "جريدة الأردن", "date_extracted": "2024-03-02 09:30:00", "content": "عمان - " + AMMAN},
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("2024-03-01.json", json.dumps(daily, ensure_ascii=False))
    (root / "b_daily.zip").write_bytes(buf.getvalue())
    html = (f"<!DOCTYPE html><html><head><title>قصف على منبج</title>"
            f'<meta property="og:site_name" content="موقع الشمال">'
            f'<meta property="article:published_time" content="2024-03-06T10:00:00Z"></head>'
            f"<body><nav><a href='/'>الرئيسية</a></nav><article><h1>قصف على منبج</h1><p>{MANBIJ}</p></article>"
            f"</body></html>").encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
    warc = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/manbij\r\n"
            b"WARC-Date: 2024-03-06T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:7d1f3c2e-0000-4000-8000-000000000001>\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: " + str(len(http)).encode() +
            b"\r\n\r\n" + http + b"\r\n\r\n")
    (root / "c_crawl.warc").write_bytes(warc)
    (root / "d_note.txt").write_text("مداهمات في جنين\n" + JENIN, encoding="utf-8")
    return root


# -- linking: the band join gives Deduper's answer (no Spark needed) -----------------------------------------------

def _blocks_then_resolve(arts: list[tuple[int, str, str, bytes]]) -> dict[str, str]:
    """What the Spark job does, in plain Python: group by block key, keep multi-member blocks, resolve."""
    groups: dict[str, list[str]] = {}
    for _, aid, chash, sig in arts:
        for k in block_keys(chash, sig):
            groups.setdefault(k, []).append(aid)
    shared: dict[str, list[str]] = {}
    for k, ids in groups.items():
        if len(ids) > 1:
            for aid in ids:
                shared.setdefault(aid, []).append(k)
    return resolve((okey, aid, chash, sorted(shared[aid])) for okey, aid, chash, _ in arts if aid in shared)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_band_blocks_give_the_ingest_links(seed: int) -> None:
    """Random signatures with few values per band (many collisions, chains of copies) and repeated content hashes."""
    rng = random.Random(seed)
    ranges = band_ranges()
    shared_bands = [[[rng.getrandbits(32) for _ in range(e - s)] for _ in range(8)] for s, e in ranges]
    arts = []
    for n in range(400):
        values = [rng.getrandbits(32) for _ in range(NUM_PERM)]
        for b, (s, e) in enumerate(ranges):
            if rng.random() < 0.3:  # this band is one of 8 common values: blocks of many members, chains
                values[s:e] = rng.choice(shared_bands[b])
        arts.append((n, f"a{rng.getrandbits(40):x}", f"h{rng.randrange(300)}", np.array(values, np.uint32).tobytes()))
    rng.shuffle(arts)  # the order key, not the list order, is reading order
    dedup = Deduper()
    want = {}
    for _, aid, chash, sig in sorted(arts):
        dup = dedup.check(aid, chash, sig)
        if dup:
            want[aid] = dup
    got = _blocks_then_resolve(arts)
    assert len(want) > 50
    assert got == want


# -- the job in local mode ---------------------------------------------------------------------------------------

def _spark_ready() -> str | None:
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "pyspark is not installed: pip install -e '.[spark]'"
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        return "Java is not installed (Spark needs Java 17 or later)"
    return None


needs_spark = pytest.mark.skipif(_spark_ready() is not None, reason=str(_spark_ready()))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One SparkSession for the module: the corpus ingested and exported, and the job run twice on it."""
    from rasd.cli_spark import session, spark_command
    from rasd.spark.job import JobOptions, run

    base = tmp_path_factory.mktemp("spark")
    corpus = write_corpus(base / "corpus")
    db = base / "r.duckdb"
    store = open_store(db)
    try:
        summary = ingest([corpus], store, workers=1, fuse=False)
        export(store, "parquet", base / "export.parquet")
        export(store, "parquet", base / "export_all.parquet", include_duplicates=True)
        con = store.con  # type: ignore[attr-defined]
        articles = {r[0]: r[1] for r in con.execute("SELECT id, duplicate_of FROM articles").fetchall()}
        mentions = con.execute("SELECT article_id, idx, actor_id, name, text, span_start, span_end, mention::VARCHAR "
                               "FROM mentions ORDER BY 1, 2").fetchall()
    finally:
        store.close()
    spark = session("local[2]", {"spark.sql.shuffle.partitions": "4", "spark.ui.enabled": "false",
                                 "spark.default.parallelism": "2"})
    out = base / "out"
    result = CliRunner().invoke(spark_command, [str(corpus), "--out", str(out), "--partitions", "4", "--json"])
    first = {p.name: sorted(q.name for q in p.rglob("*.parquet")) for p in out.iterdir()}
    first_events = _events(out / "events")
    again = run(spark, JobOptions(sources=(str(corpus),), out=str(out), partitions=3, include_duplicates=True))
    yield {"corpus": corpus, "ingest": summary, "export": base / "export.parquet", "articles": articles,
           "export_all": base / "export_all.parquet",
           "mentions": mentions, "out": out, "cli": result, "first_files": first, "again": again,
           "first_events": first_events}
    spark.stop()


def _table(path: Path) -> list[dict[str, Any]]:
    rows = pads.dataset(path, format="parquet", partitioning="hive").to_table().to_pylist()
    return sorted(rows, key=lambda r: (r.get("article_id") or r.get("id"), r.get("idx") or 0))


def _events(path: Path) -> list[dict[str, Any]]:
    got = _table(path)
    for row in got:
        month = row.pop("published_month")
        assert month == (row["published"][:7] if row["published"] else "unknown")
    return got


@needs_spark
def test_job_writes_the_exports_events(runs: dict[str, Any]) -> None:
    cli = runs["cli"]
    assert cli.exit_code == 1, cli.output  # the bad JSON line and the record with no text field failed
    summary = json.loads(cli.output[cli.output.index("{"):])
    ing = runs["ingest"]
    assert (summary["read"], summary["stored"], summary["skipped"], summary["empty"], summary["duplicates"]) == (
        ing.read, ing.stored, ing.skipped, ing.empty, ing.duplicates)
    assert summary["failed"] == dict(ing.failed) and summary["events"] == ing.events > 5
    want = sorted(pq.read_table(runs["export"]).to_pylist(), key=lambda r: (r["article_id"], r["idx"]))
    assert runs["first_events"] == want
    assert len(want) > 5 and not any(r["duplicate_of"] for r in want)
    # the re-run wrote near-duplicates' events too, as `rasd export --include-duplicates`
    want_all = sorted(pq.read_table(runs["export_all"]).to_pylist(), key=lambda r: (r["article_id"], r["idx"]))
    assert _events(runs["out"] / "events") == want_all
    assert any(r["duplicate_of"] for r in want_all)
    part = next((runs["out"] / "events").rglob("*.parquet"))
    assert pq.read_schema(part).remove_metadata() == pq.read_schema(runs["export"]).remove_metadata()
    assert list(pq.read_schema(part).names) == list(FLAT_COLS)


@needs_spark
def test_job_links_copies_as_ingest(runs: dict[str, Any]) -> None:
    got = {r["id"]: r["duplicate_of"] for r in _table(runs["out"] / "articles")}
    assert got == runs["articles"]
    assert {k: v for k, v in got.items() if v} == {"s2": "s1", "s8": "s3", "z2": "s4"}


@needs_spark
def test_job_mentions_are_the_stores(runs: dict[str, Any]) -> None:
    got = [(r["article_id"], r["idx"], r["actor_id"], r["name"], r["text"], r["span_start"], r["span_end"],
            json.loads(r["mention"])) for r in _table(runs["out"] / "mentions")]
    want = [(*m[:7], json.loads(m[7])) for m in runs["mentions"]]
    assert got == want and len(got) > 5


@needs_spark
def test_failed_records_go_to_errors_with_their_reason(runs: dict[str, Any]) -> None:
    errors = pq.read_table(runs["out"] / "errors").to_pylist()
    by_pos = {(Path(e["source"]).name, e["position"]): e for e in errors}
    bad = by_pos[("a_feed.jsonl", "4")]
    assert bad["kind"] == "failed" and bad["reason"].startswith("invalid JSON")
    assert by_pos[("a_feed.jsonl", "6")]["kind"] == "empty"
    assert by_pos[("a_feed.jsonl", "9")]["reason"].startswith("record has no text field")


@needs_spark
def test_rerun_overwrites_its_partitions(runs: dict[str, Any]) -> None:
    out = runs["out"]
    again = {p.name: sorted(q.name for q in p.rglob("*.parquet")) for p in out.iterdir()}
    assert {k: len(v) for k, v in again.items()} == {k: len(v) for k, v in runs["first_files"].items()}
    assert set(again["events"]).isdisjoint(runs["first_files"]["events"])  # rewritten, not appended
    months = sorted(p.name for p in (out / "events").iterdir() if p.is_dir())
    assert months == ["published_month=2024-01", "published_month=2024-02", "published_month=2024-03",
                      "published_month=unknown"]
    assert len(_table(out / "events")) == runs["again"]["events"] == runs["ingest"].events  # not appended


@needs_spark
def test_pipeline_is_built_once_per_worker_process(runs: dict[str, Any]) -> None:
    # the first run (4 partitions on local[2]): each Python worker process that ran the pipeline built it once;
    # the second run in the same session reuses those processes, which do not build it again
    cli = runs["cli"]
    first, again = json.loads(cli.output[cli.output.index("{"):]), runs["again"]
    assert 1 <= first["pipeline_loads"] == first["pipeline_processes"] <= first["partitions"] == 4
    assert again["pipeline_loads"] <= again["pipeline_processes"] <= again["partitions"] == 3


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    from rasd.cli_spark import spark_command

    r = CliRunner().invoke(spark_command, ["x.jsonl"])
    assert r.exit_code == 2 and "--out" in r.output
    r = CliRunner().invoke(spark_command, ["x.jsonl", "--out", str(tmp_path), "--conf", "nonsense"])
    assert r.exit_code == 2 and "KEY=VALUE" in r.output


def test_module_entry_point_runs_the_command() -> None:
    r = subprocess.run([sys.executable, "-m", "rasd.spark", "--help"], capture_output=True, text=True, check=False)
    assert r.returncode == 0 and "Usage: python -m rasd.spark" in r.stdout and "--out" in r.stdout


class _Row:
    def __init__(self, **kw: Any) -> None:
        self._kw = kw

    def asDict(self, recursive: bool = False) -> dict[str, Any]:  # pyspark Row API
        return dict(self._kw)


def test_split_json_lines_keep_their_line_numbers() -> None:
    from rasd.spark.inputs import BLOCK_COL, PATH_COL, read_rows

    lines = [json.dumps({"id": f"r{i}", "published": "2024-01-02", "text": "قصف مدفعي على بلدة في ريف حلب"})
             for i in range(5)]
    lines[3] = "{broken"
    path = "file:///data/x%20y.jsonl"
    # the second split of the file starts at byte 1000 and holds lines 3-5; the first holds lines 1-2
    rows = [_Row(value=v, **{PATH_COL: path, BLOCK_COL: 0 if i < 2 else 1000}) for i, v in enumerate(lines)]
    items = list(read_rows(rows[2:] + rows[:2], "lines", {"/data/x y.jsonl": 7},
                           {("/data/x y.jsonl", 0): 0, ("/data/x y.jsonl", 1000): 2}, None))
    got = {(k, f"{v.source}:{v.position}" if isinstance(v, ReadError) else v.source) for k, v in items}
    assert ((7, 3, 0), "/data/x y.jsonl:4") in got  # the broken line is line 4
    assert [k for k, _ in sorted(items)] == [(7, n, 0) for n in range(5)]
    assert sorted(v.source for _, v in items if hasattr(v, "text")) == [f"/data/x y.jsonl:{n}" for n in (1, 2, 3, 5)]
