"""Readers for one stream of one format: text, JSON Lines, JSON arrays, HTML, RSS/Atom, WARC, gzip and zip."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, cast

from rasd.config import DEFAULT_LIMITS, Limits
from rasd.ingest.decoding import (
    UTF16_BOMS,
    Budget,
    OverArchiveLimit,
    Raw,
    decode,
    metered,
    read_whole,
    text_of,
)
from rasd.ingest.records import ReadError, from_record, looks_binary, make_article, title_of
from rasd.model import Article

if TYPE_CHECKING:
    from trafilatura.settings import Document

Item = Article | ReadError
KINDS = ("txt", "jsonl", "json", "html", "feed", "warc", "gz", "zip")
EXTENSIONS: dict[str, str] = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".warc": "warc", ".arc": "warc",
    ".gz": "gz", ".zip": "zip",
}
_STREAM_ERRORS = (OSError, EOFError, zlib.error, zipfile.BadZipFile, ValueError, UnicodeDecodeError)
_TEXT_KINDS = ("txt", "jsonl", "json", "html", "feed")
MAX_NESTING = 4  # archives inside archives read, at most
TOO_DEEP = "invalid JSON: nested too deep"
BAD_LINES_BEFORE_GIVING_UP = 20  # this many invalid lines and not one good record: the file is not JSON Lines


def kind_of_name(name: str) -> str | None:
    """The format a file name announces by its extension, None when it says nothing."""
    low = name.lower()
    for ext, kind in EXTENSIONS.items():
        if low.endswith(ext):
            return kind
    return None


def sniff(head: bytes) -> str | None:
    """The format of a stream from its first bytes; None for binary data that is none of ours."""
    if head.startswith(b"\x1f\x8b"):
        return "gz"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(UTF16_BOMS):
        text = head[: len(head) // 2 * 2].decode("utf-16", errors="ignore").lstrip()
    else:
        try:
            text = head.decode("utf-8-sig", errors="strict" if len(head) < 1024 else "ignore").lstrip()
        except UnicodeDecodeError:
            text = head.decode("cp1256", errors="replace").lstrip()  # older Arabic sites
        if "\x00" in text or looks_binary(head.decode("cp1256", errors="replace")):
            return None
    low = text[:1024].lower()
    if text.startswith("["):
        return "json"
    if text.startswith("{"):
        return "jsonl"
    if low.startswith("<?xml") or low.startswith("<rss") or low.startswith("<feed"):
        return "feed" if ("<rss" in low or "<feed" in low or "<rdf" in low) else "html"
    if low.startswith("<!doctype html") or low.startswith("<html") or "<body" in low or "<head" in low:
        return "html"
    return "txt"


def read_text(fh: IO[bytes], source: str, default_date: dt.date | None, limits: Limits = DEFAULT_LIMITS
              ) -> Iterator[Item]:
    """One plain-text file is one article: id = content hash, title = its first line when short."""
    for text in text_of(fh, source, limits, "text file"):
        if isinstance(text, ReadError):
            yield text
            continue
        yield from make_article(text=text, source=source, position="", title=title_of(text),
                                default_date=default_date, limits=limits)


def _lines(fh: IO[bytes], cap: int) -> Iterator[bytes | None]:
    """The lines of a stream; None for a line over `cap` bytes, which is read past without keeping it."""
    while raw := fh.readline(cap + 1):
        if len(raw) > cap and not raw.endswith(b"\n"):
            while (rest := fh.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield None
        else:
            yield raw


def read_jsonl(fh: IO[bytes], source: str, default_date: dt.date | None, limits: Limits = DEFAULT_LIMITS
               ) -> Iterator[Item]:
    """One JSON object a line; a bad line is a ReadError naming its line number and reading goes on.

    A line over Limits.member_bytes is skipped unread; a file whose first lines are all invalid is not JSON Lines,
    and the rest of it is skipped after BAD_LINES_BEFORE_GIVING_UP errors."""
    bad_start = 0
    good = False
    for n, raw in enumerate(_lines(fh, limits.member_bytes), 1):
        if raw is None:
            yield ReadError(source, str(n), f"line longer than {limits.member_bytes:,} bytes (--max-member-bytes): "
                                            "skipped")
            continue
        if not raw.strip():
            continue
        got = decode(raw, source, str(n))
        record: object = None
        if isinstance(got, ReadError):
            err: ReadError | None = got
        else:
            line, note = got
            if note:
                yield ReadError(source, str(n), note, True)
            try:
                record = json.loads(line)
                err = None
            except json.JSONDecodeError as e:
                err = ReadError(source, str(n), f"invalid JSON: {e.msg} (column {e.colno})")
            except RecursionError:
                err = ReadError(source, str(n), TOO_DEEP)
            except ValueError as e:  # a number of more than 4,300 digits
                err = ReadError(source, str(n), f"invalid JSON: {e}"[:200])
        if err is not None:
            yield err
            bad_start += not good
            if not good and bad_start >= BAD_LINES_BEFORE_GIVING_UP:
                yield ReadError(source, f"{n + 1}-", f"the first {bad_start} lines are not JSON: not JSON Lines, "
                                                     "the rest of the file is skipped")
                return
            continue
        good = True
        yield from from_record(record, source, str(n), default_date, limits)


def iter_json_array(text: str, source: str, default_date: dt.date | None, limits: Limits = DEFAULT_LIMITS
                    ) -> Iterator[Item]:
    """Decode a JSON array element by element, so that a truncated file still yields the elements before the cut."""
    dec = json.JSONDecoder()
    i = 1
    n = len(text)
    index = 0
    while True:
        while i < n and text[i] in " \t\r\n,":
            i += 1
        if i >= n:
            yield ReadError(source, f"[{index}]", "truncated JSON array (no closing ])")
            return
        if text[i] == "]":
            return
        try:
            record, i = dec.raw_decode(text, i)
        except json.JSONDecodeError as e:
            yield ReadError(source, f"[{index}]", f"invalid JSON: {e.msg} (char {e.pos}); rest of the array skipped")
            return
        except RecursionError:
            yield ReadError(source, f"[{index}]", f"{TOO_DEEP}; rest of the array skipped")
            return
        except ValueError as e:
            yield ReadError(source, f"[{index}]", f"invalid JSON: {e}; rest of the array skipped"[:200])
            return
        yield from from_record(record, source, f"[{index}]", default_date, limits)
        index += 1


def read_json(fh: IO[bytes], source: str, default_date: dt.date | None, limits: Limits = DEFAULT_LIMITS
              ) -> Iterator[Item]:
    """A JSON array of records (SaudiNewsNet's daily files), a single record, or JSON Lines misnamed .json."""
    for text in text_of(fh, source, limits, "JSON file"):
        if isinstance(text, ReadError):
            yield text
            continue
        yield from _json_body(text.lstrip(), source, default_date, limits)


def _json_body(body: str, source: str, default_date: dt.date | None, limits: Limits) -> Iterator[Item]:
    if body.startswith("["):
        yield from iter_json_array(body, source, default_date, limits)
        return
    try:
        record = json.loads(body)
    except RecursionError:
        yield ReadError(source, "", TOO_DEEP)
        return
    except ValueError:  # invalid JSON (or a number of more than 4,300 digits): maybe JSON Lines named .json
        if body.startswith("{"):
            yield from read_jsonl(io.BytesIO(body.encode("utf-8")), source, default_date, limits)
        else:
            yield ReadError(source, "", "not JSON")
        return
    if isinstance(record, dict) and isinstance(record.get("articles"), list):
        for k, rec in enumerate(record["articles"]):
            yield from from_record(rec, source, f"[{k}]", default_date, limits)
        return
    yield from from_record(record, source, "", default_date, limits)


def article_from_html(
    data: bytes | str, source: str, position: str, url: str | None, default_date: dt.date | None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Item]:
    """Main text and metadata (title, date, site name) of an HTML page, boilerplate removed by trafilatura."""
    import trafilatura

    try:
        # as_dict is False (the default), so the result is a Document or None, never a dict
        doc = cast("Document | None", trafilatura.bare_extraction(
            data, url=url, with_metadata=True, include_comments=False))
    except Exception as e:  # trafilatura raises many kinds on garbage input
        return [ReadError(source, position, f"HTML extraction failed: {type(e).__name__}")]
    if doc is None or not (doc.text or "").strip():
        return [ReadError(source, position, "no main text found in HTML")]
    assert doc.text is not None  # non-empty, checked just above
    return make_article(
        text=doc.text,
        source=source,
        position=position,
        url=url or doc.url,
        title=doc.title,
        published=doc.date,
        outlet=doc.sitename or doc.hostname,
        default_date=default_date,
        limits=limits,
    )


def read_html(fh: IO[bytes], source: str, default_date: dt.date | None, limits: Limits = DEFAULT_LIMITS
              ) -> Iterator[Item]:
    data = read_whole(fh, source, limits, "HTML page", cap=limits.html_bytes, option="--max-html-bytes")
    if isinstance(data, ReadError):
        yield data
        return
    yield from article_from_html(data, source, "", None, default_date, limits)


def _html_to_text(fragment: str) -> str:
    import lxml.html

    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fromstring(fragment)
    except Exception:
        return fragment
    for br in root.iter("br", "p", "div", "li"):
        br.tail = "\n" + (br.tail or "")
    return root.text_content().strip()


def read_feed(fh: IO[bytes], source: str, default_date: dt.date | None, limits: Limits = DEFAULT_LIMITS
              ) -> Iterator[Item]:
    """RSS or Atom: each entry with content (or summary) is an article; the feed title is the outlet."""
    import feedparser

    data = read_whole(fh, source, limits, "feed")
    if isinstance(data, ReadError):
        yield data
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        why = str(parsed.get("bozo_exception") or "no entries")[:120]
        yield ReadError(source, "", f"not a readable feed: {why}")
        return
    outlet = parsed.feed.get("title")
    for k, e in enumerate(parsed.entries):
        body = ""
        if e.get("content"):
            body = "\n".join(c.get("value", "") for c in e.content)
        body = body or e.get("summary", "") or e.get("description", "")
        text = _html_to_text(body)
        title = e.get("title")
        date = e.get("published") or e.get("updated") or e.get("dc_date")
        yield from make_article(
            text=text,
            source=source,
            position=f"entry {k}",
            id=e.get("id") or None,
            url=e.get("link"),
            title=title,
            published=date,
            outlet=outlet,
            default_date=default_date,
            limits=limits,
        )


def read_warc(fh: IO[bytes], source: str, default_date: dt.date | None, limits: Limits = DEFAULT_LIMITS
              ) -> Iterator[Item]:
    """WARC or WARC.gz: each HTML response record, its page text through trafilatura; other records skipped."""
    import tempfile

    from fastwarc.warc import ArchiveIterator, WarcRecordType

    if not fh.seekable():  # fastwarc needs to seek: spool streams (zip members, decompressed gzip) first
        spool = tempfile.SpooledTemporaryFile(max_size=64 << 20)
        while chunk := fh.read(1 << 20):
            spool.write(chunk)
        spool.seek(0)
        fh = spool  # type: ignore[assignment]
    pos = "@0"
    try:
        it = iter(ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True))
    except BaseException as e:  # fastwarc's Rust panics are BaseExceptions
        if isinstance(e, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        yield ReadError(source, pos, f"unreadable WARC: {type(e).__name__}: {e}"[:200])
        return
    while True:
        try:
            rec = next(it)
        except StopIteration:
            return
        except BaseException as e:
            if isinstance(e, KeyboardInterrupt | SystemExit | GeneratorExit):
                raise
            yield ReadError(source, pos, f"corrupt WARC stream: {type(e).__name__}: {e}"[:200])
            return
        pos = f"@{rec.stream_pos}"
        ctype = (rec.http_headers.get("Content-Type") if rec.http_headers else None) or ""
        if "html" not in ctype.lower():
            continue
        url = rec.headers.get("WARC-Target-URI")
        try:
            cap = min(limits.member_bytes, limits.html_bytes)
            body = rec.reader.read(cap + 1)
        except Exception as e:
            yield ReadError(source, pos, f"truncated WARC record: {type(e).__name__}")
            return
        if len(body) > cap:
            yield ReadError(source, pos, f"WARC record larger than {cap:,} bytes (--max-html-bytes): skipped")
            continue
        yield from article_from_html(body, source, pos, url, default_date, limits)


READERS = {
    "txt": read_text, "jsonl": read_jsonl, "json": read_json, "html": read_html, "feed": read_feed, "warc": read_warc,
}


def read_stream(
    fh: IO[bytes], source: str, default_date: dt.date | None, kind: str | None = None, name: str | None = None,
    *, limits: Limits = DEFAULT_LIMITS, budget: Budget | None = None,
) -> Iterator[Item]:
    """Read one stream, by the given kind, else its name (default: source), else its first bytes; never raises.

    `budget` counts what enclosing archives have decompressed so far (a new one for an outermost archive)."""
    name = source if name is None else name
    buf = fh if isinstance(fh, io.BufferedReader) else io.BufferedReader(Raw(fh), 1 << 16)
    try:
        head = buf.peek(4096)[:4096]
    except OverArchiveLimit as e:
        yield ReadError(source, "", str(e))
        return
    except _STREAM_ERRORS as e:
        yield ReadError(source, "", f"unreadable: {type(e).__name__}: {e}"[:200])
        return
    if kind in (None, "gz", "zip"):
        sniffed = sniff(head)
        if sniffed in ("gz", "zip", "warc"):
            kind = sniffed
    kind = kind or kind_of_name(name) or sniff(head)
    if kind is None:
        yield ReadError(source, "", "binary data of no known format")
        return
    if kind in _TEXT_KINDS and sniff(head) is None:
        yield ReadError(source, "", f"binary data, not {_KIND_NAMES[kind]}")
        return
    if kind in ("gz", "zip"):
        budget = budget if budget is not None else Budget(limits.archive_bytes)
        if budget.depth >= MAX_NESTING:  # an archive in an archive in an archive ... (a zip quine never ends)
            yield ReadError(source, "", f"archives nested more than {MAX_NESTING} deep: skipped")
            return
        budget.depth += 1
    try:
        if kind in _TEXT_KINDS and head.startswith(UTF16_BOMS):
            yield from _read_utf16(buf, source, default_date, kind, limits)
        elif kind == "gz":
            assert budget is not None
            inner = name[:-3] if name.lower().endswith(".gz") else ""
            if kind_of_name(inner) == "warc":  # fastwarc reads gzipped WARC itself, record by record
                yield from read_warc(buf, source, default_date, limits)
                return
            with gzip.GzipFile(fileobj=buf) as gz:
                yield from read_stream(metered(cast(IO[bytes], gz), budget), source, default_date,
                                       kind_of_name(inner), name=inner, limits=limits, budget=budget)
        elif kind == "zip":
            assert budget is not None
            yield from read_zip(buf, source, default_date, limits=limits, budget=budget)
        else:
            yield from READERS[kind](buf, source, default_date, limits)
    except OverArchiveLimit as e:
        yield ReadError(source, "", str(e))
    except _STREAM_ERRORS as e:
        yield ReadError(source, "", f"truncated or corrupt {kind}: {type(e).__name__}: {e}"[:200])
    except Exception as e:  # a reader's library failing on input nobody foresaw: that file fails, reading goes on
        yield ReadError(source, "", f"unreadable {kind}: {type(e).__name__}: {e}"[:200])
    finally:
        if kind in ("gz", "zip") and budget is not None:
            budget.depth -= 1


_KIND_NAMES = {"txt": "text", "jsonl": "JSON Lines", "json": "JSON", "html": "HTML", "feed": "an RSS/Atom feed"}


def _read_utf16(fh: IO[bytes], source: str, default_date: dt.date | None, kind: str, limits: Limits
                ) -> Iterator[Item]:
    """A text format in UTF-16 (with its byte-order mark): decoded whole, then read as UTF-8."""
    for text in text_of(fh, source, limits, f"{_KIND_NAMES[kind]} file"):
        if isinstance(text, ReadError):
            yield text
            continue
        yield from READERS[kind](io.BufferedReader(io.BytesIO(text.encode("utf-8"))), source, default_date, limits)


def read_zip(fh: IO[bytes], source: str, default_date: dt.date | None, *, limits: Limits = DEFAULT_LIMITS,
             budget: Budget | None = None) -> Iterator[Item]:
    """Each member of a zip archive in name order, one member in memory at a time, within the archive's budget."""
    budget = budget if budget is not None else Budget(limits.archive_bytes)
    if not fh.seekable():  # a zip inside a gzip stream: zipfile needs to seek
        data = read_whole(fh, source, limits, "zip archive inside a compressed stream")
        if isinstance(data, ReadError):
            yield data
            return
        fh = io.BytesIO(data)
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
        yield ReadError(source, "", f"corrupt zip: {e}"[:200])
        return
    with zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            if info.is_dir() or info.filename.rsplit("/", 1)[-1].startswith((".", "__MACOSX")):
                continue
            name = f"{source}!{info.filename}"
            try:
                with zf.open(info) as member:
                    yield from read_stream(metered(member, budget), name, default_date, kind_of_name(info.filename),
                                           limits=limits, budget=budget)
            except OverArchiveLimit as e:
                yield ReadError(source, f"!{info.filename}", str(e))
                return
            except (*_STREAM_ERRORS, RuntimeError, NotImplementedError) as e:  # encrypted, unknown compression
                yield ReadError(source, f"!{info.filename}", f"corrupt zip member: {type(e).__name__}: {e}"[:200])
            if budget.used > budget.limit:
                return
