"""The text stage: normalise the body (page boilerplate cut off), paragraphs and sentences."""

from __future__ import annotations

from dataclasses import dataclass

from rasd.config import Settings
from rasd.doc import Doc
from rasd.model import Dropped
from rasd.pipeline import register
from rasd.text.normalise import normalise
from rasd.text.segment import boilerplate_start, paragraphs, sentences


@dataclass(frozen=True)
class TextStage:
    name: str = "text"
    version: str = "1"
    requires: tuple[str, ...] = ("article",)
    assigns: tuple[str, ...] = ("nt", "body_end", "paragraphs", "sentences")

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        cut = boilerplate_start(text)
        body = text if cut is None else text[:cut]
        dropped = doc.dropped
        if cut is not None:
            dropped += (Dropped(stage=self.name, span=doc.span(cut, len(text)), reason="page boilerplate"),)
        paras = tuple(doc.span(s, e) for s, e in paragraphs(body))
        sents = tuple(doc.span(s, e) for p in paras for s, e in sentences(text, p.start, p.end))
        return doc.assign(
            self.name, self.version, nt=normalise(body), body_end=cut, paragraphs=paras, sentences=sents,
            dropped=dropped,
        )


@register("text@1")
def _text(settings: Settings) -> TextStage:
    return TextStage()
