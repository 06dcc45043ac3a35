"""Training the learned link decision from incident annotations: labelled (report, candidate incident) pairs met
while replaying fusion, and a logistic regression over their evidence terms.

Labels: fusion is replayed over the stored reports (the hand rule deciding, every pair the guards let through
logged). Each annotated incident lists every article of the corpus that reports it, so an article outside it does
not report it. The candidate incident stands for the annotated incident most of its known articles (annotated or
distractors) tell, or for none when it holds none of them; the pair is positive when the report's article tells
that incident, negative when it does not, and left out when neither side is in any annotated incident (unknown).
Unannotated articles inside a candidate do not vote: a report joining the incident that holds its incident's
reports decides right even when earlier decisions mixed other articles into it. An article telling several
incidents counts as a report of each. A positive pair whose report is dated away from the annotated incident's
day (more than SLACK_DAYS) or placed in another country is left out: it is another event of an article that tells
the incident (the labels, like the referee, are per article, and most articles tell several events).

The fit starts from the hand rule: a one-feature logistic regression on the hand score gives its slope and
intercept, and the full model is penalised (L2) towards those weights (the slope on the hand's seven terms, zero on
the others), so it moves away from the hand rule only as far as the labels ask."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasd.fuse.model import MODEL_FEATURES
from rasd.fuse.replay import Pair
from rasd.stages.logistic import LogisticModel

Example = tuple[list[float], int]
L2 = 0.01  # penalty per weight towards the hand rule's, in units of the number of examples
SLACK_DAYS = 3
REPORT_LEVEL = False  # True: positives only for reports whose evidence overlaps an annotated span (worse)


@dataclass(frozen=True)
class Annotations:
    """Annotated incidents (referee format, by doc id) and the articles known to report none of them."""

    incidents: list[dict[str, Any]]
    distractors: list[str]

    def incidents_of(self) -> dict[str, set[str]]:
        """doc id -> the annotated incidents it reports (an empty set for a distractor)."""
        out: dict[str, set[str]] = {d: set() for d in self.distractors}
        for inc in self.incidents:
            for c in inc.get("confusable_out_of_set") or []:
                if isinstance(c, dict) and c.get("doc_id"):
                    out.setdefault(str(c["doc_id"]), set())
        for inc in self.incidents:
            for r in inc.get("reports") or []:
                out.setdefault(str(r["doc_id"]), set()).add(str(inc["incident_id"]))
        return out

    def spans(self) -> dict[tuple[str, str], list[tuple[int, int]]]:
        """(doc id, incident id) -> the character spans of the article that tell the incident (evidence, mentions)."""
        out: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for inc in self.incidents:
            for r in inc.get("reports") or []:
                got = []
                for sp in [r.get("evidence"), *(r.get("mentions") or [])]:
                    if isinstance(sp, dict) and isinstance(sp.get("start"), int) and isinstance(sp.get("end"), int):
                        got.append((sp["start"], sp["end"]))
                if got:
                    out[(str(r["doc_id"]), str(inc["incident_id"]))] = got
        return out

    def facts(self) -> dict[str, tuple[int | None, str | None]]:
        """incident id -> (its day as an ordinal, its country)."""
        out: dict[str, tuple[int | None, str | None]] = {}
        for inc in self.incidents:
            try:
                day: int | None = dt.date.fromisoformat(str(inc.get("date"))[:10]).toordinal()
            except ValueError:
                day = None
            place = inc.get("place") if isinstance(inc.get("place"), dict) else {}
            out[str(inc["incident_id"])] = (day, place.get("country") if place else None)
        return out

    def subset(self, ids: set[str], distractors: set[str]) -> Annotations:
        return Annotations([i for i in self.incidents if i["incident_id"] in ids],
                           [d for d in self.distractors if d in distractors])


def read_annotations(folder: Path) -> Annotations:
    """annotations/incidents/*.json and distractors*.tsv (doc id, a tab, a note)."""
    incidents = []
    for p in sorted(folder.glob("*.json")):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise ValueError(f"{p}: not a JSON incident annotation ({e})") from None
        if isinstance(data, dict) and data.get("incident_id") and isinstance(data.get("reports"), list):
            incidents.append(data)
    distractors: list[str] = []
    for p in sorted(folder.glob("distractors*.tsv")):
        for line in p.read_text(encoding="utf-8").splitlines():
            doc = line.split("\t")[0].strip()
            if doc and not doc.startswith("#") and doc not in distractors:
                distractors.append(doc)
    return Annotations(incidents, distractors)


def read_gold(gold: Path, distractors: Path) -> Annotations:
    """The shared gold (referee files) as Annotations."""
    incs = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    dis = [line.split("\t")[0].strip() for line in distractors.read_text(encoding="utf-8").splitlines()
           if line.strip()]
    return Annotations(incs, dis)


def label(pair: Pair, incidents_of: Mapping[str, set[str]],
          facts: Mapping[str, tuple[int | None, str | None]] | None = None,
          spans: Mapping[tuple[str, str], list[tuple[int, int]]] | None = None) -> int | None:
    """1 when the report's article tells the annotated incident most of the candidate's articles tell, 0 when not,
    None when neither side is annotated."""
    mine = incidents_of.get(pair.report[0]) or set()
    votes: Counter[str] = Counter()
    for a in pair.articles:  # the articles whose incidents are known: annotated ones and distractors
        theirs = incidents_of.get(a)
        if theirs is not None:
            votes.update(theirs or {""})
    top = max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0] if votes else ""
    if not top and not mine:
        return None
    if not (top and top in mine):
        return 0
    day, country = (facts or {}).get(top, (None, None))
    if day is not None and pair.span is not None and not pair.span[0] - SLACK_DAYS <= day <= pair.span[1] + SLACK_DAYS:
        return None
    if country and pair.country and pair.country != country:
        return None
    told = (spans or {}).get((pair.report[0], top))
    if told and pair.evidence and not any(s < pair.evidence[1] and pair.evidence[0] < e for s, e in told):
        return None  # the report's clause is not one the annotators gave for the incident: maybe another event
    return 1


def examples(pairs: Iterable[Pair], ann: Annotations) -> list[Example]:
    incidents_of, facts = ann.incidents_of(), ann.facts()
    spans = ann.spans() if REPORT_LEVEL else None
    out = []
    for p in pairs:
        y = label(p, incidents_of, facts, spans)
        if y is not None:
            out.append(([1.0, *p.features], y))
    return out


def _newton(x: Any, y: Any, prior: Any, penalty: Any, iterations: int = 50) -> Any:
    import numpy as np

    w = prior.copy()
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + penalty * (w - prior)
        hess = (x * (p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w = w - step
        if float(np.max(np.abs(step))) < 1e-8:
            break
    return w


def fit_logistic(rows: Sequence[Example], l2: float = L2) -> tuple[list[float], tuple[float, float]]:
    """Weights of a logistic regression penalised towards the hand rule's (bias first, unpenalised), and the
    (intercept, slope) of the hand score's own regression that set them."""
    import numpy as np

    from rasd.fuse.decide import COMPONENTS

    if not rows:
        raise ValueError("no training pairs")
    x = np.array([r[0] for r in rows], dtype=float)
    y = np.array([r[1] for r in rows], dtype=float)
    hand = np.array([1.0 if f in COMPONENTS else 0.0 for f in MODEL_FEATURES])
    x1 = np.stack([x[:, 0], x @ hand], axis=1)
    a, b = _newton(x1, y, np.zeros(2), np.array([1e-6, 1e-6]))
    prior = np.array([a, *(b * hand[1:])])
    penalty = np.full(x.shape[1], l2 * len(rows))
    penalty[0] = 1e-6
    return [float(v) for v in _newton(x, y, prior, penalty)], (float(a), float(b))


def train(rows: Sequence[Example], threshold: float = 0.5, meta: dict[str, Any] | None = None,
          l2: float = L2) -> LogisticModel:
    weights, (a, b) = fit_logistic(rows, l2)
    info = {"examples": len(rows), "positive_examples": sum(y for _, y in rows), "l2_towards_hand": l2,
            "hand_score_fit": {"intercept": round(a, 4), "slope": round(b, 4)}, **(meta or {})}
    return LogisticModel(features=MODEL_FEATURES, weights=tuple(weights), threshold=threshold, meta=info)
