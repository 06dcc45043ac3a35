"""Query-string filters of the HTTP API parsed into a frozen EventFilter, and opaque pagination cursors."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

MODALITIES = ("asserted", "reported", "alleged", "speculative", "denied", "future")
SORTS = ("date", "-date", "published", "-published", "killed", "-killed")
MULTI = ("country", "admin1", "type", "mode", "actor", "recipient", "outlet", "modality")
MAX_VALUES = 50
MAX_VALUE_LEN = 200
MAX_LIMIT = 500
DEFAULT_LIMIT = 50

_TYPE = re.compile(r"^[A-Z_]{2,40}$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class FilterError(ValueError):
    """A query parameter that cannot be read; `param` names it, the message says what is wrong."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param


@dataclass(frozen=True, slots=True, kw_only=True)
class EventFilter:
    """What a filtered view of the events asks for. Values of one field are OR-ed, fields AND-ed."""

    country: tuple[str, ...] = ()
    admin1: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    mode: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    recipient: tuple[str, ...] = ()
    outlet: tuple[str, ...] = ()
    modality: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    q: str | None = None
    sort: str = "-date"
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None

    def to_query(self) -> dict[str, str]:
        """The query parameters that parse back to this filter (comma-joined values; defaults left out)."""
        out: dict[str, str] = {}
        for name in MULTI:
            values: tuple[str, ...] = getattr(self, name)
            if values:
                out[name] = ",".join(values)
        if self.date_from:
            out["from"] = self.date_from.isoformat()
        if self.date_to:
            out["to"] = self.date_to.isoformat()
        if self.bbox:
            out["bbox"] = ",".join(repr(v) for v in self.bbox)
        if self.q:
            out["q"] = self.q
        if self.sort != "-date":
            out["sort"] = self.sort
        if self.limit != DEFAULT_LIMIT:
            out["limit"] = str(self.limit)
        if self.cursor:
            out["cursor"] = self.cursor
        return out

    def without_paging(self) -> EventFilter:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(cursor=None, limit=DEFAULT_LIMIT)
        return EventFilter(**values)


def _values(params: Mapping[str, Sequence[str]], name: str) -> tuple[str, ...]:
    out: list[str] = []
    for raw in params.get(name, ()):
        for part in raw.split(","):
            value = part.strip()
            if not value:
                continue
            if len(value) > MAX_VALUE_LEN:
                raise FilterError(name, f"a value is longer than {MAX_VALUE_LEN} characters")
            if value not in out:
                out.append(value)
    if len(out) > MAX_VALUES:
        raise FilterError(name, f"at most {MAX_VALUES} values")
    return tuple(out)


def _one(params: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = [v for v in params.get(name, ()) if v != ""]
    if len(values) > 1:
        raise FilterError(name, "given more than once")
    return values[0] if values else None


def _date(name: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise FilterError(name, f"{value[:40]!r} is not a date (YYYY-MM-DD)") from None


def _month(value: str) -> tuple[dt.date, dt.date]:
    m = _MONTH.match(value)
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1:
        raise FilterError("month", f"{value[:40]!r} is not a month (YYYY-MM)")
    year, month = int(m.group(1)), int(m.group(2))
    first = dt.date(year, month, 1)
    last = dt.date(year, 12, 31) if month == 12 else dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return first, last


def _bbox(value: str) -> tuple[float, float, float, float]:
    parts = value.split(",")
    if len(parts) != 4:
        raise FilterError("bbox", "four numbers: west,south,east,north")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise FilterError("bbox", f"{value[:60]!r} is not four numbers") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise FilterError("bbox", "numbers must be finite")
    if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180 and west <= east):
        raise FilterError("bbox", "west <= east within [-180, 180], south <= north within [-90, 90]")
    return west, south, east, north


def parse_limit(value: str | None, *, maximum: int = MAX_LIMIT, default: int = DEFAULT_LIMIT) -> int:
    if value is None:
        return default
    if not re.fullmatch(r"\+?\d{1,9}", value.strip()):
        raise FilterError("limit", f"{value[:40]!r} is not a whole number")
    n = int(value)
    if not 1 <= n <= maximum:
        raise FilterError("limit", f"must be between 1 and {maximum}")
    return n


def parse_filter(params: Mapping[str, Sequence[str]], *, max_limit: int = MAX_LIMIT) -> EventFilter:
    """An EventFilter from query parameters (each a list of raw values); FilterError names a bad one."""
    multi = {name: _values(params, name) for name in MULTI}
    for value in multi["type"]:
        if not _TYPE.match(value):
            raise FilterError("type", f"{value[:40]!r} is not an event type (e.g. ASSAULT)")
    for value in multi["country"]:
        if not _COUNTRY.match(value):
            raise FilterError("country", f"{value[:40]!r} is not a two-letter country code")
    multi["country"] = tuple(dict.fromkeys(v.upper() for v in multi["country"]))
    for value in multi["modality"]:
        if value not in MODALITIES:
            raise FilterError("modality", f"{value[:40]!r} is not one of {', '.join(MODALITIES)}")
    date_from = _date("from", _one(params, "from"))
    date_to = _date("to", _one(params, "to"))
    month = _one(params, "month")
    if month is not None:
        first, last = _month(month)
        date_from = max(date_from, first) if date_from else first
        date_to = min(date_to, last) if date_to else last
    if date_from and date_to and date_from > date_to:
        raise FilterError("to", "the date range ends before it starts")
    bbox_raw = _one(params, "bbox")
    q = _one(params, "q")
    if q is not None:
        q = q.strip() or None
        if q and len(q) > MAX_VALUE_LEN:
            raise FilterError("q", f"longer than {MAX_VALUE_LEN} characters")
    sort = _one(params, "sort") or "-date"
    if sort not in SORTS:
        raise FilterError("sort", f"{sort[:40]!r} is not one of {', '.join(SORTS)}")
    cursor = _one(params, "cursor")
    if cursor is not None:
        decode_cursor(cursor)
    return EventFilter(
        **multi, date_from=date_from, date_to=date_to, bbox=_bbox(bbox_raw) if bbox_raw else None, q=q, sort=sort,
        limit=parse_limit(_one(params, "limit"), maximum=max_limit), cursor=cursor,
    )


def encode_cursor(values: Sequence[Any]) -> str:
    """An opaque cursor for keyset pagination (the last row's sort key and identity)."""
    raw = json.dumps([v.isoformat() if isinstance(v, dt.date) else v for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise FilterError("cursor", "not a cursor this API gave out") from None
    if not isinstance(values, list) or not values or not all(
        isinstance(v, str | int | float) and not isinstance(v, bool) for v in values
    ):
        raise FilterError("cursor", "not a cursor this API gave out")
    return values
