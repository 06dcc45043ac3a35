"""The HTTP API through the ASGI test client, on a store the real pipeline builds from the sample articles:
every filter agrees with filtering the full list here, pages cover the view once, errors share one JSON shape."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pg_helpers import DB_KINDS, fresh_schema
from rasd.web.app import create_app
from rasd.web.db import DuckDBReader, StoreUnavailable, open_reader
from test_web_samples import build_store


@pytest.fixture(scope="module")
def duck_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_store(tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def pg_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with fresh_schema("rasd_web") as scoped:
        build_store(tmp_path_factory.mktemp("pg"), scoped)
        yield scoped


@pytest.fixture(scope="module", params=DB_KINDS)
def client(request: pytest.FixtureRequest, duck_db: str) -> Iterator[TestClient]:
    db = duck_db if request.param == "duckdb" else request.getfixturevalue("pg_db")
    reader = open_reader(db)
    with TestClient(create_app(reader)) as c:
        yield c
    reader.close()


def all_events(client: TestClient) -> list[dict[str, Any]]:
    body = client.get("/api/events", params={"limit": 500}).json()
    assert body["next"] is None
    return body["items"]


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [x["id"] for x in items]


def day(ev: dict[str, Any]) -> str | None:
    return ev["date"]["start"] or ev["published"]


def party_keys(ev: dict[str, Any], key: str) -> set[str]:
    return {p.get(k) for p in ev[key] for k in ("id", "name") if p.get(k)}


CASES: list[tuple[dict[str, str], Callable[[dict[str, Any]], bool]]] = [
    ({"country": "SY"}, lambda e: (e["place"] or {}).get("country") == "SY"),
    ({"country": "sy,iq"}, lambda e: (e["place"] or {}).get("country") in ("SY", "IQ")),
    ({"type": "ASSAULT"}, lambda e: e["type"] == "ASSAULT"),
    ({"type": "PROTEST,COERCE"}, lambda e: e["type"] in ("PROTEST", "COERCE")),
    ({"admin1": "Idlib Governorate"}, lambda e: (e["place"] or {}).get("admin1") == "Idlib Governorate"),
    ({"outlet": "النهار"}, lambda e: e["outlet"] == "النهار"),
    ({"modality": "reported"}, lambda e: e["modality"] == "reported"),
    ({"month": "2020-02"}, lambda e: (day(e) or "").startswith("2020-02")),
    ({"from": "2020-03-01", "to": "2020-03-15"}, lambda e: "2020-03-01" <= (day(e) or "") <= "2020-03-15"),
    ({"country": "SY", "type": "ASSAULT", "month": "2020-02"},
     lambda e: (e["place"] or {}).get("country") == "SY" and e["type"] == "ASSAULT" and day(e)[:7] == "2020-02"),
    ({"bbox": "36,34,37.5,36.5"}, lambda e: e["place"] is not None and e["place"]["lat"] is not None
     and 36 <= e["place"]["lon"] <= 37.5 and 34 <= e["place"]["lat"] <= 36.5),
    ({"q": "معرة"}, lambda e: "معرة" in (e["evidence"] or "") + (e["title"] or "")),
    ({"actor": "ISIS"}, lambda e: "ISIS" in party_keys(e, "actors")),
    ({"recipient": "civilians"}, lambda e: "civilians" in party_keys(e, "recipients")),
    ({"mode": "aerial"}, lambda e: "aerial" in e["modes"]),
]


@pytest.mark.parametrize(("query", "keep"), CASES, ids=[json.dumps(q, ensure_ascii=False) for q, _ in CASES])
def test_filter_agrees_with_filtering_the_full_list(client: TestClient, query: dict[str, str],
                                                    keep: Callable[[dict[str, Any]], bool]) -> None:
    everything = all_events(client)
    expected = [e["id"] for e in everything if keep(e)]
    body = client.get("/api/events", params={**query, "limit": 500}).json()
    assert sorted(ids(body["items"])) == sorted(expected)
    assert body["total"] == len(expected)


def test_sample_store_answers_the_filters_it_was_written_for(client: TestClient) -> None:
    body = client.get("/api/events", params={"country": "SY", "type": "ASSAULT", "month": "2020-02"}).json()
    assert {e["article_id"] for e in body["items"]} == {"t-01", "t-02"}  # one air strike, told by two outlets
    assert client.get("/api/events", params={"outlet": "no such outlet"}).json() == {
        "items": [], "next": None, "total": 0}


@pytest.mark.parametrize("sort", ["-date", "date", "killed", "-killed", "published", "-published"])
def test_cursor_pages_cover_the_view_once_in_order(client: TestClient, sort: str) -> None:
    everything = client.get("/api/events", params={"limit": 500, "sort": sort}).json()["items"]
    seen: list[str] = []
    cursor = None
    for _ in range(50):
        params: dict[str, Any] = {"limit": 3, "sort": sort}
        if cursor:
            params["cursor"] = cursor
        body = client.get("/api/events", params=params).json()
        assert body["total"] == len(everything)
        seen += ids(body["items"])
        cursor = body["next"]
        if cursor is None:
            break
    assert seen == ids(everything)
    keys = [(day(e) or "") if "date" in sort else (e["published"] or "") if "published" in sort
            else (e["killed"] or {}).get("min") or -1 for e in everything]
    assert keys == sorted(keys, reverse=sort.startswith("-"))  # type: ignore[type-var]


def test_facets_and_timeline_count_the_filtered_view(client: TestClient) -> None:
    body = client.get("/api/events/facets", params={"country": "SY,IQ"}).json()
    total = client.get("/api/events", params={"country": "SY,IQ"}).json()["total"]
    assert body["total"] == total
    assert sum(f["count"] for f in body["facets"]["type"]) == total
    assert {f["value"] for f in body["facets"]["country"]} <= {"SY", "IQ"}
    weeks = client.get("/api/events/timeline", params={"country": "SY,IQ", "interval": "week"}).json()["buckets"]
    assert sum(b["count"] for b in weeks) == total
    assert all(dt.date.fromisoformat(b["date"]).weekday() == 0 for b in weeks)
    days = client.get("/api/events/timeline", params={"interval": "day"}).json()["buckets"]
    assert sum(b["count"] for b in days) == len(all_events(client))
    actors = client.get("/api/events/facets", params={"facet": "actor"}).json()["facets"]["actor"]
    assert any(a["value"] == "Islamic State" and a["label_ar"] for a in actors)


def test_places_group_the_map_markers(client: TestClient) -> None:
    body = client.get("/api/places", params={"country": "SY", "limit": 5000}).json()
    located = [e for e in all_events(client) if e["place"] and e["place"]["lat"] is not None
               and e["place"]["country"] == "SY"]
    assert sum(p["events"] for p in body["items"]) == len(located) and body["next"] is None
    assert client.get("/api/places", params={"limit": 5001}).status_code == 400
    first = client.get("/api/places", params={"limit": 1}).json()
    assert len(first["items"]) == 1 and first["next"]
    second = client.get("/api/places", params={"limit": 1, "cursor": first["next"]}).json()
    assert second["items"] != first["items"]


def test_downloads_hold_the_filtered_view(client: TestClient) -> None:
    expected = sorted(ids(client.get("/api/events", params={"type": "ASSAULT", "limit": 500}).json()["items"]))
    resp = client.get("/api/events.csv", params={"type": "ASSAULT"})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.text)))
    assert sorted(r["id"] for r in rows) == expected
    assert all(r["type"] == "ASSAULT" for r in rows)
    geo = client.get("/api/events.geojson", params={"type": "ASSAULT"}).json()
    assert geo["type"] == "FeatureCollection"
    assert sorted(f["id"] for f in geo["features"]) == expected
    for f in geo["features"]:
        if f["geometry"]:
            lon, lat = f["geometry"]["coordinates"]
            assert (lat, lon) == (f["properties"]["place"]["lat"], f["properties"]["place"]["lon"])


def test_event_page_evidence_sits_at_its_offsets(client: TestClient) -> None:
    for item in all_events(client):
        ev = client.get(f"/api/events/{item['id']}").json()
        text = ev["article"]["text"]
        span = ev["event"]["evidence"]
        assert text[span["start"]:span["end"]] == span["text"] == item["evidence"]
        assert ev["claims"][0]["id"] == item["id"]


def test_claims_side_by_side_across_outlets(client: TestClient) -> None:
    strike = next(e for e in all_events(client) if e["article_id"] == "t-01")
    claims = client.get(f"/api/events/{strike['id']}").json()["claims"]
    by_article = {c["article_id"]: c for c in claims}
    assert set(by_article) >= {"t-01", "t-02"}
    assert by_article["t-01"]["outlet"] != by_article["t-02"]["outlet"]
    assert by_article["t-01"]["killed"] != by_article["t-02"]["killed"]  # 4 against 6: both kept, side by side
    assert all("modality" in c and "sources" in c for c in claims)


def test_articles_list_and_detail(client: TestClient) -> None:
    body = client.get("/api/articles", params={"limit": 3}).json()
    assert body["total"] == 9 and len(body["items"]) == 3 and body["next"]
    pub = [a["published"] for a in body["items"]]
    assert pub == sorted(pub, reverse=True)
    rest = client.get("/api/articles", params={"limit": 10, "cursor": body["next"]}).json()
    assert len({a["id"] for a in body["items"] + rest["items"]}) == 9
    one = client.get("/api/articles/t-06").json()
    assert one["title"] and one["text"].startswith("هاجم")
    for ev in one["events"]:
        assert one["text"][ev["evidence_start"]:ev["evidence_end"]] == ev["evidence"]
    assert client.get(f"/api/articles/{one['seq']}").json()["id"] == "t-06"
    assert client.get("/api/articles", params={"outlet": "النهار"}).json()["total"] == 3


def test_actors_list(client: TestClient) -> None:
    body = client.get("/api/actors").json()
    assert set(body) == {"items", "next", "total"}
    assert any(a["id"] == "ISIS" for a in body["items"])
    found = client.get("/api/actors", params={"q": "داعش"}).json()["items"] + \
        client.get("/api/actors", params={"q": "islamic"}).json()["items"]
    assert any(a["id"] == "ISIS" for a in found)


def error_of(resp: Any, status: int | tuple[int, ...]) -> dict[str, Any]:
    assert resp.status_code in (status if isinstance(status, tuple) else (status,)), resp.text
    body = resp.json()
    assert set(body) == {"error"} and body["error"]["status"] == resp.status_code
    assert body["error"]["message"] and "Traceback" not in resp.text
    return dict(body["error"])


@pytest.mark.parametrize("query", [
    {"limit": "abc"}, {"limit": "0"}, {"limit": "501"}, {"from": "2020-13-01"}, {"month": "2020-2"},
    {"bbox": "1,2,3"}, {"bbox": "10,0,5,1"}, {"sort": "title"}, {"modality": "maybe"}, {"country": "Syria"},
    {"type": "assault; DROP TABLE events"}, {"cursor": "!!!"}, {"cursor": "WzFd"},
    {"from": "2020-03-02", "to": "2020-03-01"},
])
def test_bad_parameters_answer_400_with_the_error_shape(client: TestClient, query: dict[str, str]) -> None:
    err = error_of(client.get("/api/events", params=query), (400, 422))
    assert err["param"] in query or err["param"] in ("to", "cursor")


def test_other_errors_share_the_shape(client: TestClient) -> None:
    error_of(client.get("/api/events/999999-0"), 404)
    error_of(client.get("/api/events/not-an-id"), 404)
    error_of(client.get("/api/articles/nope"), 404)
    error_of(client.get("/api/nothing-here"), 404)
    error_of(client.delete("/api/events"), 405)
    error_of(client.get("/api/events/timeline", params={"interval": "hour"}), 400)
    error_of(client.get("/api/events/facets", params={"facet": "colour"}), 400)
    error_of(client.post("/api/extract", json={"title": "no text"}), 422)
    error_of(client.post("/api/extract", content=b"{not json", headers={"content-type": "application/json"}), 422)
    err = error_of(client.post("/api/extract", json={"text": "ا" * 300_000}), 413)
    assert err["code"] == "too_large"

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit is kept while the body streams in
        yield b'{"text": "'
        for _ in range(40):
            yield "ا".encode() * 5000
        yield b'"}'

    err = error_of(client.post("/api/extract", content=chunks(), headers={"content-type": "application/json"}), 413)
    assert err["code"] == "too_large"


def test_extract_returns_the_output_contract(client: TestClient) -> None:
    resp = client.post("/api/extract", json={"text": "قتل ثلاثة مدنيين في قصف على مدينة إدلب أمس",
                                             "published": "2020-01-05"})
    assert resp.status_code == 200
    body = resp.json()
    assert body["published"] == "2020-01-05"
    assert body["events"] and body["events"][0]["type"] == "ASSAULT"


def test_security_headers_openapi_and_docs(client: TestClient) -> None:
    for path in ("/api/meta", "/docs", "/static/app.js"):
        resp = client.get(path)
        assert resp.status_code == 200
        csp = resp.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
    schema = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events.csv", "/api/events.geojson", "/api/extract", "/api/places",
            "/api/actors", "/api/articles"} <= set(schema["paths"])
    params = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert {"country", "admin1", "type", "mode", "actor", "recipient", "outlet", "modality", "from", "to", "bbox",
            "q", "sort", "limit", "cursor"} <= params
    assert "/static/vendor/swagger-ui-bundle.js" in client.get("/docs").text
    meta = client.get("/api/meta").json()
    assert meta["articles"] == 9 and meta["events"] == len(all_events(client))


def test_token_is_required_when_set(duck_db: str) -> None:
    with TestClient(create_app(duck_db, token="s3cret")) as c:
        error_of(c.get("/api/meta"), 401)
        error_of(c.get("/api/meta", headers={"Authorization": "Bearer wrong"}), 401)
        assert c.get("/api/meta", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        first = c.get("/api/meta", params={"token": "s3cret"})
        assert first.status_code == 200 and "rasd_token" in first.headers["set-cookie"]
        assert c.get("/api/events").status_code == 200  # the cookie now carries the token


def test_the_connection_is_read_only(duck_db: str) -> None:
    before = Path(duck_db).stat().st_mtime_ns
    reader = DuckDBReader(duck_db)
    try:
        with pytest.raises(Exception, match=r"read-only|read only"):
            reader.rows("CREATE TABLE intruder (i INTEGER)")
        with pytest.raises(Exception, match=r"read-only|read only"):
            reader.rows("DELETE FROM events")
    finally:
        reader.close()
    assert Path(duck_db).stat().st_mtime_ns == before


def test_store_that_is_not_there_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="no such database file"):
        open_reader(tmp_path / "absent.duckdb")


def test_incidents_list_and_claims_side_by_side(client: TestClient) -> None:
    body = client.get("/api/incidents", params={"country": "SY", "type": "ASSAULT"}).json()
    assert set(body) == {"items", "next", "total"} and body["total"] == len(body["items"]) > 0
    assert all(i["type"] == "ASSAULT" and i["place"]["country"] == "SY" for i in body["items"])
    strike = next(e for e in all_events(client) if e["article_id"] == "t-01")
    event = client.get(f"/api/events/{strike['id']}").json()
    assert event["incident_id"]
    inc = client.get(f"/api/incidents/{event['incident_id']}").json()
    assert {r["doc_id"] for r in inc["reports"]} >= {"t-01", "t-02"}  # both outlets' reports of the air strike
    assert any(c["field"] == "killed" for c in inc["contradictions"])  # 4 against 6
    assert strike["id"] in [i for r in inc["reports"] for i in r["event_ids"]]
    error_of(client.get("/api/incidents/inc-nothing"), 404)
    error_of(client.get("/api/incidents", params={"country": "SY,IQ"}), 400)
    error_of(client.get("/api/incidents", params={"bbox": "0,0,1,1"}), 400)
    page = client.get("/api/incidents", params={"limit": 1}).json()
    assert len(page["items"]) == 1 and page["next"]


def test_answers_are_cached_for_a_duckdb_store(duck_db: str) -> None:
    app = create_app(duck_db)
    cache = app.app.state.cache  # type: ignore[attr-defined]
    with TestClient(app) as c:
        first = c.get("/api/events", params={"type": "ASSAULT"})
        again = c.get("/api/events", params={"type": "ASSAULT", "limit": "50"})  # the same parsed filter
        assert first.content == again.content and cache.hits == 1
        error_of(c.get("/api/events/424242-0"), 404)
        error_of(c.get("/api/events/424242-0"), 404)  # a missing event is never cached as found
    uncached = create_app(duck_db, cache=0)
    with TestClient(uncached) as c:
        assert c.get("/api/events").json() == c.get("/api/events").json()
        assert uncached.app.state.cache.hits == 0  # type: ignore[attr-defined]


def test_bundled_assets_are_served_compressed(client: TestClient) -> None:
    from rasd.web.assets import VENDOR, missing

    if missing():
        pytest.skip("front-end files not installed (bash scripts/setup.sh)")
    resp = client.get("/static/vendor/countries-50m.json", headers={"Accept-Encoding": "gzip"})
    assert resp.status_code == 200 and resp.headers["content-encoding"] == "gzip"
    assert resp.headers["content-type"].startswith("application/json")
    assert resp.content == (VENDOR / "countries-50m.json").read_bytes()  # httpx undoes the gzip
    assert "content-security-policy" in resp.headers


def test_ids_with_slashes_reach_their_pages(client: TestClient) -> None:
    from urllib.parse import quote

    one = client.get("/api/articles/http://example.org/news/9").json()
    assert one["id"] == "http://example.org/news/9"
    incident_ids = [client.get(f"/api/events/{ev['id']}").json()["incident_id"] for ev in one["events"]]
    assert incident_ids and all("/" in i for i in incident_ids)
    for iid in incident_ids:
        assert client.get("/api/incidents/" + quote(iid, safe="")).json()["id"] == iid
        assert client.get("/incidents/" + quote(iid, safe="")).status_code in (200, 503)  # 503: no front-end files
