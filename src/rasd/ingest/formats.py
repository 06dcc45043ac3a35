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

from rasd.ingest.records import ReadError, from_record, make_article, title_of
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
    try:
        text = head.decode("utf-8-sig", errors="strict" if len(head) < 1024 else "ignore").lstrip()
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
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


def _decode(data: bytes, source: str, position: str = "") -> str | ReadError:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                pass
        return ReadError(source, position, f"not UTF-8 text (byte {e.start})")


def read_text(fh: IO[bytes], source: str, default_date: dt.date | None) -> Iterator[Item]:
    """One plain-text file is one article: id = content hash, title = its first line when short."""
    text = _decode(fh.read(), source)
    if isinstance(text, ReadError):
        yield text
        return
    yield from make_article(text=text, source=source, position="", title=title_of(text), default_date=default_date)


def read_jsonl(fh: IO[bytes], source: str, default_date: dt.date | None) -> Iterator[Item]:
    """One JSON object a line; a bad line is a ReadError naming its line number and reading goes on."""
    for n, raw in enumerate(fh, 1):
        if not raw.strip():
            continue
        line = _decode(raw, source, str(n))
        if isinstance(line, ReadError):
            yield line
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield ReadError(source, str(n), f"invalid JSON: {e.msg} at column {e.colno}")
            continue
        yield from from_record(record, source, str(n), default_date)


def iter_json_array(text: str, source: str, default_date: dt.date | None) -> Iterator[Item]:
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
            yield ReadError(source, f"[{index}]", f"invalid JSON: {e.msg} at char {e.pos}; rest of the array skipped")
            return
        yield from from_record(record, source, f"[{index}]", default_date)
        index += 1


def read_json(fh: IO[bytes], source: str, default_date: dt.date | None) -> Iterator[Item]:
    """A JSON array of records (SaudiNewsNet's daily files), a single record, or JSON Lines misnamed .json."""
    text = _decode(fh.read(), source)
    if isinstance(text, ReadError):
        yield text
        return
    body = text.lstrip()
    if body.startswith("["):
        yield from iter_json_array(body, source, default_date)
        return
    try:
        record = json.loads(body)
    except json.JSONDecodeError:
        if body.startswith("{"):
            yield from read_jsonl(io.BytesIO(body.encode("utf-8")), source, default_date)
        else:
            yield ReadError(source, "", "not JSON")
        return
    if isinstance(record, dict) and isinstance(record.get("articles"), list):
        for k, rec in enumerate(record["articles"]):
            yield from from_record(rec, source, f"[{k}]", default_date)
        return
    yield from from_record(record, source, "", default_date)


def article_from_html(
    data: bytes | str, source: str, position: str, url: str | None, default_date: dt.date | None
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
    )


def read_html(fh: IO[bytes], source: str, default_date: dt.date | None) -> Iterator[Item]:
    yield from article_from_html(fh.read(), source, "", None, default_date)


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


def read_feed(fh: IO[bytes], source: str, default_date: dt.date | None) -> Iterator[Item]:
    """RSS or Atom: each entry with content (or summary) is an article; the feed title is the outlet."""
    import feedparser

    data = fh.read()
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
        )


def read_warc(fh: IO[bytes], source: str, default_date: dt.date | None) -> Iterator[Item]:
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
            body = rec.reader.read()
        except Exception as e:
            yield ReadError(source, pos, f"truncated WARC record: {type(e).__name__}")
            return
        yield from article_from_html(body, source, pos, url, default_date)


READERS = {
    "txt": read_text, "jsonl": read_jsonl, "json": read_json, "html": read_html, "feed": read_feed, "warc": read_warc,
}


def read_stream(
    fh: IO[bytes], source: str, default_date: dt.date | None, kind: str | None = None, name: str | None = None
) -> Iterator[Item]:
    """Read one stream, by the given kind, else its name (default: source), else its first bytes; never raises."""
    name = source if name is None else name
    buf = fh if isinstance(fh, io.BufferedReader) else io.BufferedReader(_Raw(fh), 1 << 16)
    try:
        head = buf.peek(4096)[:4096]
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
    if kind == "txt" and sniff(head) is None:
        yield ReadError(source, "", "binary data, not text")
        return
    try:
        if kind == "gz":
            inner = name[:-3] if name.lower().endswith(".gz") else ""
            if kind_of_name(inner) == "warc":  # fastwarc reads gzipped WARC itself, record by record
                yield from read_warc(buf, source, default_date)
                return
            with gzip.GzipFile(fileobj=buf) as gz:
                yield from read_stream(cast(IO[bytes], gz), source, default_date, kind_of_name(inner), name=inner)
        elif kind == "zip":
            yield from read_zip(buf, source, default_date)
        else:
            yield from READERS[kind](buf, source, default_date)
    except _STREAM_ERRORS as e:
        yield ReadError(source, "", f"truncated or corrupt {kind}: {type(e).__name__}: {e}"[:200])


def read_zip(fh: IO[bytes], source: str, default_date: dt.date | None) -> Iterator[Item]:
    """Each member of a zip archive in name order, one member in memory at a time."""
    if not fh.seekable():
        fh = io.BytesIO(fh.read())
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
                    yield from read_stream(member, name, default_date, kind_of_name(info.filename))
            except _STREAM_ERRORS as e:
                yield ReadError(source, f"!{info.filename}", f"corrupt zip member: {type(e).__name__}: {e}"[:200])


class _Raw(io.RawIOBase):
    """Adapts any binary file object to RawIOBase so that it can be buffered and peeked."""

    def __init__(self, fh: IO[bytes]) -> None:
        self._fh = fh

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._fh.read(len(b))
        n = len(data)
        b[:n] = data
        return n
