"""Turning raw records (dicts, text, HTML) into Articles: ids, dates, field mapping, and the ReadError type."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from rasd.model import Article
from rasd.text.normalise import norm

TITLE_MAX = 200  # a first line longer than this is not taken as a title
EMPTY = "empty text"  # the reason of a record whose text field is blank or null
TEXT_KEYS = ("text", "content", "body", "article")


@dataclass(frozen=True, slots=True)
class ReadError:
    """A record or file that could not be read (kept=False), or a problem with an article that was still read.

    `position` is where in `source` it happened: a line number, a record index ("[12]"), a WARC offset ("@1234"),
    a zip member ("!2015-07-21.json"). When `kept` is True the article was yielded anyway, right after this
    notice, with the faulty field left empty (a date that could not be parsed becomes published=None).
    """

    source: str
    position: str
    reason: str
    kept: bool = False

    @property
    def empty(self) -> bool:
        """True for a record whose text is empty or missing: nothing to extract, a skip rather than a failure."""
        return self.reason == EMPTY

    def __str__(self) -> str:
        where = f"{self.source}:{self.position}" if self.position else self.source
        return f"{where}: {self.reason}"


def content_hash(text: str) -> str:
    """sha1 of the normalised text: equal for copies that differ only in diacritics, letter forms or spacing."""
    return hashlib.sha1(norm(text).encode("utf-8")).hexdigest()


_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y",
    "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y%m%d",
)
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def parse_date(value: Any) -> dt.date | None:
    """A date from ISO, RFC 822, common numeric and month-name formats (Arabic too); None when unparseable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 0 < value < 2**33:  # unix seconds
            return dt.datetime.fromtimestamp(value, tz=dt.UTC).date()
        return None
    if not isinstance(value, str):
        return None
    s = value.strip().translate(_ARABIC_DIGITS)
    if not s or len(s) > 100:
        return None
    try:
        return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", s):
        try:
            return dt.date.fromisoformat(s[:10])
        except ValueError:
            return None
    if not re.search(r"\d{4}", s):
        return None
    import dateparser  # slow to import: only for the odd formats (Arabic month names ...)

    parsed = dateparser.parse(s, languages=["ar", "en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else None


def looks_binary(text: str) -> bool:
    """True for decoded bytes that are not prose: NULs or many control characters."""
    if "\x00" in text:
        return True
    sample = text[:4096]
    if not sample:
        return False
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return bad / len(sample) > 0.05


def _first(record: dict[str, Any], *keys: str) -> Any:
    for k in keys:
        v = record.get(k)
        if v not in (None, ""):
            return v
    return None


def title_of(text: str) -> str | None:
    """The first line of a text when it is short and more lines follow."""
    lines = text.strip().split("\n", 1)
    if len(lines) == 2 and 0 < len(lines[0].strip()) <= TITLE_MAX:
        return lines[0].strip()
    return None


def make_article(
    *,
    text: str,
    source: str,
    position: str,
    id: Any = None,
    url: str | None = None,
    title: str | None = None,
    published: Any = None,
    outlet: str | None = None,
    default_date: dt.date | None = None,
) -> list[Article | ReadError]:
    """An Article (with a kept-ReadError before it when its date was unparseable), or a ReadError alone."""
    where = f"{source}:{position}" if position else source
    if not isinstance(text, str) or not text.strip():
        return [ReadError(source, position, EMPTY)]
    if looks_binary(text):
        return [ReadError(source, position, "binary or garbled text")]
    out: list[Article | ReadError] = []
    date = parse_date(published)
    if published not in (None, "") and date is None:
        out.append(ReadError(source, position, f"unparseable date {str(published)[:40]!r}: published left empty", True))
    if id is not None and not isinstance(id, str | int):
        id = None
    aid = str(id).strip() if id is not None and str(id).strip() else None
    url = url.strip() if isinstance(url, str) and url.strip() else None
    aid = aid or url or "sha1:" + content_hash(text)
    out.append(
        Article(
            id=aid,
            text=text,
            title=title.strip() if isinstance(title, str) and title.strip() else None,
            published=date or default_date,
            outlet=outlet.strip() if isinstance(outlet, str) and outlet.strip() else None,
            url=url,
            source=where,
        )
    )
    return out


def from_record(record: Any, source: str, position: str, default_date: dt.date | None) -> list[Article | ReadError]:
    """Map a JSON record (our fields, or SaudiNewsNet's id/source/url/date_extracted/title/author/content)."""
    if not isinstance(record, dict):
        return [ReadError(source, position, f"record is a {type(record).__name__}, not an object")]
    text = _first(record, *TEXT_KEYS)
    if text is None:
        if any(k in record for k in TEXT_KEYS):  # SaudiNewsNet has records with "content": "" or null
            return [ReadError(source, position, EMPTY)]
        return [ReadError(source, position, "record has no text field (text, content, body or article)")]
    if not isinstance(text, str):
        return [ReadError(source, position, "text field is not a string")]
    return make_article(
        text=text,
        source=source,
        position=position,
        id=_first(record, "id", "doc_id", "_id"),
        url=_first(record, "url", "link"),
        title=_first(record, "title", "headline"),
        published=_first(record, "published", "date", "date_published", "date_extracted", "pubdate"),
        outlet=_first(record, "outlet", "source", "sitename", "publisher"),
        default_date=default_date,
    )
