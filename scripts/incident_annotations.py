#!/usr/bin/env python3
"""rasd's own cross-article incident gold (annotations/incidents/*.json): check it, build the referee's files, count it.

    python scripts/incident_annotations.py check [--verbose] [--shared ../shared] [--incidents annotations/incidents]
    python scripts/incident_annotations.py build [--out FILE] [--distractors FILE] [--skip-bad]
    python scripts/incident_annotations.py stats

One JSON file per incident (every article of the conflict subset that reports it, by doc id, with character offsets
into the article's `content`, never article text) and `distractors_*.tsv` (doc id, tab, English note: articles about
look-alike incidents that report none of the annotated ones). `build` writes the format of
`../shared/eval/gold/incidents.jsonl` (evidence kept as offsets) and a distractor list for
`../shared/eval/score_incidents.py`. Other code can call `load_incidents(shared)` and `load_distractors(shared)`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[1]
INCIDENTS_DIR = REPO / "annotations" / "incidents"
DEFAULT_SHARED = REPO.parent / "shared"
DISTRACTOR_GLOB = "distractors*.tsv"
SHARED_GOLD = Path("eval") / "gold" / "incidents.jsonl"
SHARED_DISTRACTORS = Path("eval") / "gold" / "incidents_distractors.txt"


def _event_script() -> ModuleType:
    """scripts/annotations.py (corpus reading, PLOVER vocabulary, count and span checks), loaded once."""
    name = "rasd_annotations_script"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).resolve().parent / "annotations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


ev = _event_script()
AnnotationError = ev.AnnotationError
CORPUS = ev.CORPUS

INCIDENT_FIELDS = (
    "incident_id", "annotator", "type", "modes", "date", "place", "actors", "recipients", "summary", "reports",
    "confusable_with", "confusable_out_of_set",
)  # fmt: skip
REPORT_FIELDS = (
    "doc_id", "outlet", "published", "mention", "killed", "injured", "killed_or_injured", "modality", "sources",
    "evidence", "uncertain",
)  # fmt: skip
OPTIONAL_REPORT_FIELDS = (
    "note", "aggregate_killed", "aggregate_injured", "alt_tolls", "killed_breakdown", "actor_keys", "actor_modality",
    "actors_denied", "mentions",
)  # fmt: skip
COUNT_FIELDS = ("killed", "injured", "killed_or_injured", "aggregate_killed", "aggregate_injured")
PLACE_FIELDS = ("name", "lat", "lon", "country", "admin1", "aliases")
INCIDENT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*-\d{4}-\d{2}-\d{2}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ARABIC_WORD = re.compile(r"\S*[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]\S*")
MAX_ARABIC_WORDS = ev.MAX_ALIAS_WORDS  # more Arabic words in one string looks like pasted article text

Problem = tuple[str, str, str]  # file, field, problem


def incident_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def distractor_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(DISTRACTOR_GLOB))


def shared_gold_ids(shared: Path) -> tuple[dict[str, str], set[str]]:
    """Doc id -> shared gold incident id for every shared gold report, and the shared distractor doc ids."""
    reports: dict[str, str] = {}
    if (shared / SHARED_GOLD).is_file():
        for incident in ev.read_jsonl(shared / SHARED_GOLD):
            for report in incident.get("reports") or []:
                reports[str(report.get("doc_id"))] = str(incident.get("incident_id"))
    distractors: set[str] = set()
    if (shared / SHARED_DISTRACTORS).is_file():
        for line in (shared / SHARED_DISTRACTORS).read_text(encoding="utf-8").splitlines():
            if line.strip():
                distractors.add(line.split("\t")[0].strip())
    return reports, distractors


def _arabic_problems(value: Any, field: str) -> Iterator[tuple[str, str]]:
    """(field, problem) for each string (keys too) holding more Arabic words than a short name."""
    if isinstance(value, str):
        words = len(ARABIC_WORD.findall(value))
        if words > MAX_ARABIC_WORDS:
            yield field, f"{words} Arabic words in one string (at most {MAX_ARABIC_WORDS}: article text?)"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _arabic_problems(key, f"{field}.<key>")
            yield from _arabic_problems(item, f"{field}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _arabic_problems(item, f"{field}[{i}]")


def _is_number(value: Any, limit: float) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and -limit <= value <= limit


def check_place(place: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(place, dict):
        yield "place", "not an object"
        return
    for field in PLACE_FIELDS:
        if field not in place:
            yield f"place.{field}", "missing"
    if not (isinstance(place.get("name"), str) and place["name"].strip()):
        yield "place.name", "not a non-empty string"
    for axis, limit in (("lat", 90), ("lon", 180)):
        if axis in place and not _is_number(place[axis], limit):
            yield f"place.{axis}", f"{place[axis]!r} is not a number within ±{limit}"
    country = place.get("country")
    if "country" in place and not (isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)):
        yield "place.country", f"{country!r} is not a two-letter country code"
    admin1 = place.get("admin1")
    if admin1 is not None and not isinstance(admin1, str):
        yield "place.admin1", "not a string or null"
    if "aliases" in place:
        yield from ev._alias_problems(place["aliases"], "place.aliases")


def check_report(report: Any, where: str, corpus: dict[str, dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """(field, problem) for one report of an incident."""
    if not isinstance(report, dict):
        yield where, "not an object"
        return
    for field in REPORT_FIELDS:
        if field not in report:
            yield f"{where}.{field}", "missing"
    for field in report:
        if field not in REPORT_FIELDS and field not in OPTIONAL_REPORT_FIELDS:
            yield f"{where}.{field}", "unknown field"
    doc_id = report.get("doc_id")
    article = corpus.get(str(doc_id))
    if article is None:
        yield f"{where}.doc_id", f"{doc_id!r} is not in {CORPUS}"
    else:
        if report.get("outlet") != article.get("source"):
            yield (
                f"{where}.outlet",
                f"{report.get('outlet')!r} differs from the corpus source {article.get('source')!r}",
            )
        if report.get("published") != str(article.get("date_extracted") or "")[:10]:
            yield f"{where}.published", f"{report.get('published')!r} differs from the corpus date"
        text = str(article.get("content") or "")
        if "evidence" in report:
            problem = ev._span_problem(report["evidence"], text)
            if problem:
                yield f"{where}.evidence", problem
        mentions = report.get("mentions", [])
        if not isinstance(mentions, list):
            yield f"{where}.mentions", "not a list"
        else:
            for i, span in enumerate(mentions):
                problem = ev._span_problem(span, text)
                if problem:
                    yield f"{where}.mentions[{i}]", problem
    for field in ("mention", "uncertain"):
        if field in report and not isinstance(report[field], bool):
            yield f"{where}.{field}", "not true or false"
    for field in COUNT_FIELDS:
        problem = ev._count_problem(report.get(field))
        if problem:
            yield f"{where}.{field}", problem
    if "modality" in report and report["modality"] not in ev.MODALITIES:
        yield f"{where}.modality", f"{report['modality']!r} not in {sorted(ev.MODALITIES)}"
    for field in ("sources", "actor_keys", "actors_denied"):
        if field in report and not (isinstance(report[field], list) and ev._str_list(report[field])):
            yield f"{where}.{field}", "not a list of non-empty strings"
    if "note" in report and not isinstance(report["note"], str):
        yield f"{where}.note", "not a string"


def check_incident(
    path: Path, corpus: dict[str, dict[str, Any]], gold_reports: dict[str, str]
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The parsed incident (None when unreadable) and every problem of its file that needs no other file."""
    name = path.name
    try:
        inc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        return None, [(name, "-", f"cannot read ({err})")]
    except json.JSONDecodeError as err:
        return None, [(name, "-", f"not valid JSON (line {err.lineno}: {err.msg})")]
    if not isinstance(inc, dict):
        return None, [(name, "-", "not a JSON object")]
    found: list[tuple[str, str]] = [(field, "missing") for field in INCIDENT_FIELDS if field not in inc]
    found += [(field, "unknown field") for field in inc if field not in INCIDENT_FIELDS]
    incident_id = inc.get("incident_id")
    if not (isinstance(incident_id, str) and INCIDENT_ID.match(incident_id)):
        found.append(("incident_id", f"{incident_id!r} is not place-what-YYYY-MM-DD in lower-case ASCII"))
    if incident_id != path.stem:
        found.append(("incident_id", f"{incident_id!r} differs from the file name"))
    if not (isinstance(inc.get("annotator"), str) and inc["annotator"].strip()):
        found.append(("annotator", "not a non-empty string"))
    if "type" in inc and inc["type"] not in ev.PLOVER_TYPES:
        found.append(("type", f"{inc['type']!r} is not a PLOVER type"))
    modes = inc.get("modes", [])
    if not (isinstance(modes, list) and ev._str_list(modes)):
        found.append(("modes", "not a list of non-empty strings"))
    else:
        found += [("modes", f"{m!r} is not a PLOVER mode") for m in modes if m not in ev.PLOVER_MODES]
    date = inc.get("date")
    if "date" in inc and not (isinstance(date, str) and DAY.match(date)):
        found.append(("date", f"{date!r} is not YYYY-MM-DD"))
    if "place" in inc:
        found.extend(check_place(inc["place"]))
    for field in ("actors", "recipients"):
        if field in inc and not (isinstance(inc[field], list) and ev._str_list(inc[field])):
            found.append((field, "not a list of non-empty strings"))
    if "summary" in inc and not (isinstance(inc["summary"], str) and inc["summary"].strip()):
        found.append(("summary", "not a non-empty string"))
    reports = inc.get("reports", [])
    if not isinstance(reports, list) or not reports:
        found.append(("reports", "not a non-empty list"))
        reports = []
    seen: set[str] = set()
    for i, report in enumerate(reports):
        found.extend(check_report(report, f"reports[{i}]", corpus))
        doc_id = str(report.get("doc_id")) if isinstance(report, dict) else ""
        if doc_id in seen:
            found.append((f"reports[{i}].doc_id", f"{doc_id!r} listed twice"))
        seen.add(doc_id)
    in_gold = Counter(gold_reports[d] for d in seen if d in gold_reports)
    for gold_id, n in in_gold.items():
        if 2 * n > len(seen):
            found.append(("reports", f"{n} of {len(seen)} articles are reports of the shared gold incident {gold_id}"))
    if "confusable_with" in inc and not (
        isinstance(inc["confusable_with"], list) and all(isinstance(x, str) for x in inc["confusable_with"])
    ):
        found.append(("confusable_with", "not a list of incident ids"))
    out_of_set = inc.get("confusable_out_of_set", [])
    if not isinstance(out_of_set, list):
        found.append(("confusable_out_of_set", "not a list"))
        out_of_set = []
    for i, item in enumerate(out_of_set):
        where = f"confusable_out_of_set[{i}]"
        if not isinstance(item, dict) or set(item) != {"doc_id", "note"} or not isinstance(item["note"], str):
            found.append((where, "not an object {doc_id, note}"))
            continue
        if str(item["doc_id"]) not in corpus:
            found.append((f"{where}.doc_id", f"{item['doc_id']!r} is not in {CORPUS}"))
        if str(item["doc_id"]) in seen:
            found.append((f"{where}.doc_id", f"{item['doc_id']!r} is also a report of this incident"))
    found.extend(_arabic_problems(inc, "incident"))
    return inc, [(name, field, problem) for field, problem in found]


def read_distractors(path: Path) -> Iterator[tuple[int, str, str]]:
    """(line number, doc id, note) for each non-blank line of a distractor file."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            doc_id, _, note = line.partition("\t")
            yield n, doc_id.strip(), note.strip()


def check(shared: Path, folder: Path = INCIDENTS_DIR) -> tuple[list[Problem], list[str]]:
    """Problems of every incident and distractor file (empty when all are sound), and notes for --verbose."""
    corpus = ev.load_corpus(shared)
    gold_reports, gold_distractors = shared_gold_ids(shared)
    problems: list[Problem] = []
    incidents: dict[str, dict[str, Any]] = {}
    for path in incident_files(folder):
        inc, found = check_incident(path, corpus, gold_reports)
        problems.extend(found)
        if inc is None:
            continue
        key = str(inc.get("incident_id"))
        if key in incidents or key.lower() in {k.lower() for k in incidents}:
            problems.append((path.name, "incident_id", f"{key!r} is used by another file"))
        incidents[key] = inc
    gold_ids = {v for v in gold_reports.values()}
    members: dict[str, list[str]] = defaultdict(list)
    for key, inc in incidents.items():
        if key in gold_ids:
            problems.append((f"{key}.json", "incident_id", f"{key!r} is a shared gold incident"))
        for report in inc.get("reports") or []:
            if isinstance(report, dict):
                members[str(report.get("doc_id"))].append(key)
        for other in inc.get("confusable_with") or []:
            if other == key:
                problems.append((f"{key}.json", "confusable_with", "names the incident itself"))
            elif other not in incidents:
                problems.append((f"{key}.json", "confusable_with", f"{other!r} is not an annotated incident"))
    seen: dict[str, str] = {}
    for path in distractor_files(folder):
        for n, doc_id, note in read_distractors(path):
            where = f"{path.name}:{n}"
            if doc_id not in corpus:
                problems.append((where, "doc_id", f"{doc_id!r} is not in {CORPUS}"))
            if not note:
                problems.append((where, "note", "missing (doc id, tab, English note)"))
            problems.extend((where, field, p) for field, p in _arabic_problems(note, "note"))
            if doc_id in gold_reports:
                problems.append(
                    (where, "doc_id", f"{doc_id!r} reports the shared gold incident {gold_reports[doc_id]}")
                )
            if doc_id in gold_distractors:
                problems.append((where, "doc_id", f"{doc_id!r} is a shared gold distractor"))
            if doc_id in members:
                problems.append((where, "doc_id", f"{doc_id!r} reports the annotated {', '.join(members[doc_id])}"))
            if doc_id in seen:
                problems.append((where, "doc_id", f"{doc_id!r} already listed at {seen[doc_id]}"))
            seen[doc_id] = where
    notes = [
        f"{doc_id} is a report of {len(keys)} incidents: {', '.join(sorted(keys))}"
        for doc_id, keys in sorted(members.items())
        if len(keys) > 1
    ]
    return problems, notes


def to_gold(inc: dict[str, Any]) -> dict[str, Any]:
    """An incident in the referee's gold format (that of ../shared/eval/gold/incidents.jsonl; evidence as offsets)."""
    out = {k: inc[k] for k in INCIDENT_FIELDS if k != "confusable_out_of_set"}
    out["reports"] = [dict(r) for r in inc["reports"]]
    out["confusable_out_of_set"] = [dict(x) for x in inc.get("confusable_out_of_set") or []]
    return out


def load_incidents(shared: Path, folder: Path = INCIDENTS_DIR, skip_bad: bool = False) -> list[dict[str, Any]]:
    """Every annotated incident in the gold format, by incident id; AnnotationError on any problem (or, with
    skip_bad, the incidents whose own file is sound)."""
    problems, _ = check(shared, folder)
    if problems and not skip_bad:
        first = problems[0]
        raise AnnotationError(
            f"{len(problems)} incident annotation problem(s), first: {first[0]}: {first[1]}: {first[2]}"
        )
    bad = {file for file, field, _ in problems if field != "confusable_with"}  # a look-alike not written yet is no harm
    out = [
        to_gold(json.loads(path.read_text(encoding="utf-8"))) for path in incident_files(folder) if path.name not in bad
    ]
    kept = {inc["incident_id"] for inc in out}
    for inc in out:
        inc["confusable_with"] = [x for x in inc["confusable_with"] if x in kept and x != inc["incident_id"]]
    return out


def load_distractors(shared: Path, folder: Path = INCIDENTS_DIR, skip_bad: bool = False) -> list[tuple[str, str]]:
    """(doc id, note) for every distractor line of every annotator; AnnotationError on any problem (or, with
    skip_bad, the sound lines)."""
    problems, _ = check(shared, folder)
    if problems and not skip_bad:
        first = problems[0]
        raise AnnotationError(
            f"{len(problems)} incident annotation problem(s), first: {first[0]}: {first[1]}: {first[2]}"
        )
    bad = {file for file, _, _ in problems}
    return [
        (doc_id, note)
        for path in distractor_files(folder)
        for n, doc_id, note in read_distractors(path)
        if f"{path.name}:{n}" not in bad
    ]


def stats(shared: Path, folder: Path = INCIDENTS_DIR) -> list[str]:
    """Lines of counts: incidents, reports, articles, per annotator, country and type; distractors."""
    incidents = load_incidents(shared, folder, skip_bad=True)
    distractors = load_distractors(shared, folder, skip_bad=True)
    sizes = [len(inc["reports"]) for inc in incidents]
    reports = [r for inc in incidents for r in inc["reports"]]
    members = Counter(r["doc_id"] for r in reports)
    pairs = {tuple(sorted((inc["incident_id"], o))) for inc in incidents for o in inc.get("confusable_with") or []}
    out_of_set = sum(len(inc.get("confusable_out_of_set") or []) for inc in incidents)
    lines = [
        f"incidents {len(incidents)}, reports {len(reports)}, articles {len(members)}"
        f" ({sum(1 for n in members.values() if n > 1)} in 2+ incidents)",
    ]
    if sizes:
        lines.append(
            f"reports per incident: min {min(sizes)}, median {statistics.median(sizes)}, max {max(sizes)}; "
            f"mention-only {sum(1 for r in reports if r.get('mention'))}, uncertain "
            f"{sum(1 for r in reports if r.get('uncertain'))}"
        )
    lines.append(
        f"confusable pairs {len(pairs)}; out-of-set look-alike articles {out_of_set}; distractors {len(distractors)}"
    )
    for label, key in (("annotator", "annotator"), ("type", "type")):
        counts = Counter(str(inc.get(key)) for inc in incidents)
        lines.append(f"by {label}: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))
    per_annotator = Counter()
    for inc in incidents:
        per_annotator[str(inc.get("annotator"))] += len(inc["reports"])
    lines.append("reports by annotator: " + ", ".join(f"{k} {n}" for k, n in sorted(per_annotator.items())))
    countries = Counter(str(inc["place"].get("country")) for inc in incidents)
    lines.append("by country: " + ", ".join(f"{k} {n}" for k, n in sorted(countries.items())))
    return lines


def build(shared: Path, out: Path | None, distractors: Path | None, folder: Path, skip_bad: bool) -> list[str]:
    """Write the gold JSONL and/or the distractor list; returns what was written, one line each."""
    done = []
    if out is not None:
        incidents = load_incidents(shared, folder, skip_bad)
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as f:
            for inc in incidents:
                f.write(json.dumps(inc, ensure_ascii=False) + "\n")
        done.append(f"wrote {len(incidents)} incident(s) to {out}")
    if distractors is not None:
        lines = load_distractors(shared, folder, skip_bad)
        distractors.parent.mkdir(parents=True, exist_ok=True)
        distractors.write_text("".join(f"{d}\t{n}\n" for d, n in lines), encoding="utf-8")
        done.append(f"wrote {len(lines)} distractor(s) to {distractors}")
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("check", "validate every incident and distractor file"),
        ("build", "write the referee's gold JSONL and/or distractor list"),
        ("stats", "print counts"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (default ../shared)")
        cmd.add_argument(
            "--incidents", type=Path, default=INCIDENTS_DIR, help="annotation folder (default annotations/incidents)"
        )
        if name == "check":
            cmd.add_argument("--verbose", action="store_true", help="also list articles in two or more incidents")
        if name == "build":
            cmd.add_argument("--out", type=Path, default=None, help="gold incidents JSONL to write")
            cmd.add_argument("--distractors", type=Path, default=None, help="distractor list (doc id, tab, note)")
            cmd.add_argument("--skip-bad", action="store_true", help="leave out files/lines with problems")
    args = parser.parse_args(argv)
    if not (args.shared / CORPUS).is_file():
        print(f"error: {args.shared / CORPUS}: no such file (pass --shared)", file=sys.stderr)
        return 2
    if not args.incidents.is_dir():
        print(f"error: {args.incidents}: no such folder", file=sys.stderr)
        return 2
    try:
        if args.command == "check":
            problems, notes = check(args.shared, args.incidents)
            for file, field, problem in problems:
                print(f"{file}: {field}: {problem}")
            if args.verbose:
                for note in notes:
                    print(note)
            count = len(incident_files(args.incidents))
            print(f"{count} incident file(s), {len(problems)} problem(s)", file=sys.stderr)
            return 1 if problems else 0
        if args.command == "stats":
            print("\n".join(stats(args.shared, args.incidents)))
            return 0
        if args.out is None and args.distractors is None:
            print("error: build: give --out FILE and/or --distractors FILE", file=sys.stderr)
            return 2
        print("\n".join(build(args.shared, args.out, args.distractors, args.incidents, args.skip_bad)))
    except AnnotationError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
