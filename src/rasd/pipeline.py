"""The pipeline: stages composed from a configuration through one registry, checked when built."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from rasd.config import Settings
from rasd.doc import Doc
from rasd.errors import PipelineError
from rasd.model import Article, Report


class Stage(Protocol):
    """A deterministic, side-effect-free step over the document."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    @property
    def requires(self) -> tuple[str, ...]: ...

    @property
    def assigns(self) -> tuple[str, ...]: ...

    def __call__(self, doc: Doc) -> Doc: ...


StageFactory = Callable[[Settings], Stage]
_REGISTRY: dict[str, StageFactory] = {}


def register(key: str) -> Callable[[StageFactory], StageFactory]:
    """Register a stage factory under 'name@version'."""

    def deco(factory: StageFactory) -> StageFactory:
        if key in _REGISTRY:
            raise PipelineError(f"stage {key!r} registered twice")
        _REGISTRY[key] = factory
        return factory

    return deco


def registry() -> dict[str, StageFactory]:
    """All known stages (importing the stage modules registers them)."""
    from rasd import stages  # noqa: F401  (registers the built-in stages)

    return dict(_REGISTRY)


@dataclass(frozen=True)
class Pipeline:
    """An ordered list of stages; `__call__` runs one article, `pipe` streams many."""

    stages: tuple[Stage, ...]
    settings: Settings

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> Pipeline:
        settings = settings or Settings()
        known = registry()
        built: list[Stage] = []
        have: set[str] = {"article"}
        for key in settings.stages:
            if key not in known:
                raise PipelineError(f"unknown stage {key!r}; known: {', '.join(sorted(known))}")
            stage = known[key](settings)
            missing = [r for r in stage.requires if r not in have]
            if missing:
                raise PipelineError(
                    f"stage {key!r} requires {', '.join(missing)}, which no earlier stage assigns; "
                    f"put a stage that assigns it before {key!r}"
                )
            have.update(stage.assigns)
            built.append(stage)
        return cls(stages=tuple(built), settings=settings)

    def run(self, article: Article) -> Doc:
        doc = Doc(article=article)
        for stage in self.stages:
            try:
                out = stage(doc)
            except Exception as exc:  # wrap with the stage's name, keep the cause
                raise PipelineError(
                    f"stage {stage.name}@{stage.version} failed on article {article.id!r}: {exc}"
                ) from exc
            if not isinstance(out, Doc):
                raise PipelineError(f"stage {stage.name} returned {type(out).__name__}, not Doc")
            doc = out
        return doc

    def __call__(self, article: Article) -> Report:
        return to_report(self.run(article))

    def pipe(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[Report]:
        """Stream reports, one per article, in order (the one code path for CLI, server and Spark)."""
        del batch_size  # stages are per-document today; the argument keeps the streaming API stable
        for article in articles:
            yield self(article)


def to_report(doc: Doc) -> Report:
    return Report(
        article=doc.article,
        events=tuple(ev for ev in doc.events if ev.set_aside is None),
        set_aside=tuple(ev for ev in doc.events if ev.set_aside is not None),
        mentions=doc.mentions,
        places=doc.places,
        dates=doc.dates,
        counts=doc.counts,
        cues=doc.cues,
        dropped=doc.dropped,
        versions=dict(doc.versions),
    )


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The default pipeline, built once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline.from_settings()
    return _DEFAULT
