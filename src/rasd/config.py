"""Frozen pipeline settings; the defaults live here and nowhere else. No I/O at import."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_STAGES: tuple[str, ...] = (
    "text@1",
    "names@1",
    "actors@1",
    "places@1",
    "dates@1",
    "counts@1",
    "lexicon@1",
    "events@1",
    "claims@1",
    "merge@1",
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Settings:
    """One keyword-only options object per run."""

    stages: tuple[str, ...] = DEFAULT_STAGES
    date_fallback_days: int = 7  # an event with no date cue gets [published - N days, published], marked as such
    tagger: bool = True  # add unresolved names from the trained tagger
    batch_size: int = 64
