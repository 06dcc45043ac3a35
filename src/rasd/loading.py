"""Resource loading helpers: the cyclic garbage collector is paused while big read-only tables are built, and the
packaged YAML files are read from their compiled JSON mirrors.

Building the gazetteer, actor dictionary and phrase matchers allocates about a million long-lived objects; with the
collector running, its repeated passes over them cost about a quarter of start-up and free nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import json
from collections.abc import Callable
from importlib import resources
from typing import Any, ParamSpec, TypeVar

import yaml

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(fn: Callable[P, R]) -> Callable[P, R]:
    """Run `fn` with the cyclic garbage collector off (restored after, also on error); nesting is fine."""
    return _collector_paused(fn, freeze=False)


def resident(fn: Callable[P, R]) -> Callable[P, R]:
    """`gc_paused`, for a loader whose tables are kept for the life of the process (the packaged gazetteer, actor
    dictionary and lexicon, each read once and cached): after it, every object then alive is moved out of the
    collector's reach (`gc.freeze`), so that it never traverses those tables again. Without, the collections put off
    while they were built come right after (the youngest generation holding a whole table, then the next one) and
    took 0.15 s of a one-article `rasd extract`; frozen, 0.02 s (stop 59). The cost to a program that embeds rasd:
    any garbage cycle it holds at that moment (once per loader and process) is never collected."""
    return _collector_paused(fn, freeze=True)


def _collector_paused(fn: Callable[P, R], *, freeze: bool) -> Callable[P, R]:
    """`fn` with the collector off while it runs; the outermost such call turns it back on (also on error), first
    freezing every object then alive where `freeze`."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was_on:
                if freeze:
                    gc.freeze()
                gc.enable()

    return wrapper


# The packaged YAML files read at run time (the lexicon's and the actor dictionary's) also ship as JSON, written by
# scripts/compile_resources.py into resources/data/compiled/ (NAME.json for resources/data/NAME): a first line naming
# the SHA-256 of the YAML bytes it was made from, then the data. Even with the C loader, YAML took 0.36 s of start-up to
# parse where JSON takes 0.01 s (stop 49). A mirror made from other bytes (the YAML edited since) is not used. The
# gazetteer's transliteration index has a mirror of the same kind (rasd.gazetteer.SKELETON_MIRROR).
COMPILED = "compiled"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader where PyYAML was built with libyaml


def parse_yaml(raw: str | bytes) -> Any:
    """YAML text parsed with the C loader where PyYAML has it (yaml.YAMLError on bad input)."""
    return yaml.load(raw, Loader=_LOADER)


def yaml_data(name: str, raw: str | bytes) -> Any:
    """The data of the YAML file `name` (relative to resources/data) whose content is `raw`: read from its compiled
    JSON mirror when that was made from these very bytes, else parsed (`parse_yaml`; yaml.YAMLError on bad input).
    The mirror holds dates as ISO strings (`plain`)."""
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    got = mirrored(name + ".json", hashlib.sha256(data).hexdigest())
    return parse_yaml(raw) if got is None else got


def mirror_head(raw: bytes, **about: str) -> str:
    """The first line of a compiled mirror made from the bytes `raw` (what `mirrored` checks): their SHA-256, then
    `about` (where the bytes come from, what the mirror holds)."""
    return json.dumps({"sha256": hashlib.sha256(raw).hexdigest(), **about}, ensure_ascii=False)


def mirrored(file: str, sha256: str) -> Any | None:
    """The data of the compiled mirror resources/data/compiled/`file` when its first line names `sha256` (the
    SHA-256 of the bytes it was made from); None when there is no such file or it was made from other bytes."""
    try:
        text = resources.files("rasd").joinpath("resources", "data", COMPILED, file).read_text(encoding="utf-8")
    except OSError:
        return None
    head, _, body = text.partition("\n")
    try:
        made_from = json.loads(head).get("sha256")
    except (ValueError, AttributeError):
        return None
    return json.loads(body) if made_from == sha256 else None


def plain(value: Any, where: str = "") -> Any:
    """YAML data as JSON holds it: dates (and times) as ISO strings; every mapping key must be a string."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise ValueError(f"{where}: key {k!r} is not a string; JSON would change it")
            out[k] = plain(v, where)
        return out
    if isinstance(value, list):
        return [plain(v, where) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
