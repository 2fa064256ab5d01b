"""Dashboard pages render over the demo database and escape article text."""

from __future__ import annotations

from apidemo import HOSTILE_MARK

HTML = {"Accept": "text/html"}


def test_every_page_renders(client):
    for url in ("/", "/?actor=RUS&since=2021-07-01", "/dyad", "/dyad?a=RUS&b=AFG&freq=week", "/network",
                "/network?min_sources=2", "/briefing", "/briefing?a=RUS&b=AFG&since=2021-01-01"):
        r = client.get(url, headers=HTML)
        assert r.status_code == 200, url
        assert r.headers["content-type"].startswith("text/html")


def test_event_page_highlights_trigger_and_actors(client):
    fused = client.get("/api/fused", params={"dyad": "RUS:AFG", "limit": 1}).json()["items"][0]
    page = client.get(f"/event/{fused['id']}", headers=HTML).text
    assert 'class="hl-trigger' in page or "hl-trigger" in page
    assert "hl-source" in page


def test_event_page_shows_the_canonical_dyad_and_the_participants(client):
    items = client.get("/api/fused", params={"actor": "CHN", "limit": 200}).json()["items"]
    multi = next(e for e in items if e["participants"])
    page = client.get(f"/event/{multi['id']}", headers=HTML).text
    heading = page[page.index("<h1>"):page.index("</h1>")]
    assert multi["source"][0] in heading and all(p not in heading for p in multi["participants"])
    assert "<th>With</th>" in page and all(f">{p}</a>" in page for p in multi["participants"])


def test_hostile_article_is_escaped(client):
    hits = client.get("/api/events", params={"text": "__parley_pwned", "limit": 5}).json()["items"]
    assert hits, "the hostile article was not coded"
    doc = client.get(f"/document/{hits[0]['doc_id']}", headers=HTML).text
    assert "&lt;script&gt;" in doc and "<script>" + HOSTILE_MARK not in doc
    assert "<img src=x" not in doc
    fused = client.get("/api/fused", params={"text": "__parley_pwned", "limit": 1}).json()["items"][0]
    event = client.get(f"/event/{fused['id']}", headers=HTML).text
    assert "&lt;script&gt;" in event and "<script>" + HOSTILE_MARK not in event


def test_page_errors_are_pages_and_escape_input(client):
    r = client.get("/event/%3Cb%3Enope", headers=HTML)
    assert r.status_code == 404 and "&lt;b&gt;nope" in r.text and "<b>nope" not in r.text
    bad = client.get("/dyad?a=%3Cscript%3E&b=AFG", headers=HTML)
    assert bad.status_code == 400 and "<script>" not in bad.text.split("</header>")[1]


def test_static_vendor_files_are_served(client):
    for path in ("/static/vendor/chartjs/chart.umd.min.js", "/static/vendor/vis-network/vis-network.min.js",
                 "/static/js/charts.js", "/static/css/parley.css"):
        assert client.get(path).status_code == 200, path
