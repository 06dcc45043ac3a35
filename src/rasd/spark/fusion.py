"""Incident resolution as data-parallel steps, without Spark: the pieces the Spark job's joins are made of.

`rasd.fuse.cluster.Clusterer` decides report after report, in storing order, against the incidents its blocks hold.
A report can only ever join (or merge) incidents reached through a block it probes or through the copy it repeats,
so the reports split into the connected components of the graph "r probes a block an earlier report is filed
under, or r repeats it". Given each report's corpus-wide word counts (`Stats`), running one clusterer per component
over that component's reports in storing order gives the sequential run's incidents: this module holds those steps.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from rasd.fuse.cluster import RARE, Clusterer, Stats, index_keys, probe_keys
from rasd.fuse.decide import word_weight
from rasd.fuse.features import ReportFeatures, features
from rasd.fuse.record import Incident, build, member, trim
from rasd.store.schema import dumps

# a stored report as the job carries it: its rank n among all reports in storing order (= how many come before it),
# its article's seq, its index, article id, publication date, outlet, duplicate_of, event JSON, title
ReportRow = tuple[int, int, int, str, dt.date | None, str | None, str | None, str, str | None]
UNKNOWN_MONTH = "unknown"
NESTED = ("modes", "date", "place", "actors", "recipients", "killed", "injured", "captured", "toll_evolution",
          "contradictions", "reports")


def report_features(row: ReportRow) -> ReportFeatures:
    _n, seq, idx, aid, published, outlet, dup, event, _title = row
    return features(aid, idx, seq, published, outlet, dup, event)


def block_key(key: tuple[Any, ...]) -> int:
    """A block key as a 64-bit integer, the same in every worker (a stable hash, not Python's salted one). Two keys
    that collide only add an edge, which can join two components but never changes an incident: each component's
    clusterer still looks up the real blocks."""
    text = "\x1f".join(str(part) for part in key)
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def report_blocks(row: ReportRow, stats: Stats) -> tuple[int, list[int], list[int]]:
    """(n, blocks probed, blocks filed under): the blocks report n probes for candidates (its words' rarity from
    `stats`, as `Clusterer.assign` weighs them) and those its incident is filed under once it has joined; and, as a
    block of its own, the copy it repeats: a syndicated copy joins its original's incident only when their type and
    evidence agree (`Clusterer.assign`), so the copy probes that key and the original is filed under it."""
    r = report_features(row)
    df, total = stats

    def rare(w: str) -> bool:
        return word_weight(df.get(w, 0), total) >= RARE

    probes = [block_key(key) for key in probe_keys(r, rare)]
    filed = [block_key(key) for key in index_keys(r, r.family)]  # a report joins only incidents of its own family
    filed.append(block_key(("c", r.article_id, r.idx, r.type, r.evidence)))
    if r.duplicate_of:
        probes.append(block_key(("c", r.duplicate_of, r.idx, r.type, r.evidence)))
    return row[0], probes, filed


def block_edges(entries: Iterable[tuple[bool, int]]) -> list[tuple[int, int]]:
    """Edges with the connectivity of "prober p meets every earlier report b filed under the block", linear in the
    block's size: p to the first filed report b1 when p comes after it, and every filed b to b1 when some prober
    comes after b (then that prober meets both). The job computes the same with a join (`rasd.spark.incidents`)."""
    filed = [n for probes, n in entries if not probes]
    probes = [n for probes, n in entries if probes]
    if not filed or not probes:
        return []
    first, last_probe = min(filed), max(probes)
    edges = [(p, first) for p in probes if p > first]
    edges.extend((b, first) for b in filed if first < b < last_probe)
    return edges


def word_stats(rows: Iterable[ReportRow]) -> dict[int, Stats]:
    """Each report's Stats computed in one pass in storing order (what the job computes with window functions)."""
    seen: dict[str, int] = {}
    out: dict[int, Stats] = {}
    for row in sorted(rows, key=lambda r: r[0]):
        words = report_features(row).words
        out[row[0]] = ({w: seen.get(w, 0) for w in words}, row[0])
        for w in words:
            seen[w] = seen.get(w, 0) + 1
    return out


@cache
def decision_of(name: str | None) -> tuple[Any, str]:
    """The link decision and the fusion version it makes (`rasd.fuse.decision_for`), once per process."""
    from rasd.fuse import decision_for

    return decision_for(name)


def cluster_component(reports: Iterable[tuple[ReportRow, Stats]], decision: str | None = None
                      ) -> Iterator[tuple[str, Any]]:
    """One component's incidents: the clusterer run over its reports in storing order with the corpus-wide counts.
    Yields ("m", (article_id, idx, incident id)) for every report and ("i", (record, first seq)) per incident, the
    record as `rasd export --unit incident` gives it. `decision`: the link decision as `rasd.fuse.decision_for`
    names it (None: RASD_FUSE_DECISION, else the hand rule), as `rasd ingest` fuses with it."""
    chosen, version = decision_of(decision)
    c = Clusterer(chosen)
    done: list[tuple[ReportRow, str]] = []
    for row, stats in sorted(reports, key=lambda rs: rs[0][0]):
        done.append((row, c.assign(report_features(row), stats)))
    members: dict[str, list[Any]] = {}
    for row, iid in done:
        final = c.by_id[iid].id  # by_id follows merges
        _n, seq, idx, aid, published, outlet, _dup, event, title = row
        yield "m", (aid, idx, final)
        ev = json.loads(event)
        members.setdefault(final, []).append(member(aid, idx, trim(ev), title, published, outlet, seq))
    for iid, ms in members.items():
        ms.sort(key=lambda m: (m.seq, m.idx))
        yield "i", (exported(build(iid, ms, version).to_dict()), ms[0].seq)


def exported(record: dict[str, Any]) -> dict[str, Any]:
    """A record as the export gives it: through the store's JSON (dumps: sorted keys, dates as text) and back."""
    return Incident.from_dict(json.loads(dumps(record))).to_dict()


def incident_row(record: dict[str, Any], first_seq: int) -> tuple[Any, ...]:
    """An incident as a Parquet row: the export's keys in its order (nested values as JSON text), its first
    report's seq, the month of its start."""
    start = (record.get("date") or {}).get("start")
    month = str(start)[:7] if start else UNKNOWN_MONTH
    return (*(json.dumps(record[k], ensure_ascii=False) if k in NESTED else record[k] for k in incident_cols()),
            first_seq, month)


def incident_cols() -> tuple[str, ...]:
    return tuple(Incident.__dataclass_fields__)


def record_of(row: Mapping[str, Any]) -> dict[str, Any]:
    """The export's JSON object back from an incidents/ Parquet row."""
    return {k: json.loads(row[k]) if k in NESTED else row[k] for k in incident_cols()}


def components_locally(nodes: Iterable[int], edges: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Connected components by union-find (each node -> its smallest node), over `nodes` and every node of an
    edge: what the job's driver runs on a graph of up to `rasd.spark.incidents.DRIVER_EDGES` edges, and the
    reference the tests hold the job's joins to."""
    parent = {n: n for n in nodes}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for u, v in edges:
        parent.setdefault(u, u)
        parent.setdefault(v, v)
        a, b = find(u), find(v)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {n: find(n) for n in parent}
