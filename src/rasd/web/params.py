"""The query parameters shared by the event (and incident) endpoints: documented once for OpenAPI, parsed by
rasd.web.filters so that a bad value is a 400 naming the parameter."""

from __future__ import annotations

import inspect
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from rasd.web.filters import EventFilter, parse_filter


def params_of(request: Request) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        out.setdefault(key, []).append(value)
    return out


def event_filter(
    request: Request,
    country: str | None = Query(None, description="ISO 3166 two-letter codes, comma-separated (OR)"),
    admin1: str | None = Query(None, description="first-level areas as stored (e.g. 'Idlib Governorate')"),
    type: str | None = Query(None, description="PLOVER event types, e.g. ASSAULT,PROTEST"),
    mode: str | None = Query(None, description="PLOVER modes, e.g. aerial,explosives"),
    actor: str | None = Query(None, description="actor ids or English names (events where one is an actor)"),
    recipient: str | None = Query(None, description="actor ids or names (events where one is a recipient)"),
    outlet: str | None = Query(None, description="outlets of the reporting articles"),
    modality: str | None = Query(None, description="asserted, reported, alleged, speculative, denied, future"),
    from_: str | None = Query(None, alias="from", description="first day (YYYY-MM-DD), event date else publication"),
    to: str | None = Query(None, description="last day (YYYY-MM-DD)"),
    month: str | None = Query(None, description="a month (YYYY-MM), narrowing from/to"),
    bbox: str | None = Query(None, description="west,south,east,north in degrees"),
    q: str | None = Query(None, description="words in the evidence, the title or the place name"),
    sort: str | None = Query(None, description="date, -date (default), published, -published, killed, -killed"),
    limit: str | None = Query(None, description="page size, 1-500 (default 50)"),
    cursor: str | None = Query(None, description="the `next` of the previous page"),
) -> EventFilter:
    """The filter of an event view, read from the query string (FilterError -> 400)."""
    return parse_filter(params_of(request))


def _place_filter(request: Request, **_: Any) -> EventFilter:
    """The same filter for the map's places, whose pages may be larger (limit up to 5000)."""
    return parse_filter(params_of(request), max_limit=5000)


_place_filter.__signature__ = inspect.signature(event_filter)  # type: ignore[attr-defined]
Filtered = Annotated[EventFilter, Depends(event_filter)]
PlaceFiltered = Annotated[EventFilter, Depends(_place_filter)]
