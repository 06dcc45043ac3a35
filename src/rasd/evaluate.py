"""Scoring predictions against gold annotations: the referee's figures (../shared/eval/score.py), typed.

The rules (each in `rasd.evaluate_match` unless named here):

- Names: every name is turned into tokens (NFKC, case-folded, diacritics and tatweel dropped, أإآٱ->ا ى->ي ة->ه ؤ->و
  ئ->ي, punctuation and "_" as spaces, a leading ال dropped from tokens over 4 letters, then وال/بال/لل from tokens
  over 5). A predicted actor (its name, text, id and aliases) matches a gold entity (its key and aliases) when two
  token lists are equal, or the shorter one (at least 3 letters) occurs as consecutive tokens of the longer one.
- Places: same geonameid (when both have one), or at most 25 km apart (haversine, Earth radius 6371 km).
- Dates: a prediction is an interval {start, end} (end defaults to start) or an ISO string; an ISO month means days
  01 to 31. Against a gold month the intervals must overlap; against a gold day the prediction must contain the day
  or start within one day of it (days numbered with 31-day months).
- Counts: n, [min, max] or {min, max} (missing min 0, missing max unbounded); the predicted range must lie inside
  the gold range.
- Events (`pair_events`): a predicted and a gold event of the same type may pair when their evidence overlaps (at
  least half of the smaller set of distinct evidence tokens is shared) or their date and place both match. Fit is
  4*overlap + date + place + the number of gold actors/recipients some predicted actor/recipient matches; pairs are
  taken best fit first (ties: earlier prediction, then earlier gold event), one to one.
- Roles (`match_greedy`): over each pair, predicted actors, recipients and sources are matched greedily, in order,
  to gold keys, one to one (a gold key listed twice can still be matched once).
- Document level: predicted actors (the document's `actors`, else every event's actors and recipients, without
  repeats by normalised names) against the gold entity keys; predicted places with coordinates (the document's
  `places`, else the events' places, a place said twice counted once: same geonameid, or within 1 km when either
  lacks one) against the gold places.
- Material events: precision/recall/F1 summed over ASSAULT COERCE MOBILIZE PROTEST SANCTION AID COOPERATE RETREAT.
- Argument accuracy over pairs, counted only where the gold event has a value: place, date, killed, injured,
  captured, modality (exact string).

`score` returns the same dict as the referee's `score` (same keys, key order and values); `render` prints the same
table.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from rasd.errors import InputError
from rasd.evaluate_match import (
    counts_match,
    dates_match,
    evidence_overlaps,
    gold_names,
    name_tokens,
    names_match,
    place_point,
    places_match,
    prediction_names,
    same_place,
)

__all__ = ["MATERIAL", "EvalInputError", "combine", "document_tally", "load_jsonl", "match_greedy", "pair_events",
           "pair_fit", "prf", "render", "score"]

MATERIAL = frozenset({"ASSAULT", "COERCE", "MOBILIZE", "PROTEST", "SANCTION", "AID", "COOPERATE", "RETREAT"})
ROLE_TABLE = ("events", "material_events", "actors", "recipients", "sources", "doc_actors", "doc_places")
ARGUMENT_TABLE = ("place", "date", "killed", "injured", "captured", "modality")
COUNT_FIELDS = ("killed", "injured", "captured")

Doc = Mapping[str, Any]
P = TypeVar("P")
G = TypeVar("G")


class EvalInputError(InputError):
    """A gold or predictions file that cannot be read: the message names the file and line."""


def iter_jsonl(path: str | Path) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, object) for each non-blank line of a JSON Lines file; errors name the file and line."""
    try:
        handle = open(path, encoding="utf-8")
    except OSError as exc:
        raise EvalInputError(str(path), f"cannot open ({exc.strerror or exc})") from exc
    with handle:
        try:
            for number, line in enumerate(handle, 1):
                line = line.strip()
                if not line:
                    continue
                where = f"{path}:{number}"
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EvalInputError(where, f"not JSON ({exc})") from exc
                if not isinstance(obj, dict):
                    raise EvalInputError(where, f"expected a JSON object, found {type(obj).__name__}")
                yield where, obj
        except UnicodeDecodeError as exc:
            raise EvalInputError(str(path), f"not UTF-8 ({exc})") from exc


def load_jsonl(path: str | Path) -> dict[str, dict[str, Any]]:
    """Read one JSON object per line, keyed by `doc_id` (or `id`); blank lines are skipped, a later line wins."""
    docs: dict[str, dict[str, Any]] = {}
    for where, obj in iter_jsonl(path):
        doc_id = obj.get("doc_id") or obj.get("id")
        if doc_id is None:
            raise EvalInputError(where, "no doc_id (or id) field")
        docs[str(doc_id)] = obj
    return docs


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1 (0.0 where undefined)."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def match_greedy(preds: Sequence[P], golds: Sequence[G], match: Callable[[P, G], bool]) -> tuple[int, int, int]:
    """Each prediction in turn takes the first unused gold item it matches; returns (tp, fp, fn)."""
    taken: set[Any] = set()
    tp = 0
    for pred in preds:
        for gold in golds:
            if gold not in taken and match(pred, gold):
                taken.add(gold)
                tp += 1
                break
    return tp, len(preds) - tp, len(golds) - tp


def _entity_matcher(gold_doc: Doc) -> Callable[[object, Any], bool]:
    return lambda pred, key: names_match(prediction_names(pred), gold_names(gold_doc, key))


def _gold_place(gold_doc: Doc, gold_event: Doc) -> Any:
    key = gold_event.get("place")
    return (gold_doc.get("places") or {}).get(key) if key else None


def pair_fit(pred: Doc, gold: Doc, gold_doc: Doc) -> int | None:
    """How well a predicted event fits a gold one (higher fits better), or None when the referee's rule does not let
    them pair: it needs the same type, and overlapping evidence or the same date and place."""
    if pred.get("type") != gold.get("type"):
        return None
    overlap = evidence_overlaps(pred, gold)
    date_ok = dates_match(pred.get("date"), gold.get("date"))
    place_ok = places_match(pred.get("place"), _gold_place(gold_doc, gold))
    if not (overlap or (date_ok and place_ok)):
        return None
    pred_people = [a for role in ("actors", "recipients") for a in (pred.get(role) or [])]
    gold_keys = [k for role in ("actors", "recipients") for k in (gold.get(role) or [])]
    matches = _entity_matcher(gold_doc)
    shared = sum(1 for key in gold_keys if any(matches(a, key) for a in pred_people))
    return 4 * overlap + date_ok + place_ok + shared


def pair_events(preds: Sequence[Doc], golds: Sequence[Doc], gold_doc: Doc) -> dict[int, int]:
    """Pair predicted with gold events one to one, best fit first: {prediction index: gold index}."""
    candidates = sorted(
        (-fit, i, j)
        for i, pred in enumerate(preds)
        for j, gold in enumerate(golds)
        if (fit := pair_fit(pred, gold, gold_doc)) is not None
    )
    pairs: dict[int, int] = {}
    used_gold: set[int] = set()
    for _, i, j in candidates:
        if i not in pairs and j not in used_gold:
            pairs[i] = j
            used_gold.add(j)
    return pairs


def paired_gold(events: Sequence[Any], gold_doc: Doc) -> list[tuple[int, Doc]]:
    """A pipeline document's events (rasd.model.Event) paired one to one with the gold article's events, as the
    referee pairs them: [(event index, gold event)] in event order (the labels of every learned decision)."""
    from rasd.output import event_dict

    golds = list(gold_doc.get("events") or [])
    if not events or not golds:
        return []
    pairs = pair_events([event_dict(e) for e in events], golds, gold_doc)
    return [(i, golds[j]) for i, j in sorted(pairs.items())]


def _unique_by_names(items: Sequence[Any]) -> list[Any]:
    """Items with at least one name, the first of each set of normalised names."""
    seen: set[tuple[str, ...]] = set()
    kept = []
    for item in items:
        key = tuple(sorted(" ".join(name_tokens(n)) for n in prediction_names(item)))
        if key and key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _unique_places(places: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    kept: list[Mapping[str, Any]] = []
    for place in places:
        if not any(same_place(place, other) for other in kept):
            kept.append(place)
    return kept


class _Tally:
    """Counters the score is built from, in the order the referee first meets them."""

    def __init__(self) -> None:
        self.events: Counter[str] = Counter()
        self.per_type: dict[Any, Counter[str]] = {}
        self.roles: dict[str, Counter[str]] = {}
        self.args: dict[str, Counter[str]] = {}

    def type_count(self, event_type: Any, what: str) -> None:
        self.per_type.setdefault(event_type, Counter())[what] += 1

    def role(self, name: str, counts: tuple[int, int, int]) -> None:
        tally = self.roles.setdefault(name, Counter())
        for field, value in zip(("tp", "fp", "fn"), counts, strict=True):
            tally[field] += value

    def argument(self, name: str, correct: bool) -> None:
        tally = self.args.setdefault(name, Counter())
        tally["total"] += 1
        tally["correct"] += int(correct)


def _score_pair(pred: Doc, gold: Doc, gold_doc: Doc, tally: _Tally) -> None:
    matches = _entity_matcher(gold_doc)
    for role in ("actors", "recipients", "sources"):
        tally.role(role, match_greedy(list(pred.get(role) or []), list(gold.get(role) or []), matches))
    gold_place = _gold_place(gold_doc, gold)
    if gold_place is not None:
        tally.argument("place", places_match(pred.get("place"), gold_place))
    if gold.get("date"):
        tally.argument("date", dates_match(pred.get("date"), gold.get("date")))
    for field in COUNT_FIELDS:
        if gold.get(field) is not None:
            tally.argument(field, counts_match(pred.get(field), gold.get(field)))
    if gold.get("modality"):
        tally.argument("modality", pred.get("modality") == gold.get("modality"))


def _score_document(gold_doc: Doc, pred_doc: Doc, pred_events: Sequence[Doc], tally: _Tally) -> None:
    actors = list(pred_doc.get("actors") or [])
    if not actors:
        actors = [a for ev in pred_events for role in ("actors", "recipients") for a in (ev.get(role) or [])]
    entity_keys = list((gold_doc.get("entities") or {}).keys())
    tally.role("doc_actors", match_greedy(_unique_by_names(actors), entity_keys, _entity_matcher(gold_doc)))
    places = [p for p in (pred_doc.get("places") or []) if place_point(p)]
    if not places:
        places = [ev.get("place") for ev in pred_events if place_point(ev.get("place"))]
    gold_places = list((gold_doc.get("places") or {}).values())
    counts = match_greedy(_unique_places(places), range(len(gold_places)), lambda p, k: places_match(p, gold_places[k]))
    tally.role("doc_places", counts)


def _prf_dict(counts: Mapping[str, int]) -> dict[str, float]:
    precision, recall, f1 = prf(counts["tp"], counts["fp"], counts["fn"])
    return {"precision": precision, "recall": recall, "f1": f1}


def score(gold_docs: Mapping[str, Doc], pred_docs: Mapping[str, Doc]) -> dict[str, Any]:
    """Score predictions against gold, document by document (predictions for unknown documents are ignored)."""
    tally = _Tally()
    predicted = 0
    for doc_id, gold_doc in gold_docs.items():
        predicted += doc_id in pred_docs
        _tally_document(gold_doc, pred_docs.get(doc_id, {}), tally)
    return _result(len(gold_docs), predicted, tally)


def document_tally(gold_doc: Doc, pred_doc: Doc) -> _Tally:
    """The counts one document adds to the score (for bootstrap intervals over documents: see `combine`)."""
    tally = _Tally()
    _tally_document(gold_doc, pred_doc, tally)
    return tally


def combine(tallies: Sequence[_Tally]) -> dict[str, Any]:
    """The score of documents given by their tallies (a document may come more than once, as in a bootstrap)."""
    total = _Tally()
    for t in tallies:
        total.events.update(t.events)
        for key, c in t.per_type.items():
            total.per_type.setdefault(key, Counter()).update(c)
        for key, c in t.roles.items():
            total.roles.setdefault(key, Counter()).update(c)
        for key, c in t.args.items():
            total.args.setdefault(key, Counter()).update(c)
    return _result(len(tallies), len(tallies), total)


def _tally_document(gold_doc: Doc, pred_doc: Doc, tally: _Tally) -> None:
    pred_events = [e for e in (pred_doc.get("events") or []) if isinstance(e, dict)]
    gold_events = list(gold_doc.get("events") or [])
    pairs = pair_events(pred_events, gold_events, gold_doc)
    tally.events.update(tp=len(pairs), fp=len(pred_events) - len(pairs), fn=len(gold_events) - len(pairs))
    for ev in pred_events:
        tally.type_count(ev.get("type"), "pred")
    for ev in gold_events:
        tally.type_count(ev.get("type"), "gold")
    for i, j in pairs.items():
        tally.type_count(gold_events[j].get("type"), "tp")
        _score_pair(pred_events[i], gold_events[j], gold_doc, tally)
    _score_document(gold_doc, pred_doc, pred_events, tally)


def _result(docs: int, predicted: int, tally: _Tally) -> dict[str, Any]:
    ev = tally.events
    result: dict[str, Any] = {"docs": docs, "docs_predicted": predicted}
    result["events"] = {**_prf_dict(ev), "tp": ev["tp"], "fp": ev["fp"], "fn": ev["fn"]}
    material: Counter[str] = Counter()
    for event_type, c in tally.per_type.items():
        if event_type in MATERIAL:
            material.update(tp=c["tp"], fp=c["pred"] - c["tp"], fn=c["gold"] - c["tp"])
    result["material_events"] = _prf_dict(material)
    per_type: dict[str, Any] = {}
    for event_type in sorted(tally.per_type, key=str):
        c = tally.per_type[event_type]
        f1 = prf(c["tp"], c["pred"] - c["tp"], c["gold"] - c["tp"])[2]
        per_type[str(event_type)] = {"gold": c["gold"], "pred": c["pred"], "tp": c["tp"], "f1": f1}
    result["per_type"] = per_type
    for name, counts in tally.roles.items():
        result[name] = _prf_dict(counts)
    for name, c in tally.args.items():
        result[name] = {"accuracy": c["correct"] / c["total"] if c["total"] else 0.0, "n": c["total"]}
    return result


def render(result: Mapping[str, Any]) -> str:
    """The referee's plain-text table."""
    lines = [f"documents: {result['docs']} gold, {result['docs_predicted']} predicted"]
    row = "{:<18} {:>9} {:>9} {:>9}"
    lines.append(row.format("", "precision", "recall", "f1"))
    for key in ROLE_TABLE:
        if key in result:
            v = result[key]
            lines.append(row.format(key, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}"))
    lines.append("argument accuracy over paired events:")
    for key in ARGUMENT_TABLE:
        if key in result:
            lines.append(f"  {key:<10} {result[key]['accuracy']:.3f}  (n={result[key]['n']})")
    lines.append("per type (gold/pred/paired f1):")
    for event_type, v in result["per_type"].items():
        lines.append(f"  {event_type:<10} {v['gold']:>4} {v['pred']:>4} {v['f1']:.3f}")
    return "\n".join(lines)
