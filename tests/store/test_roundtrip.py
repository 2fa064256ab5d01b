"""Hypothesis: any valid event record comes back from the store exactly as it went in."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.records import (
    CERTAINTIES,
    PLOVER_TYPES,
    TENSES,
    ActorRef,
    Cameo,
    Document,
    EventRecord,
    Location,
    Modality,
    Plover,
    Span,
)
from parley.store import open_store

text = st.text(min_size=1, max_size=40)
maybe = st.none() | text
codes = st.sampled_from(["RUSGOV", "AFGINS", "IGOUNO", "USAMIL", "---CVL"])
actor = st.builds(ActorRef, text=text, code=codes, country=st.none() | st.sampled_from(["RUS", "AFG", "IGOUNO"]),
                  sector=maybe, name=maybe, kb_id=maybe, start=st.none() | st.integers(0, 10**6),
                  end=st.none() | st.integers(0, 10**6),
                  confidence=st.none() | st.floats(0, 1, allow_nan=False), reason=maybe)
days = st.none() | st.dates().map(lambda d: d.isoformat())


@st.composite
def records(draw) -> EventRecord:
    code = draw(st.from_regex(r"\A[0-2][0-9]{1,3}\Z"))
    src, tgt = draw(st.lists(actor, max_size=3)), draw(st.lists(actor, max_size=3))
    trigger = Span(draw(text), draw(st.integers(0, 5000)), draw(st.integers(0, 5000)))
    index = draw(st.integers(0, 400))
    return EventRecord(
        id=EventRecord.make_id("doc", index, trigger, src, tgt, code), doc_id="doc", sentence_index=index,
        sentence=draw(text), trigger=trigger,
        cameo=Cameo(code, code[:2], draw(text), draw(st.integers(1, 4)),
                    draw(st.floats(-10, 10, allow_nan=False))),
        plover=Plover(draw(st.sampled_from(PLOVER_TYPES)), draw(maybe), draw(st.lists(text, max_size=2))),
        source=src, target=tgt, date=draw(days),
        modality=Modality(draw(st.booleans()), draw(st.sampled_from(TENSES)), draw(st.sampled_from(CERTAINTIES)),
                          draw(maybe)),
        location=draw(st.none() | st.builds(Location, text, maybe, st.none() | st.floats(-90, 90),
                                            st.none() | st.floats(-180, 180), st.none() | st.integers(1, 10**7))),
        quote=draw(maybe), confidence=draw(st.floats(0, 1, allow_nan=False)),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records(), max_size=4, unique_by=lambda e: e.id), st.text(min_size=1, max_size=200), days)
def test_event_records_round_trip(events, body, pub):
    with open_store(":memory:") as s:
        res = s.ingest(Document(id="doc", text=body, date=pub, outlet="Outlet"), events)
        assert res.status == "new" and res.events == len(events)
        back = {e.id: e.to_dict() for e in s.events().records()}
        assert back == {e.id: e.to_dict() for e in events}
        assert sum(f.num_mentions for f in s.fused().records()) == len(events)
