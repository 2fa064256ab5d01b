"""The JSON API over the real demo database: filters, pagination, records, errors."""

from __future__ import annotations

import parley

MAX_PAGE = 500


def test_summary_matches_the_store(client, demo_db):
    body = client.get("/api/summary").json()
    with parley.open(str(demo_db), read_only=True) as store:
        counts = store.counts()
    assert body["fused_events"] == counts["fused_events"]
    assert body["events"] == counts["events"]
    assert body["documents"] == counts["documents"]
    assert body["top_dyads"] and all(d["a"] < d["b"] for d in body["top_dyads"])
    assert body["first_date"] <= body["last_date"]


def test_event_pages_are_stable_and_complete(client):
    whole = client.get("/api/events", params={"limit": 60}).json()
    pieces = []
    for offset in range(0, 60, 15):
        pieces += client.get("/api/events", params={"limit": 15, "offset": offset}).json()["items"]
    assert [e["id"] for e in pieces] == [e["id"] for e in whole["items"]]
    assert whole["total"] >= len(whole["items"])
    days = [e["date"] or "9999" for e in whole["items"]]
    assert len(set(e["id"] for e in pieces)) == len(pieces)
    assert days  # ordered by day (stored day may come from the article when the event has none)


def test_actor_filter_keeps_only_that_actor(client):
    items = client.get("/api/fused", params={"actor": "RUS", "limit": 200}).json()["items"]
    assert items
    for e in items:
        assert any(c.startswith("RUS") for c in e["source"] + e["target"] + e["participants"])


def test_directed_dyad_and_type_filters(client):
    body = client.get("/api/events", params={"dyad": "RUS:AFG", "limit": 200}).json()
    for e in body["items"]:
        assert any(a["country"] == "RUS" for a in e["source"])
        assert any(a["country"] == "AFG" for a in e["target"])
    consult = client.get("/api/events", params={"type": "CONSULT", "limit": 200}).json()["items"]
    assert consult and all(e["plover"]["type"] == "CONSULT" for e in consult)
    root = client.get("/api/events", params={"type": "04", "limit": 200}).json()["items"]
    assert all(e["cameo"]["code"].startswith("04") for e in root)


def test_date_text_and_min_sources_filters(client):
    aug = client.get("/api/fused", params={"since": "2021-08-01", "until": "2021-08-31", "limit": 200}).json()
    assert aug["items"] and all("2021-08-01" <= e["date"] <= "2021-08-31" for e in aug["items"] if e["date"])
    text = client.get("/api/events", params={"text": "Kabul", "limit": 200}).json()["items"]
    assert text and all("kabul" in e["sentence"].lower() for e in text)
    multi = client.get("/api/fused", params={"min_sources": 2, "limit": 200}).json()["items"]
    assert all(e["num_outlets"] >= 2 for e in multi)


def test_min_confidence_filter(client):
    confident = client.get("/api/events", params={"min_confidence": 0.7, "limit": 200}).json()["items"]
    everything = client.get("/api/events", params={"limit": 200}).json()["items"]
    assert confident and all(e["confidence"] >= 0.7 for e in confident)
    assert len(confident) < len(everything)
    assert client.get("/api/events", params={"min_confidence": 2}).status_code == 422  # out of range


def test_fused_event_has_its_mentions_and_articles(client):
    first = client.get("/api/fused", params={"min_sources": 2, "limit": 1}).json()["items"]
    pick = first[0] if first else client.get("/api/fused", params={"limit": 1}).json()["items"][0]
    body = client.get(f"/api/fused/{pick['id']}").json()
    assert body["event"]["id"] == pick["id"]
    assert {m["event"]["id"] for m in body["mentions"]} == set(pick["mentions"])
    assert all(m["document"]["id"] == m["event"]["doc_id"] for m in body["mentions"])


def test_document_spans_point_into_the_text(client):
    ev = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    body = client.get(f"/api/documents/{ev['doc_id']}").json()
    text = body["document"]["text"]
    assert body["spans"]
    for s in body["spans"]:
        assert 0 <= s["start"] < s["end"] <= len(text)
    triggers = {(s["start"], s["end"]) for s in body["spans"] if s["kind"] == "trigger"}
    for e in body["events"]:
        assert (e["trigger"]["start"], e["trigger"]["end"]) in triggers
        assert text[e["trigger"]["start"]:e["trigger"]["end"]] == e["trigger"]["text"]


def test_actor_search_and_profile(client):
    found = client.get("/api/actors", params={"q": "rus"}).json()["items"]
    assert found and any(a["country"] == "RUS" for a in found)
    profile = client.get("/api/actors/RUS").json()
    assert profile["as_source"] + profile["as_target"] > 0
    assert all(p["partner"] != "RUS" for p in profile["partners"])
    assert client.get("/api/actors/ZZZ").status_code == 404


def test_dyad_series_counts_the_undirected_pair(client):
    series = client.get("/api/dyads/RUS/AFG/series", params={"freq": "month"}).json()
    fused = client.get("/api/briefing", params={"a": "RUS", "b": "AFG"}).json()
    monthly = sum(p["count"] for p in series["series"])
    assert 0 < monthly <= fused["totals"]["events"]  # undated events have no period
    for p in series["series"]:
        assert p["q1"] + p["q2"] + p["q3"] + p["q4"] == p["count"]
        assert p["count"] == 0 and p["goldstein_mean"] is None or -10 <= p["goldstein_mean"] <= 10
    periods = [p["period"] for p in series["series"]]
    assert periods == sorted(periods) and len(set(periods)) == len(periods)
    weekly = client.get("/api/dyads/AFG/RUS/series", params={"freq": "week"}).json()
    assert sum(p["count"] for p in weekly["series"]) == monthly


def test_briefing_cites_its_articles(client):
    body = client.get("/api/briefing", params={"a": "RUS", "b": "AFG", "n": 3}).json()
    assert 0 < len(body["items"]) <= 3
    refs = {r["n"] for r in body["references"]}
    for item in body["items"]:
        assert item["citations"] and set(item["citations"]) <= refs
        assert item["sentence"]
    dates = [i["event"]["date"] or "9999" for i in body["items"]]
    assert dates == sorted(dates)


def test_network_has_nodes_edges_and_groups(client):
    body = client.get("/api/network").json()
    codes = {n["code"] for n in body["nodes"]}
    assert body["edges"] and all(e["a"] in codes and e["b"] in codes for e in body["edges"])
    assert all(len(g["members"]) >= 3 for g in body["groups"])


def test_errors_are_json_with_code_and_message(client):
    for url, status in [("/api/events?limit=100000", 422), ("/api/events?since=yesterday", 422),
                        ("/api/events?since=2021-09-01&until=2021-08-01", 400),
                        ("/api/events?type=NOTATYPE", 400), ("/api/fused/nope", 404),
                        ("/api/documents/nope", 404), ("/api/nothing-here", 404)]:
        r = client.get(url)
        assert r.status_code == status, url
        err = r.json()["error"]
        assert err["code"] and err["message"]
        assert "Traceback" not in r.text


def test_page_size_is_capped(client):
    assert client.get("/api/events", params={"limit": MAX_PAGE}).status_code == 200
    assert client.get("/api/events", params={"limit": MAX_PAGE + 1}).status_code == 422


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/events", "/api/fused", "/api/actors", "/api/actors/{code}", "/api/dyads/{a}/{b}/series",
              "/api/documents/{doc_id}", "/api/export", "/api/summary"):
        assert p in paths
    assert "/api/ingest" not in paths  # read-only by default


def test_security_headers_and_no_cors_by_default(client):
    r = client.get("/api/summary", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in r.headers
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
