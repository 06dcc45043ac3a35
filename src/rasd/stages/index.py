"""One document's mentions, places, dates, counts, cues and triggers indexed by position, built once per stage call so
that every event's look-ups cost the size of its sentence, not of the article."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rasd.doc import Doc
from rasd.model import Count, Cue, Mention, PlaceMention, Span, Trigger, When
from rasd.text.place_context import DATELINE, SEAT
from rasd.text.spans import SpanIndex

T = TypeVar("T")


@dataclass
class DocIndex:
    """Position indexes over one document's annotations."""

    doc: Doc
    scenes: SpanIndex[PlaceMention]  # place mentions that can be a scene: not a dateline or a seat
    mentions: SpanIndex[Mention]
    dates: SpanIndex[When]  # dates resolved to a day or more
    counts: SpanIndex[Count]
    cues: SpanIndex[Cue]
    triggers: SpanIndex[Trigger]
    _para_starts: list[int] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)  # per-document values computed once (the dominant country)

    @classmethod
    def of(cls, doc: Doc) -> DocIndex:
        return cls(
            doc=doc,
            scenes=SpanIndex(p for p in doc.places if p.role not in (DATELINE, SEAT)),
            mentions=SpanIndex(doc.mentions),
            dates=SpanIndex(w for w in doc.dates if w.start is not None),
            counts=SpanIndex(doc.counts),
            cues=SpanIndex(doc.cues),
            triggers=SpanIndex(doc.triggers),
            _para_starts=[p.start for p in doc.paragraphs],
        )

    @classmethod
    def cached(cls, doc: Doc) -> DocIndex:
        """The index of `doc`, built once while the same document is being worked on (the last one is kept)."""
        last = _LAST[0]
        if last is None or last.doc is not doc:
            last = cls.of(doc)
            _LAST[0] = last
        return last

    def memo(self, key: str, make: Callable[[], T]) -> T:
        """A per-document value made once by `make` and kept in `cache` under `key`."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]  # type: ignore[no-any-return]

    def sentence(self, i: int, fallback: Span) -> Span:
        return self.doc.sentences[i] if self.doc.sentences else fallback

    def paragraph(self, pos: int, fallback: Span) -> Span:
        """The paragraph holding `pos` (as Doc.paragraph_of, in log time)."""
        paras = self.doc.paragraphs
        if not paras:
            return fallback
        i = bisect_right(self._para_starts, pos) - 1
        if i >= 0 and pos < paras[i].end:
            return paras[i]
        return paras[-1]


_LAST: list[DocIndex | None] = [None]  # the index built last (it holds its document, so the identity check is safe)
