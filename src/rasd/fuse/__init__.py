"""Incidents across articles and outlets: reports fused into one record per incident, every outlet's claim kept.

    from rasd.fuse import fuse_incidents, list_incidents, get_incident
    fuse_incidents(store)                    # incremental: reports not fused yet join incidents or start new ones
    for inc in list_incidents(store, country="SY", type="ASSAULT"): print(inc.id, inc.killed)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from dataclasses import dataclass
from typing import Any

from rasd.fuse.cluster import VERSION, Clusterer
from rasd.fuse.decide import HAND, Decision
from rasd.fuse.features import ReportFeatures, features
from rasd.fuse.record import Incident, Member, build, member, trim
from rasd.store.incidents import (
    IncidentQuery,
    count_records,
    iter_records,
    query_records,
    read_dirty,
    read_state,
    record_by_id,
    reports_after,
    stored_memberships,
    write_fusion,
)


@dataclass
class FuseSummary:
    """What one fusion run did."""

    reports: int = 0  # reports fused by this run
    incidents_written: int = 0
    incidents_new: int = 0
    compared: int = 0  # decisions taken (report, candidate incident)
    rebuilt: bool = False
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"reports": self.reports, "incidents_written": self.incidents_written,
                "incidents_new": self.incidents_new, "compared": self.compared, "rebuilt": self.rebuilt,
                "seconds": round(self.seconds, 2)}


def _build(iid: str, members: list[Member], version: str = VERSION) -> dict[str, Any]:
    return build(iid, members, version).to_dict()


DECISIONS = ("hand", "model")


def decision_for(name: str | None = None) -> tuple[Decision, str]:
    """The link decision named (else by RASD_FUSE_DECISION, else the hand rule) and the fusion version it makes:
    incidents fused with another decision are rebuilt."""
    name = name or os.environ.get("RASD_FUSE_DECISION") or "hand"
    if name == "hand":
        return HAND, VERSION
    if name == "model":
        from rasd.fuse.model import shipped_model

        model = shipped_model()
        return model, f"{VERSION}+{model.name}@{model.digest}"
    raise ValueError(f"fusion decision {name!r}: unknown (one of {', '.join(DECISIONS)})")


def _read(row: tuple[Any, ...]) -> tuple[ReportFeatures, Member]:
    """A stored report row (article_id, idx, seq, published, outlet, duplicate_of, event, title) as fusion's
    features and as a member of an incident record (its event trimmed to what the record shows)."""
    aid, idx, seq, pub, outlet, dup, ev, title = row
    event = json.loads(ev) if isinstance(ev, str | bytes) else dict(ev or {})
    return features(aid, idx, seq, pub, outlet, dup, event), member(aid, idx, trim(event), title, pub, outlet, seq)


class Fuser:
    """Incremental fusion bound to a store: the clustering state is loaded once, then each update() fuses the
    reports stored since the last one (as `rasd ingest` does after each batch) in one transaction."""

    def __init__(self, store: Any, *, rebuild: bool = False, decision: str | None = None) -> None:
        self.store = store
        self.decision, self.version = decision_for(decision)
        state = read_state(store)
        self.rebuild = rebuild or state.get("version") != self.version
        self.watermark = 0 if self.rebuild else int(state.get("seq", "0"))
        self.clusterer = Clusterer(self.decision)
        self.members: dict[str, list[Member]] = {}  # each incident's reports, kept to rebuild its record
        self.dirty: dict[str, None] = {}  # incidents whose record is to be rebuilt at the next flush
        if not self.rebuild:
            for iid, *row in stored_memberships(store):
                r, m = _read(tuple(row))
                self.clusterer.replay(iid, r)
                self.members.setdefault(iid, []).append(m)
            self.dirty = dict.fromkeys(i for i in read_dirty(store) if i in self.members)

    FLUSH_EVERY = 5000  # dirty incidents from which after_batch() rebuilds records

    def after_batch(self) -> FuseSummary:
        """What `rasd ingest` runs after each batch: fuse it; rebuild records once enough are dirty."""
        return self.update(flush=len(self.dirty) >= self.FLUSH_EVERY)

    def update(self, *, flush: bool = True) -> FuseSummary:
        """Fuse the reports stored since the last update, in one transaction. With flush=False the changed
        incidents' records are only marked dirty (rebuilt by a later flush: `rasd ingest` flushes every so often
        and at its end; a run stopped before leaves them marked, and the next fusion rebuilds them)."""
        t0 = time.perf_counter()
        summary = FuseSummary(rebuilt=self.rebuild)
        c = self.clusterer
        before_n, before_cmp = len(c.incidents), c.compared
        assignments: list[tuple[str, int, str]] = []
        changed: dict[str, None] = {}
        last = self.watermark
        merged: dict[str, str] = {}
        for row in reports_after(self.store, self.watermark):
            r, m = _read(tuple(row))
            n_merged = len(c.merged)
            iid = c.assign(r)
            self.members.setdefault(iid, []).append(m)
            if len(c.merged) != n_merged:  # r tied two incidents into one: its reports move to the kept one
                for gone, into in c.merged.items():
                    if gone in self.members:
                        kept = self.members.setdefault(into, [])
                        kept.extend(self.members.pop(gone))
                        kept.sort(key=lambda x: (x.seq, x.idx))
                        merged[gone] = into
                        changed[into] = None
                        self.dirty.pop(gone, None)
            assignments.append((r.article_id, r.idx, iid))
            changed[iid] = None
            last = max(last, r.seq)
        live = dict.fromkeys(c.by_id[iid].id for iid in changed)
        self.dirty = dict.fromkeys(c.by_id[iid].id for iid in self.dirty)
        if assignments or self.rebuild or (flush and self.dirty):
            state = {"version": self.version, "seq": str(last)}
            final = {gone: c.by_id[gone].id for gone in merged}
            assignments = [(a, i, c.by_id[iid].id) for a, i, iid in assignments]
            todo: list[str] = list({**self.dirty, **live}) if flush else []
            mark: list[str] = [] if flush else list(live)
            members = self.members
            version = self.version
            records = ((_build(iid, members[iid], version), members[iid][0].seq) for iid in todo)  # made as written
            summary.incidents_written = write_fusion(self.store, rebuild=self.rebuild, assignments=assignments,
                                                     records=records, record_ids=todo, state=state, merged=final,
                                                     dirty=mark)
            if flush:
                self.dirty = {}
            else:
                self.dirty.update(live)
        self.watermark, self.rebuild = last, False
        summary.reports = len(assignments)
        summary.incidents_new = len(c.incidents) - before_n
        summary.compared = c.compared - before_cmp
        summary.seconds = time.perf_counter() - t0
        return summary


def fuse_incidents(store: Any, *, rebuild: bool = False, decision: str | None = None) -> FuseSummary:
    """Fuse the store's reports into incidents: incremental by default, from scratch with rebuild=True (the same
    incidents either way). One transaction; a killed run leaves the store as before it. `decision`: "hand" (the
    default) or "model" (the learned link decision, rasd.fuse.model), else RASD_FUSE_DECISION."""
    return Fuser(store, rebuild=rebuild, decision=decision).update()


def list_incidents(store: Any, *, country: str | None = None, since: dt.date | None = None,
                   until: dt.date | None = None, type: str | None = None, actor: str | None = None,
                   outlet: str | None = None, limit: int | None = None, offset: int = 0,
                   in_passing: bool = False) -> list[Incident]:
    """Stored incidents, newest first; filters AND-ed (actor: an id, a name or an outlet's words, any case);
    in_passing: also those every article tells only in passing."""
    q = IncidentQuery(country=country, since=since, until=until, type=type, actor=actor, outlet=outlet,
                      limit=limit, offset=offset, in_passing=in_passing)
    return [Incident.from_dict(r) for r in query_records(store, q)]


def count_incidents(store: Any, *, country: str | None = None, since: dt.date | None = None,
                    until: dt.date | None = None, type: str | None = None, actor: str | None = None,
                    outlet: str | None = None, in_passing: bool = False) -> int:
    q = IncidentQuery(country=country, since=since, until=until, type=type, actor=actor, outlet=outlet,
                      in_passing=in_passing)
    return count_records(store, q)


def get_incident(store: Any, incident_id: str) -> Incident | None:
    rec = record_by_id(store, incident_id)
    return Incident.from_dict(rec) if rec else None


def iter_incidents(store: Any, in_passing: bool = False) -> Any:
    """Every incident, in the order of its first report (for exports); in_passing: also those every article tells
    only in passing."""
    for rec in iter_records(store, in_passing):
        yield Incident.from_dict(rec)


__all__ = ["FuseSummary", "Fuser", "Incident", "count_incidents", "fuse_incidents", "get_incident",
           "iter_incidents", "list_incidents"]
