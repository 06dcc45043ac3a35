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
    "roles@1",  # the learned role labeller (models/roles.json); cross-validated gain, see README Results
    "modality@1",  # the learned modality decision (models/modality.json); cross-validated gain, see README Results
    "place_p@1",  # how sure each event's place is (models/place_confidence.json); moves no decision
)


@dataclass(frozen=True, kw_only=True, slots=True)
class Settings:
    """One keyword-only options object per run."""

    stages: tuple[str, ...] = DEFAULT_STAGES
    date_fallback_days: int = 7  # an event with no date cue gets [published - N days, published], marked as such
    tagger: bool = True  # add unresolved names from the trained tagger
    set_aside: bool = True  # the eventivity model sets aside what is no specific happening (False: every event kept)
    # the probability an event must reach to stay (0..1); None: the shipped model's own, chosen by cross-validation.
    # Higher keeps fewer events, more of them right (README, "Choosing the operating point").
    eventivity_threshold: float | None = None
    batch_size: int = 64

    def __post_init__(self) -> None:
        t = self.eventivity_threshold
        if t is not None and (isinstance(t, bool) or not isinstance(t, int | float) or not 0.0 <= t <= 1.0):
            raise ValueError(f"eventivity_threshold must be a probability between 0 and 1, not {t!r}")


@dataclass(frozen=True, kw_only=True, slots=True)
class Limits:
    """Size limits on input, so that no file or record can exhaust memory or time; each one is settable
    (`rasd ingest` / `rasd extract` options, or Limits(...) in Python). Over a limit, the record, member or rest of
    the archive is reported with its position and skipped; reading goes on."""

    text_chars: int = 200_000  # one article's text (--max-text-chars); SaudiNewsNet's longest is 33,687
    member_bytes: int = 64 << 20  # what is read whole: a file, an archive member, a JSON Lines line, a WARC record
    archive_bytes: int = 4 << 30  # everything one archive (zip or gzip) decompresses to, all members together
    html_bytes: int = 8 << 20  # one HTML page or WARC record (parsing HTML takes about 30 times its size in memory)


DEFAULT_LIMITS = Limits()
