"""`rasd eval --errors`: missed, spurious and fragmented events by class, and per-document tallies that add up to the
score (for bootstrap intervals). Gold and predictions written for these tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from rasd.cli import main
from rasd.evaluate import combine, document_tally, score
from rasd.evaluate_errors import DATE_FIT, EVIDENCE_FIT, PLACE_FIT, document_errors, error_report, render_errors

GOLD: dict[str, Any] = {
    "doc_id": "e1",
    "events": [
        {"type": "ASSAULT", "actors": ["ISIS"], "recipients": [], "place": "Raqqa", "date": "2015-07-20",
         "killed": 5, "modality": "reported", "evidence": "قصف تنظيم داعش حيا في الرقة وقتل خمسة مدنيين"},
        {"type": "PROTEST", "actors": [], "recipients": [], "place": None, "date": "2015-07-21",
         "modality": "asserted", "evidence": "تظاهر المئات في ساحة المدينة احتجاجا على انقطاع الكهرباء"},
    ],
    "entities": {"ISIS": {"aliases": ["داعش"]}},
    "places": {"Raqqa": {"aliases": ["الرقة"], "lat": 35.95, "lon": 39.01}},
}
RAQQA = {"name": "Raqqa", "lat": 35.95, "lon": 39.02}
PRED: dict[str, Any] = {
    "doc_id": "e1",
    "events": [
        {"type": "ASSAULT", "actors": [{"name": "ISIS", "text": "داعش"}], "place": RAQQA,
         "date": {"start": "2015-07-20", "end": "2015-07-20", "text": "أمس"}, "killed": {"min": 5, "max": 5},
         "modality": "asserted", "evidence": {"text": "قصف تنظيم داعش حيا في الرقة وقتل خمسة مدنيين"}},
        {"type": "ASSAULT", "place": RAQQA, "date": {"start": "2015-07-14", "end": "2015-07-21", "text": ""},
         "evidence": {"text": "وارتفعت حصيلة القتلى في المدينة إلى خمسة"}},
        {"type": "COERCE", "evidence": {"text": "اعتقلت الشرطة رجلا في مدينة بعيدة"}},
    ],
}


def test_each_unpaired_event_gets_its_class() -> None:
    errors = document_errors(GOLD, PRED)
    assert [e["type"] for e in errors["missed"]] == ["PROTEST"]
    assert [e["type"] for e in errors["spurious"]] == ["COERCE"]
    assert [e["type"] for e in errors["fragmented"]] == ["ASSAULT"]
    assert errors["fragmented"][0]["of"]["evidence"].startswith("قصف تنظيم داعش")
    assert errors["arguments"] == [{**errors["arguments"][0], "wrong": ["modality (asserted for reported)"]}]


def test_each_missed_event_says_where_it_was_lost() -> None:
    gold = {**GOLD, "events": [
        *GOLD["events"],
        {"type": "COERCE", "actors": [], "recipients": [], "place": None, "date": None, "modality": "asserted",
         "evidence": "حاصرت القوات البلدة ومنعت دخول الطعام إليها"},
        {"type": "AID", "actors": [], "recipients": [], "place": None, "date": None, "modality": "asserted",
         "evidence": "وصلت قافلة مساعدات إلى المخيم صباح اليوم"},
    ]}
    pred = {**PRED, "events": PRED["events"][:1],
            "set_aside": [{"type": "PROTEST", "evidence": {"text": "تظاهر المئات في ساحة المدينة احتجاجا"}},
                          {"type": "ASSAULT", "evidence": {"text": "حاصرت القوات البلدة ومنعت دخول الطعام"}}]}
    causes = {e["type"]: e["cause"] for e in document_errors(gold, pred)["missed"]}
    assert causes == {"PROTEST": "set aside by the filter", "COERCE": "read as another type",
                      "AID": "no prediction over its evidence"}
    report = error_report({"e1": gold}, {"e1": pred})
    assert report["summary"]["missed"]["by_cause"] == {
        "set aside by the filter": 1, "read as another type": 1, "no prediction over its evidence": 1}
    assert "lost: set aside by the filter 1" in render_errors(report)


def test_each_fragment_says_how_it_fits_its_incident() -> None:
    """Evidence overlap before the place alone, the place before a date alone: the strongest fit names the gold
    event, though another paired one comes first."""
    attack, protest = GOLD["events"]
    gold = {**GOLD, "events": [attack, {**protest, "type": "ASSAULT", "date": "2015-07-25"}]}
    paired_protest = {"type": "ASSAULT", "evidence": {"text": protest["evidence"]}}
    # at the first gold event's place, over the second's words
    by_words = {"type": "ASSAULT", "place": RAQQA, "evidence": {"text": "في ساحة المدينة احتجاجا"}}
    by_day = {"type": "ASSAULT", "date": {"start": "2015-07-25", "end": "2015-07-25", "text": "السبت"},
              "evidence": {"text": "سقطت قذيفة على سوق شعبي"}}
    pred = {"doc_id": "e1", "events": [*PRED["events"][:2], paired_protest, by_words, by_day]}
    errors = document_errors(gold, pred)
    fits = [(e["evidence"], e["fits"], e["of"]["evidence"][:4]) for e in errors["fragmented"]]
    assert fits == [("وارتفعت حصيلة القتلى في المدينة إلى خمسة", PLACE_FIT, "قصف "),
                    ("في ساحة المدينة احتجاجا", EVIDENCE_FIT, "تظاه"),
                    ("سقطت قذيفة على سوق شعبي", DATE_FIT, "تظاه")]
    # the referee's rule would pair the toll (same place, and its week holds the gold day) and the overlapping words,
    # not the shell told on the gold day with no place
    assert [e["pairable"] for e in errors["fragmented"]] == [True, True, False]
    report = error_report({"e1": gold}, {"e1": pred})
    assert report["summary"]["fragmented"]["by_fit"] == {EVIDENCE_FIT: 1, PLACE_FIT: 1, DATE_FIT: 1}
    assert report["summary"]["fragmented"]["pairable"] == 2
    assert abs(report["summary"]["fragmented"]["pairable_share_of_predictions"] - 2 / 5) < 1e-9
    text = render_errors(report)
    assert "fit the gold event by: evidence overlaps 1, same place only 1, same text date only 1" in text
    assert "the referee's rule would pair 2 of them with a paired gold event (40.0% of predictions)" in text


def test_missed_events_by_cause_and_type() -> None:
    gold = {**GOLD, "events": [*GOLD["events"], *(
        {"type": t, "actors": [], "recipients": [], "place": None, "date": None, "modality": "asserted",
         "evidence": e} for t, e in (("AID", "وصلت قافلة مساعدات إلى المخيم صباح اليوم"),
                                     ("AID", "وزعت منظمة إغاثية الطحين على النازحين"),
                                     ("COERCE", "فرضت السلطات حظر التجول في البلدة"),
                                     ("THREATEN", "توعدت الجماعة بالرد على الغارة"),
                                     ("MOBILIZE", "أرسل الجيش تعزيزات إلى الحدود")))]}
    report = error_report({"e1": gold}, {"e1": {**PRED, "events": PRED["events"][:1]}})
    by = report["summary"]["missed"]["by_cause_and_type"]
    assert by == {"no prediction over its evidence": {"AID": 2, "PROTEST": 1, "COERCE": 1, "THREATEN": 1,
                                                      "MOBILIZE": 1}}
    assert "no prediction over its evidence 6 (AID 2, PROTEST 1, COERCE 1, …)" in render_errors(report)


def test_a_missed_event_told_inside_another_incident() -> None:
    both = "قصف تنظيم داعش حيا في الرقة وقتل خمسة مدنيين"
    gold = {**GOLD, "events": [GOLD["events"][0], {**GOLD["events"][0], "place": None, "date": None,
                                                    "evidence": both}]}
    causes = [e["cause"] for e in document_errors(gold, {**PRED, "events": PRED["events"][:1]})["missed"]]
    assert causes == ["inside an event that pairs with another"]


def test_a_missed_event_merged_into_an_incident_told_elsewhere() -> None:
    """The mention was found (its trigger is in the gold evidence) but merged into an event whose evidence is another
    sentence; a trigger word of another type, or one too short to place, says nothing."""
    strike = "وشنت الطائرات غارة على مخزن للسلاح في البلدة المجاورة"
    gold = {**GOLD, "events": [GOLD["events"][0], {**GOLD["events"][0], "place": None, "date": None,
                                                    "evidence": strike}]}
    merged = {**PRED["events"][0], "triggers": [{"text": "قصف", "start": 0, "end": 3},
                                                {"text": "غارة", "start": 90, "end": 94}]}
    causes = [e["cause"] for e in document_errors(gold, {**PRED, "events": [merged]})["missed"]]
    assert causes == ["merged into an event told elsewhere"]
    other_type = {**merged, "type": "COERCE"}
    short = {**merged, "triggers": [{"text": "شن", "start": 90, "end": 92}]}
    # the word stands in the event's own evidence: the same word told again, not this mention
    own_words = {**merged, "evidence": {"text": merged["evidence"]["text"], "start": 0, "end": 120}}
    for pred in (other_type, short, own_words):
        causes = [e["cause"] for e in document_errors(gold, {**PRED, "events": [pred]})["missed"]]
        assert "merged into an event told elsewhere" not in causes


def test_summary_counts_and_share() -> None:
    report = error_report({"e1": GOLD}, {"e1": PRED})
    s = report["summary"]
    assert (s["missed"]["n"], s["spurious"]["n"], s["fragmented"]["n"]) == (1, 1, 1)
    assert abs(s["fragmented"]["share_of_predictions"] - 1 / 3) < 1e-9
    text = render_errors(report)
    assert "fragmented" in text and "COERCE" in text


def test_document_tallies_add_up_to_the_score() -> None:
    other = {**GOLD, "doc_id": "e2"}
    gold = {"e1": GOLD, "e2": other}
    preds = {"e1": PRED, "e2": {"doc_id": "e2", "events": PRED["events"][:1]}}
    whole = score(gold, preds)
    parts = combine([document_tally(gold[d], preds[d]) for d in gold])
    for key in ("events", "actors", "place", "modality", "killed"):
        assert whole[key] == parts[key], key


def test_cli_errors_flag(tmp_path: Path) -> None:
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text(json.dumps(GOLD, ensure_ascii=False) + "\n", encoding="utf-8")
    pred.write_text(json.dumps(PRED, ensure_ascii=False) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "--gold", str(gold), "--predictions", str(pred), "--errors"])
    assert result.exit_code == 0, result.output
    assert "errors over 3 predicted and 2 gold events" in result.output
    as_json = CliRunner().invoke(main, ["eval", "--gold", str(gold), "--predictions", str(pred), "--errors", "--json"])
    assert json.loads(as_json.output)["errors"]["summary"]["spurious"]["n"] == 1
