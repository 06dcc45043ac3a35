"""The JSON mirrors of the packaged YAML files (rasd.loading.yaml_data, scripts/compile_resources.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
from pathlib import Path

import pytest
import yaml

from rasd import gazetteer, loading
from rasd.actors import ActorDictionary
from rasd.gazetteer import Gazetteer

_PATH = Path(__file__).resolve().parents[1] / "scripts" / "compile_resources.py"
_spec = importlib.util.spec_from_file_location("compile_resources", _PATH)
assert _spec is not None and _spec.loader is not None
compile_resources = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compile_resources)


def test_every_mirror_is_made_from_the_yaml_the_package_ships() -> None:
    """Fails after a YAML edit until `python scripts/compile_resources.py` is run again."""
    for name, raw in compile_resources.sources():
        path = compile_resources.DATA / loading.COMPILED / (name + ".json")
        assert path.is_file(), f"{name}: no mirror; run scripts/compile_resources.py"
        assert path.read_text(encoding="utf-8") == compile_resources.mirror(name, raw), (
            f"{name}: its mirror is stale; run scripts/compile_resources.py")


def test_the_transliteration_index_mirror_is_made_from_the_shipped_gazetteer() -> None:
    """Fails after the gazetteer is rebuilt, or the skeletons change, until compile_resources.py is run again."""
    for path, text in compile_resources.derived(compile_resources.DATA / loading.COMPILED).items():
        assert path.is_file(), f"{path.name}: no mirror; run scripts/compile_resources.py"
        assert path.read_text(encoding="utf-8") == text, f"{path.name}: stale; run scripts/compile_resources.py"


def test_the_shipped_gazetteer_reads_its_transliteration_index_from_the_mirror(
        monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = Gazetteer.load()
    computed = gazetteer.skeleton_index(shipped.all_rows())
    deferring = Gazetteer(rows=shipped.rows, meta=shipped.meta, deferred=shipped.deferred,
                          source_sha256=shipped.source_sha256)
    whole = Gazetteer(rows=shipped.all_rows(), meta=shipped.meta, source_sha256=shipped.source_sha256)
    monkeypatch.setattr(gazetteer, "skeleton_index", lambda rows: pytest.fail("computed though the mirror is current"))
    for fresh in (deferring, whole):  # the towns with only a Latin name kept unparsed until found, or parsed
        assert fresh.transliterated("srkms") == computed["srkms"] != []
        assert fresh._skeletons == {k: [p.id for p in places] for k, places in computed.items()}


def test_rows_from_elsewhere_or_a_stale_mirror_compute_the_index(monkeypatch: pytest.MonkeyPatch) -> None:
    """The mirror names the bytes it was made from: other rows (a test's, an edited file's) never read it."""
    shipped = Gazetteer.load()
    one = next(r for r in shipped.all_rows() if gazetteer.transliterable(r.place, r.flags))
    calls: list[int] = []
    real = gazetteer.skeleton_index
    monkeypatch.setattr(gazetteer, "skeleton_index", lambda rows: calls.append(1) or real(rows))
    for g in (Gazetteer(rows=[one], meta=shipped.meta), Gazetteer(rows=[one], source_sha256="0" * 64)):
        assert g.transliterated(next(iter(real([one])))) == [one.place]
    assert calls == [1, 1]


def test_a_mirror_gives_the_yaml_data_with_dates_as_text() -> None:
    name, raw = next((n, r) for n, r in compile_resources.sources() if n.startswith("actors/"))
    parsed = yaml.safe_load(raw)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(loading, "parse_yaml", lambda _: pytest.fail("parsed the YAML though its mirror is current"))
        got = loading.yaml_data(name, raw)
    assert got == loading.plain(parsed)


def test_yaml_with_other_bytes_is_parsed_not_read_from_the_mirror(monkeypatch: pytest.MonkeyPatch) -> None:
    name, raw = compile_resources.sources()[0]
    edited = raw + b"\n# edited since\n"
    calls: list[str | bytes] = []
    monkeypatch.setattr(loading, "parse_yaml", lambda b: calls.append(b) or {})
    loading.yaml_data(name, edited)
    assert calls == [edited]


def test_a_file_with_no_mirror_is_parsed() -> None:
    assert loading.yaml_data("no/such.yaml", "a: 1\n") == {"a": 1}


def test_plain_gives_dates_as_iso_text_and_refuses_keys_json_would_change() -> None:
    assert loading.plain({"from": dt.date(2015, 3, 26), "xs": [dt.date(2020, 1, 2), 3, None]}) == {
        "from": "2015-03-26", "xs": ["2020-01-02", 3, None]}
    with pytest.raises(ValueError, match=r"x\.yaml: key 1 is not a string"):
        loading.plain({1: "a"}, "x.yaml")


def test_actor_dates_read_from_a_mirror_as_from_the_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """A mirror holds `from` and `until` as ISO text; the dictionary reads them as the YAML's dates."""
    text = ("- id: TST.GNA\n  name: test accord government\n  name_ar: حكومة الاختبار\n  kind: government\n"
            "  country: LY\n  from: 2015-12-17\n  until: 2021-03-15\n  aliases_ar: [حكومة الاختبار الليبية]\n")
    from_yaml = ActorDictionary([("actors/test.yaml", text)])
    monkeypatch.setattr("rasd.actors.yaml_data", lambda name, raw: loading.plain(loading.parse_yaml(raw), name))
    from_mirror = ActorDictionary([("actors/test.yaml", text)])
    for day in (dt.date(2015, 12, 16), dt.date(2015, 12, 17), dt.date(2021, 3, 14), dt.date(2021, 3, 15)):
        got = [c.actor_id for c in from_mirror.candidates("حكومة الاختبار الليبية", day)]
        assert got == [c.actor_id for c in from_yaml.candidates("حكومة الاختبار الليبية", day)]
        assert got == (["TST.GNA"] if dt.date(2015, 12, 17) <= day < dt.date(2021, 3, 15) else [])


def test_the_checker_reports_a_stale_mirror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "modes.yaml").write_text("suffixes: [ه]\n", encoding="utf-8")
    monkeypatch.setattr(compile_resources, "DATA", tmp_path)
    monkeypatch.setattr(compile_resources, "sources", lambda: [("modes.yaml", (tmp_path / "modes.yaml").read_bytes())])
    monkeypatch.setattr(compile_resources, "derived", lambda out_dir: {})
    monkeypatch.setattr("sys.argv", ["compile_resources.py", "--check"])
    assert compile_resources.main() == 1
    assert "missing or stale: compiled/modes.yaml.json" in capsys.readouterr().err
    monkeypatch.setattr("sys.argv", ["compile_resources.py"])
    assert compile_resources.main() == 0
    text = (tmp_path / "compiled" / "modes.yaml.json").read_text(encoding="utf-8")
    head = json.loads(text.splitlines()[0])
    assert head == {"sha256": hashlib.sha256(b"suffixes: [\xd9\x87]\n").hexdigest(), "source": "modes.yaml"}
    monkeypatch.setattr("sys.argv", ["compile_resources.py", "--check"])
    assert compile_resources.main() == 0
