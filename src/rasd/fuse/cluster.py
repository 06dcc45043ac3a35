"""Online clustering of reports into incidents, in storing order, with blocking (no all-pairs comparison).

Each report, in (article seq, event idx) order, is compared only with the incidents its blocks hold: the same type
family and country, and either the same province within a date window or a rare word in common. It joins the
incident with the highest score at or above the threshold (the earlier incident on a tie) or starts its own, whose id
comes from the report: the result depends only on the stored reports and their order, so an incremental run after
each ingest batch and a rebuild from scratch give the same incidents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping

from rasd.fuse.decide import HAND, THRESHOLD, Decision, IncidentState, compatible, word_weight
from rasd.fuse.features import ReportFeatures

VERSION = "fuse@5"  # stored with the incidents: another version rebuilds them
WINDOW_DAYS = 4  # how far beyond a report's own dates the blocks look (a week-dated report's middle is 3 days in)
RARE = 0.5  # word weight from which a shared word makes two reports candidates
MAX_CANDIDATES = 300
BRIDGE = THRESHOLD  # a report that links a second incident as well merges the two (when their anchors agree)


def incident_id(r: ReportFeatures) -> str:
    """The id of the incident a report starts: stable across re-runs."""
    return f"inc-{r.article_id}-{r.idx}"


BlockKey = tuple[str, str, str, int]  # ("p", family, province, day) or ("w", family, word, week)
Stats = tuple[Mapping[str, int], int]  # (document frequency of a report's words, number of reports) before it


def index_keys(r: ReportFeatures, family: str) -> list[BlockKey]:
    """The blocks an incident of `family` is filed under once report r joins it: its province on r's middle day,
    each of r's words in r's middle week (none for a report that may not link)."""
    if not (r.linkable and r.start and r.end):
        return []
    mid = (r.start.toordinal() + r.end.toordinal()) // 2
    keys: list[BlockKey] = [("p", family, r.admin1, mid)] if r.admin1 else []
    week = mid // 7
    keys.extend(("w", family, w, week) for w in r.words)
    return keys


def probe_keys(r: ReportFeatures, rare: Callable[[str], bool]) -> list[BlockKey]:
    """The blocks report r looks in for candidate incidents: its province on each day of its dates widened by
    WINDOW_DAYS, and each of its rare words in the weeks those days touch. The one definition of blocking, shared
    by Clusterer.candidates and the Spark job's joins (`rasd.spark.incidents`)."""
    if not r.linkable or r.start is None or r.end is None:
        return []
    lo, hi = r.start.toordinal() - WINDOW_DAYS, r.end.toordinal() + WINDOW_DAYS
    keys: list[BlockKey] = [("p", r.family, r.admin1, d) for d in range(lo, hi + 1)] if r.admin1 else []
    weeks = range(lo // 7, hi // 7 + 1)
    for w in r.words:
        if rare(w):
            keys.extend(("w", r.family, w, k) for k in weeks)
    return keys


class Clusterer:
    """The incidents so far and the block indexes over them."""

    def __init__(self, decision: Decision | None = None) -> None:
        self.decision: Decision = decision or HAND  # the hand rule, or a learned one (rasd.fuse.model)
        self.incidents: list[IncidentState] = []
        self.by_id: dict[str, IncidentState] = {}
        self.of_report: dict[tuple[str, int], str] = {}
        self.evidence: dict[tuple[str, int], tuple[str, str]] = {}  # (type, evidence) for syndicated copies
        self.df: Counter[str] = Counter()
        self.n = 0
        self._blocks: dict[BlockKey, list[int]] = {}  # block -> orders of the incidents filed under it
        self.compared = 0
        self._alias: dict[int, int] = {}  # order of a merged-away incident -> order of the one it went into
        self.merged: dict[str, str] = {}  # id of a merged-away incident -> id of the one it went into

    # -- state
    def _index(self, inc: IncidentState, r: ReportFeatures) -> None:
        blocks = self._blocks
        for key in index_keys(r, inc.family):
            posting = blocks.setdefault(key, [])
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
        def rare(w: str) -> bool:
            return (weights.get(w, 0.0) if weights is not None else word_weight(self.df[w], self.n)) >= RARE

        found: set[int] = set()
        blocks = self._blocks
        for key in probe_keys(r, rare):
            found.update(blocks.get(key, ()))
        if self._alias:
            found = {self._resolve(i) for i in found}
        ordered = sorted(found)
        if len(ordered) > MAX_CANDIDATES:
            ordered = ordered[-MAX_CANDIDATES:]  # the latest incidents when too many
        incidents = self.incidents
        return [incidents[i] for i in ordered]

    def assign(self, r: ReportFeatures, stats: Stats | None = None) -> str:
        """Put report r into an incident (deciding) and return its id.

        `stats` (the document frequency of r's words among all the reports before r, and their number) replaces
        this clusterer's own counts: the Spark job runs one clusterer per connected component of the candidate
        graph, each seeing only its component's reports, with the corpus-wide counts given here."""
        if r.duplicate_of:
            src = (r.duplicate_of, r.idx)
            if src in self.of_report and self.evidence.get(src) == (r.type, r.evidence):
                inc = self.by_id[self.of_report[src]]  # by_id follows merges
                self._join(inc, r)
                return inc.id
        best: IncidentState | None = None
        decision = self.decision
        threshold = decision.threshold
        best_score = threshold
        df, n = (Counter(stats[0]), stats[1]) if stats is not None else (self.df, self.n)
        weights = {w: x for w in r.words if (x := word_weight(df[w], n)) > 0}
        close: list[IncidentState] = []
        for inc in self.candidates(r, weights):
            self.compared += 1
            s = decision.score(r, inc, df, n, weights)
            if s is None or s < threshold:
                continue
            if s >= threshold + BRIDGE - THRESHOLD:
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
