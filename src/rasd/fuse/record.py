"""The incident record built from its reports: place, date, parties with each outlet's words, casualty low/best/high
with the rule that chose best, the toll's evolution and the contradictions between outlets."""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rasd.fuse.decide import _ranges_meet

PLACE_RANK = {"site": 5, "neighbourhood": 5, "city": 4, "district": 3, "governorate": 2, "region": 1, "country": 0}
MODALITY_RANK = {"asserted": 0, "reported": 1, "alleged": 2, "speculative": 3, "denied": 4, "future": 5}


@dataclass(frozen=True, kw_only=True)
class Incident:
    """One real incident told by one or more reports (an event of an article each), with every outlet's claim."""

    id: str
    type: str
    modes: list[str] = field(default_factory=list)
    date: dict[str, Any] = field(default_factory=dict)  # start, end (ISO), precision
    place: dict[str, Any] = field(default_factory=dict)  # name, lat, lon, country, admin1, precision
    actors: list[dict[str, Any]] = field(default_factory=list)  # id, name, kind, words [{outlet, text, doc_id}]
    recipients: list[dict[str, Any]] = field(default_factory=list)
    killed: dict[str, Any] = field(default_factory=dict)  # low, best, high, rule
    injured: dict[str, Any] = field(default_factory=dict)
    captured: dict[str, Any] = field(default_factory=dict)
    toll_evolution: list[dict[str, Any]] = field(default_factory=list)
    contradictions: list[dict[str, Any]] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)
    n_reports: int = 0
    n_outlets: int = 0
    version: str = ""
    # every article tells it only in passing (what the eventivity model set aside: a claim, background, an aim),
    # none as an event of its own; listings and exports leave such incidents out unless asked
    in_passing: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (its values are shared, not copied: do not change them)."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Incident:
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass(frozen=True, slots=True)
class Member:
    """One report of an incident as read back from the store."""

    article_id: str
    idx: int
    event: dict[str, Any]
    title: str | None
    published: dt.date | None
    outlet: str | None
    seq: int


def _iso(d: Any) -> str | None:
    return d.isoformat() if isinstance(d, dt.date) else (str(d)[:10] if d else None)


def _range(c: Any) -> dict[str, int | None] | None:
    if isinstance(c, dict) and isinstance(c.get("min"), int):
        return {"min": c["min"], "max": c.get("max") if isinstance(c.get("max"), int) else None}
    return None


def _fig(c: dict[str, int | None]) -> str:
    lo, hi = c["min"], c["max"]
    return str(lo) if hi == lo else (f"{lo}+" if hi is None else f"{lo}-{hi}")


def _point(c: dict[str, int | None]) -> float:
    lo, hi = c["min"] or 0, c["max"]
    return float(lo if hi is None else (lo + hi) / 2)


def _names(items: Any) -> list[str]:
    return [str(x.get("name") or x.get("text")) for x in items or [] if isinstance(x, dict)]


def told_in_passing(members: list[Member]) -> bool:
    """Whether these reports are all what their articles set aside (none an event of its own article)."""
    return all(m.event.get("set_aside") for m in members)


def _largest(ranges: list[dict[str, int | None]]) -> dict[str, int | None] | None:
    """The largest of an article's figures for one count (by its low, then its high end); None when it gives none."""
    return max(ranges, key=lambda r: (r["min"] or 0, r["max"] or 0)) if ranges else None


def _article_reports(members: list[Member]) -> list[dict[str, Any]]:
    """One entry per article: its figures (the event giving the highest toll), strongest modality, sources."""
    by_article: dict[str, list[Member]] = {}
    for m in members:
        by_article.setdefault(m.article_id, []).append(m)
    out = []
    for aid, ms in by_article.items():
        first = ms[0]
        counts: dict[str, dict[str, int | None] | None] = {}
        for key in ("killed", "injured", "captured"):
            # a toll over several happenings (حوادث متفرقة، منذ 20 يوليو) is shown apart, not as this incident's
            figs = [(m.event.get(key) or {}, _range(m.event.get(key))) for m in ms]
            counts[key] = _largest([r for c, r in figs if r and not c.get("aggregate")])
            if wider := _largest([r for c, r in figs if r and c.get("aggregate")]):
                counts[f"aggregate_{key}"] = wider
        modality = min((str(m.event.get("modality") or "asserted") for m in ms), key=lambda x: MODALITY_RANK.get(x, 9))
        sources = list(dict.fromkeys(n for m in ms for n in _names(m.event.get("sources"))))
        out.append({
            "doc_id": aid, "idx": [m.idx for m in ms], "outlet": first.outlet, "published": _iso(first.published),
            "title": first.title, **counts, "modality": modality, "sources": sources,
            "evidence": [str((m.event.get("evidence") or {}).get("text") or "") for m in ms],
            "actors": list(dict.fromkeys(a for m in ms for a in _names(m.event.get("actors")))),
            "recipients": list(dict.fromkeys(a for m in ms for a in _names(m.event.get("recipients")))),
            "place": (first.event.get("place") or {}).get("name"),
            # the article tells the incident only in passing (background, not one of its own events)
            "in_passing": told_in_passing(ms),
        })
    return out


def casualties(reports: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """low / best / high over the articles' figures, as UCDP GED gives them, with the rule that chose best."""
    figs = [(r, r[key]) for r in reports if r.get(key)]
    if not figs:
        return {"low": None, "best": None, "high": None, "rule": "no report gives a figure"}
    low = min(int(c["min"]) for _, c in figs)
    high = max(int(c["max"] if c["max"] is not None else c["min"]) for _, c in figs)
    latest: dict[str, float] = {}
    for r, c in sorted(figs, key=lambda rc: (rc[0]["published"] or "", rc[0]["doc_id"])):
        latest[str(r["outlet"] or r["doc_id"])] = _point(c)
    best = round(statistics.median(latest.values()))
    rule = ("the only figure" if len(figs) == 1 else
            f"median of each outlet's latest figure ({len(latest)} outlet{'s' if len(latest) > 1 else ''})")
    return {"low": low, "best": min(max(best, low), high), "high": high, "rule": rule}


def _count_contradiction(reports: list[dict[str, Any]], key: str) -> dict[str, Any] | None:
    seen: list[tuple[dict[str, int | None], dict[str, Any]]] = []
    for r in reports:
        c = r.get(key)
        if c and all((c["min"], c["max"]) != (s["min"], s["max"]) for s, _ in seen):
            seen.append((c, r))
    clash = any(not _ranges_meet((a["min"] or 0, a["max"]), (b["min"] or 0, b["max"]))
                for i, (a, _) in enumerate(seen) for b, _ in seen[i + 1:])
    if not clash:
        return None
    claims = [{"doc_id": r["doc_id"], "outlet": r["outlet"], "published": r["published"], "value": _fig(c)}
              for c, r in seen]
    what = f"{key}: " + "; ".join(f"{x['value']} per {x['outlet'] or x['doc_id']} ({x['published']})" for x in claims)
    return {"field": key, "what": what, "claims": claims}


def _parties(members: list[Member], role: str) -> list[dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for m in members:
        for a in m.event.get(role) or []:
            if not isinstance(a, dict) or not a.get("id"):
                continue
            p = out.setdefault(str(a["id"]), {"id": a["id"], "name": a.get("name"), "kind": a.get("kind"),
                                              "words": [], "reports": 0})
            word = {"outlet": m.outlet, "text": a.get("text"), "doc_id": m.article_id}
            if not any(w["outlet"] == word["outlet"] and w["text"] == word["text"] for w in p["words"]):
                p["words"].append(word)
            p["reports"] += 1
    return sorted(out.values(), key=lambda p: -p["reports"])


def contradictions(members: list[Member], reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Counts that disagree beyond rounding, different perpetrators named, a denial beside an assertion."""
    out = [c for c in (_count_contradiction(reports, k) for k in ("killed", "injured")) if c]
    named: dict[str, set[str]] = {}
    outlet_of: dict[str, str] = {}
    for m in members:
        ids = {str(a["id"]) for a in m.event.get("actors") or []
               if isinstance(a, dict) and a.get("id") and not str(a["id"]).startswith("AGENT.")}
        if ids:
            named.setdefault(m.article_id, set()).update(ids)
            outlet_of[m.article_id] = str(m.outlet or m.article_id)
    groups = list(dict.fromkeys(frozenset(v) for v in named.values()))
    if len(groups) > 1 and any(not (a & b) for i, a in enumerate(groups) for b in groups[i + 1:]):
        claims = [{"doc_id": aid, "outlet": outlet_of[aid], "value": sorted(ids)} for aid, ids in named.items()]
        what = "perpetrator: " + "; ".join(f"{', '.join(c['value'])} per {c['outlet']}" for c in claims)
        out.append({"field": "actor", "what": what, "claims": claims})
    denied = [r for r in reports if r["modality"] == "denied"]
    told = [r for r in reports if r["modality"] in ("asserted", "reported")]
    if denied and told:
        claims = [{"doc_id": r["doc_id"], "outlet": r["outlet"], "value": r["modality"]} for r in denied + told]
        what = ("denied per " + ", ".join(str(r["outlet"]) for r in denied) + "; told as fact per "
                + ", ".join(dict.fromkeys(str(r["outlet"]) for r in told)))
        out.append({"field": "modality", "what": what, "claims": claims})
    return out


def _place(members: list[Member]) -> dict[str, Any]:
    places: list[dict[str, Any]] = [m.event["place"] for m in members if isinstance(m.event.get("place"), dict)]
    if not places:
        return {"name": None, "lat": None, "lon": None, "country": None, "admin1": None, "precision": None}
    top = max(PLACE_RANK.get(str(p.get("precision")), 0) for p in places)
    names = Counter(str(p.get("name")) for p in places if PLACE_RANK.get(str(p.get("precision")), 0) == top)
    name = max(names.items(), key=lambda kv: kv[1])[0]
    p = next(p for p in places if str(p.get("name")) == name)
    return {k: p.get(k) for k in ("name", "lat", "lon", "country", "admin1", "precision")}


def _date(members: list[Member]) -> dict[str, Any]:
    days: Counter[str] = Counter()
    spans = []
    for m in members:
        d = m.event.get("date") or {}
        if d.get("start") and d.get("end"):
            spans.append((str(d["start"]), str(d["end"])))
            if d.get("precision") == "day":
                days[str(d["start"])] += 1
    if days:
        day = min(days.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        return {"start": day, "end": day, "precision": "day"}
    if not spans:
        pub = min((str(_iso(m.published)) for m in members if m.published), default=None)
        return {"start": pub, "end": pub, "precision": "publication"}
    s, e = max(x[0] for x in spans), min(x[1] for x in spans)
    if s <= e:
        return {"start": s, "end": e, "precision": "interval"}
    return {"start": min(x[0] for x in spans), "end": max(x[1] for x in spans), "precision": "interval"}


def build(iid: str, members: list[Member], version: str) -> Incident:
    """The incident record of these members (in storing order)."""
    types = Counter(str(m.event.get("type") or "UNKNOWN") for m in members)
    typ = max(types.items(), key=lambda kv: kv[1])[0]
    reports = _article_reports(members)
    evolution = [{"published": r["published"], "outlet": r["outlet"], "doc_id": r["doc_id"],
                  "killed": r["killed"], "injured": r["injured"]}
                 for r in sorted(reports, key=lambda r: (r["published"] or "", r["doc_id"]))
                 if r["killed"] or r["injured"]]
    return Incident(
        id=iid, type=typ, modes=list(dict.fromkeys(str(x) for m in members for x in m.event.get("modes") or ())),
        date=_date(members), place=_place(members),
        actors=_parties(members, "actors"), recipients=_parties(members, "recipients"),
        killed=casualties(reports, "killed"), injured=casualties(reports, "injured"),
        captured=casualties(reports, "captured"), toll_evolution=evolution,
        contradictions=contradictions(members, reports), reports=reports, n_reports=len(reports),
        n_outlets=len({r["outlet"] for r in reports}), version=version,
        in_passing=told_in_passing(members),
    )


_PLACE_KEYS = ("name", "lat", "lon", "country", "admin1", "precision")


def trim(ev: dict[str, Any]) -> dict[str, Any]:
    """The part of a stored event an incident record shows (kept in memory while fusing)."""
    def parties(items: Any) -> list[dict[str, Any]]:  # small copies: the parsed ones carry aliases and more
        return [{"id": a.get("id"), "name": a.get("name"), "kind": a.get("kind"), "text": a.get("text")}
                for a in items or [] if isinstance(a, dict)]

    place, evid = ev.get("place"), ev.get("evidence")
    return {
        "type": ev.get("type"), "modes": list(ev.get("modes") or ()), "date": ev.get("date"),
        "place": {k: place.get(k) for k in _PLACE_KEYS} if isinstance(place, dict) else None,
        "killed": ev.get("killed"), "injured": ev.get("injured"), "captured": ev.get("captured"),
        "modality": ev.get("modality"), "actors": parties(ev.get("actors")),
        "recipients": parties(ev.get("recipients")),
        "sources": [{"name": x.get("name"), "text": x.get("text")} for x in ev.get("sources") or []
                    if isinstance(x, dict)],
        "evidence": {"text": evid.get("text")} if isinstance(evid, dict) else None,
        **({"set_aside": ev["set_aside"]} if ev.get("set_aside") else {}),
    }


def member(article_id: str, idx: int, event: Any, title: str | None, published: Any, outlet: str | None,
           seq: int) -> Member:
    ev = json.loads(event) if isinstance(event, str | bytes) else dict(event)
    pub = published if isinstance(published, dt.date) else (dt.date.fromisoformat(str(published)[:10])
                                                             if published else None)
    return Member(article_id, int(idx), ev, title, pub, outlet, int(seq))
