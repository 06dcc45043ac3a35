"""The document object that flows through the pipeline stages: an Article plus each stage's typed findings."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from rasd.model import (
    Article,
    Count,
    Cue,
    Dropped,
    Event,
    Mention,
    PlaceMention,
    Span,
    Trigger,
    When,
)
from rasd.text.normalise import Normalised
from rasd.text.tokens import Tokens


@dataclass(frozen=True, kw_only=True, slots=True)
class Doc:
    """Immutable working state: each stage returns a copy with the fields it assigns filled in."""

    article: Article
    nt: Normalised | None = None
    body_end: int | None = None  # where page boilerplate starts (original offset); None when none found
    headline_end: int = 0  # end of a headline line at the top of the text (0 when none)
    paragraphs: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    names: tuple[tuple[Span, str], ...] = ()  # tagger spans (PERS, ORG, LOC)
    mentions: tuple[Mention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    dates: tuple[When, ...] = ()
    counts: tuple[Count, ...] = ()
    cues: tuple[Cue, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    modes: tuple[tuple[Span, str], ...] = ()
    events: tuple[Event, ...] = ()
    dropped: tuple[Dropped, ...] = ()
    versions: dict[str, str] = field(default_factory=dict)
    tokens: Tokens | None = field(default=None, compare=False, repr=False)  # the token layer (see `words`)
    done: frozenset[str] = frozenset()  # names of the fields assigned so far (checked by the pipeline)

    def assign(self, stage: str, version: str, **fields: Any) -> Doc:
        """A copy with `fields` set, recording that `stage` assigned them."""
        versions = {**self.versions, stage: version}
        return replace(self, **fields, versions=versions, done=self.done | frozenset(fields))

    @property
    def text(self) -> str:
        return self.article.text

    def span(self, start: int, end: int) -> Span:
        """A Span of the original text."""
        return Span(start=start, end=end, text=self.article.text[start:end])

    def norm_span(self, start: int, end: int) -> Span:
        """A Span of the original text from a span of the normalised text."""
        assert self.nt is not None
        s, e = self.nt.to_original(start, end)
        return self.span(s, e)

    @property
    def words(self) -> Tokens:
        """The token layer of the whole text (page boilerplate included): the text stage computes it once; a document
        made without that stage gets it on first use."""
        if self.tokens is None:
            object.__setattr__(self, "tokens", Tokens(self.article.text))  # a cache of the immutable text
        assert self.tokens is not None
        return self.tokens

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence holding original offset `pos` (binary search)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.sentences[mid].start <= pos:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def paragraph_of(self, pos: int) -> int:
        for i, p in enumerate(self.paragraphs):
            if p.start <= pos < p.end:
                return i
        return max(0, len(self.paragraphs) - 1)
