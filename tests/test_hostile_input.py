"""Hostile input on the read path: fixture files for each failure of issue 12 and hypothesis over readers and records.

Every bad record is reported with its source and position and skipped; repaired fields are reported as warnings;
what is read is safe for every store (valid UTF-8, no NUL in keys, ids of bounded size)."""

from __future__ import annotations

import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasd.config import Limits
from rasd.ingest import ReadError, read_sources
from rasd.ingest.formats import read_stream
from rasd.ingest.records import ID_MAX_BYTES, NO_DATE, content_hash, from_record
from rasd.model import Article

sys.path.insert(0, str(Path(__file__).parent))
from hostile_files import LIMITS, make_hostile_corpus


def _items(paths: list[Path], limits: Limits = LIMITS) -> tuple[list[Article], list[ReadError]]:
    items = list(read_sources(paths, limits=limits))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, ReadError)]


def _safe(a: Article) -> None:
    for value in (a.id, a.text, a.title, a.outlet, a.url, a.source):
        if value is not None:
            value.encode("utf-8")  # no lone surrogate anywhere
    for value in (a.id, a.title, a.outlet, a.url):
        assert value is None or "\x00" not in value
    assert len(a.id.encode("utf-8")) <= max(ID_MAX_BYTES, 60)


def test_hostile_corpus_every_bad_record_named_rest_read(tmp_path: Path) -> None:
    want = make_hostile_corpus(tmp_path)
    arts, errs = _items([tmp_path])
    failed = [e for e in errs if not e.kept and not e.empty]
    jsonl = {e.position for e in failed if e.source.endswith("bad.jsonl")}
    assert jsonl == want["failed_jsonl_lines"]
    files = {Path(e.source.split("!")[0]).name for e in failed if not e.source.endswith("bad.jsonl")}
    assert files == want["failed_files"]
    assert len(arts) == want["stored"] and sum(e.empty for e in errs) == want["empty"]
    for a in arts:
        _safe(a)
    for e in errs:
        assert e.source and e.reason and "::" not in str(e) and "at at" not in str(e)
    # the binary .jsonl is one failure, not one per "line"
    assert sum(1 for e in errs if e.source.endswith("binary.jsonl")) == 1


def test_each_repair_is_a_warning_with_its_position(tmp_path: Path) -> None:
    make_hostile_corpus(tmp_path)
    arts, errs = _items([tmp_path / "bad.jsonl"])
    by_id = {a.id: a for a in arts}
    assert by_id["h2"].text.startswith("\ufffd") and len(by_id["h2"].text) == len("x تظاهر العمال أمام المصنع")
    assert "h3\\udc80" in by_id and by_id["h5"].id == "h5"
    assert by_id["h6"].title == "=1" and by_id["h6"].outlet == "x"
    assert "قصف في  الرقة" == by_id["h12"].text  # the NUL became a space: offsets keep
    long = next(a for a in arts if a.source and a.source.endswith(":7"))
    assert long.id.startswith("id-sha1:") and long.url and len(long.url) > 3000
    warned = {e.position for e in errs if e.kept}
    assert {"2", "3", "4", "5", "6", "7", "12"} <= warned


def test_over_limits_are_named_and_settable(tmp_path: Path) -> None:
    make_hostile_corpus(tmp_path)
    _, errs = _items([tmp_path / "bad.jsonl", tmp_path / "bomb.zip"])
    reasons = " | ".join(e.reason for e in errs)
    assert "--max-text-chars" in reasons and "--max-member-bytes" in reasons and "--max-archive-bytes" in reasons
    # the same files with the default limits: nothing is over them but the zip's 5 MB member of spaces
    arts, errs = _items([tmp_path / "bad.jsonl", tmp_path / "bomb.zip"], Limits(member_bytes=1 << 20))
    assert any(a.id == "h9" for a in arts) and any(a.id == "h14" for a in arts) and any(a.id == "z2" for a in arts)
    assert [e.source.rsplit("!", 1)[-1] for e in errs if "--max-member-bytes" in e.reason] == ["a-big.json"]


def test_zip_bomb_reads_at_most_the_limits(tmp_path: Path) -> None:
    import tracemalloc

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("spaces.json", " " * (200 << 20))  # 200 MB in about 200 KB
        z.writestr("lines.jsonl", ("x" * 1000 + "\n") * 100_000)  # 100 MB of lines
    (tmp_path / "bomb.zip").write_bytes(buf.getvalue())
    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip.compress(b" " * (100 << 20)))
    tracemalloc.start()
    _, errs = _items([tmp_path], Limits(member_bytes=1 << 20, archive_bytes=20 << 20))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 64 << 20, peak  # a few times the 1 MB member limit, never the archive's size
    reasons = [e.reason for e in errs]
    assert any("--max-member-bytes" in r for r in reasons) and any("--max-archive-bytes" in r for r in reasons)


def test_encodings_utf16_and_windows_1256(tmp_path: Path) -> None:
    text = "قصفت المدفعية قرية في ريف حلب"
    (tmp_path / "a.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "b.txt").write_bytes(text.encode("cp1256"))
    (tmp_path / "c.json").write_bytes(json.dumps([{"id": "c", "text": text}], ensure_ascii=False).encode("utf-16"))
    arts, errs = _items([tmp_path])
    assert [a.text for a in arts] == [text, text, text]
    assert [e.reason for e in errs if e.reason != NO_DATE] == ["decoded as windows-1256 (the bytes are not UTF-8)"]


def test_english_and_undated_input_get_a_word(tmp_path: Path) -> None:
    (tmp_path / "e.jsonl").write_text(json.dumps({"id": "e", "text": "Two soldiers were killed in Mosul."}) + "\n",
                                      encoding="utf-8")
    arts, errs = _items([tmp_path / "e.jsonl"])
    assert len(arts) == 1
    assert any("not Arabic" in e.reason for e in errs) and any(e.reason == NO_DATE for e in errs)


# -- hypothesis: any strings in any field of a record, and any bytes in any format

_ANY_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=()),
                    max_size=60)
_FIELD = st.one_of(st.none(), _ANY_TEXT, st.integers(), st.floats(allow_nan=True), st.lists(st.integers(), max_size=2))


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(_ANY_TEXT, st.just("قصف في حلب \ud800\x00")), id=_FIELD, title=_FIELD, outlet=_FIELD,
       published=_FIELD, url=_FIELD)
def test_fuzz_record_fields(text: str, id: object, title: object, outlet: object, published: object,
                            url: object) -> None:
    record = {"text": text, "id": id, "title": title, "outlet": outlet, "published": published, "url": url}
    out = from_record(record, "f.jsonl", "7", None)
    assert out and all(isinstance(x, Article | ReadError) for x in out)
    for x in out:
        if isinstance(x, Article):
            _safe(x)
            content_hash(x.text)
            assert x.source == "f.jsonl:7"
        else:
            assert x.source == "f.jsonl" and x.position == "7" and x.reason
    assert sum(isinstance(x, Article) for x in out) <= 1


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(st.one_of(
    st.binary(max_size=80),
    st.builds(lambda d: json.dumps(d), st.dictionaries(st.sampled_from(["id", "text", "title", "outlet", "url"]),
                                                       _ANY_TEXT, max_size=5)),
    st.builds(lambda d: json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass"),
              st.dictionaries(st.sampled_from(["id", "text", "title"]), _ANY_TEXT, max_size=3)),
), max_size=12), kind=st.sampled_from(["jsonl", "json", "txt", None]))
def test_fuzz_jsonl_streams(lines: list[object], kind: str | None) -> None:
    data = b"\n".join(x if isinstance(x, bytes) else str(x).encode("utf-8", "surrogatepass") for x in lines)
    items = list(read_stream(io.BufferedReader(io.BytesIO(data)), "s.jsonl", None, kind, limits=LIMITS))
    for it in items:
        if isinstance(it, Article):
            _safe(it)
        else:
            assert isinstance(it, ReadError) and it.source.startswith("s.jsonl") and it.reason


def test_html_pages_have_their_own_smaller_limit(tmp_path: Path) -> None:
    page = "<html><body><p>" + "قصف في حلب " * 200 + "</p></body></html>"
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    _, errs = _items([tmp_path / "p.html"], Limits(html_bytes=1000))
    assert [e.reason for e in errs] == ["HTML page larger than 1,000 bytes (--max-html-bytes): skipped"]
    arts, _ = _items([tmp_path / "p.html"], Limits())
    assert len(arts) == 1


def test_archives_nested_deep_stop(tmp_path: Path) -> None:
    data = (json.dumps({"id": "deep", "published": "2024-01-01", "text": "قصف في حلب"}, ensure_ascii=False)
            + "\n").encode("utf-8")
    name = "a.jsonl"
    for level in range(8):  # a zip in a gzip in a zip ... eight deep
        if level % 2:
            data, name = gzip.compress(data), name + ".gz"
        else:
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w") as z:
                z.writestr(name, data)
            data, name = buf.getvalue(), f"l{level}.zip"
    (tmp_path / name).write_bytes(data)
    arts, errs = _items([tmp_path])
    assert not arts and [e.reason for e in errs] == ["archives nested more than 4 deep: skipped"]


def test_json_nested_too_deep(tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_text('{"a":' * 100_000 + "1" + "}" * 100_000 + "\n"
                                      + json.dumps({"id": "ok", "text": "قصف في حلب"}, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    (tmp_path / "d.json").write_text("[" + "[" * 100_000 + "]" * 100_000 + "]", encoding="utf-8")
    (tmp_path / "e.json").write_text("{" + '"a": {' * 100_000 + "}" * 100_001, encoding="utf-8")
    arts, errs = _items([tmp_path], Limits())
    assert [a.id for a in arts] == ["ok"]
    assert sorted((Path(e.source).name, e.position) for e in errs if "nested too deep" in e.reason) == [
        ("d.json", "[0]"), ("d.jsonl", "1"), ("e.json", "")]


def test_a_number_too_long_for_python_fails_its_line_only(tmp_path: Path) -> None:
    ok = json.dumps({"id": "ok", "text": "قصف في حلب"}, ensure_ascii=False)
    for name in ("n.jsonl", "n.json"):
        (tmp_path / name).write_text('{"id": ' + "9" * 5000 + ', "text": "نص"}\n' + ok + "\n", encoding="utf-8")
    (tmp_path / "a.json").write_text("[" + ok + ', {"id": ' + "9" * 5000 + "}]", encoding="utf-8")
    arts, errs = _items([tmp_path], Limits())
    assert [a.id for a in arts] == ["ok", "ok", "ok"]
    assert sorted((Path(e.source).name, e.position) for e in errs if not e.kept) == [
        ("a.json", "[1]"), ("n.json", "1"), ("n.jsonl", "1")]


def test_implausible_publication_dates_are_left_empty() -> None:
    for published in ("9999-12-31", "0001-01-01", 253402300799):
        out = from_record({"id": "x", "published": published, "text": "قصف في حلب أمس"}, "p.jsonl", "1", None)
        article = out[-1]
        assert isinstance(article, Article) and article.published is None
        assert any(isinstance(e, ReadError) and e.kept and "published left empty" in e.reason for e in out)
