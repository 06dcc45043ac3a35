"""The pairwise decision: does a report tell an incident already seen? A score of evidence, and guards that veto.

Guards (any one keeps them apart): another country; day-dated more than 2 days apart (the crawl date lags the print
date by up to 2 days), or an incident whose day-dated reports would then span more than 3 days (a chain of
happenings in a busy town, not one incident told with a lag); a report with no date words published more than 3
days after the incident's day (it tells newer news: a later shelling of the same district); two towns more than
15 km apart; a town outside the incident's province; two provinces.
Evidence: the same town (3; also when the report's town is inherited from its article) or province (1), the same
day (2), casualty figures that agree (1-1.5) or clash (-2), the same named perpetrator (1) or another one (-1), the
same victims (0.3-0.5), the same mode (0.5) or another one (-1), and the rare words they share (up to 3, each
weighted by how rare it is among the reports fused so far).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from rasd.fuse.features import ReportFeatures
from rasd.gazetteer import distance_km

THRESHOLD = 5.5  # the evidence a link needs; merging two incidents is the worse error, so it is set high
SAME_TOWN_KM = 15.0
WORDS_CAP = 3.0
STALE_DAYS = 3
DAY_SPAN: int | None = 2  # the most days between an incident's day-dated reports (None: no limit, as fuse@3)
INHERITED_TOWN = True  # a town inherited from the article counts as the report's own (False: as fuse@3)


@dataclass
class IncidentState:
    """An incident while fusing: its reports' features and the summaries the decision reads."""

    id: str
    order: int
    family: str
    country: str | None
    members: list[ReportFeatures] = field(default_factory=list)
    fine_places: Counter[str] = field(default_factory=Counter)
    coords: dict[str, tuple[float, float, str | None]] = field(default_factory=dict)
    admin1: Counter[str] = field(default_factory=Counter)  # of places named in the reports' own clauses
    admin1_any: Counter[str] = field(default_factory=Counter)  # also of places inherited from the article
    countries: Counter[str] = field(default_factory=Counter)  # of local places
    days: Counter[int] = field(default_factory=Counter)  # ordinal of day-dated reports' start
    day_lo: int | None = None  # the earliest and latest of `days`
    day_hi: int | None = None
    first: int | None = None  # window of the linkable reports' dates (ordinals)
    last: int | None = None
    killed: list[tuple[int, int | None]] = field(default_factory=list)
    actors: Counter[str] = field(default_factory=Counter)
    recipients: Counter[str] = field(default_factory=Counter)
    recipients_generic: Counter[str] = field(default_factory=Counter)
    modes: Counter[str] = field(default_factory=Counter)
    words: Counter[str] = field(default_factory=Counter)
    anchor_place_id: str | None = None  # the town most of its reports name (the first named on a tie)
    anchor_place: tuple[float, float, str | None] | None = None
    anchor_day: int | None = None  # the day most day-dated reports give (the earliest on a tie)
    articles: set[str] = field(default_factory=set)  # of its reports

    def add(self, r: ReportFeatures) -> None:
        self.members.append(r)
        self.articles.add(r.article_id)
        if r.place_local:
            if r.place_id and r.place_fine and r.lat is not None and r.lon is not None:
                self.fine_places[r.place_id] += 1
                self.coords.setdefault(r.place_id, (r.lat, r.lon, r.admin1))
            if r.admin1:
                self.admin1[r.admin1] += 1
            if r.country:
                self.countries[r.country] += 1
        if r.admin1:
            self.admin1_any[r.admin1] += 1
        if r.linkable and r.start and r.end:
            if r.day:
                d = r.start.toordinal()
                self.days[d] += 1
                self.day_lo = d if self.day_lo is None else min(self.day_lo, d)
                self.day_hi = d if self.day_hi is None else max(self.day_hi, d)
            s, e = r.start.toordinal(), r.end.toordinal()
            self.first = s if self.first is None else min(self.first, s)
            self.last = e if self.last is None else max(self.last, e)
        if r.killed and r.killed not in self.killed:  # distinct figures
            self.killed.append(r.killed)
        self.actors.update(r.actors)
        self.recipients.update(r.recipients)
        self.recipients_generic.update(r.recipients_generic)
        self.modes.update(r.modes)
        self.words.update(r.words)
        if self.fine_places:
            self.anchor_place_id = max(self.fine_places.items(), key=lambda kv: kv[1])[0]  # max keeps the first
            self.anchor_place = self.coords[self.anchor_place_id]
        if self.days:
            self.anchor_day = min(self.days.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def compatible(a: IncidentState, b: IncidentState) -> bool:
    """Whether two incidents may be one: the same family, days at most 2 apart (and all their day-dated reports
    within DAY_SPAN), the same town (or within 15 km), a country in common, tolls that are not small and
    different."""
    if a.family != b.family:
        return False
    if a.anchor_day is not None and b.anchor_day is not None and abs(a.anchor_day - b.anchor_day) > 2:
        return False
    if DAY_SPAN is not None and a.day_lo is not None and b.day_lo is not None and a.day_hi is not None and \
            b.day_hi is not None and max(a.day_hi, b.day_hi) - min(a.day_lo, b.day_lo) > DAY_SPAN:
        return False
    if a.anchor_place and b.anchor_place and a.anchor_place_id != b.anchor_place_id and \
            distance_km(a.anchor_place[:2], b.anchor_place[:2]) > SAME_TOWN_KM:
        return False
    if a.countries and b.countries and not (a.countries.keys() & b.countries.keys()):
        return False
    if a.admin1 and b.admin1 and not (a.admin1.keys() & b.admin1.keys()):
        return False
    return not (a.killed and b.killed and max(_killed_score(k, b.killed) for k in a.killed) <= -2)


def word_weight(df: int, n: int) -> float:
    """How telling a shared word is: 0 for words in 5% or more of the reports, 1 for words in 0.05% or fewer."""
    n_eff = max(n, 2000)
    idf = math.log(n_eff / (df + 1))
    return min(1.0, max(0.0, (idf - math.log(20)) / (math.log(2000) - math.log(20))))


def _ranges_meet(a: tuple[int, int | None], b: tuple[int, int | None]) -> bool:
    """Whether two casualty ranges agree, allowing rounding (10%; small counts must be equal)."""
    a_hi = a[1] if a[1] is not None else 10**9
    b_hi = b[1] if b[1] is not None else 10**9
    slack_a, slack_b = a[0] // 10, b[0] // 10
    return a[0] - slack_a <= b_hi and b[0] - slack_b <= a_hi


def _killed_score(r: tuple[int, int | None], seen: list[tuple[int, int | None]]) -> float:
    best = -9.0
    for x in seen:
        if x == r and x[1] == x[0] and x[0] > 0:
            s = 1.5
        elif _ranges_meet(r, x):
            s = 1.0
        else:
            lo, hi = sorted((r[0], x[0]))
            if hi <= 3:
                s = -2.0  # 1 dead against 2 dead: two incidents, not a revised toll
            elif lo > 0 and hi / lo <= 4:
                s = 0.0  # a toll that grew (or shrank) as reports came in
            else:
                s = -1.5
        best = max(best, s)
    return best if seen else 0.0


# The evidence terms of a (report, incident) pair: the hand rule adds the first seven; the learned decision weighs
# them all (see rasd.fuse.model).
COMPONENTS = ("when", "where", "killed", "actor", "recipient", "mode", "words")
EXTRA = ("report_day", "report_town", "no_place", "same_article", "log_reports")
FEATURES = COMPONENTS + EXTRA


def components(r: ReportFeatures, inc: IncidentState, df: Counter[str], n: int,
               weights: dict[str, float] | None = None) -> tuple[float, ...] | None:
    """The evidence that report r tells incident inc, term by term (FEATURES order); None when a guard keeps them
    apart.

    `weights` (r's words that carry weight -> word_weight) may be given when r is scored against many incidents."""
    if r.place_local and r.country and inc.countries and r.country not in inc.countries:
        return None
    # -- when
    if r.start is None or r.end is None or inc.first is None or inc.last is None:
        return None
    s, e = r.start.toordinal(), r.end.toordinal()
    day = inc.anchor_day
    when = 0.0
    if r.day and day is not None:
        gap = abs(s - day)
        if gap > 2:
            return None
        if DAY_SPAN is not None and inc.day_lo is not None and inc.day_hi is not None and \
                max(inc.day_hi, s) - min(inc.day_lo, s) > DAY_SPAN:
            return None  # the incident would stretch over more days than a lagged report explains: a chain
        when = (2.0, 1.5, 0.5)[gap]
    elif r.day:
        if not inc.first - 1 <= s <= inc.last + 1:
            return None
        when = 0.5
    elif day is not None:
        if not s - 1 <= day <= e + 1:
            return None
        if r.published is not None and r.published.toordinal() - day > STALE_DAYS:
            return None  # an undated report tells the latest news: not an incident of 4+ days before it
    elif e < inc.first - 1 or s > inc.last + 1:
        return None
    # -- where
    anchor = inc.anchor_place
    where = 0.0
    no_place = 0.0
    if not r.place_local:
        # a place inherited from the article: its town is where the article's news happens, as good as one
        # named in the clause when it is the incident's town (a far one is weak: no guard, no credit)
        if INHERITED_TOWN and r.place_fine and r.lat is not None and r.lon is not None and anchor is not None \
                and (r.place_id == inc.anchor_place_id or distance_km((r.lat, r.lon), anchor[:2]) <= SAME_TOWN_KM):
            where = 3.0 if r.place_id == inc.anchor_place_id else 2.0
        elif r.admin1 and r.admin1 in inc.admin1_any:
            where = 0.5
        else:
            no_place = 1.0
    elif r.place_fine and r.lat is not None and r.lon is not None and anchor is not None:
        if r.place_id == inc.anchor_place_id:
            where = 3.0
        elif distance_km((r.lat, r.lon), anchor[:2]) <= SAME_TOWN_KM:
            where = 2.0
        else:
            return None
    elif r.admin1 and inc.admin1:
        if r.admin1 in inc.admin1:
            where = 1.0 if r.place_fine or anchor is not None else 1.5
        else:
            return None
    else:
        no_place = 1.0
    # -- casualties, parties, mode
    killed = _killed_score(r.killed, inc.killed) if r.killed and inc.killed else 0.0
    # (iterating the report's few items: `set & dict.keys()` would walk the incident's many)
    actor = (1.0 if any(a in inc.actors for a in r.actors) else -1.0) if r.actors and inc.actors else 0.0
    if r.recipients and any(a in inc.recipients for a in r.recipients):
        recipient = 0.5
    elif r.recipients_generic and any(a in inc.recipients_generic for a in r.recipients_generic):
        recipient = 0.3
    else:
        recipient = 0.0
    if not (r.modes and inc.modes):
        mode = 0.0
    elif any(m in inc.modes for m in r.modes):
        mode = 0.5
    else:
        mode = -1.0  # told otherwise: an abduction beside a shelling, a bombing beside a shooting
    # -- words
    words = inc.words
    if weights is not None:
        shared = 0.0
        for w, x in weights.items():
            if w in words:
                shared += x
    else:
        shared = sum(word_weight(df[w], n) for w in r.words if w in words)
    return (when, where, killed, actor, recipient, mode, min(WORDS_CAP, shared),
            1.0 if r.day else 0.0, 1.0 if r.place_local and r.place_fine else 0.0, no_place,
            1.0 if r.article_id in inc.articles else 0.0, math.log1p(len(inc.members)))


def score(r: ReportFeatures, inc: IncidentState, df: Counter[str], n: int,
          weights: dict[str, float] | None = None) -> float | None:
    """The hand rule's evidence that report r tells incident inc (the sum of its seven terms); None when a guard
    keeps them apart."""
    c = components(r, inc, df, n, weights)
    if c is None:
        return None
    total = 0.0
    for x in c[:7]:
        total += x
    return total


class Decision(Protocol):
    """How a report and a candidate incident are decided: a score (None: kept apart), a link from `threshold`."""

    name: str
    threshold: float

    def score(self, r: ReportFeatures, inc: IncidentState, df: Counter[str], n: int,
              weights: dict[str, float] | None = None) -> float | None: ...


class HandRule:
    """The default decision: the hand-weighted sum of the evidence terms, a link from THRESHOLD."""

    name = "hand"
    threshold = THRESHOLD

    def score(self, r: ReportFeatures, inc: IncidentState, df: Counter[str], n: int,
              weights: dict[str, float] | None = None) -> float | None:
        return score(r, inc, df, n, weights)


HAND = HandRule()
