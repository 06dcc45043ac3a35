"""Tests of scripts/agreement.py on a tiny corpus and two annotation folders written here (real referee when shared)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _load_script() -> ModuleType:
    sys.path.insert(0, str(SCRIPTS))
    spec = importlib.util.spec_from_file_location("rasd_agreement_script", SCRIPTS / "agreement.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


agreement = _load_script()

TEXT = "قصفت طائرات حربية قرية النخيل صباح أمس فقتل أربعة مدنيين وجرح عشرة. ودعا المحافظ سكان القرية إلى الهدوء."
TEXT_QUIET = "افتتح معرض الزهور في الحديقة العامة أمس."
REFEREE_STUB = """import argparse, json
ap = argparse.ArgumentParser()
for flag in ('--gold', '--predictions'):
    ap.add_argument(flag)
ap.add_argument('--json', action='store_true')
a = ap.parse_args()
gold = [json.loads(x) for x in open(a.gold, encoding='utf-8')]
pred = [json.loads(x) for x in open(a.predictions, encoding='utf-8')]
tp = sum(len(d['events']) for d in pred)
events = {'precision': 1.0, 'recall': 1.0, 'f1': 1.0, 'tp': tp, 'fp': 0, 'fn': 0}
print(json.dumps({'docs': len(gold), 'events': events, 'json_flag': a.json}))
"""  # a recording referee: reports what it was given, so the test checks the script's plumbing


def _span(text: str, part: str) -> dict[str, int]:
    start = text.index(part)
    return {"start": start, "end": start + len(part)}


def _event(**fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "ASSAULT", "modes": ["aerial"], "actors": [], "recipients": ["Civilians"], "place": "Al-Nakheel",
        "date": "2015-07-22", "killed": 4, "injured": 10, "captured": None, "modality": "asserted", "sources": [],
        "evidence": _span(TEXT, "قصفت طائرات حربية قرية النخيل"),
    }  # fmt: skip
    event.update(fields)
    return event


def _doc(doc_id: str, text: str, annotator: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "annotator": annotator,
        "text_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        "published": "2015-07-23",
        "outlet": "alyaum",
        "genre": "news",
        "events": events,
        "entities": {
            "Civilians": {"kind": "civilians", "aliases": ["مدنيين"]},
            "Governor": {"kind": "person", "aliases": ["المحافظ"]},
        },
        "places": {"Al-Nakheel": {"aliases": ["النخيل"], "lat": 33.1, "lon": 44.2, "country": "IQ", "geonameid": None}},
    }


def _write(folder: Path, doc: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{doc['doc_id']}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Path]:
    shared = tmp_path / "shared"
    corpus = shared / "corpus" / "saudinewsnet"
    corpus.mkdir(parents=True)
    rows = [
        {"id": doc_id, "source": "alyaum", "date_extracted": "2015-07-23 08:00:00", "title": "t", "content": text}
        for doc_id, text in (("snn-1", TEXT), ("snn-2", TEXT_QUIET), ("snn-3", TEXT))
    ]
    (corpus / "conflict_subset.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    gold, other = tmp_path / "events", tmp_path / "agreement"
    request = _event(
        type="REQUEST", modes=[], actors=["Governor"], recipients=["Civilians"], killed=None, injured=None,
        evidence=_span(TEXT, "ودعا المحافظ سكان القرية إلى الهدوء"),
    )  # fmt: skip
    _write(gold, _doc("snn-1", TEXT, "a", [_event(), request]))
    _write(gold, _doc("snn-2", TEXT_QUIET, "a", []))
    _write(gold, _doc("snn-3", TEXT, "a", [_event()]))  # only in the gold set: left out of the comparison
    _write(other, _doc("snn-1", TEXT, "d", [_event(killed=[3, 5], evidence=_span(TEXT, "فقتل أربعة مدنيين"))]))
    _write(other, _doc("snn-2", TEXT_QUIET, "d", []))
    referee = tmp_path / "referee.py"
    referee.write_text(REFEREE_STUB, encoding="utf-8")
    return {"shared": shared, "gold": gold, "other": other, "out": tmp_path / "out", "referee": referee}


def test_prediction_shape() -> None:
    doc = _doc("snn-1", TEXT, "d", [_event(killed=[3, None], sources=["Governor", "Local sources"])])
    pred = agreement.to_prediction(doc, TEXT)
    event = pred["events"][0]
    assert event["recipients"] == [{"name": "Civilians", "aliases": ["مدنيين"]}]
    assert event["place"] == {"name": "Al-Nakheel", "lat": 33.1, "lon": 44.2}
    assert event["killed"] == {"min": 3, "max": None} and event["injured"] == {"min": 10, "max": 10}
    assert event["captured"] is None
    assert event["sources"] == [{"name": "Governor", "aliases": ["المحافظ"]}, {"name": "Local sources", "aliases": []}]
    assert event["evidence"]["text"] == "قصفت طائرات حربية قرية النخيل"
    assert [a["name"] for a in pred["actors"]] == ["Civilians", "Governor"]
    assert pred["places"] == [{"name": "Al-Nakheel", "lat": 33.1, "lon": 44.2}]


def test_builds_both_files_for_common_articles(setup: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--shared", str(setup["shared"]), "--gold", str(setup["gold"]), "--other", str(setup["other"])]
    args += ["--out", str(setup["out"]), "--referee", str(setup["referee"]), "--json"]
    assert agreement.main(args) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["docs"] == 2 and result["json_flag"] is True and result["events"]["tp"] == 1
    gold = [json.loads(line) for line in (setup["out"] / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    pred = [json.loads(line) for line in (setup["out"] / "predictions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["doc_id"] for d in gold] == ["snn-1", "snn-2"] == [d["doc_id"] for d in pred]
    assert gold[0]["events"][1]["evidence"] == "ودعا المحافظ سكان القرية إلى الهدوء"
    assert pred[0]["events"][0]["evidence"]["text"] == "فقتل أربعة مدنيين"


def test_bad_annotation_is_one_line_error(setup: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    bad = _doc("snn-1", TEXT, "d", [_event(evidence={"start": 5, "end": 9999})])
    _write(setup["other"], bad)
    args = ["--shared", str(setup["shared"]), "--gold", str(setup["gold"]), "--other", str(setup["other"])]
    assert agreement.main([*args, "--out", str(setup["out"]), "--referee", str(setup["referee"])]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "snn-1.json: events[0].evidence" in err and "\n" not in err


def test_missing_referee(setup: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert agreement.main(["--shared", str(setup["shared"]), "--referee", str(setup["out"] / "none.py")]) == 2
    assert "no such file" in capsys.readouterr().err


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "eval" / "score.py").is_file(), reason="needs ../shared")
def test_real_referee_scores_fixture(setup: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--shared", str(setup["shared"]), "--gold", str(setup["gold"]), "--other", str(setup["other"])]
    args += ["--out", str(setup["out"]), "--referee", str(SHARED / "eval" / "score.py"), "--json"]
    assert agreement.main(args) == 0
    result = json.loads(capsys.readouterr().out)
    # the ASSAULT pairs (same type, date and place); the REQUEST is missed; killed 3-5 is not inside gold's exact 4
    assert result["events"]["tp"] == 1 and result["events"]["fn"] == 1 and result["events"]["fp"] == 0
    assert result["killed"]["accuracy"] == 0.0 and result["injured"]["accuracy"] == 1.0


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "eval" / "score.py").is_file(), reason="needs ../shared")
def test_details_list_unpaired_events(setup: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--shared", str(setup["shared"]), "--gold", str(setup["gold"]), "--other", str(setup["other"])]
    args += ["--out", str(setup["out"]), "--referee", str(SHARED / "eval" / "score.py"), "--details"]
    assert agreement.main(args) == 0
    out = capsys.readouterr().out
    unpaired = [line for line in out.splitlines() if line.startswith("snn-")]
    assert len(unpaired) == 1 and "snn-1" in unpaired[0] and "gold  REQUEST" in unpaired[0]
    assert "ودعا المحافظ" in unpaired[0]
    assert "REQUEST" in out.split("per type")[1]


def test_details_needs_pairing_function(setup: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--shared", str(setup["shared"]), "--gold", str(setup["gold"]), "--other", str(setup["other"])]
    assert agreement.main([*args, "--out", str(setup["out"]), "--referee", str(setup["referee"]), "--details"]) == 1
    assert "has no usable best_pairs" in capsys.readouterr().err
