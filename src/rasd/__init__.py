"""rasd: Arabic conflict and security news to structured, geocoded, dated, source-attributed event data."""

from __future__ import annotations

import datetime as dt
import hashlib

from rasd.model import Actor, Article, Count, Event, Mention, Place, PlaceMention, Report, Source, Span, When
from rasd.pipeline import Pipeline, default_pipeline

__version__ = "0.1.0"

__all__ = [
    "Actor", "Article", "Count", "Event", "Mention", "Pipeline", "Place", "PlaceMention", "Report", "Source",
    "Span", "When", "__version__", "extract",
]


def extract(text: str, *, published: str | dt.date | None = None, id: str | None = None,
            outlet: str | None = None, title: str | None = None) -> Report:
    """Run the default pipeline on one text: `rasd.extract(text, published="2022-01-21")`."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    doc_id = id or "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    article = Article(id=doc_id, text=text, published=published, outlet=outlet, title=title)
    return default_pipeline()(article)
