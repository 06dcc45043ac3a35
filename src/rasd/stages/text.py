"""The text stage: normalise the body (page boilerplate cut off), the token layer, paragraphs and sentences."""

from __future__ import annotations

from dataclasses import dataclass

from rasd.config import Settings
from rasd.doc import Doc
from rasd.model import Dropped
from rasd.pipeline import register
from rasd.text.segment import boilerplate_start, paragraphs, sentences
from rasd.text.tokens import Tokens

HEADLINE_MAX_WORDS = 16


@dataclass(frozen=True)
class TextStage:
    name: str = "text"
    version: str = "2"  # 2: Arabic presentation forms (ﺟﺮﺣﻰ، ﻻ) read as the letters they show
    requires: tuple[str, ...] = ("article",)
    assigns: tuple[str, ...] = ("nt", "tokens", "body_end", "headline_end", "paragraphs", "sentences")

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        tokens = Tokens(text)
        cut = boilerplate_start(text)
        body = text if cut is None else text[:cut]
        dropped = doc.dropped
        if cut is not None:
            dropped += (Dropped(stage=self.name, span=doc.span(cut, len(text)), reason="page boilerplate"),)
        paras = tuple(doc.span(s, e) for s, e in paragraphs(body))
        sents = tuple(doc.span(s, e) for p in paras for s, e in sentences(text, p.start, p.end))
        headline_end = 0
        if len(paras) > 1 and is_headline(paras[0].text):
            headline_end = paras[0].end
            dropped += (Dropped(stage=self.name, span=paras[0], reason="headline: its events are the body's"),)
        nt = tokens.nt if cut is None else tokens.nt.prefix(cut)  # the body's normalised form, cut from the whole's
        return doc.assign(
            self.name, self.version, nt=nt, tokens=tokens, body_end=cut, headline_end=headline_end, paragraphs=paras,
            sentences=sents, dropped=dropped,
        )


def is_headline(line: str) -> bool:
    """A short first line with no sentence-final punctuation: a title repeated at the top of the text."""
    stripped = line.strip()
    return 0 < len(stripped.split()) <= HEADLINE_MAX_WORDS and stripped[-1] not in ".!?؟:،,"


@register("text@1")
def _text(settings: Settings) -> TextStage:
    return TextStage()
