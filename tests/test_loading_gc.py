"""The collector around resource loading (rasd.loading.gc_paused, resident): paused while tables are built, restored
after, also on error; a resident loader's tables are frozen out of the collector's reach once, not on each call."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from rasd import loading


@pytest.fixture
def collector() -> Iterator[None]:
    was_on = gc.isenabled()
    gc.enable()
    yield
    if not was_on:
        gc.disable()


def test_gc_paused_pauses_and_restores_also_on_error(collector: None) -> None:
    seen: list[bool] = []

    @loading.gc_paused
    def build(fail: bool) -> int:
        seen.append(gc.isenabled())
        if fail:
            raise ValueError("bad table")
        return 1

    assert build(False) == 1 and gc.isenabled()
    with pytest.raises(ValueError, match="bad table"):
        build(True)
    assert seen == [False, False] and gc.isenabled()
    frozen = gc.get_freeze_count()
    fresh = [{"new": i} for i in range(1000)]  # tracked objects a freeze would take
    build(False)
    assert gc.get_freeze_count() <= frozen and fresh  # a plain pause freezes nothing


def test_resident_freezes_what_it_built_and_leaves_a_paused_caller_paused(collector: None) -> None:
    @loading.resident
    def build() -> list[dict[str, int]]:
        assert not gc.isenabled()
        return [{"row": i} for i in range(1000)]

    table = build()
    assert gc.isenabled() and gc.get_freeze_count() >= len(table)
    gc.disable()  # inside another paused build: nothing is frozen, and the collector stays off
    frozen = gc.get_freeze_count()
    build()
    assert not gc.isenabled() and gc.get_freeze_count() <= frozen


def test_the_packaged_loaders_freeze_once() -> None:
    from rasd.actors import ActorDictionary
    from rasd.gazetteer import Gazetteer
    from rasd.lexicon import Lexicon

    Gazetteer.load(), ActorDictionary.load(), Lexicon.load()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    fresh = [{"new": i} for i in range(1000)]  # tracked objects a second freeze would take
    for _ in range(3):  # cached: no second freeze (which would keep a caller's garbage cycles for good)
        Gazetteer.load(), ActorDictionary.load(), Lexicon.load()
    assert gc.get_freeze_count() <= frozen and fresh
