#!/usr/bin/env python3
"""rasd's own gold annotations (annotations/events/*.json): check them against the corpus, or build gold/inputs files.

    python scripts/annotations.py check [--shared ../shared]
    python scripts/annotations.py build [--shared ../shared] [--out build/annotations]

The annotation files hold character offsets into the conflict subset's `content`, never article text; `build` joins
them with the corpus into the referee's gold format (`gold.jsonl`, evidence as the text substring) and the system's
input format (`inputs.jsonl`). Other code can call `load_annotations(shared)` for (gold, input) pairs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
EVENTS_DIR = REPO / "annotations" / "events"
DEFAULT_SHARED = REPO.parent / "shared"
CORPUS = Path("corpus") / "saudinewsnet" / "conflict_subset.jsonl"
EXISTING_GOLD = ("dev", "train", "seed")

PLOVER_TYPES = frozenset(
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST SANCTION MOBILIZE"
    " COERCE ASSAULT".split()
)
PLOVER_MODES = frozenset(
    "visit third-party multilateral phone withdraw release disarm ceasefire access resign assist change yield meet"
    " disapprove investigate allege restrict arrest relations expel territory violence demo riot strike hunger boycott"
    " obstruct vandalize convict discontinue troops weapons police militia seize censor curfew martial-law deport"
    " withhold misinformation cyber abduct beat torture sexual targeted destroy primitive firearms explosives"
    " suicide-attack aerial drone heavy-weapons crowd-control unconventional".split()
)  # the modes of the PLOVER manual (2021), all event types together
MODALITIES = frozenset({"asserted", "reported", "alleged", "speculative", "denied", "future"})
GENRES = frozenset({"news", "opinion", "analysis", "review", "other"})
DOC_FIELDS = ("doc_id", "annotator", "text_sha256", "published", "outlet", "genre", "events", "entities", "places")
EVENT_FIELDS = (
    "type", "modes", "actors", "recipients", "place", "date", "killed", "injured", "captured", "modality", "sources",
    "evidence",
)  # fmt: skip
OPTIONAL_EVENT_FIELDS = ("mentions", "note")
MAX_STRING = 60  # longer strings (other than notes) look like pasted article text
MAX_ALIAS_WORDS = 5
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Problem = tuple[str, str, str]  # file, field, problem


class AnnotationError(Exception):
    """A corpus or gold file the checker needs cannot be read."""


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the objects of a JSON Lines file, raising AnnotationError on a missing file or bad line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise AnnotationError(f"{path}: cannot read ({err.strerror or err})") from err
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            raise AnnotationError(f"{path}:{n}: not JSON ({err.msg})") from err
        if isinstance(obj, dict):
            yield obj


def load_corpus(shared: Path) -> dict[str, dict[str, Any]]:
    """The conflict subset's articles by id."""
    return {str(row["id"]): row for row in read_jsonl(shared / CORPUS) if "id" in row}


def existing_gold_ids(shared: Path) -> dict[str, str]:
    """Doc ids of the shared gold sets (dev, train, seed) -> set name; absent sets are skipped."""
    ids: dict[str, str] = {}
    for name in EXISTING_GOLD:
        path = shared / "eval" / "gold" / f"{name}.jsonl"
        if path.is_file():
            for row in read_jsonl(path):
                ids[str(row.get("doc_id"))] = name
    return ids


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def annotation_files(events_dir: Path) -> list[Path]:
    return sorted(events_dir.glob("*.json"))


def _long_strings(value: Any, field: str) -> Iterator[tuple[str, str]]:
    """(field path, problem) for each string over MAX_STRING characters, notes excepted."""
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            yield field, f"string of {len(value)} characters (over {MAX_STRING}: article text?)"
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("notes", "note", "text_sha256"):
                continue
            yield from _long_strings(key, f"{field}.<key>")
            yield from _long_strings(item, f"{field}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _long_strings(item, f"{field}[{i}]")


def _count_problem(value: Any) -> str | None:
    def is_int(x: Any) -> bool:
        return isinstance(x, int) and not isinstance(x, bool) and x >= 0

    if value is None or is_int(value):
        return None
    if isinstance(value, list) and len(value) == 2 and is_int(value[0]) and (value[1] is None or is_int(value[1])):
        if value[1] is not None and value[1] < value[0]:
            return f"range {value} has max below min"
        return None
    return f"{value!r} is not null, a non-negative integer or [min, max|null]"


def _span_problem(span: Any, text: str) -> str | None:
    if not isinstance(span, dict) or set(span) != {"start", "end"}:
        return "not an object {start, end}"
    start, end = span["start"], span["end"]
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        return "start/end are not integers"
    if not 0 <= start < end <= len(text):
        return f"span {start}:{end} outside the text (length {len(text)})"
    if not text[start:end].strip():
        return f"span {start}:{end} is blank"
    return None


def _str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) and x.strip() for x in value)


def check_event(event: Any, where: str, text: str, doc: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, problem) for one event of an annotation file."""
    if not isinstance(event, dict):
        yield where, "not an object"
        return
    for field in EVENT_FIELDS:
        if field not in event:
            yield f"{where}.{field}", "missing"
    for field in event:
        if field not in EVENT_FIELDS and field not in OPTIONAL_EVENT_FIELDS:
            yield f"{where}.{field}", "unknown field"
    if "type" in event and event["type"] not in PLOVER_TYPES:
        yield f"{where}.type", f"{event['type']!r} is not a PLOVER type"
    if "modality" in event and event["modality"] not in MODALITIES:
        yield f"{where}.modality", f"{event['modality']!r} not in {sorted(MODALITIES)}"
    for field in ("modes", "sources"):
        if field in event and not _str_list(event[field]):
            yield f"{where}.{field}", "not a list of non-empty strings"
    if _str_list(event.get("modes")):
        for mode in event["modes"]:
            if mode not in PLOVER_MODES:
                yield f"{where}.modes", f"{mode!r} is not a PLOVER mode"
    entities: dict[str, Any] = doc["entities"] if isinstance(doc.get("entities"), dict) else {}
    for role in ("actors", "recipients"):
        names = event.get(role, [])
        if not _str_list(names):
            yield f"{where}.{role}", "not a list of non-empty strings"
            continue
        for name in names:
            if name not in entities:
                yield f"{where}.{role}", f"{name!r} is not a key of entities"
    places: dict[str, Any] = doc["places"] if isinstance(doc.get("places"), dict) else {}
    place = event.get("place")
    if place is not None and (not isinstance(place, str) or place not in places):
        yield f"{where}.place", f"{place!r} is not a key of places"
    date = event.get("date")
    if date is not None and not (isinstance(date, str) and DATE.match(date)):
        yield f"{where}.date", f"{date!r} is not null, YYYY-MM-DD or YYYY-MM"
    for field in ("killed", "injured", "captured"):
        problem = _count_problem(event.get(field))
        if problem:
            yield f"{where}.{field}", problem
    if "evidence" in event:
        problem = _span_problem(event["evidence"], text)
        if problem:
            yield f"{where}.evidence", problem
    mentions = event.get("mentions", [])
    if not isinstance(mentions, list):
        yield f"{where}.mentions", "not a list"
    else:
        for i, span in enumerate(mentions):
            problem = _span_problem(span, text)
            if problem:
                yield f"{where}.mentions[{i}]", problem


def check_names(doc: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, problem) for the entities and places tables."""
    entities, places = doc.get("entities"), doc.get("places")
    if not isinstance(entities, dict):
        yield "entities", "not an object"
    else:
        for key, entity in entities.items():
            if not isinstance(entity, dict) or not isinstance(entity.get("kind"), str):
                yield f"entities.{key}", "not an object with a string kind"
                continue
            yield from _alias_problems(entity.get("aliases"), f"entities.{key}.aliases")
    if not isinstance(places, dict):
        yield "places", "not an object"
        return
    for key, place in places.items():
        if not isinstance(place, dict):
            yield f"places.{key}", "not an object"
            continue
        for axis, limit in (("lat", 90), ("lon", 180)):
            value = place.get(axis)
            if not isinstance(value, int | float) or isinstance(value, bool) or not -limit <= value <= limit:
                yield f"places.{key}.{axis}", f"{value!r} is not a number within ±{limit}"
        country = place.get("country")
        if country is not None and not (isinstance(country, str) and re.fullmatch(r"[A-Z]{2}", country)):
            yield f"places.{key}.country", f"{country!r} is not a two-letter country code or null"
        geonameid = place.get("geonameid")
        if geonameid is not None and (not isinstance(geonameid, int) or isinstance(geonameid, bool)):
            yield f"places.{key}.geonameid", f"{geonameid!r} is not an integer or null"
        yield from _alias_problems(place.get("aliases"), f"places.{key}.aliases")


def _alias_problems(aliases: Any, field: str) -> Iterator[tuple[str, str]]:
    if not _str_list(aliases):
        yield field, "not a list of non-empty strings"
        return
    for alias in aliases:
        if len(alias.split()) > MAX_ALIAS_WORDS:
            yield field, f"alias of {len(alias.split())} words (at most {MAX_ALIAS_WORDS})"


def check_file(path: Path, corpus: dict[str, dict[str, Any]], gold_ids: dict[str, str]) -> list[Problem]:
    """Every problem of one annotation file."""
    name = path.name
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        return [(name, "-", f"cannot read ({err})")]
    except json.JSONDecodeError as err:
        return [(name, "-", f"not valid JSON (line {err.lineno}: {err.msg})")]
    if not isinstance(doc, dict):
        return [(name, "-", "not a JSON object")]
    found: list[tuple[str, str]] = [(field, "missing") for field in DOC_FIELDS if field not in doc]
    doc_id = doc.get("doc_id")
    article = corpus.get(str(doc_id))
    if path.stem != doc_id:
        found.append(("doc_id", f"{doc_id!r} differs from the file name"))
    if str(doc_id) in gold_ids:
        found.append(("doc_id", f"{doc_id!r} is already in the shared gold set {gold_ids[str(doc_id)]!r}"))
    text = ""
    if article is None:
        found.append(("doc_id", f"{doc_id!r} is not in {CORPUS}"))
    else:
        text = str(article.get("content") or "")
        if doc.get("text_sha256") != sha256(text):
            found.append(("text_sha256", "does not match the article's content"))
        if doc.get("published") != str(article.get("date_extracted") or "")[:10]:
            found.append(("published", f"{doc.get('published')!r} differs from the corpus date"))
        if doc.get("outlet") != article.get("source"):
            found.append(("outlet", f"{doc.get('outlet')!r} differs from the corpus source {article.get('source')!r}"))
    if "genre" in doc and doc["genre"] not in GENRES:
        found.append(("genre", f"{doc['genre']!r} not in {sorted(GENRES)}"))
    if "annotator" in doc and not (isinstance(doc["annotator"], str) and doc["annotator"].strip()):
        found.append(("annotator", "not a non-empty string"))
    if "notes" in doc and not isinstance(doc["notes"], str):
        found.append(("notes", "not a string"))
    found.extend(check_names(doc))
    events = doc.get("events", [])
    if not isinstance(events, list):
        found.append(("events", "not a list"))
    elif article is not None:
        for i, event in enumerate(events):
            found.extend(check_event(event, f"events[{i}]", text, doc))
    found.extend(_long_strings(doc, "doc"))
    return [(name, field, problem) for field, problem in found]


def check(shared: Path, events_dir: Path = EVENTS_DIR) -> list[Problem]:
    """Problems of every annotation file (empty when all are sound)."""
    corpus = load_corpus(shared)
    gold_ids = existing_gold_ids(shared)
    problems: list[Problem] = []
    for path in annotation_files(events_dir):
        problems.extend(check_file(path, corpus, gold_ids))
    return problems


def _substring(text: str, span: dict[str, int]) -> str:
    return text[span["start"] : span["end"]]


def to_gold(doc: dict[str, Any], text: str) -> dict[str, Any]:
    """An annotation in the referee's gold format: evidence (and mentions) as text substrings."""
    events = []
    for event in doc["events"]:
        gold_event = {k: v for k, v in event.items() if k not in ("evidence", "mentions")}
        gold_event["evidence"] = _substring(text, event["evidence"])
        gold_event["evidence_span"] = dict(event["evidence"])
        gold_event["mentions"] = [_substring(text, span) for span in event.get("mentions", [])]
        events.append(gold_event)
    return {
        "doc_id": doc["doc_id"],
        "published": doc["published"],
        "outlet": doc["outlet"],
        "genre": doc["genre"],
        "annotator": doc["annotator"],
        "events": events,
        "entities": doc["entities"],
        "places": doc["places"],
    }


def to_input(article: dict[str, Any]) -> dict[str, Any]:
    """The system's input line for a corpus article."""
    return {
        "id": str(article["id"]),
        "published": str(article.get("date_extracted") or "")[:10] or None,
        "outlet": article.get("source"),
        "title": article.get("title") or "",
        "text": article.get("content") or "",
    }


def load_annotations(shared: Path, events_dir: Path = EVENTS_DIR) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(gold, input) pairs for every annotated article, in doc id order; AnnotationError if any file has a problem."""
    problems = check(shared, events_dir)
    if problems:
        first = problems[0]
        raise AnnotationError(f"{len(problems)} annotation problem(s), first: {first[0]}: {first[1]}: {first[2]}")
    corpus = load_corpus(shared)
    pairs = []
    for path in annotation_files(events_dir):
        doc = json.loads(path.read_text(encoding="utf-8"))
        article = corpus[doc["doc_id"]]
        pairs.append((to_gold(doc, article["content"]), to_input(article)))
    return pairs


def build(shared: Path, out: Path, events_dir: Path = EVENTS_DIR) -> int:
    """Write out/gold.jsonl and out/inputs.jsonl; returns the number of articles."""
    pairs = load_annotations(shared, events_dir)
    out.mkdir(parents=True, exist_ok=True)
    with (
        (out / "gold.jsonl").open("w", encoding="utf-8") as gold_file,
        (out / "inputs.jsonl").open("w", encoding="utf-8") as input_file,
    ):
        for gold, article in pairs:
            gold_file.write(json.dumps(gold, ensure_ascii=False) + "\n")
            input_file.write(json.dumps(article, ensure_ascii=False) + "\n")
    return len(pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (("check", "validate every annotation file"), ("build", "write gold.jsonl and inputs.jsonl")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (default ../shared)")
        cmd.add_argument(
            "--events", type=Path, default=EVENTS_DIR, help="annotation folder (default annotations/events)"
        )
        if name == "build":
            cmd.add_argument("--out", type=Path, default=REPO / "build" / "annotations", help="output folder")
    args = parser.parse_args(argv)
    if not (args.shared / CORPUS).is_file():
        print(f"error: {args.shared / CORPUS}: no such file (pass --shared)", file=sys.stderr)
        return 2
    if not args.events.is_dir():
        print(f"error: {args.events}: no such folder", file=sys.stderr)
        return 2
    try:
        if args.command == "check":
            problems = check(args.shared, args.events)
            for file, field, problem in problems:
                print(f"{file}: {field}: {problem}")
            count = len(annotation_files(args.events))
            print(f"{count} file(s), {len(problems)} problem(s)", file=sys.stderr)
            return 1 if problems else 0
        count = build(args.shared, args.out, args.events)
    except AnnotationError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"wrote {count} article(s) to {args.out}/gold.jsonl and {args.out}/inputs.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
