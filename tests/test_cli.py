"""`rasd extract` end to end on sample text written for the tests."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from rasd.cli import main

ARTICLE = ("هاجم مسلحون من تنظيم داعش مساء يوم الخميس 20/1/2022 سجناً في مدينة الحسكة، "
           "ما أدى إلى مقتل عدد من مقاتلي قسد.\n\nزر الذهاب إلى الأعلى\n")


def test_extract_text_file_jsonl(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(f)])
    assert res.exit_code == 0, res.output
    (rec,) = [json.loads(x) for x in res.stdout.splitlines()]
    ev = [e for e in rec["events"] if e["type"] == "ASSAULT"]
    assert ev, rec
    e = ev[0]
    assert e["date"]["start"] == "2022-01-20"
    assert e["killed"]["min"] == 2 and e["killed"]["max"] is None
    assert any(a.get("id") == "ISIS" or "داعش" in a["text"] for a in e["actors"])
    assert ARTICLE[e["evidence"]["start"]:e["evidence"]["end"]] == e["evidence"]["text"]
    assert all("زر الذهاب" not in x["evidence"]["text"] for x in rec["events"])


# three sentences of our own: an air strike with its toll, a rescue, and a background remark
REPORT = ("قصفت طائرات حربية مساء أمس الأربعاء بلدة في ريف إدلب الجنوبي، ما أدى إلى مقتل أربعة مدنيين وإصابة آخرين، "
          "بحسب ما أفاد ناشطون محليون.\nوقال مسؤول في الدفاع المدني إن فرق الإنقاذ انتشلت الجثث من تحت الأنقاض.\n"
          "وتتعرض المنطقة لقصف متكرر منذ سنوات.\n")


def test_extract_gives_each_event_its_probability_and_takes_a_threshold(tmp_path: Path) -> None:
    f = tmp_path / "r.txt"
    f.write_text(REPORT, encoding="utf-8")

    def run(*extra: str) -> dict:
        res = CliRunner().invoke(main, ["extract", str(f), "--published", "2024-03-07", *extra])
        assert res.exit_code == 0, res.output
        return json.loads(res.stdout)

    default = run()
    strike = next(e for e in default["events"] if e["type"] == "ASSAULT")
    assert 0.0 < strike["eventivity"] <= 1.0
    everything = default["events"] + default["set_aside"]
    # at 1, every judged event is set aside, with the same probabilities; at 0 none is
    none = run("--threshold", "1")
    assert none["events"] == [] and len(none["set_aside"]) == len(everything)
    assert sorted(e["eventivity"] for e in none["set_aside"]) == sorted(e["eventivity"] for e in everything)
    assert run("--threshold", "0")["set_aside"] == [] and none["versions"]["merge"].endswith(";threshold=1")
    bad = CliRunner().invoke(main, ["extract", str(f), "--threshold", "2"])
    assert bad.exit_code == 2 and "--threshold" in bad.output


def test_bad_jsonl_line_is_reported_and_rest_processed(tmp_path: Path) -> None:
    f = tmp_path / "b.jsonl"
    good = {"id": "g1", "published": "2022-01-21", "text": ARTICLE}
    f.write_text(json.dumps(good, ensure_ascii=False) + "\n{not json\n" + json.dumps({**good, "id": "g2"}) + "\n",
                 encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(f)])
    assert res.exit_code == 1
    assert [json.loads(x)["doc_id"] for x in res.stdout.splitlines()] == ["g1", "g2"]
    assert "b.jsonl" in res.stderr and ":2" in res.stderr


def test_missing_file_is_named(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert res.exit_code != 0
    assert "nope.txt" in res.stderr


def test_table_format(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(f), "--format", "table", "--published", "2022-01-21"])
    assert res.exit_code == 0, res.output
    assert "ASSAULT" in res.stdout and "داعش" in res.stdout


def test_bad_published_option() -> None:
    res = CliRunner().invoke(main, ["extract", "-", "--published", "yesterday"], input="نص")
    assert res.exit_code == 2 and "not an ISO date" in res.output


def test_empty_text_records_are_skipped_without_failing(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    f.write_text(json.dumps({"id": "e1", "text": "   "}) + "\n" + json.dumps({"id": "g1", "text": ARTICLE}) + "\n",
                 encoding="utf-8")
    res = CliRunner().invoke(main, ["extract", str(f)])
    assert res.exit_code == 0, res.stderr
    assert [json.loads(x)["doc_id"] for x in res.stdout.splitlines()] == ["g1"]
    assert "empty" in res.stderr


def test_extract_imports_no_other_command_module(tmp_path: Path) -> None:
    """`rasd extract` pays start-up only for what it uses: the store, web, Spark, incident and referee commands'
    modules are imported when named (SafeGroup.lazy_commands), and `--help` still lists them."""
    import subprocess
    import sys

    art = tmp_path / "a.txt"
    art.write_text("هاجم مسلحون حاجزاً للشرطة في مدينة تكريت أمس.\n", encoding="utf-8")
    probe = (
        "import sys\n"
        "from rasd.cli import main\n"
        f"try:\n    main(['extract', {str(art)!r}, '--published', '2024-01-01'])\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "lazy = ('rasd.cli_store', 'rasd.cli_serve', 'rasd.cli_eval', 'rasd.cli_spark', 'rasd.cli_incidents',\n"
        "        'rasd.evaluate', 'rich.progress', 'email.utils')\n"
        "print(sorted(m for m in lazy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"
    listed = CliRunner().invoke(main, ["--help"]).output
    for name in ("ingest", "stats", "export", "serve", "eval", "spark", "fuse", "incidents", "incident"):
        assert f"  {name} " in listed
    assert CliRunner().invoke(main, ["stats", "--help"]).exit_code == 0
