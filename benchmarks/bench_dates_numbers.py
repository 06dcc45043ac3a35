"""Compare rasd's date and number parsing with dateparser on the same expressions (tests/data tables)."""

from __future__ import annotations

import datetime as dt
import time
import warnings
from pathlib import Path

from rasd.text.dates import find_dates
from rasd.text.normalise import normalise
from rasd.text.numbers import parse_number

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


def _date_ok(got: dt.date | None, start: str, end: str) -> bool:
    if start == "-":
        return got is None
    if start == "unresolved":
        return got is None
    return got is not None and start <= got.isoformat() <= end


def _rasd_date(expr: str, pub: dt.date | None) -> dt.date | None:
    ws = find_dates(normalise(expr), pub)
    return ws[0].start if ws else None


def _dateparser_date(expr: str, pub: dt.date | None) -> dt.date | None:
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": dt.datetime.combine(pub, dt.time(12))} if pub else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(expr, languages=["ar"], settings=settings)  # type: ignore[arg-type]
    return found[0][1].date() if found else None


def _bench(fn, rows, check) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    ok = sum(check(fn(*r[:-1]), r[-1]) for r in rows)
    el = time.perf_counter() - t
    return ok / len(rows), len(rows) / el


def main() -> None:
    drows = [(r[0], None if r[1] == "-" else dt.date.fromisoformat(r[1]), (r[2], r[3])) for r in _rows(
        "date_expressions.tsv")]
    qrows = [(r[0], (r[1], r[2])) for r in _rows("quantity_expressions.tsv")]

    def dcheck(got: dt.date | None, want: tuple[str, str]) -> bool:
        return _date_ok(got, *want)

    def qcheck(got: tuple[int, int | None] | None, want: tuple[str, str]) -> bool:
        if want[0] == "none":
            return got is None
        return got == (int(want[0]), None if want[1] == "-" else int(want[1]))

    print("| task | system | expressions | accuracy | expressions/s |")
    print("| --- | --- | ---: | ---: | ---: |")
    _dateparser_date("أمس", dt.date(2022, 1, 1))  # load dateparser's language data before timing
    for name, fn in (("rasd", _rasd_date), ("dateparser 1.x search_dates(ar)", _dateparser_date)):
        acc, rate = _bench(fn, drows, dcheck)
        print(f"| dates | {name} | {len(drows)} | {acc:.1%} | {rate:,.0f} |")
    acc, rate = _bench(parse_number, qrows, qcheck)
    print(f"| numbers | rasd | {len(qrows)} | {acc:.1%} | {rate:,.0f} |")
    print("| numbers | dateparser | - | does not parse numbers | - |")
    print("| numbers | puckling (Duckling port) | - | not runnable: needs Python 3.13 | - |")


if __name__ == "__main__":
    main()
