"""Readers: every format on tiny Arabic fixtures, plus fuzzing with truncated, binary and malformed input."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.ingest import ReadError, parse_date, read_sources
from rasd.ingest.formats import read_stream
from rasd.ingest.records import NO_DATE
from rasd.model import Article

DATA = Path(__file__).parent / "fixtures" / "ingest" / "data"


def _read(*paths: str | Path, **kw: object) -> tuple[list[Article], list[ReadError]]:
    items = list(read_sources([str(p) for p in paths], **kw))  # type: ignore[arg-type]
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, ReadError)]


def test_plain_text_id_is_content_hash_and_title_first_line() -> None:
    arts, errs = _read(DATA / "article.txt", published=dt.date(2024, 1, 1))
    assert not errs and len(arts) == 1
    a = arts[0]
    assert a.id.startswith("sha1:") and a.title == "عنوان قصير للخبر" and a.published == dt.date(2024, 1, 1)
    assert a.text.startswith("عنوان قصير")


def test_jsonl_fields_bad_lines_and_bad_dates() -> None:
    arts, errs = _read(DATA / "articles.jsonl")
    assert [a.id for a in arts] == ["a1", "a2", "a3", "http://example.org/u5"]
    a1, a2, a3, _ = arts
    assert a1.outlet == "جريدة الاختبار" and a1.published == dt.date(2024, 3, 5) and a1.url
    assert a2.outlet == "وكالة" and a2.published == dt.date(2024, 3, 5) and a2.text.startswith("أعلنت")
    assert a3.published is None
    kept = [e for e in errs if e.kept]
    failed = [e for e in errs if not e.kept]
    assert [(e.position, e.reason.split(" ")[0]) for e in kept] == [("3", "unparseable"), ("6", "no")]
    assert kept[1].reason.startswith("no publication date")
    assert {e.position for e in failed} == {"4", "5"}
    assert all(e.source.endswith("articles.jsonl") for e in errs)


def test_saudinewsnet_json_array_and_zip() -> None:
    arts, errs = _read(DATA / "saudinewsnet.json")
    assert not errs
    assert [a.id for a in arts] == ["http://example.org/s1", "http://example.org/s2"]
    assert arts[0].outlet == "sabq" and arts[0].published == dt.date(2015, 7, 21) and arts[0].title == "خبر"
    zarts, zerrs = _read(DATA / "daily.zip")
    assert not zerrs and [a.id for a in zarts] == [a.id for a in arts]
    assert "daily.zip!2015-07-21.json:[1]" in (zarts[1].source or "")


def test_gzip_jsonl() -> None:
    arts, errs = _read(DATA / "articles.jsonl.gz")
    assert not errs and [a.id for a in arts] == ["g1"]


def test_html_boilerplate_removed_and_metadata() -> None:
    arts, errs = _read(DATA / "page.html")
    assert not errs and len(arts) == 1
    a = arts[0]
    assert "قصف الطيران" in a.text and "الرئيسية" not in a.text and "الحقوق" not in a.text
    assert a.title and "إدلب" in a.title
    assert a.outlet == "جريدة الاختبار"
    assert a.published == dt.date(2024, 3, 6)


def test_rss_and_atom() -> None:
    arts, errs = _read(DATA / "feed.rss", DATA / "feed.atom")
    assert not errs
    assert [a.id for a in arts] == ["r1", "http://example.org/r2", "urn:e1"]
    assert arts[0].outlet == "وكالة الاختبار" and arts[0].published == dt.date(2024, 3, 5)
    assert "<p>" not in arts[0].text and arts[0].text.startswith("قصف")
    assert arts[2].outlet == "موقع أتوم" and arts[2].text.startswith("تظاهر")


def test_warc_and_warc_gz() -> None:
    arts, errs = _read(DATA / "crawl.warc", DATA / "crawl.warc.gz")
    assert not errs
    assert [a.id for a in arts] == ["http://example.org/w1", "http://example.org/w3", "http://example.org/w4"]
    assert "حلب" in arts[1].text and "@" in (arts[1].source or "")


def test_directory_walk_sorted_recursive() -> None:
    arts, _errs = _read(DATA)
    names = [Path((a.source or "").split(":")[0].split("!")[0]).name for a in arts]
    assert names == sorted(names)
    assert len(arts) == 17


def test_stdin(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = (json.dumps({"id": "x", "text": "خبر من الإدخال القياسي"}, ensure_ascii=False) + "\n").encode()

    class FakeStdin:
        buffer = io.BytesIO(data)

    monkeypatch.setattr("sys.stdin", FakeStdin)
    arts, errs = _read("-")
    assert [e.reason for e in errs] == [NO_DATE] and arts[0].id == "x" and arts[0].source == "<stdin>:1"


def test_missing_file_and_truncated_archives(tmp_path: Path) -> None:
    zdata = (DATA / "daily.zip").read_bytes()
    (tmp_path / "cut.zip").write_bytes(zdata[: len(zdata) // 2])
    gdata = gzip.compress(b'{"id": "1", "text": "\xd9\x86\xd8\xb5"}\n' * 200)
    (tmp_path / "cut.jsonl.gz").write_bytes(gdata[: len(gdata) - 10])
    (tmp_path / "cut.json").write_text('[{"id": "1", "text": "نص أول"}, {"id": "2", "te', encoding="utf-8")
    (tmp_path / "garbage.txt").write_bytes(bytes(range(256)) * 4)
    arts, errs = _read(tmp_path / "nope.jsonl", *sorted(tmp_path.iterdir()))
    assert {Path(e.source).name.split("!")[0] for e in errs} >= {"nope.jsonl", "cut.zip", "cut.jsonl.gz", "cut.json",
                                                                   "garbage.txt"}
    assert [a.id for a in arts if a.source and "cut.json:" in a.source] == ["1"]  # salvaged prefix


def test_parse_date_formats() -> None:
    d = dt.date(2015, 7, 21)
    for s in ("2015-07-21", "2015-07-21 02:51:32", "2015-07-21T02:51:32Z", "21/07/2015",
              "Tue, 21 Jul 2015 10:00:00 GMT", "July 21, 2015", "٢٠١٥-٠٧-٢١"):
        assert parse_date(s) == d, s
    assert parse_date("garbage") is None and parse_date("") is None and parse_date({"x": 1}) is None


_KINDS = ["txt", "jsonl", "json", "html", "feed", "warc", "gz", "zip", None]


def _samples() -> list[bytes]:
    return [p.read_bytes() for p in sorted(DATA.iterdir())]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from(_samples()),
    cut=st.floats(0, 1),
    noise=st.binary(max_size=64),
    kind=st.sampled_from(_KINDS),
)
def test_fuzz_truncated_and_noisy_input_never_crashes(
    sample: bytes, cut: float, noise: bytes, kind: str | None
) -> None:
    data = sample[: int(len(sample) * cut)] + noise
    items = list(read_stream(io.BufferedReader(io.BytesIO(data)), "fuzz.bin", None, kind))  # type: ignore[arg-type]
    for it in items:
        assert isinstance(it, Article | ReadError)
        if isinstance(it, ReadError):
            assert it.source.startswith("fuzz") and it.reason
        else:
            assert it.id and it.text.strip()


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=512))
def test_fuzz_binary_garbage(data: bytes) -> None:
    for kind in _KINDS:
        for it in read_stream(io.BufferedReader(io.BytesIO(data)), "g", None, kind):  # type: ignore[arg-type]
            assert isinstance(it, Article | ReadError)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=40), st.dictionaries(st.text(max_size=8), st.text(max_size=20))),
                max_size=8))
def test_fuzz_malformed_json_records(records: list[object]) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.json", json.dumps(records, ensure_ascii=False))
        z.writestr("b.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in records))
    items = list(read_stream(io.BufferedReader(io.BytesIO(buf.getvalue())), "z.zip", None))
    assert all(isinstance(i, Article | ReadError) for i in items)


@pytest.mark.parametrize("record", [{"content": ""}, {"content": None}, {"text": " \n "}])
def test_records_with_blank_text_are_empty_errors(record: dict[str, object]) -> None:
    from rasd.ingest.records import from_record

    (err,) = from_record(record, "s.json", "[0]", None)
    assert isinstance(err, ReadError) and err.empty and err.reason == "empty text" and not err.kept


def test_record_without_any_text_field_is_a_failure() -> None:
    from rasd.ingest.records import from_record

    (err,) = from_record({"title": "عنوان", "body_html": "<p>نص</p>"}, "s.json", "[0]", None)
    assert isinstance(err, ReadError) and not err.empty and "no text field" in err.reason
