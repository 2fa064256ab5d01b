"""Hand-made documents and event records, so the store tests do not wait for the coder."""

from __future__ import annotations

from parley.records import ActorRef, Cameo, Dateline, Document, EventRecord, Location, Modality, Plover, Span

COUNTRY_NAMES = {"RUS": "Russia", "AFG": "Afghanistan", "CHN": "China", "PAK": "Pakistan", "USA": "United States",
                 "IRN": "Iran", "IND": "India", "QAT": "Qatar"}
ROOTS = {  # root: (label, quad class, goldstein, PLOVER type)
    "04": ("Consult", 1, 1.0, "CONSULT"), "05": ("Engage in diplomatic cooperation", 1, 3.5, "COOPERATE"),
    "06": ("Engage in material cooperation", 2, 6.0, "COOPERATE"), "07": ("Provide aid", 2, 7.0, "AID"),
    "11": ("Disapprove", 3, -2.0, "ACCUSE"), "12": ("Reject", 3, -4.0, "REJECT"),
    "14": ("Protest", 3, -6.5, "PROTEST"), "18": ("Assault", 4, -9.0, "ASSAULT"),
    "19": ("Fight", 4, -10.0, "ASSAULT"), "03": ("Express intent to cooperate", 1, 4.0, "COOPERATE"),
}


def actor(country: str, sector: str = "GOV", text: str | None = None, kb_id: str | None = None) -> ActorRef:
    name = COUNTRY_NAMES.get(country, country)
    return ActorRef(text=text or name, code=country + sector, country=country, sector=sector, name=name,
                    kb_id=kb_id)


_WORDS = ("border", "talks", "envoy", "summit", "aid", "trade", "refugees", "security", "minister", "statement",
          "delegation", "capital", "agreement", "ceasefire", "sanctions", "visit", "pipeline", "grain", "water",
          "election", "troops", "embassy", "officials", "spokesman", "conference", "treaty", "loan", "bank")


def unique_text(seed: str, words: int = 80) -> str:
    """A text of its own for each seed: two seeds share few 5-word shingles."""
    import random

    rng = random.Random(seed)
    body = " ".join(rng.choice(_WORDS) for _ in range(words))
    return f"Report {seed}. {body}."


def document(doc_id: str, text: str | None = None, *, date: str | None = "2021-10-20",
             outlet: str | None = "Wire One", title: str | None = None) -> Document:
    body = text or unique_text(doc_id)
    return Document(id=doc_id, text=body, title=title or f"Title of {doc_id}", date=date, outlet=outlet,
                    url=f"https://news.example/{doc_id}", dateline=Dateline(place="MOSCOW", date=None),
                    language="en", removed=["Share this article"], input=f"/in/{doc_id}.txt",
                    content_hash=f"raw-{doc_id}")


def event(doc: Document, sentence_index: int = 0, *, src: list[str] = ("RUS",), tgt: list[str] = ("AFG",),
          code: str = "042", date: str | None = "2021-10-20", sentence: str | None = None,
          negated: bool = False, certainty: str = "asserted", confidence: float = 0.8,
          trigger: str = "met", location: bool = True) -> EventRecord:
    root = code[:2]
    label, quad, gold, ptype = ROOTS[root]
    sources = [actor(c) for c in src]
    targets = [actor(c) for c in tgt]
    sent = sentence or (f"{' and '.join(a.text for a in sources)} {trigger} "
                        f"{' and '.join(a.text for a in targets)} officials in Moscow on Wednesday.")
    start = sent.find(trigger) if trigger in sent else 0
    span = Span(trigger, start, start + len(trigger))
    return EventRecord(
        id=EventRecord.make_id(doc.id, sentence_index, span, sources, targets, code),
        doc_id=doc.id, sentence_index=sentence_index, sentence=sent, trigger=span,
        cameo=Cameo(code, root, label, quad, gold), plover=Plover(ptype, None, []),
        source=sources, target=targets, date=date,
        modality=Modality(negated=negated, tense="past", certainty=certainty),
        location=Location("Moscow", "RUS", 55.75, 37.62, 524901) if location else None,
        quote=None, confidence=confidence,
    )


def pg_schema_url(base: str, schema: str) -> str:
    """A URL whose connections use ``schema`` as their search path."""
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"
