"""The pipeline: registry, build-time requires/assigns checks, stage failures named, streaming."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from rasd.config import Settings
from rasd.doc import Doc
from rasd.errors import PipelineError
from rasd.model import Article
from rasd.pipeline import Pipeline, registry


def test_default_stages_are_registered_with_versions() -> None:
    known = registry()
    for key in Settings().stages:
        assert key in known and "@" in key


def test_unknown_stage_is_named() -> None:
    with pytest.raises(PipelineError, match="unknown stage 'nope@1'"):
        Pipeline.from_settings(Settings(stages=("text@1", "nope@1")))


def test_missing_requirement_is_caught_when_built() -> None:
    with pytest.raises(PipelineError, match=r"requires .*triggers"):
        Pipeline.from_settings(Settings(stages=("text@1", "events@1")))


@dataclass(frozen=True)
class Boom:
    name: str = "boom"
    version: str = "0"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __call__(self, doc: Doc) -> Doc:
        raise RuntimeError("kaput")


def test_stage_failure_names_stage_and_article() -> None:
    pipe = Pipeline(stages=(Boom(),), settings=Settings())
    with pytest.raises(PipelineError, match=r"stage boom@0 failed on article 'a1': kaput"):
        pipe(Article(id="a1", text="نص"))


def test_text_only_pipeline_streams_in_order() -> None:
    pipe = Pipeline.from_settings(Settings(stages=("text@1",)))
    arts = [Article(id=str(i), text=f"خبر رقم {i}. جملة ثانية.") for i in range(5)]
    reports = list(pipe.pipe(arts, batch_size=2))
    assert [r.article.id for r in reports] == [str(i) for i in range(5)]
    assert reports[0].versions == {"text": "2"}
