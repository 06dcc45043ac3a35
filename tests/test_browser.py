"""The web interface in a real browser: Debian's chromium driven by Playwright (by its path, nothing downloaded)
against `rasd serve`'s app on loopback over the sample store. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from rasd.web.assets import missing
from test_web_samples import build_store

CHROMIUM = os.environ.get("RASD_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it: .ci/run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).is_file():
        _skip_or_fail(f"no chromium at {CHROMIUM}: `apt-get update && apt-get install -y chromium` to run the "
                      "browser tests")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _skip_or_fail("playwright is not installed (pip install -e '.[dev]')")
    if missing():
        _skip_or_fail("the web interface's front-end files are missing: run `bash scripts/setup.sh` (npm ci)")
    import uvicorn

    from rasd.web.app import create_app

    db = build_store(tmp_path_factory.mktemp("browser"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "the server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    pg.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    pg.errors = errors
    yield pg
    ctx.close()
    assert not errors, errors  # CSP violations and script errors show up here


def shot(pg: Any, name: str, full: bool = False) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def wait_ready(pg: Any, what: str) -> None:
    pg.wait_for_selector(f"body[data-ready='{what}']", timeout=15000)


def api(pg: Any, server: str, path: str) -> Any:
    return pg.request.get(server + path).json()


def test_first_page_loads_map_timeline_and_list(page: Any, server: str) -> None:
    page.goto(server + "/")
    wait_ready(page, "list")
    total = api(page, server, "/api/events?limit=1")["total"]
    assert page.locator("#events li.event").count() == total > 0
    assert page.locator(".ev-marker, .ev-cluster").count() > 0
    assert page.locator("#timeline rect.bar").count() > 0
    assert page.locator("#map path.leaflet-interactive, #map svg path").count() > 50  # the bundled country borders
    assert page.locator("#f-type option").count() > 1
    assert page.locator("#incidents li.incident").count() > 0  # the store was fused: incidents are listed too
    shot(page, "list_ar")


def test_filter_state_lives_in_the_url(page: Any, server: str) -> None:
    page.goto(server + "/")
    wait_ready(page, "list")
    page.select_option("#f-type", "ASSAULT")
    page.wait_for_url("**type=ASSAULT**")
    wait_ready(page, "list")
    expected = api(page, server, "/api/events?type=ASSAULT&limit=500")
    rows = page.locator("#events li.event")
    assert rows.count() == expected["total"]
    assert page.locator("#events li.event .badge.type-ASSAULT").count() == expected["total"]
    page.select_option("#f-country", "SY")
    page.wait_for_url("**country=SY**")
    wait_ready(page, "list")
    both = api(page, server, "/api/events?type=ASSAULT&country=SY")["total"]
    assert rows.count() == both < expected["total"]
    url = page.url
    page.goto(url)  # a fresh load of the URL restores the same view
    wait_ready(page, "list")
    assert page.locator("#f-type").input_value() == "ASSAULT"
    assert page.locator("#f-country").input_value() == "SY"
    assert page.locator("#events li.event").count() == both
    page.go_back()  # history steps back through the filter states
    page.wait_for_function("!location.search.includes('country=') && location.search.includes('type=ASSAULT')")
    wait_ready(page, "list")
    assert page.locator("#f-country").input_value() == ""
    assert page.locator("#events li.event").count() == expected["total"]
    shot(page, "filtered")


def test_map_click_filters_the_list_to_that_place(page: Any, server: str) -> None:
    page.goto(server + "/?country=YE")  # one place: a single marker, no cluster to open
    wait_ready(page, "list")
    marker = page.locator(".ev-marker").first
    count = int(marker.inner_text())
    marker.click()
    page.wait_for_selector(".leaflet-popup .show-here")
    place = page.locator(".leaflet-popup strong").inner_text()
    shot(page, "map_popup")
    page.locator(".leaflet-popup .show-here").click()
    page.wait_for_url("**bbox=**")
    wait_ready(page, "list")
    from urllib.parse import parse_qs, urlparse

    query = parse_qs(urlparse(page.url).query)
    west, south, east, north = (float(v) for v in query["bbox"][0].split(","))
    shown = api(page, server, f"/api/events?country=YE&bbox={query['bbox'][0]}&limit=500")["items"]
    assert page.locator("#events li.event").count() == len(shown) >= count  # other places may share the point
    assert all(west <= e["place"]["lon"] <= east and south <= e["place"]["lat"] <= north for e in shown)
    places = page.locator("#events li.event .place").all_inner_texts()
    assert sum(p.split("، ")[0] == place for p in places) == count  # the clicked place's events are all listed
    assert page.locator("#bbox-note").is_visible()


def test_event_page_highlights_the_evidence_and_shows_claims(page: Any, server: str) -> None:
    events = api(page, server, "/api/events?limit=500")["items"]
    strike = next(e for e in events if e["article_id"] == "t-01")
    page.goto(server + "/")
    wait_ready(page, "list")
    page.locator(f"#events li.event[data-id='{strike['id']}'] a.open").click()
    page.wait_for_url(f"**/events/{strike['id']}")
    wait_ready(page, "event")
    marked = "".join(page.locator("#article-text mark.hl-evidence").all_inner_texts())
    assert marked == strike["evidence"]
    assert page.locator("#article-text mark.hl-trigger").count() >= 1
    # how likely the event is, and how sure the labeller is of each party, as the stored event gives them
    full = api(page, server, f"/api/events/{strike['id']}")["event"]
    digits = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")

    def percents(text: str) -> list[str]:
        return re.findall(r"\d+", text.translate(digits))

    def percent(p: float) -> str:  # as Intl.NumberFormat rounds: the number as written (0.285), halves away from 0
        return str((Decimal(str(p)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    shown = page.locator("#eventivity").inner_text()
    if full["eventivity"] is None:  # a one-sentence report is not judged
        assert shown.strip() == "—"
    else:
        assert percents(shown) == [percent(full["eventivity"])], shown
    sure = {role: [percent(a["p"]) for a in full[role] if "p" in a] for role in ("actors", "recipients")}
    assert any(sure.values()), full
    for role, want in sure.items():
        assert percents(page.locator(f"#{role}").inner_text()) == want
    modality = page.locator("#modality").inner_text()  # and how sure the modality models are of its modality
    assert percents(modality) == ([] if full["modality_p"] is None else [percent(full["modality_p"])])
    where = page.locator("#place").inner_text()  # and how sure the place is
    assert percents(where) == ([] if full.get("place_p") is None else [percent(full["place_p"])]), where
    cards = page.locator("#claims article.claim")
    assert cards.count() >= 2
    outlets = cards.locator("header strong").all_inner_texts()
    assert {"الشرق", "النهار"} <= set(outlets)
    shot(page, "event_ar", full=True)
    page.locator("a.back").click()
    wait_ready(page, "list")


def test_rtl_in_arabic_and_ltr_in_english(page: Any, server: str) -> None:
    page.goto(server + "/")
    wait_ready(page, "list")
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl" and html.get_attribute("lang") == "ar"
    aside, main = page.locator("aside.filters").bounding_box(), page.locator("main.main").bounding_box()
    assert aside["x"] > main["x"]  # the filter panel stands on the right in Arabic
    assert page.locator("#events li.event .evidence").first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    page.locator("#lang-toggle").click()
    page.wait_for_url("**lang=en**")
    wait_ready(page, "list")
    assert html.get_attribute("dir") == "ltr" and html.get_attribute("lang") == "en"
    aside, main = page.locator("aside.filters").bounding_box(), page.locator("main.main").bounding_box()
    assert aside["x"] < main["x"]
    assert page.locator("label:has(#f-type) span").inner_text() == "Event type"
    # Arabic article text stays right-to-left inside the English interface
    assert page.locator("#events li.event .evidence").first.evaluate("e => getComputedStyle(e).direction") == "rtl"
    shot(page, "list_en")


def test_incident_page_puts_each_outlets_claim_side_by_side(page: Any, server: str) -> None:
    events = api(page, server, "/api/events?limit=500")["items"]
    strike = next(e for e in events if e["article_id"] == "t-01")
    page.goto(server + f"/events/{strike['id']}")
    wait_ready(page, "event")
    page.locator("a.to-incident").click()
    wait_ready(page, "incident")
    cards = page.locator("#claims article.claim")
    assert {"الشرق", "النهار"} <= set(cards.locator("header strong").all_inner_texts())
    assert page.locator(".contradictions li").count() >= 1
    shot(page, "incident_ar", full=True)
