"""Tests of scripts/incident_annotations.py (check, build, stats) on a tiny corpus written here, plus the real files."""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "incident_annotations.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("rasd_incident_annotations_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


script = _load_script()

TEXT_A = (
    "سقطت قذيفة على سوق بلدة الواحة صباح الثلاثاء فقتلت أربعة مدنيين وجرحت عشرة. "
    "وقال مسؤول محلي إن القصف جاء من التلال."
)
TEXT_B = "أكد مصدر طبي أن حصيلة قصف سوق الواحة ارتفعت إلى ستة قتلى. وفي خبر آخر افتتح جسر جديد في المدينة."
TEXT_C = "قصفت طائرات مخزنا للسلاح قرب بلدة النخيل مساء الأربعاء دون أن تسجل إصابات."
TEXT_D = "انفجرت عبوة ناسفة قرب ثكنة في البلدة القديمة يوم الجمعة."


def _article(doc_id: str, text: str, source: str = "alyaum") -> dict[str, Any]:
    return {"id": doc_id, "source": source, "date_extracted": "2015-07-23 10:00:00", "title": "عنوان", "content": text}


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    root = tmp_path / "shared"
    corpus = root / "corpus" / "saudinewsnet"
    corpus.mkdir(parents=True)
    rows = [_article("snn-1", TEXT_A), _article("snn-2", TEXT_B, "aawsat"), _article("snn-3", TEXT_C)]
    rows += [_article("snn-4", TEXT_D), _article("snn-8", TEXT_D), _article("snn-9", TEXT_D)]
    (corpus / "conflict_subset.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    gold = root / "eval" / "gold"
    gold.mkdir(parents=True)
    shared_incident = {"incident_id": "old-bombing-2015-07-17", "reports": [{"doc_id": "snn-9", "killed": 3}]}
    (gold / "incidents.jsonl").write_text(json.dumps(shared_incident) + "\n", encoding="utf-8")
    (gold / "incidents_distractors.txt").write_text("snn-8\tanother bombing\n", encoding="utf-8")
    return root


def _span(text: str, part: str) -> dict[str, int]:
    start = text.index(part)
    return {"start": start, "end": start + len(part)}


def _report(doc_id: str, text: str, part: str, outlet: str = "alyaum", **extra: Any) -> dict[str, Any]:
    report = {
        "doc_id": doc_id, "outlet": outlet, "published": "2015-07-23", "mention": False, "killed": None,
        "injured": None, "killed_or_injured": None, "modality": "reported", "sources": ["local official"],
        "evidence": _span(text, part), "uncertain": False,
    }  # fmt: skip
    report.update(extra)
    return report


def _incident(incident_id: str = "waha-market-shelling-2015-07-21") -> dict[str, Any]:
    return {
        "incident_id": incident_id, "annotator": "test", "type": "ASSAULT", "modes": ["heavy-weapons"],
        "date": "2015-07-21",
        "place": {"name": "Al-Waha", "lat": 15.0, "lon": 44.0, "country": "YE", "admin1": None, "aliases": ["الواحة"]},
        "actors": ["Unidentified gunmen"], "recipients": ["Civilians"],
        "summary": "A shell hit the Al-Waha market on Tuesday morning.",
        "reports": [
            _report("snn-1", TEXT_A, "سقطت قذيفة على سوق بلدة الواحة", killed=4, injured=10),
            _report("snn-2", TEXT_B, "حصيلة قصف سوق الواحة ارتفعت إلى ستة قتلى", outlet="aawsat", killed=6,
                    mention=True),
        ],
        "confusable_with": [],
        "confusable_out_of_set": [{"doc_id": "snn-3", "note": "air strike on a depot near Al-Nakhil"}],
    }  # fmt: skip


def _write(folder: Path, *incidents: dict[str, Any], distractors: str = "snn-3\tair strike on a depot\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for inc in incidents:
        path = folder / f"{inc['incident_id']}.json"
        path.write_text(json.dumps(inc, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "distractors_a.tsv").write_text(distractors, encoding="utf-8")
    return folder


def _problems(shared: Path, folder: Path) -> list[str]:
    problems, _ = script.check(shared, folder)
    return [f"{field}: {problem}" for _, field, problem in problems]


def test_valid_incident_passes(shared: Path, tmp_path: Path) -> None:
    folder = _write(tmp_path / "inc", _incident())
    assert _problems(shared, folder) == []


def _broken(mutate: Any) -> dict[str, Any]:
    inc = copy.deepcopy(_incident())
    mutate(inc)
    return inc


CASES = [
    (lambda i: i["reports"][0].update(doc_id="snn-404"), "is not in"),
    (lambda i: i["reports"][0].update(evidence={"start": 5, "end": 500}), "outside the text"),
    (lambda i: i["reports"][1].update(outlet="alyaum"), "differs from the corpus source"),
    (lambda i: i["reports"][0].update(published="2015-07-22"), "differs from the corpus date"),
    (lambda i: i["reports"][0].update(killed="four"), "is not null"),
    (lambda i: i["reports"][0].update(injured=[10, 5]), "max below min"),
    (lambda i: i["reports"][0].update(modality="rumour"), "not in"),
    (lambda i: i["reports"][0].pop("evidence"), "missing"),
    (lambda i: i["reports"].append(copy.deepcopy(i["reports"][0])), "listed twice"),
    (lambda i: i.update(type="BOMBING"), "is not a PLOVER type"),
    (lambda i: i.update(modes=["shelling"]), "is not a PLOVER mode"),
    (lambda i: i.update(date="21 July"), "is not YYYY-MM-DD"),
    (lambda i: i["place"].update(lat=120), "is not a number"),
    (lambda i: i.update(summary=TEXT_A), "Arabic words"),
    (lambda i: i["reports"][0].update(note=TEXT_C), "Arabic words"),
    (lambda i: i.update(confusable_with=["nowhere-2015-07-01"]), "is not an annotated incident"),
    (lambda i: i["confusable_out_of_set"].append({"doc_id": "snn-1", "note": "x"}), "also a report"),
    (lambda i: i.update(reports=[]), "not a non-empty list"),
    (lambda i: i.update(colour="red"), "unknown field"),
]


@pytest.mark.parametrize(("mutate", "expected"), CASES)
def test_checker_finds_each_problem(shared: Path, tmp_path: Path, mutate: Any, expected: str) -> None:
    folder = _write(tmp_path / "inc", _broken(mutate))
    problems = _problems(shared, folder)
    assert any(expected in p for p in problems), problems


def test_incident_id_must_match_file_and_pattern(shared: Path, tmp_path: Path) -> None:
    folder = _write(tmp_path / "inc", _incident())
    (folder / "Waha_Market.json").write_text(json.dumps(_incident("Waha_Market"), ensure_ascii=False), encoding="utf-8")
    (folder / "other-name-2015-07-21.json").write_text(json.dumps(_incident(), ensure_ascii=False), encoding="utf-8")
    problems = _problems(shared, folder)
    assert any("lower-case ASCII" in p for p in problems)
    assert any("differs from the file name" in p for p in problems)
    assert any("used by another file" in p for p in problems)


def test_not_json(shared: Path, tmp_path: Path) -> None:
    folder = _write(tmp_path / "inc")
    (folder / "broken-2015-07-21.json").write_text("{", encoding="utf-8")
    assert any("not valid JSON" in p for p in _problems(shared, folder))


def test_shared_gold_articles_are_no_distractors(shared: Path, tmp_path: Path) -> None:
    lines = "snn-9\tthe old bombing\nsnn-8\tanother bombing\nsnn-1\tmarket\nsnn-3\tdepot\nsnn-3\tdepot again\nsnn-4\t\n"
    folder = _write(tmp_path / "inc", _incident(), distractors=lines)
    problems = _problems(shared, folder)
    assert any("reports the shared gold incident old-bombing-2015-07-17" in p for p in problems)
    assert any("is a shared gold distractor" in p for p in problems)
    assert any("reports the annotated waha-market-shelling-2015-07-21" in p for p in problems)
    assert any("already listed" in p for p in problems)
    assert any("note: missing" in p for p in problems)


def test_shared_gold_incident_is_refused(shared: Path, tmp_path: Path) -> None:
    inc = _incident("old-bombing-2015-07-17")
    inc["reports"] = [_report("snn-9", TEXT_D, "انفجرت عبوة ناسفة")]
    problems = _problems(shared, _write(tmp_path / "inc", inc))
    assert any("reports of the shared gold incident" in p for p in problems)
    assert any("is a shared gold incident" in p for p in problems)


def test_article_in_two_incidents_is_allowed_and_listed(shared: Path, tmp_path: Path) -> None:
    other = _incident("waha-bridge-opening-2015-07-22")
    other["type"] = "COOPERATE"
    other["modes"] = []
    other["reports"] = [_report("snn-2", TEXT_B, "افتتح جسر جديد في المدينة", outlet="aawsat")]
    other["confusable_out_of_set"] = []
    first = _incident()
    first["confusable_with"] = ["waha-bridge-opening-2015-07-22"]
    folder = _write(tmp_path / "inc", first, other)
    problems, notes = script.check(shared, folder)
    assert problems == []
    assert notes == [
        "snn-2 is a report of 2 incidents: waha-bridge-opening-2015-07-22, waha-market-shelling-2015-07-21"
    ]


def test_build_writes_referee_format(shared: Path, tmp_path: Path) -> None:
    folder = _write(tmp_path / "inc", _incident())
    out, dis = tmp_path / "out" / "gold.jsonl", tmp_path / "out" / "distractors.txt"
    done = script.build(shared, out, dis, folder, skip_bad=False)
    assert len(done) == 2
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["incident_id"] for r in rows] == ["waha-market-shelling-2015-07-21"]
    assert [r["doc_id"] for r in rows[0]["reports"]] == ["snn-1", "snn-2"]
    assert rows[0]["reports"][0]["evidence"] == _span(TEXT_A, "سقطت قذيفة على سوق بلدة الواحة")
    assert dis.read_text(encoding="utf-8") == "snn-3\tair strike on a depot\n"
    assert [r["killed"] for r in rows[0]["reports"]] == [4, 6]  # what the referee reads besides doc ids
    assert "annotator" in rows[0] and rows[0]["confusable_out_of_set"][0]["doc_id"] == "snn-3"


def test_build_refuses_problems_unless_skip_bad(shared: Path, tmp_path: Path) -> None:
    bad = _broken(lambda i: i["reports"][0].update(doc_id="snn-404"))
    bad["incident_id"] = "bad-one-2015-07-21"
    good = _incident()
    good["confusable_with"] = ["not-written-yet-2015-07-30"]
    folder = _write(tmp_path / "inc", bad, good)
    with pytest.raises(script.AnnotationError, match="problem"):
        script.load_incidents(shared, folder)
    kept = script.load_incidents(shared, folder, skip_bad=True)
    assert [k["incident_id"] for k in kept] == ["waha-market-shelling-2015-07-21"]
    assert kept[0]["confusable_with"] == []


def test_stats(shared: Path, tmp_path: Path) -> None:
    folder = _write(tmp_path / "inc", _incident())
    lines = script.stats(shared, folder)
    assert lines[0] == "incidents 1, reports 2, articles 2 (0 in 2+ incidents)"
    assert "distractors 1" in lines[2]
    assert "YE 1" in lines[-1]


def test_cli_errors_are_one_line(shared: Path, tmp_path: Path) -> None:
    run = [sys.executable, str(SCRIPT)]
    missing = subprocess.run([*run, "check", "--shared", str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stderr.startswith("error:") and missing.stderr.count("\n") == 1
    folder = _write(tmp_path / "inc", _broken(lambda i: i.update(type="BOMBING")))
    bad = subprocess.run(
        [*run, "build", "--shared", str(shared), "--incidents", str(folder), "--out", str(tmp_path / "g.jsonl")],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1 and bad.stderr.startswith("error:") and "Traceback" not in bad.stderr


SHARED = Path(os.environ.get("RASD_SHARED", Path(__file__).resolve().parents[2] / "shared"))


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / script.CORPUS).is_file(), reason="needs ../shared")
def test_repository_incident_annotations_are_sound() -> None:
    problems, _ = script.check(SHARED, script.INCIDENTS_DIR)
    assert problems == []
