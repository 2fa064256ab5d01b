"""The dashboard in real headless chromium: every view, a filter, an event's highlighted sentence.

Screenshots of each view go to docs/screenshots/ (the README shows them).
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _drawn(page, selector: str) -> None:
    page.wait_for_selector(f"{selector}[data-drawn='1']", state="attached", timeout=20000)


def test_overview_shows_the_story_and_filters(page, screenshots):
    page.goto("/")
    _drawn(page, "#timeline")
    _drawn(page, "#featured canvas")
    featured = page.inner_text("#featured h2")
    assert "↔" in featured
    assert page.locator("#top-dyads tbody tr").count() > 0
    page.screenshot(path=str(screenshots / "overview.png"))
    total = int(page.inner_text("#stat-fused"))
    page.fill("#filters input[name=actor]", "RUS")
    page.fill("#filters input[name=since]", "2021-07-01")
    page.click("#filters button[type=submit]")
    page.wait_for_url(re.compile(r"actor=RUS"))
    _drawn(page, "#timeline")
    filtered = int(page.inner_text("#stat-fused"))
    assert 0 < filtered < total
    assert page.errors == []


def test_dyad_view_then_event_with_highlights(page, screenshots):
    page.goto("/dyad?a=RUS&b=AFG")
    _drawn(page, "#goldstein")
    rows = page.locator("#dyad-events tbody tr")
    assert rows.count() > 0
    page.screenshot(path=str(screenshots / "dyad.png"), full_page=True)
    rows.first.locator("a", has_text="sentences").click()
    page.wait_for_selector("#mentions .mention")
    trigger = page.locator("#mentions mark.hl-trigger").first
    assert trigger.inner_text().strip()
    assert page.locator("#mentions mark.hl-source, #mentions mark.hl-target").count() > 0
    page.screenshot(path=str(screenshots / "event.png"), full_page=True)
    assert page.errors == []


def test_network_view_draws_actors_and_formats(page, screenshots):
    page.goto("/network?since=2021-01-01&until=2021-12-31")
    _drawn(page, "#network")
    status = page.inner_text("#network-status")
    assert re.match(r"\d+ actors, \d+ dyads", status), status
    page.screenshot(path=str(screenshots / "network.png"), full_page=True)
    assert page.errors == []


def test_briefing_lists_events_with_citations(page, screenshots):
    page.goto("/briefing")
    page.fill("#filters input[name=a]", "RUS")
    page.fill("#filters input[name=b]", "AFG")
    page.fill("#filters input[name=since]", "2021-01-01")
    page.fill("#filters input[name=until]", "2021-12-31")
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#briefing ol li")
    assert page.locator("#briefing a.cite").count() > 0
    assert page.locator(".refs li").count() > 0
    page.screenshot(path=str(screenshots / "briefing.png"), full_page=True)
    assert page.errors == []


def test_script_in_an_article_never_runs(page, server):
    import httpx

    hits = httpx.get(f"{server}/api/fused", params={"text": "__parley_pwned", "limit": 1}).json()["items"]
    assert hits, "the hostile article was not coded"
    mentions = httpx.get(f"{server}/api/fused/{hits[0]['id']}").json()["mentions"]
    doc_id = next(m["event"]["doc_id"] for m in mentions if "__parley_pwned" in m["event"]["sentence"])
    for url in (f"/event/{hits[0]['id']}", f"/document/{doc_id}"):
        page.goto(url)
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.__parley_pwned") == "undefined"
        assert page.title() != "pwned"
        assert "<script>" in page.inner_text("main")  # shown as text
        assert page.locator("main script, main img").count() == 0
