"""Online clustering of reports into incidents, in storing order, with blocking (no all-pairs comparison).

Each report, in (article seq, event idx) order, is compared only with the incidents its blocks hold: the same type
family and country, and either the same province within a date window or a rare word in common. It joins the
incident with the highest score at or above the threshold (the earlier incident on a tie) or starts its own, whose id
comes from the report: the result depends only on the stored reports and their order, so an incremental run after
each ingest batch and a rebuild from scratch give the same incidents.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from rasd.fuse.decide import THRESHOLD, IncidentState, compatible, score, word_weight
from rasd.fuse.features import ReportFeatures

VERSION = "fuse@3"  # stored with the incidents: another version rebuilds them
WINDOW_DAYS = 4  # how far beyond a report's own dates the blocks look (a week-dated report's middle is 3 days in)
RARE = 0.5  # word weight from which a shared word makes two reports candidates
MAX_CANDIDATES = 300
BRIDGE = THRESHOLD  # a report that links a second incident as well merges the two (when their anchors agree)


def incident_id(r: ReportFeatures) -> str:
    """The id of the incident a report starts: stable across re-runs."""
    return f"inc-{r.article_id}-{r.idx}"


class Clusterer:
    """The incidents so far and the block indexes over them."""

    def __init__(self) -> None:
        self.incidents: list[IncidentState] = []
        self.by_id: dict[str, IncidentState] = {}
        self.of_report: dict[tuple[str, int], str] = {}
        self.evidence: dict[tuple[str, int], tuple[str, str]] = {}  # (type, evidence) for syndicated copies
        self.df: Counter[str] = Counter()
        self.n = 0
        self._places: dict[tuple[str, str], dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        self._words: dict[tuple[str, str, int], list[int]] = {}  # (family, word, week) -> incidents
        self.compared = 0
        self._alias: dict[int, int] = {}  # order of a merged-away incident -> order of the one it went into
        self.merged: dict[str, str] = {}  # id of a merged-away incident -> id of the one it went into

    # -- state
    def _index(self, inc: IncidentState, r: ReportFeatures) -> None:
        if not (r.linkable and r.start and r.end):
            return
        mid = (r.start.toordinal() + r.end.toordinal()) // 2
        if r.admin1:
            days = self._places[(inc.family, r.admin1)][mid]
            if not days or days[-1] != inc.order:
                days.append(inc.order)
        week = mid // 7
        words = self._words
        for w in r.words:
            posting = words.setdefault((inc.family, w, week), [])
            if not posting or posting[-1] != inc.order:
                posting.append(inc.order)

    def _join(self, inc: IncidentState, r: ReportFeatures) -> None:
        inc.add(r)
        if inc.country is None and r.country:
            inc.country = r.country
        self.of_report[r.key] = inc.id
        self.evidence[r.key] = (r.type, r.evidence)
        self._index(inc, r)
        self.df.update(r.words)
        self.n += 1

    def _start(self, r: ReportFeatures, iid: str | None = None) -> IncidentState:
        inc = IncidentState(id=iid or incident_id(r), order=len(self.incidents), family=r.family, country=r.country)
        self.incidents.append(inc)
        self.by_id[inc.id] = inc
        return inc

    def replay(self, iid: str, r: ReportFeatures) -> None:
        """Restore a stored membership (reports in storing order), without deciding again."""
        inc = self.by_id.get(iid) or self._start(r, iid)
        self._join(inc, r)

    # -- decision
    def candidates(self, r: ReportFeatures, weights: dict[str, float] | None = None) -> list[IncidentState]:
        if not r.linkable or r.start is None or r.end is None:
            return []
        found: set[int] = set()
        lo, hi = r.start.toordinal() - WINDOW_DAYS, r.end.toordinal() + WINDOW_DAYS
        if r.admin1:
            days = self._places.get((r.family, r.admin1))
            if days:
                for d in range(lo, hi + 1):
                    found.update(days.get(d, ()))
        weeks = range(lo // 7, hi // 7 + 1)
        for w in r.words:
            if (weights.get(w, 0.0) if weights is not None else word_weight(self.df[w], self.n)) >= RARE:
                for k in weeks:
                    found.update(self._words.get((r.family, w, k), ()))
        if self._alias:
            found = {self._resolve(i) for i in found}
        ordered = sorted(found, reverse=True)[:MAX_CANDIDATES]  # the latest incidents first when too many
        return [self.incidents[i] for i in sorted(ordered)]

    def assign(self, r: ReportFeatures) -> str:
        """Put report r into an incident (deciding) and return its id."""
        if r.duplicate_of:
            src = (r.duplicate_of, r.idx)
            if src in self.of_report and self.evidence.get(src) == (r.type, r.evidence):
                inc = self.by_id[self.of_report[src]]  # by_id follows merges
                self._join(inc, r)
                return inc.id
        best: IncidentState | None = None
        best_score = THRESHOLD
        weights = {w: x for w in r.words if (x := word_weight(self.df[w], self.n)) > 0}
        close: list[IncidentState] = []
        for inc in self.candidates(r, weights):
            self.compared += 1
            s = score(r, inc, self.df, self.n, weights)
            if s is None or s < THRESHOLD:
                continue
            if s >= BRIDGE:
                close.append(inc)
            if best is None or s > best_score:
                best, best_score = inc, s
        inc = best or self._start(r)
        self._join(inc, r)
        for other in close:  # r ties two incidents told apart so far: one incident when they agree
            inc = self.by_id[inc.id]
            if other.order != inc.order and self._resolve(other.order) == other.order and compatible(inc, other):
                inc = self._merge(inc, other)
        return self.by_id[inc.id].id

    # -- merging
    def _resolve(self, order: int) -> int:
        while order in self._alias:
            order = self._alias[order]
        return order

    def _merge(self, a: IncidentState, b: IncidentState) -> IncidentState:
        """One incident of two: it keeps the earlier id and is rebuilt from all their reports in storing order,
        exactly as a later run that reads the memberships back builds it."""
        keep, gone = (a, b) if a.order < b.order else (b, a)
        members = sorted(keep.members + gone.members, key=lambda m: (m.seq, m.idx))
        merged = IncidentState(id=keep.id, order=keep.order, family=keep.family, country=members[0].country)
        for m in members:
            merged.add(m)
            if merged.country is None and m.country:
                merged.country = m.country
        self.incidents[keep.order] = merged
        self.by_id[keep.id] = merged
        self.by_id[gone.id] = merged
        self._alias[gone.order] = keep.order
        for dead, into in list(self.merged.items()):
            if into in (gone.id, keep.id):
                self.merged[dead] = keep.id
                self.by_id[dead] = merged
        self.merged[gone.id] = keep.id
        return merged
