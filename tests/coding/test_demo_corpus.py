"""Spot-check: the key events of the demo corpus (examples/events.yaml) are coded from their articles."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
NEWS = REPO / "examples" / "news"
EVENTS = REPO / "examples" / "events.yaml"


def _key_events() -> list[tuple[str, dict, Path]]:
    if not EVENTS.is_file():
        return []
    data = yaml.safe_load(EVENTS.read_text(encoding="utf-8"))
    out = []
    for ev in data.get("events", []):
        for doc_id in ev.get("docs", []):
            files = [p for p in NEWS.glob(f"{doc_id}.*") if p.suffix in {".txt", ".html", ".htm"}]
            if files:
                out.append((ev["key"], ev, files[0]))
    return out


def _country(code: str) -> str:
    return code[:3]


def _found(events, ev: dict) -> bool:
    roots = {ev["cameo"]["root"]} | {c[:2] for c in ev["cameo"].get("also", [])}
    want = {_country(c) for c in ev.get("source", []) + ev.get("target", [])}
    for e in events:
        parties = {a.country for a in e.source + e.target if a.country}
        if e.cameo.root in roots and parties & want:
            return True
    return False


@pytest.fixture(scope="module")
def coded(coder):
    from parley.read import read_inputs
    from parley.records import Document

    pairs = _key_events()
    if not pairs:
        pytest.skip("examples/events.yaml lists no article files")
    files = sorted({str(p) for _k, _e, p in pairs})
    docs = [d for d in read_inputs(files) if isinstance(d, Document)]
    by_input = {}
    for doc, events in coder.code_documents(docs):
        by_input[Path(doc.input or doc.id).stem] = events
    return pairs, by_input


def test_most_key_events_are_coded(coded):
    pairs, by_input = coded
    hits = [(key, path.stem) for key, ev, path in pairs if _found(by_input.get(path.stem, []), ev)]
    misses = [(key, path.stem) for key, ev, path in pairs if (key, path.stem) not in hits]
    rate = len(hits) / len(pairs)
    assert rate >= 0.6, f"only {len(hits)}/{len(pairs)} key events coded; missed: {misses}"


def test_specific_key_events(coded):
    pairs, by_input = coded
    wanted = {"troika-moscow-2021-03-18", "moscow-format-2021-10-20"}
    checked = [(key, path.stem) for key, ev, path in pairs if key in wanted and
               _found(by_input.get(path.stem, []), ev)]
    present = {key for key, _ev, _p in pairs} & wanted
    assert {k for k, _ in checked} == present
