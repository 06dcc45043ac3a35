#!/usr/bin/env python3
"""Write the JSON mirrors of the packaged YAML files read at run time (rasd.loading.yaml_data).

    python scripts/compile_resources.py [--check]

For the lexicon's files (rasd.lexicon.DATA_FILES) and the actor dictionary's (rasd.actors.packaged_files), writes
src/rasd/resources/data/compiled/NAME.json: a first line {"sha256": the YAML bytes' SHA-256, "source": NAME}, then
the YAML's data as JSON (dates as ISO strings: rasd.loading.plain), one entry a line for a list. Run it after editing
any of those YAML files (or after the scripts that write them): a mirror made from other bytes is ignored at run
time, which then parses the YAML (correct, but start-up pays about 0.15 s more), and tests/test_compiled_resources.py
fails until the mirrors are written again. Deterministic: the same YAML gives the same bytes. With --check, writes
nothing and exits 1 when a mirror is missing or stale. Mirrors of files no longer read are removed (--check reports
them).

It also writes the gazetteer's transliteration index (rasd.gazetteer.SKELETON_MIRROR), made from gazetteer.tsv.gz's
bytes: run it after scripts/build_gazetteer.py, or after a change to rasd.text.translit.latin_skeleton or to which
towns are transliterable (the test fails until then; a stale index is computed at run time instead, at a cost of
half a second of start-up).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "src" / "rasd" / "resources" / "data"


def sources() -> list[tuple[str, bytes]]:
    """(name relative to resources/data, bytes) of every YAML file the package reads at run time."""
    from rasd.actors import packaged_files
    from rasd.lexicon import DATA_FILES

    out = [(name, (DATA / name).read_bytes()) for name in DATA_FILES]
    out += [(name, text.encode("utf-8")) for name, text in packaged_files()]
    return sorted(out)


def mirror(name: str, raw: bytes) -> str:
    """The JSON mirror's text for one YAML file."""
    from rasd.loading import mirror_head, parse_yaml, plain

    data: Any = plain(parse_yaml(raw), name)
    head = mirror_head(raw, source=name)
    if isinstance(data, list):  # one entry a line: a YAML edit changes few lines of the mirror
        body = "[\n" + ",\n".join(json.dumps(x, ensure_ascii=False) for x in data) + "\n]"
    else:
        body = json.dumps(data, ensure_ascii=False, indent=0)
    if json.loads(body) != data:
        raise SystemExit(f"compile_resources: {name}: its JSON does not give back its data")
    return head + "\n" + body + "\n"


def derived(out_dir: Path) -> dict[Path, str]:
    """Path -> text of the indexes derived from other packaged files (not YAML): the gazetteer's skeletons."""
    from rasd.gazetteer import RESOURCE, SKELETON_MIRROR, skeleton_mirror

    return {out_dir / SKELETON_MIRROR: skeleton_mirror((DATA / RESOURCE).read_bytes())}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 when a mirror is missing or stale")
    args = ap.parse_args()
    from rasd.loading import COMPILED

    out_dir = DATA / COMPILED
    wanted = {out_dir / (name + ".json"): mirror(name, raw) for name, raw in sources()}
    wanted.update(derived(out_dir))
    stale = [p for p, text in wanted.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
    extra = [p for p in out_dir.rglob("*.json") if p not in wanted] if out_dir.is_dir() else []
    for p in [*stale, *extra]:
        why = "missing or stale" if p in wanted else "not read at run time"
        print(f"{why}: {p.relative_to(DATA)}", file=sys.stderr)
    if args.check:
        return 1 if stale or extra else 0
    for p in stale:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(wanted[p], encoding="utf-8")
    for p in extra:
        p.unlink()
    print(f"{len(wanted)} mirrors in {out_dir.relative_to(DATA.parents[3])}: {len(stale)} written, "
          f"{len(extra)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
