"""rasd: Arabic conflict and security news to structured, geocoded, dated, source-attributed event data."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
from typing import TYPE_CHECKING, Any

from rasd.model import Actor, Article, Count, Event, Mention, Place, PlaceMention, Report, Source, Span, When
from rasd.pipeline import Pipeline, default_pipeline

if TYPE_CHECKING:
    from rasd.fuse import Incident, count_incidents, fuse_incidents, get_incident, list_incidents

__version__ = "0.1.0"
_FUSE_NAMES = frozenset({"Incident", "count_incidents", "fuse_incidents", "get_incident", "list_incidents"})

__all__ = [
    "Actor", "Article", "Count", "Event", "Incident", "Mention", "Pipeline", "Place", "PlaceMention", "Report",
    "Source", "Span", "When", "__version__", "count_incidents", "extract", "fuse_incidents", "get_incident",
    "list_incidents",
]


def extract(text: str, *, published: str | dt.date | None = None, id: str | None = None,
            outlet: str | None = None, title: str | None = None) -> Report:
    """Run the default pipeline on one text: `rasd.extract(text, published="2022-01-21")`."""
    from rasd.ingest.records import clean_field, clean_text

    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    text, _ = clean_text(text)  # lone surrogates and NULs replaced one for one: offsets keep
    doc_id = clean_field(id)[0] if id else "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    outlet = clean_field(outlet)[0] if outlet else outlet
    title = clean_field(title)[0] if title else title
    article = Article(id=doc_id, text=text, published=published, outlet=outlet, title=title)
    return default_pipeline()(article)


def __getattr__(name: str) -> Any:
    """The incident API (rasd.fuse), imported on first use: `rasd extract` never needs it (a tenth of start-up)."""
    if name in _FUSE_NAMES:
        return getattr(importlib.import_module("rasd.fuse"), name)
    raise AttributeError(f"module 'rasd' has no attribute {name!r}")
