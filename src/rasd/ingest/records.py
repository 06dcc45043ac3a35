"""Turning raw records (dicts, text, HTML) into Articles: ids, dates, field mapping, and the ReadError type."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from rasd.config import DEFAULT_LIMITS, Limits
from rasd.model import Article
from rasd.text.normalise import norm

TITLE_MAX = 200  # a first line longer than this is not taken as a title
STORED_TITLE_MAX = 2000  # a title field longer than this is cut (with a warning)
PLAUSIBLE_YEARS = (1800, 2200)  # a publication date outside them is taken for garbage (and would overflow dates)
ID_MAX_BYTES = 512  # an id longer than this (UTF-8 bytes) is replaced by its hash: database keys have size limits
EMPTY = "empty text"  # the reason of a record whose text field is blank or null
NO_DATE = "no publication date: event dates are left unresolved (give --published)"
TEXT_KEYS = ("text", "content", "body", "article")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LETTER = re.compile(r"[^\W\d_]")


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
    return hashlib.sha1(norm(text).encode("utf-8", "surrogatepass")).hexdigest()


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
    import email.utils  # here, not at the top: the email package costs start-up about 25 ms, for RFC 2822 dates only

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
    """True for decoded bytes that are not prose: many control characters (NULs included) or replacement marks."""
    sample = text[:4096]
    if not sample:
        return False
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return bad / len(sample) > 0.05


def arabic_share(text: str) -> float | None:
    """The share of Arabic letters among the letters of (the first 20,000 characters of) a text; None: no letters."""
    sample = text[:20000]
    letters = len(_LETTER.findall(sample))
    return len(_ARABIC.findall(sample)) / letters if letters else None


def clean_field(value: str) -> tuple[str, bool]:
    """A metadata string safe for every store: NUL removed, lone surrogates escaped; and whether it was changed."""
    out = value.replace("\x00", "")
    if _SURROGATE.search(out):
        out = out.encode("utf-8", "backslashreplace").decode("utf-8")
    return out, out != value


def clean_text(text: str) -> tuple[str, list[str]]:
    """An article text with NULs and lone surrogates replaced one for one (offsets keep), and what was replaced."""
    notes = []
    if "\x00" in text:
        notes.append(f"{text.count(chr(0))} NUL character(s) in the text replaced by spaces")
        text = text.replace("\x00", " ")
    if _SURROGATE.search(text):
        notes.append("invalid Unicode (lone surrogate) in the text replaced by U+FFFD")
        text = _SURROGATE.sub("\ufffd", text)
    return text, notes


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


def _meta(value: Any, name: str, notes: list[str]) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    out, changed = clean_field(value.strip())
    if changed:
        notes.append(f"NUL or invalid Unicode in {name} removed or escaped")
    return out or None


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
    limits: Limits = DEFAULT_LIMITS,
) -> list[Article | ReadError]:
    """An Article (after kept-ReadErrors for what was wrong but repaired), or a ReadError alone.

    Repaired and kept (a warning): an unparseable date, NULs or lone surrogates in any field, an over-long id
    (replaced by its hash) or title (cut), text that is not Arabic or has no publication date. Refused: empty,
    binary or over-long text."""
    where = f"{source}:{position}" if position else source
    if not isinstance(text, str) or not text.strip():
        return [ReadError(source, position, EMPTY)]
    if len(text) > limits.text_chars:
        return [ReadError(source, position, f"text of {len(text):,} characters is over the limit of "
                                            f"{limits.text_chars:,} (--max-text-chars): skipped")]
    if looks_binary(text.replace("\x00", "")) or text.count("\x00") * 20 > len(text) + 20:  # a stray NUL is no sign
        return [ReadError(source, position, "binary or garbled text")]
    notes: list[str] = []
    text, text_notes = clean_text(text)
    notes.extend(text_notes)
    date = parse_date(published)
    if published not in (None, "") and date is None:
        shown = clean_field(str(published)[:40])[0]
        notes.append(f"unparseable date {shown!r}: published left empty")
    elif date is not None and not PLAUSIBLE_YEARS[0] <= date.year <= PLAUSIBLE_YEARS[1]:
        notes.append(f"unparseable date {date.isoformat()!r} (not a news date): published left empty")
        date = None
    if id is not None and not isinstance(id, str | int):
        id = None
    aid = _meta(str(id) if id is not None else None, "id", notes)
    url = _meta(url, "url", notes)
    aid = aid or url or "sha1:" + content_hash(text)
    if len(aid.encode("utf-8")) > ID_MAX_BYTES:
        notes.append(f"id of {len(aid):,} characters replaced by its hash (over {ID_MAX_BYTES} bytes)")
        aid = "id-sha1:" + hashlib.sha1(aid.encode("utf-8")).hexdigest()
    title = _meta(title, "title", notes)
    if title and len(title) > STORED_TITLE_MAX:
        notes.append(f"title of {len(title):,} characters cut to {STORED_TITLE_MAX}")
        title = title[:STORED_TITLE_MAX]
    share = arabic_share(text)
    if share is not None and share < 0.2:
        notes.append(f"text is not Arabic ({share:.0%} Arabic letters): expect no events")
    if published in (None, "") and default_date is None:
        notes.append(NO_DATE)
    outlet = _meta(outlet, "outlet", notes)
    article = Article(id=aid, text=text, title=title, published=date or default_date, outlet=outlet, url=url,
                      source=where)
    return [*(ReadError(source, position, n, True) for n in notes), article]


def from_record(
    record: Any, source: str, position: str, default_date: dt.date | None, limits: Limits = DEFAULT_LIMITS
) -> list[Article | ReadError]:
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
        limits=limits,
    )
