"""Running the default pipeline on a sentence written for a test, inside a small article (shared by the grammar
tests)."""

from __future__ import annotations

import datetime as dt

from rasd.doc import Doc
from rasd.model import Article
from rasd.pipeline import default_pipeline

PUB = dt.date(2015, 7, 25)
# Two plain sentences after the one under test: the eventivity model weighs events only in inputs of two sentences
# or more, as in a real article.
TAIL = " وقال مصدر محلي إن الوضع هادئ الآن. وأضاف أن الأسواق فتحت أبوابها."


def in_article(text: str) -> Doc:
    """The document the default pipeline makes of `text` followed by TAIL, published on PUB."""
    return default_pipeline().run(Article(id="t", text=text + TAIL, published=PUB))
