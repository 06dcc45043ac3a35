"""Incidents in the Spark job: the component argument on synthetic reports (no Spark), the large-star/small-star
components against union-find, and the job's incidents against `rasd ingest` + `rasd export --unit incident`."""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.dataset as pads
import pytest

from rasd.fuse import cluster
from rasd.fuse.cluster import Clusterer
from rasd.fuse.exports import write_incidents
from rasd.ingest.runner import ingest
from rasd.spark.fusion import (
    ReportRow,
    block_edges,
    cluster_component,
    components_locally,
    report_blocks,
    report_features,
    word_stats,
)
from rasd.store import open_store
from test_spark import needs_spark

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "incidents"

# -- the component argument on synthetic reports ---------------------------------------------------------------

TOWNS = [  # (name, geonameid, admin1, lat, lon)
    ("alpha", "101", "P1", 36.20, 37.15), ("beta", "102", "P1", 36.22, 37.18), ("gamma", "103", "P1", 36.60, 37.60),
    ("delta", "201", "P2", 35.10, 40.10), ("eps", "202", "P2", 35.30, 40.40), ("zeta", "301", "P3", 33.50, 36.30),
]
VOCAB = ["كلمة" + chr(0x628 + i) + chr(0x628 + j) for i in range(8) for j in range(8)]  # 64 made-up words


def _happening(rng: random.Random, day: dt.date) -> dict[str, Any]:
    """What a report tells, before each outlet's variations."""
    name, gid, admin1, lat, lon = rng.choice(TOWNS)
    return {"day": day, "town": (name, gid, admin1, lat, lon), "words": rng.sample(VOCAB, 6),
            "type": rng.choice(("ASSAULT", "ASSAULT", "FIGHT", "PROTEST")),
            "killed": rng.choice((None, {"min": 2, "max": 2}, {"min": 5, "max": None}, {"min": 12, "max": 15})),
            "actors": rng.choice(([], [{"id": "ISIS"}], [{"id": "SDF"}])),
            "modes": rng.choice(([], ["shelling"], ["bombing"]))}


def _event(rng: random.Random, h: dict[str, Any]) -> dict[str, Any]:
    """One outlet's report of a happening: another day, a nearby town, another toll or word now and then."""
    name, gid, admin1, lat, lon = h["town"] if rng.random() < 0.8 else rng.choice(TOWNS)
    fine = rng.random() < 0.8
    day = h["day"] + dt.timedelta(days=rng.choice((0, 0, 0, 1, -1, 3)))
    end = day + dt.timedelta(days=rng.choice((0, 0, 0, 0, 2, 12)))
    words = rng.sample(h["words"], rng.randint(2, 5)) + rng.sample(VOCAB[:10], rng.randint(0, 2))
    span = rng.choice(((0, 3), (1, 40), (1, 40)))
    return {
        "type": h["type"] if rng.random() < 0.9 else "FIGHT",
        "modality": "future" if rng.random() < 0.05 else "asserted",
        "date": {"start": day.isoformat(), "end": end.isoformat(), "precision": rng.choice(("day", "day", "week"))},
        "place": {"name": name, "geonameid": gid if fine else None, "admin1": admin1, "country": "SY",
                  "precision": "city" if fine else "governorate", "lat": lat if fine else None,
                  "lon": lon if fine else None, "start": 2},
        "evidence": {"text": " ".join(words) + " " + name, "start": span[0], "end": span[1]},
        "killed": h["killed"] if rng.random() < 0.8 else {"min": rng.randint(1, 20), "max": None},
        "actors": h["actors"] if rng.random() < 0.9 else [{"id": "JAN"}],
        "modes": h["modes"] if rng.random() < 0.9 else ["shooting"],
    }


def synthetic_reports(seed: int, n_articles: int = 260) -> list[ReportRow]:
    """Reports in storing order: several outlets' reports of each happening (days and places in bursts),
    syndicated copies of earlier articles (same events, another id), words whose rarity changes as reports come."""
    rng = random.Random(seed)
    rows: list[ReportRow] = []
    events_of: dict[str, list[dict[str, Any]]] = {}
    happenings: list[dict[str, Any]] = []
    base = dt.date(2024, 1, 1)
    for seq in range(1, n_articles + 1):
        aid = f"a{seq:04d}"
        day = base + dt.timedelta(days=int(seq * 40 / n_articles))
        published = day + dt.timedelta(days=rng.randint(0, 3))
        dup = None
        if events_of and rng.random() < 0.1:
            dup = rng.choice(sorted(events_of)[-30:])
            events = [dict(e) for e in events_of[dup]]
        else:
            events = []
            for _ in range(rng.randint(0, 3)):
                if not happenings or rng.random() < 0.35:
                    happenings.append(_happening(rng, day))
                events.append(_event(rng, rng.choice(happenings[-8:])))
        events_of[aid] = events
        for idx, ev in enumerate(events):
            rows.append((len(rows), seq, idx, aid, published, rng.choice(("o1", "o2", "o3")), dup,
                         json.dumps(ev, ensure_ascii=False), f"t{seq}"))
    return rows


def sequential(rows: list[ReportRow]) -> tuple[dict[tuple[str, int], str], Clusterer]:
    """What `rasd ingest` fuses: one clusterer over every report in storing order, its own counts."""
    c = Clusterer()
    got = {(row[3], row[2]): c.assign(report_features(row)) for row in rows}
    return {k: c.by_id[v].id for k, v in got.items()}, c


def by_components(rows: list[ReportRow]) -> tuple[dict[tuple[str, int], str], dict[int, int]]:
    """What the Spark job does, step by step in plain Python: counts, blocks, edges, components, clusterers."""
    stats = word_stats(rows)
    blocks: dict[int, list[tuple[bool, int]]] = {}
    for row in rows:
        n, probed, filed = report_blocks(row, stats[row[0]])
        for key in probed:
            blocks.setdefault(key, []).append((True, n))
        for key in filed:
            blocks.setdefault(key, []).append((False, n))
    edges = [e for entries in blocks.values() for e in block_edges(entries)]
    comp = components_locally((row[0] for row in rows), edges)
    groups: dict[int, list[tuple[ReportRow, Any]]] = {}
    for row in rows:
        groups.setdefault(comp[row[0]], []).append((row, stats[row[0]]))
    got: dict[tuple[str, int], str] = {}
    for members in groups.values():
        for kind, value in cluster_component(reversed(members)):  # any order in: storing order inside
            if kind == "m":
                got[(value[0], value[1])] = value[2]
    return got, comp


@pytest.mark.parametrize(("seed", "cap"), [(1, 300), (2, 300), (3, 4), (4, 2)])
def test_components_give_the_sequential_incidents(seed: int, cap: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Per-component clustering with corpus-wide counts equals the sequential run, merges and the candidate cap
    (MAX_CANDIDATES, small here so that it binds) included."""
    monkeypatch.setattr(cluster, "MAX_CANDIDATES", cap)
    rows = synthetic_reports(seed)
    want, c = sequential(rows)
    got, comp = by_components(rows)
    assert got == want
    sizes: dict[int, int] = {}
    for label in comp.values():
        sizes[label] = sizes.get(label, 0) + 1
    assert len(want) == len(rows) > 300
    assert len(set(want.values())) < len(rows) * 0.75  # reports did join incidents
    assert sum(1 for s in sizes.values() if s > 1) > 5 and max(sizes.values()) < len(rows)  # several components
    assert c.merged  # bridge merges happened


def test_without_corpus_counts_a_component_would_decide_otherwise() -> None:
    """The counts matter: a component clustered with its own counts (not the corpus's) differs on some seed, so
    the equality above is not an accident of the data."""
    differs = 0
    for seed in range(1, 6):
        rows = synthetic_reports(seed)
        want, _ = sequential(rows)
        _, comp = by_components(rows)
        local: dict[tuple[str, int], str] = {}
        groups: dict[int, list[ReportRow]] = {}
        for row in rows:
            groups.setdefault(comp[row[0]], []).append(row)
        for members in groups.values():
            c = Clusterer()
            assigned = {(row[3], row[2]): c.assign(report_features(row)) for row in members}
            local.update({k: c.by_id[v].id for k, v in assigned.items()})
        differs += local != want
    assert differs > 0


def test_block_edges_keep_the_connectivity_of_all_pairs() -> None:
    rng = random.Random(7)
    for _ in range(200):
        entries = [(rng.random() < 0.5, rng.randrange(40)) for _ in range(rng.randint(0, 12))]
        nodes = {n for _, n in entries}
        pairs = [(p, b) for kp, p in entries for kb, b in entries if kp and not kb and b < p]
        assert components_locally(nodes, block_edges(entries)) == components_locally(nodes, pairs)


# -- the job in local mode ---------------------------------------------------------------------------------------

HASAKA_1 = ("قتل أربعة عناصر من الشرطة المحلية وأصيب ستة آخرون صباح الأحد بانفجار عبوة ناسفة استهدفت دوريتهم على "
            "طريق الخرافي قرب بلدة تل براك في ريف الحسكة الشمالي، بحسب مصادر محلية.")
HASAKA_2 = ("قتل مدنيان وجرح خمسة آخرون الأحد التالي بقذائف هاون سقطت على سوق الهال في بلدة تل براك بريف الحسكة، "
            "وقالت مصادر طبية إن بين الجرحى امرأة وطفلاً.")


def write_fixture(root: Path) -> Path:
    """Two incidents in one province a week apart, a second outlet's report of the first, a syndicated copy."""
    root.mkdir(parents=True, exist_ok=True)
    recs = [
        {"id": "h1", "published": "2024-05-05", "outlet": "وكالة الجزيرة السورية", "title": "عبوة في تل براك",
         "text": HASAKA_1},
        {"id": "h2", "published": "2024-05-06", "outlet": "جريدة الفرات", "title": "مقتل أربعة شرطيين",
         "text": "الحسكة - " + HASAKA_1.replace("أربعة عناصر", "4 عناصر")},
        {"id": "h3", "published": "2024-05-06", "outlet": "موقع الشرق", "title": "عبوة في تل براك",
         "text": HASAKA_1},  # syndicated: linked to h1 (the same text) by the near-duplicate step
        {"id": "h4", "published": "2024-05-12", "outlet": "وكالة الجزيرة السورية", "title": "هاون على تل براك",
         "text": HASAKA_2},
    ]
    with open(root / "hasaka.jsonl", "w", encoding="utf-8") as fh:
        for rec in recs:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    for f in sorted(EXAMPLES.glob("*.jsonl")):
        shutil.copy(f, root / f.name)
    return root


@pytest.fixture(scope="module")
def fused(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    from rasd.cli_spark import session
    from rasd.fuse import iter_incidents
    from rasd.spark.job import JobOptions, run

    base = tmp_path_factory.mktemp("spark_fuse")
    corpus = write_fixture(base / "corpus")
    store = open_store(base / "r.duckdb")
    try:
        ingest([corpus], store, workers=1)  # fuses, as `rasd ingest` does
        # the job writes every incident, each with in_passing; the export leaves those out unless asked
        write_incidents(iter_incidents(store, in_passing=True), "jsonl", base / "incidents.jsonl")
        members = store.con.execute(  # type: ignore[attr-defined]
            "SELECT article_id, idx, incident_id FROM incident_reports").fetchall()
        links = dict(store.con.execute("SELECT id, duplicate_of FROM articles").fetchall())  # type: ignore[attr-defined]
    finally:
        store.close()
    spark = session("local[2]", {"spark.sql.shuffle.partitions": "4", "spark.ui.enabled": "false",
                                 "spark.default.parallelism": "2"})
    out = base / "out"
    mp = pytest.MonkeyPatch()
    mp.setattr("rasd.spark.incidents.DRIVER_EDGES", 0)  # components by joins, as on a large corpus
    try:
        summary = run(spark, JobOptions(sources=(str(corpus),), out=str(out), partitions=3))
    finally:
        mp.undo()
    yield {"spark": spark, "out": out, "summary": summary, "export": base / "incidents.jsonl", "members": members,
           "links": links}
    spark.stop()


@needs_spark
def test_job_incidents_are_the_exports(fused: dict[str, Any]) -> None:
    from rasd.spark.fusion import record_of
    from rasd.spark.incidents import MONTH_COL

    rows = pads.dataset(fused["out"] / "incidents", format="parquet", partitioning="hive").to_table().to_pylist()
    got = {}
    for r in rows:
        rec = record_of(r)
        assert r[MONTH_COL] == (rec["date"]["start"][:7] if rec["date"].get("start") else "unknown")
        got[rec["id"]] = json.dumps(rec, ensure_ascii=False)
    want = {json.loads(line)["id"]: line.rstrip("\n") for line in open(fused["export"], encoding="utf-8")}
    assert got == want  # the same ids, members, records: byte for byte as the export writes them
    assert any(json.loads(v)["n_reports"] >= 3 for v in want.values())  # reports were fused
    assert sum(1 for v in fused["links"].values() if v) >= 1  # the syndicated copy was linked and fused too
    info = fused["summary"]["incidents"]
    assert info["incidents"] == len(want) and info["components_linked"] >= 2 and info["components_rounds"] > 0


@needs_spark
def test_job_memberships_are_the_stores(fused: dict[str, Any]) -> None:
    got = pads.dataset(fused["out"] / "incident_reports", format="parquet").to_table().to_pylist()
    assert sorted((r["article_id"], r["idx"], r["incident_id"]) for r in got) == sorted(fused["members"])
    of = {(r["article_id"], r["idx"]): r["incident_id"] for r in got}
    assert of[("h3", 0)] == of[("h1", 0)]  # the syndicated copy joins its original's incident
    assert of[("h4", 0)] != of[("h1", 0)]  # a week later in the same province: another incident


@needs_spark
@pytest.mark.parametrize(("seed", "limit"), [(1, 0), (2, 0), (3, 10_000)])
def test_spark_components_are_union_finds(fused: dict[str, Any], seed: int, limit: int) -> None:
    """Large-star/small-star joins (limit 0) and the driver's pass over random graphs (long chains, stars,
    isolated edges) against union-find."""
    from rasd.spark.incidents import components

    rng = random.Random(seed)
    nodes = rng.sample(range(10_000), 600)
    edges = [(nodes[i], nodes[i + 1]) for i in range(0, 150)]  # a chain of 151 nodes
    edges += [(rng.choice(nodes[150:]), rng.choice(nodes[150:])) for _ in range(300)]
    labels, rounds = components(fused["spark"].createDataFrame(edges, "u LONG, v LONG"), len(edges), limit)
    with_edges = {n for e in edges for n in e}
    want = {n: m for n, m in components_locally(with_edges, edges).items()}
    assert {r["n"]: r["root"] for r in labels.collect()} == want
    assert (0 < rounds < 20) if limit == 0 else rounds == 0


@needs_spark
def test_spark_block_edges_are_the_plain_ones(fused: dict[str, Any]) -> None:
    """The job's join over block entries draws exactly the edges of `fusion.block_edges`, block by block."""
    from rasd.spark.incidents import block_edges as spark_block_edges

    rng = random.Random(11)
    entries: list[tuple[int, bool, int]] = []
    want: list[tuple[int, int]] = []
    for block in range(120):
        mine = [(rng.random() < 0.5, rng.randrange(60)) for _ in range(rng.randint(0, 10))]
        mine = list(dict.fromkeys(mine))  # a report files or probes a block once
        entries.extend((block, probes, n) for probes, n in mine)
        want.extend(block_edges(mine))
    df = fused["spark"].createDataFrame(entries, "block LONG, probes BOOLEAN, n LONG")
    got = [(r["u"], r["v"]) for r in spark_block_edges(df).collect()]
    assert sorted(got) == sorted(want) and want
