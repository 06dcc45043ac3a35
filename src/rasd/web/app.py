"""The ASGI app of `rasd serve`: the JSON API over a read-only store, downloads, `POST /api/extract`, the OpenAPI
docs and the web UI's static files, all behind Guard (token, body limit, CSP, one JSON error shape)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from rasd import __version__
from rasd.web import downloads, incidents_api, queries
from rasd.web.assets import STATIC, PrecompressedStatic, missing
from rasd.web.db import QueryTimeout, ReadOnlyDB, open_reader
from rasd.web.filters import MAX_VALUE_LEN, EventFilter, FilterError, parse_limit
from rasd.web.guard import BodyTooLarge, Guard, error_body
from rasd.web.params import Filtered, PlaceFiltered, params_of

log = logging.getLogger("rasd.serve")
MAX_BODY = 256 * 1024
DOWNLOAD_CAP = 200_000


class AnswerCache:
    """Recent JSON answers by endpoint and parsed parameters, for a DuckDB store: opened read-only by this process,
    the file cannot change while it is served, so an answer stays right. Least recently used answers go first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = threading.Lock()
        self.answers: OrderedDict[Any, bytes] = OrderedDict()
        self.hits = self.misses = 0

    def answer(self, key: Any, compute: Callable[[], Any], absent: Callable[[], Response] | None = None) -> Response:
        """The answer for key, computed once; compute() returning None gives absent() (a 404), never cached."""
        with self.lock:
            body = self.answers.get(key)
            if body is not None:
                self.answers.move_to_end(key)
                self.hits += 1
        if body is None:
            value = compute()
            if value is None and absent is not None:
                return absent()
            body = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
            if self.size <= 0:
                return Response(body, media_type="application/json")
            with self.lock:
                self.misses += 1
                self.answers[key] = body
                while len(self.answers) > self.size:
                    self.answers.popitem(last=False)
        return Response(body, media_type="application/json")


def _raw(status: int, body: bytes) -> Response:
    return Response(body, status_code=status, media_type="application/json")


class ExtractRequest(BaseModel):
    text: str = Field(min_length=1, description="the article text (Arabic)")
    published: dt.date | None = Field(None, description="publication date, for resolving relative dates")
    title: str | None = None
    outlet: str | None = None
    id: str | None = None


def create_app(db: ReadOnlyDB | str | Path, *, token: str | None = None, max_body: int = MAX_BODY,
               timeout_s: float = 10.0, cache: int = 2048) -> Guard:
    """The served app over a store (a reader, or a DuckDB path / postgresql:// URL opened read-only)."""
    reader = db if not isinstance(db, str | Path) else open_reader(db, timeout_s=timeout_s)
    app = FastAPI(title="rasd", version=__version__, docs_url=None, redoc_url=None,
                  description="Arabic conflict news as PLOVER events: filtered lists, facets, timeline, map places, "
                              "downloads, and extraction. List endpoints answer {items, next, total}; errors "
                              "answer {error: {status, code, message}}.")
    app.state.db = reader
    app.state.extract_lock = threading.Lock()
    app.state.cache = AnswerCache(cache if reader.dialect == "duckdb" else 0)
    app.add_middleware(GZipMiddleware, minimum_size=2048, compresslevel=5)
    _handlers(app)
    _routes(app, reader, app.state.cache)
    app.mount("/static", PrecompressedStatic(directory=STATIC), name="static")
    guard = Guard(app, token=token, max_body=max_body)
    guard.db = reader
    return guard


def app_from_env() -> Guard:
    """The app of one worker process of `rasd serve --workers N` (settings passed in RASD_SERVE_* variables)."""
    return create_app(os.environ["RASD_SERVE_DB"], token=os.environ.get("RASD_SERVE_TOKEN") or None,
                      max_body=int(os.environ.get("RASD_SERVE_MAX_BODY", MAX_BODY)),
                      timeout_s=float(os.environ.get("RASD_SERVE_TIMEOUT", "10")),
                      cache=int(os.environ.get("RASD_SERVE_CACHE", "2048")))


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(FilterError)
    async def bad_param(request: Request, exc: FilterError) -> Response:
        return _raw(400, error_body(400, "bad_parameter", str(exc), param=exc.param))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errs = exc.errors()
        first = errs[0] if errs else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x != "body") or "body"
        return _raw(422, error_body(422, "invalid_body", f"{where}: {first.get('msg', 'invalid')}"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return _raw(exc.status_code, error_body(exc.status_code, code, str(exc.detail)))

    @app.exception_handler(QueryTimeout)
    async def timeout(request: Request, exc: QueryTimeout) -> Response:
        return _raw(503, error_body(503, "timeout", str(exc)))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> Response:
        if isinstance(exc, BodyTooLarge):  # a streamed body passed the limit while the app read it
            return _raw(413, error_body(413, "too_large", "the request body is too large"))
        log.exception("error answering %s", request.url.path)
        return _raw(500, error_body(500, "internal", "internal error (logged on the server)"))


def _not_found(what: str) -> Response:
    return _raw(404, error_body(404, "not_found", what))


def _routes(app: FastAPI, db: ReadOnlyDB, cache: AnswerCache) -> None:
    page = STATIC / "index.html"

    def ui() -> Any:
        absent = missing()
        if absent:
            return HTMLResponse(
                "<!doctype html><meta charset=utf-8><title>rasd</title><p>The web interface's front-end files are "
                f"missing ({', '.join(absent[:3])}…): run <code>bash scripts/setup.sh</code> (it runs npm ci). "
                "The JSON API works: <a href=/docs>/docs</a>.</p>", status_code=503)
        return FileResponse(page, media_type="text/html")

    for path in ("/", "/events/{event_id}", "/articles/{ref:path}", "/incidents/{incident_id:path}"):
        app.add_api_route(path, ui, include_in_schema=False, methods=["GET", "HEAD"])

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(
            "<!doctype html><html><head><meta charset=utf-8><title>rasd API</title>"
            "<link rel=stylesheet href=/static/vendor/swagger-ui.css></head><body><div id=swagger-ui></div>"
            "<script src=/static/vendor/swagger-ui-bundle.js></script><script src=/static/docs.js></script>"
            "</body></html>")

    @app.get("/api/meta", summary="What the store holds: articles, events, their date range, incidents or not")
    def meta() -> Response:
        def compute() -> dict[str, Any]:
            ((events, first, last),) = queries.view_rows(
                db, f"SELECT count(*), min({queries.DAY}), max({queries.DAY}) {queries.FROM}", [])
            ((articles,),) = db.rows("SELECT count(*) FROM articles")
            return {"version": __version__, "dialect": db.dialect, "events": int(events), "articles": int(articles),
                    "first_day": queries._iso(first), "last_day": queries._iso(last),
                    "incidents": incidents_api.available(db)}

        return cache.answer(("meta",), compute)

    @app.get("/api/events", summary="Events of a filtered view, a page at a time")
    def events(f: Filtered) -> Response:
        return cache.answer(("events", f), lambda: queries.list_events(db, f))

    @app.get("/api/events.csv", summary="The filtered view as CSV (one row per event)")
    def events_csv(f: Filtered) -> StreamingResponse:
        return StreamingResponse(downloads.csv_lines(queries.iter_events(db, f, DOWNLOAD_CAP)),
                                 media_type="text/csv; charset=utf-8",
                                 headers={"content-disposition": 'attachment; filename="rasd-events.csv"'})

    @app.get("/api/events.geojson", summary="The filtered view as a GeoJSON FeatureCollection")
    def events_geojson(f: Filtered) -> StreamingResponse:
        return StreamingResponse(downloads.geojson_chunks(queries.iter_events(db, f, DOWNLOAD_CAP)),
                                 media_type="application/geo+json",
                                 headers={"content-disposition": 'attachment; filename="rasd-events.geojson"'})

    @app.get("/api/events/facets", summary="Counts per value of each facet over the filtered view")
    def event_facets(f: Filtered,
                     facet: str = Query("type,country,admin1,modality,outlet,mode,actor",
                                        description="facets, comma-separated"),
                     size: str | None = Query(None, description="values per facet, 1-200 (default 30)"),
                     ) -> Response:
        names = [n.strip() for n in facet.split(",") if n.strip()][:12]
        n = parse_limit(size, maximum=200, default=30)
        return cache.answer(("facets", f, tuple(names), n),
                            lambda: {"facets": queries.facets(db, f, names, n), "total": _total(db, f)})

    @app.get("/api/events/timeline", summary="Events of the filtered view per day, week or month")
    def event_timeline(f: Filtered,
                       interval: str = Query("week", description="day, week or month")) -> Response:
        return cache.answer(("timeline", f, interval),
                            lambda: {"interval": interval, "buckets": queries.timeline(db, f, interval)})

    @app.get("/api/events/{event_id}", summary="One event with its article text and the claims side by side")
    def one_event(event_id: str) -> Response:
        def compute() -> dict[str, Any] | None:
            found = queries.event(db, event_id)
            if found:
                found["incident_id"] = incidents_api.incident_of(db, found["article_id"], found["idx"])
            return found

        return cache.answer(("event", event_id), compute, lambda: _not_found(f"no event {event_id[:60]!r}"))

    @app.get("/api/places", summary="Places of the filtered view's events with their counts (the map's markers)")
    def places(request: Request, f: PlaceFiltered) -> Response:
        limit, offset = _page(request, maximum=5000)
        def compute() -> dict[str, Any]:
            items, total = queries.places(db, f, limit, offset)
            return _envelope(items, total, limit, offset)

        return cache.answer(("places", f.without_paging(), limit, offset), compute)

    @app.get("/api/actors", summary="Actors named in the stored articles, with article counts")
    def actors(request: Request, q: str | None = Query(None, description="part of the name (English or Arabic)"),
               limit: str | None = Query(None), cursor: str | None = Query(None)) -> JSONResponse:
        n, offset = _page(request, maximum=1000)
        text = (q or "").strip()[:MAX_VALUE_LEN] or None
        items, total = queries.actors(db, text, n, offset)
        return JSONResponse(_envelope(items, total, n, offset))

    @app.get("/api/articles", summary="Articles, newest first (filters: outlet, from, to, month, q on the title)")
    def articles(f: Filtered) -> JSONResponse:
        return JSONResponse(queries.list_articles(db, f))

    @app.get("/api/articles/{ref:path}", summary="One article: its text and its events with evidence offsets")
    def one_article(ref: str) -> Response:
        found = queries.article(db, ref)
        return JSONResponse(found) if found else _not_found(f"no article {ref[:80]!r}")

    @app.post("/api/extract", summary="Extract events from a text (not stored); body limited in size")
    def extract(body: ExtractRequest) -> JSONResponse:
        import rasd
        from rasd.output import report_to_dict

        with app.state.extract_lock:  # one extraction at a time: the pipeline is built once and shared
            report = rasd.extract(body.text, published=body.published, id=body.id, outlet=body.outlet,
                                  title=body.title)
        return JSONResponse(report_to_dict(report))

    incidents_api.add_routes(app, db, _page, _envelope, _not_found)


def _total(db: ReadOnlyDB, f: EventFilter) -> int:
    clause, params = queries.where(db, f)
    ((n,),) = queries.view_rows(db, f"SELECT count(*) {queries.FROM}{clause}", params)
    return int(n)


def _page(request: Request, maximum: int) -> tuple[int, int]:
    """limit and offset of an aggregate list (its cursor is the offset, opaque to clients)."""
    from rasd.web.filters import decode_cursor

    params = params_of(request)
    limit = parse_limit(next(iter(params.get("limit", [])), None), maximum=maximum, default=min(maximum, 1000))
    offset = 0
    raw = next(iter(params.get("cursor", [])), None)
    if raw:
        values = decode_cursor(raw)
        if len(values) != 2 or values[0] != "o" or not isinstance(values[1], int) or values[1] < 0:
            raise FilterError("cursor", "not a cursor this API gave out")
        offset = values[1]
    return limit, offset


def _envelope(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    from rasd.web.filters import encode_cursor

    nxt = encode_cursor(["o", offset + limit]) if offset + limit < total else None
    return {"items": items, "next": nxt, "total": total}
