"""Fusion replayed in memory over a store's reports, with any decision, for training and cross-validation: the same
Clusterer as `rasd fuse`, nothing written; optionally every (report, candidate incident) decision is logged."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rasd.fuse.cluster import VERSION, Clusterer
from rasd.fuse.decide import HAND, Decision, IncidentState, components
from rasd.fuse.features import ReportFeatures, features
from rasd.fuse.record import Member, build, member, told_in_passing, trim
from rasd.store.incidents import reports_after

Report = tuple[ReportFeatures, Member]


def load_reports(store: Any) -> list[Report]:
    """Every stored report in storing order, as fusion's features and as an incident member."""
    out = []
    for aid, idx, seq, pub, outlet, dup, ev, title in reports_after(store, 0):
        event = json.loads(ev) if isinstance(ev, str | bytes) else dict(ev or {})
        out.append((features(aid, idx, seq, pub, outlet, dup, event),
                    member(aid, idx, trim(event), title, pub, outlet, seq)))
    return out


@dataclass(frozen=True)
class Pair:
    """One decision met while replaying: report r against a candidate incident (its articles at that time)."""

    report: tuple[str, int]
    incident: str
    articles: tuple[str, ...]  # the incident's reports' articles, one entry per report
    features: tuple[float, ...]
    span: tuple[int, int] | None = None  # the report's dates (ordinals)
    country: str | None = None  # the report's place's country
    evidence: tuple[int, int] | None = None  # the report's evidence offsets in its article


class Logging:
    """A decision that also records each pair the guards let through (with its features) through `log`."""

    def __init__(self, decision: Decision, log: Callable[[Pair], None]) -> None:
        self.inner = decision
        self.name = decision.name
        self.threshold = decision.threshold
        self.log = log

    def score(self, r: ReportFeatures, inc: IncidentState, df: Counter[str], n: int,
              weights: dict[str, float] | None = None) -> float | None:
        c = components(r, inc, df, n, weights)
        if c is not None:
            span = (r.start.toordinal(), r.end.toordinal()) if r.start and r.end else None
            self.log(Pair(r.key, inc.id, tuple(m.article_id for m in inc.members), c, span, r.country, r.span))
        return self.inner.score(r, inc, df, n, weights)


def replay(reports: list[Report], decision: Decision = HAND,
           log: Callable[[Pair], None] | None = None) -> dict[str, list[Member]]:
    """The incidents (id -> members in storing order) that fusing these reports with `decision` makes."""
    c = Clusterer(Logging(decision, log) if log else decision)
    of_report: dict[tuple[str, int], str] = {}
    for r, _ in reports:
        of_report[r.key] = c.assign(r)
    out: dict[str, list[Member]] = {}
    for r, m in reports:
        out.setdefault(c.by_id[of_report[r.key]].id, []).append(m)
    return out


def listed(incidents: dict[str, list[Member]]) -> dict[str, list[Member]]:
    """The incidents listings and exports show: not those every article tells only in passing."""
    return {iid: ms for iid, ms in incidents.items() if not told_in_passing(ms)}


def predictions(incidents: dict[str, list[Member]], docs: set[str] | None = None) -> list[dict[str, Any]]:
    """The incidents in the referee's prediction format (records built as `rasd export --unit incident` does),
    only those holding one of `docs` when given."""
    out = []
    for iid, members in incidents.items():
        if docs is not None and not any(m.article_id in docs for m in members):
            continue
        out.append(build(iid, members, VERSION).to_dict())
    return out
