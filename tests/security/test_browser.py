"""No script from a scraped article runs in the dashboard: checked in a real browser (Debian chromium).

The hostile articles (conftest.py) carry payloads in their text, title, outlet, author and URL;
every view that shows them must render them as text.
"""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest

from security.conftest import PWNED

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from apidemo import live_server  # noqa: E402  (the API tests' loopback uvicorn helper)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(hostile_db):
    from parley.api import create_app

    with live_server(create_app(str(hostile_db))) as url:
        yield url


def _views(server: str) -> list[str]:
    hits = httpx.get(f"{server}/api/fused", params={"text": "Vilnius", "limit": 5}).json()["items"]
    assert hits, "the hostile article was not coded into an event"
    views = [f"/event/{h['id']}" for h in hits]
    views += ["/document/hostile-title", "/", "/?text=Vilnius", "/briefing?a=LTU&b=LVA", "/dyad?a=LTU&b=LVA",
              f"/?text=%3Cscript%3E{PWNED}%3D7%3C/script%3E", "/document/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"]
    return views


def test_no_script_from_an_article_runs_in_any_view(browser, server):
    context = browser.new_context(base_url=server)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in _views(server):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        where = f"{url}: "
        assert page.evaluate(f"typeof {PWNED}") == "undefined", where + "a payload ran"
        assert page.title() != "pwned", where + "a payload changed the title"
        active = page.evaluate("""() => [...document.querySelectorAll('*')].filter(e =>
            [...e.attributes].some(a => /^on/i.test(a.name) || a.name === 'srcdoc'
              || (/^(href|src|action)$/i.test(a.name) && /^\\s*javascript:/i.test(a.value)))).length""")
        assert active == 0, where + "an element carries an event handler, srcdoc or javascript: URL"
        assert page.locator("iframe").count() == 0, where
    assert dialogs == []
    page.goto("/document/hostile-title")
    body = page.inner_text("body")
    assert "<script>" in body and "onerror" in body  # shown as text, not dropped silently
    context.close()
