"""LICENSE and NOTICE stay true: the code's licence is declared once, and every shipped data file is in NOTICE."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]
DATA = ROOT / "src" / "rasd" / "resources" / "data"


def test_license_is_apache_and_declared_as_spdx() -> None:
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")[:200]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "Apache-2.0" and set(project["license-files"]) == {"LICENSE", "NOTICE"}


def test_notice_names_every_shipped_data_file_and_what_is_not_clean() -> None:
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    for f in sorted(DATA.rglob("*")):
        if not f.is_file() or f.name.endswith("README.md"):
            continue
        rel = f.relative_to(DATA).as_posix()
        named = rel in notice or f.name in notice or f"{f.parent.name}/*{f.suffix}" in notice
        assert named, f"NOTICE does not say the licence of {rel}"
    for must in ("research use only", "CC BY-SA 4.0", "CC BY 4.0", "NOT licence-clean"):
        assert must in notice
