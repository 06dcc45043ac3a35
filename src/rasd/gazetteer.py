"""The shipped Arabic gazetteer: loads gazetteer.tsv.gz lazily and indexes its Arabic names for matching."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import math
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import ClassVar, Protocol

from rasd.loading import gc_paused, mirror_head, mirrored, resident
from rasd.model import Place
from rasd.text.matcher import PhraseMatcher
from rasd.text.normalise import norm
from rasd.text.place_context import PLACE_NOUNS

RESOURCE = "gazetteer.tsv.gz"
# The transliteration index (`skeleton_index`) of the shipped gazetteer, written by scripts/compile_resources.py into
# resources/data/compiled/: its first line names the SHA-256 of the gazetteer's bytes it was made from. Computing it
# takes 0.23-0.5 s (a skeleton for each of 9,991 towns), paid by the first article with an unknown word after a place
# noun, about half of all articles (95 of 199 subset articles): reading it takes 0.04 s. A mirror made from other bytes
# is not used; the index is computed.
SKELETON_MIRROR = RESOURCE + ".skeletons.json"
# Countries whose towns Arabic news often writes out from their own (Latin-script) names.
LATIN_FALLBACK_COUNTRIES = frozenset("TR IR IL CY AF PK MA DZ TN LY MR".split())
REQUIRED_COLUMNS = (
    "id", "name", "name_ar", "aliases", "adjectives", "lat", "lon", "country", "admin1",
    "feature", "population", "precision", "geonameid", "flags",
)


EARTH_RADIUS_KM = 6371.0


def matched_names(names: tuple[str, ...] | list[str]) -> list[str]:
    """The names a place is matched by: not "<place noun> X" when X is a name of the same place ("مدينة العين" beside
    "العين"), which would claim the phrase for this one place; matched as X after its place noun, the words keep
    every place called X ("مدينة العين" in a Yemeni story is Yemen's al-Ain, not the Emirates' city)."""
    if len(names) < 2:  # most places: a name cannot be another of its names after a place noun
        return list(names)
    keys = {norm(n) for n in names}
    out = []
    for n in names:
        head, _, rest = norm(n).partition(" ")
        if not (rest and head in PLACE_NOUNS and rest in keys):
            out.append(n)
    return out


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle (haversine) distance between two (lat, lon) points."""
    phi1, phi2 = math.radians(a[0]), math.radians(b[0])
    dphi = phi2 - phi1
    dlam = math.radians(b[1]) - math.radians(a[1])
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return EARTH_RADIUS_KM * 2 * math.asin(min(1.0, math.sqrt(h)))


class PlaceIndex(Protocol):
    """What the geocoder needs from a gazetteer: pass any object of this shape to find_places."""

    @property
    def version(self) -> str: ...

    @property
    def matcher(self) -> PhraseMatcher[Place]: ...

    @property
    def adjectives(self) -> PhraseMatcher[str]: ...

    def candidates(self, name: str) -> list[Place]: ...

    def needs_cue(self, place: Place) -> bool: ...

    def country(self, code: str) -> Place | None: ...

    def division(self, country: str, admin1: str) -> Place | None: ...

    def capital(self, country: str) -> Place | None: ...

    def is_common(self, key: str) -> bool: ...

    def is_curated(self, place: Place) -> bool: ...

    def transliterated(self, skeleton: str) -> list[Place]: ...


@dataclass(slots=True)
class _Row:
    place: Place
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    flags: frozenset[str]


Columns = tuple[int, ...]  # the positions of REQUIRED_COLUMNS in a file's column line
Deferred = dict[str, tuple[int, list[str], Columns]]  # place id -> (its row's position, its fields, their columns)


@gc_paused
def parse(lines: Iterator[str], deferred: Deferred | None = None) -> tuple[dict[str, str], list[_Row]]:
    """Parse the gazetteer TSV: '# key: value' header lines, a column line, then one place per line. With `deferred`,
    the towns that have only a Latin name (a GeoNames PPL with no Arabic name, alias or adjective and no flag but
    latin_only: 37% of the rows, found only through the transliteration index) are not made into places but kept
    there as their fields, by id (`make_row` makes one); the rows returned are the others."""
    meta: dict[str, str] = {}
    cols: list[str] | None = None
    rows: list[_Row] = []
    append = rows.append
    position = 0
    for line in lines:
        line = line.rstrip("\n")
        if not line:
            continue
        if line.startswith("# "):
            k, _, v = line[2:].partition(": ")
            meta[k] = v
            continue
        vals = line.split("\t")
        if cols is None:
            cols = vals
            missing = [c for c in REQUIRED_COLUMNS if c not in cols]
            if missing:
                raise ValueError(f"gazetteer lacks columns {missing}")
            # Column positions, looked up once (a dict per row was most of the parse time).
            ix: Columns = tuple(cols.index(c) for c in REQUIRED_COLUMNS)
            i_id, i_name_ar, i_aliases, i_adjectives, i_feature, i_flags = (ix[0], ix[2], ix[3], ix[4], ix[9], ix[13])
            ncols = len(cols)
            continue
        if len(vals) != ncols:
            raise ValueError(f"gazetteer line has {len(vals)} fields, the column line {ncols}: {line[:60]!r}")
        if (deferred is not None and vals[i_flags] == "latin_only" and vals[i_feature] == "PPL"
                and not (vals[i_name_ar] or vals[i_aliases] or vals[i_adjectives])):
            deferred[vals[i_id]] = (position, vals, ix)
        else:
            append(make_row(vals, ix))
        position += 1
    return meta, rows


def make_row(vals: list[str], ix: Columns) -> _Row:
    """The row of a line's fields, `ix` giving the positions of REQUIRED_COLUMNS."""
    (i_id, i_name, i_name_ar, i_aliases, i_adjectives, i_lat, i_lon, i_country, i_admin1, i_feature,
     i_population, i_precision, i_geonameid, i_flags) = ix
    name_ar = vals[i_name_ar]
    geonameid = vals[i_geonameid]
    place = Place(
        id=vals[i_id], name=vals[i_name], name_ar=name_ar or None, lat=float(vals[i_lat]),
        lon=float(vals[i_lon]), country=vals[i_country] or None, admin1=vals[i_admin1] or None,
        feature=vals[i_feature] or None, population=int(vals[i_population] or 0),
        precision=vals[i_precision],  # type: ignore[arg-type]
        geonameid=int(geonameid) if geonameid else None,
    )
    aliases = tuple(filter(None, vals[i_aliases].split("|")))
    return _Row(
        place=place,
        names=(name_ar, *aliases) if name_ar else aliases,
        adjectives=tuple(filter(None, vals[i_adjectives].split("|"))),
        flags=frozenset(filter(None, vals[i_flags].split("|"))),
    )


def parse_file(raw: bytes, deferred: Deferred | None = None) -> tuple[dict[str, str], list[_Row]]:
    """`parse` of a gazetteer file's bytes (gzipped TSV)."""
    with gzip.open(io.BytesIO(raw), "rt", encoding="utf-8") as fh:
        return parse(iter(fh), deferred)


def transliterable(place: Place, flags: frozenset[str]) -> bool:
    """Whether `Gazetteer.transliterated` may give this place: a GeoNames town with no Arabic name, or any GeoNames
    town of a country whose towns Arabic news writes out from Latin (LATIN_FALLBACK_COUNTRIES)."""
    return place.id.startswith("gn:") and place.feature in ("PPL", "PPLC") and (
        "latin_only" in flags or place.country in LATIN_FALLBACK_COUNTRIES)


@gc_paused
def skeleton_index(rows: Iterable[_Row]) -> dict[str, list[Place]]:
    """Consonant skeleton of the Latin name (rasd.text.translit) -> the transliterable places with it, in row order."""
    from rasd.text.translit import latin_skeleton

    index: dict[str, list[Place]] = {}
    for r in rows:
        if transliterable(r.place, r.flags):
            index.setdefault(latin_skeleton(r.place.name), []).append(r.place)
    return index


def skeleton_mirror(raw: bytes) -> str:
    """The text of SKELETON_MIRROR for the gazetteer file whose bytes are `raw`: a first line naming their SHA-256,
    then the index as JSON (skeleton -> place ids, in row order), one skeleton a line, sorted."""
    index = skeleton_index(parse_file(raw)[1])
    head = mirror_head(raw, source=RESOURCE, what="transliteration index: rasd.gazetteer.skeleton_index")
    lines = ",\n".join(f"{json.dumps(k)}: {json.dumps([p.id for p in index[k]])}" for k in sorted(index))
    return head + "\n{\n" + lines + "\n}\n"


@dataclass
class Gazetteer:
    """Places with their Arabic names and country adjectives; matchers are built on first use."""

    rows: list[_Row]
    meta: dict[str, str] = field(default_factory=dict)
    # towns with only a Latin name, kept unparsed until asked for (see `parse`): `load` reads them so, as most
    # articles need none of them (0.07 s of start-up); `all_rows` gives every row, in the file's order
    deferred: Deferred = field(default_factory=dict, repr=False)
    # the SHA-256 of the file the rows were read from (set by `load`): the transliteration index may come from its
    # mirror (SKELETON_MIRROR) only when it was made from that file; empty for rows given otherwise
    source_sha256: str = ""
    _by_name: dict[str, list[Place]] = field(default_factory=dict, init=False, repr=False)
    _matcher: PhraseMatcher[Place] | None = field(default=None, init=False, repr=False)
    _adjectives: PhraseMatcher[str] | None = field(default=None, init=False, repr=False)
    _cue: set[str] = field(default_factory=set, init=False, repr=False)
    _curated: set[str] = field(default_factory=set, init=False, repr=False)
    _countries: dict[str, Place] = field(default_factory=dict, init=False, repr=False)
    _divisions: dict[tuple[str, str], Place] = field(default_factory=dict, init=False, repr=False)
    _capitals: dict[str, Place] = field(default_factory=dict, init=False, repr=False)
    _common: frozenset[str] | None = field(default=None, init=False, repr=False)
    _skeletons: dict[str, list[str]] | None = field(default=None, init=False, repr=False)  # skeleton -> place ids
    _by_id: dict[str, Place] | None = field(default=None, init=False, repr=False)
    _all: list[_Row] | None = field(default=None, init=False, repr=False)
    _made: dict[str, _Row] = field(default_factory=dict, init=False, repr=False)  # the deferred rows made so far

    _cached: ClassVar[Gazetteer | None] = None  # per-process cache (set by load)
    _lock: ClassVar[threading.Lock] = threading.Lock()

    @gc_paused
    def __post_init__(self) -> None:
        for row in self.rows:
            for n in row.names:
                lst = self._by_name.setdefault(norm(n), [])
                if row.place not in lst:
                    lst.append(row.place)
            if "needs_cue" in row.flags:
                self._cue.add(row.place.id)
            if "curated" in row.flags or row.place.id.startswith("rasd:"):
                self._curated.add(row.place.id)
            if row.place.feature == "PCLI" and row.place.country:
                self._countries[row.place.country] = row.place
            elif row.place.feature == "ADM1" and row.place.country and row.place.admin1:
                self._divisions[(row.place.country, row.place.admin1)] = row.place
            elif row.place.feature == "PPLC" and row.place.country:
                known = self._capitals.get(row.place.country)
                if known is None or row.place.population > known.population:
                    self._capitals[row.place.country] = row.place

    @classmethod
    def load(cls) -> Gazetteer:
        """The shipped gazetteer, read once per process from the package resources."""
        with cls._lock:
            if cls._cached is None:
                cls._cached = cls._read_packaged()
            return cls._cached

    @classmethod
    @resident
    def _read_packaged(cls) -> Gazetteer:
        raw = resources.files("rasd").joinpath("resources", "data", RESOURCE).read_bytes()
        deferred: Deferred = {}
        meta, rows = parse_file(raw, deferred)
        return cls(rows=rows, meta=meta, deferred=deferred, source_sha256=hashlib.sha256(raw).hexdigest())

    @property
    def version(self) -> str:
        return self.meta.get("sha256", "unknown")[:12]

    def __len__(self) -> int:
        return len(self.rows) + len(self.deferred)

    def __iter__(self) -> Iterator[Place]:
        return (r.place for r in self.all_rows())

    def all_rows(self) -> list[_Row]:
        """Every row, the deferred ones made (once), in the file's order."""
        if not self.deferred:
            return self.rows
        if self._all is None:
            at = {pos: key for key, (pos, _, _) in self.deferred.items()}
            kept = iter(self.rows)
            self._all = [self._deferred_row(at[i]) if i in at else next(kept) for i in range(len(self))]
        return self._all

    def _deferred_row(self, place_id: str) -> _Row:
        """The row of a deferred place, made the first time it is asked for (one object however it is reached)."""
        row = self._made.get(place_id)
        if row is None:
            _, vals, ix = self.deferred[place_id]
            row = self._made[place_id] = make_row(vals, ix)
        return row

    def _rows_by_id(self) -> dict[str, Place]:
        """The places of `rows` (not the deferred ones) by id, made once."""
        if self._by_id is None:
            self._by_id = {r.place.id: r.place for r in self.rows}
        return self._by_id

    def _place(self, place_id: str) -> Place:
        """The place of that id, from the rows or the deferred ones."""
        place = self._rows_by_id().get(place_id)
        return place if place is not None else self._deferred_row(place_id).place

    def candidates(self, name: str) -> list[Place]:
        """Every place one of whose Arabic names normalises to `name` (clitics not stripped)."""
        key = norm(name)
        found = self._by_name.get(key)
        if found is None and key.startswith("ال"):
            found = self._by_name.get(key[2:])
        if found is None and len(key) > 3:
            found = self._by_name.get("ال" + key)
        return list(found or ())

    @property
    def matcher(self) -> PhraseMatcher[Place]:
        """A phrase matcher over every Arabic name; values are the places bearing that name."""
        if self._matcher is None:
            # Names without the article first: PhraseMatcher lets the first key claim an article-stripped slot, so
            # قامشلو must be indexed before القامشلو or it would only match after an article.
            pairs = sorted(
                ((n, r.place) for r in self.rows for n in matched_names(r.names)),
                key=lambda x: norm(x[0]).startswith("ال"),
            )
            self._matcher = PhraseMatcher(pairs)
        return self._matcher

    @property
    def adjectives(self) -> PhraseMatcher[str]:
        """A phrase matcher over country adjectives (السورية، الأردني ...); values are ISO country codes."""
        if self._adjectives is None:
            self._adjectives = PhraseMatcher(
                (a, r.place.country or "") for r in self.rows for a in r.adjectives if r.place.country
            )
        return self._adjectives

    def needs_cue(self, place: Place) -> bool:
        """True where the name is also an ordinary word and needs a trigger word or adjective to count."""
        return place.id in self._cue

    def is_common(self, key: str) -> bool:
        """True where the normalised one-word name is mostly an ordinary word or a person's name in news text."""
        if self._common is None:
            self._common = frozenset(n for n in self.meta.get("common_names", "").split("|") if n)
        return key in self._common

    def is_curated(self, place: Place) -> bool:
        """True for the supplement's places and GeoNames places it gave extra names to."""
        return place.id in self._curated

    def transliterated(self, skeleton: str) -> list[Place]:
        """The GeoNames towns of the Middle East and North Africa whose Latin name has this consonant skeleton
        (rasd.text.translit): those without an Arabic name, and those with one, so that a well-known town written
        another way (ريحانلي for Reyhanlı, not its Arabic name الريحانية) outranks a village that sounds alike."""
        if self._skeletons is None:
            self._skeletons = self._mirrored_skeletons() or {
                k: [p.id for p in places] for k, places in skeleton_index(self.all_rows()).items()}
        return [self._place(i) for i in self._skeletons.get(skeleton, ())]

    @gc_paused
    def _mirrored_skeletons(self) -> dict[str, list[str]] | None:
        """The index (skeleton -> place ids) from SKELETON_MIRROR when that was made from the file these rows were
        read from and names only their places, else None."""
        got = mirrored(SKELETON_MIRROR, self.source_sha256) if self.source_sha256 else None
        if not isinstance(got, dict):
            return None
        known = self._rows_by_id()
        try:
            if all(i in known or i in self.deferred for ids in got.values() for i in ids):
                return got
        except TypeError:  # made from these bytes, so only a hand-edited mirror gets here
            pass
        return None

    def country(self, code: str) -> Place | None:
        return self._countries.get(code)

    def capital(self, country: str) -> Place | None:
        """The country's capital (its most populous PPLC row), where the gazetteer has one."""
        return self._capitals.get(country)

    def division(self, country: str, admin1: str) -> Place | None:
        """The first-level division entry of that country and English admin1 name, where the gazetteer has one."""
        return self._divisions.get((country, admin1))
