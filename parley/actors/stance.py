"""Phrases that name a group by where it stands towards an actor, not by who it is.

- **Stance modifiers** — "pro-Russia rebels", "anti-government protesters", "Iranian-backed
  militias": the group is never the actor named in the modifier. The modifier is dropped and
  the rest resolves as usual ("pro-Russian separatists in Ukraine" → UKRREB; "pro-Russia
  rebels" → REB with no country).
- **Leaders** — "the Saudi-led coalition", "US-led forces": the group is the leader's ("US
  forces" → USAMIL), a body the rest names ("the Russian-led CSTO"), or else the leader itself
  ("Saudi-led coalition" → SAU): a coalition acts for the state that leads it, unlike a group it
  merely backs.
- **Stance nouns** — "opponents of Rwanda's Senate", "Kremlin critics", "supporters of the
  president": the country of the actor they stand against or behind, with a sector of their
  own. Opponents and critics of a state organ or office holder are that country's opposition
  (OPP); of a country as a whole, an organisation or an armed group they are anyone, so
  nothing is returned. Supporters are the country's civilians (CVL), or its opposition (OPP)
  when they back the opposition or someone out of office (ELI), or a party (PTY) when they
  back a party.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from parley.actors.model import Resolution

# "pro-Russia", "anti-Western", "pro-government"
_STANCE_PREFIX = re.compile(r"^(?:pro|anti|non)-\S+$")
# "Iranian-backed", "Kremlin-allied", "al-Qaeda-linked"
_STANCE_SUFFIX = re.compile(r"^\S+-(?:backed|allied|aligned|linked|affiliated|sponsored|supported|funded|"
                            r"inspired|leaning|friendly|oriented|controlled|armed)$")
_BEFORE = re.compile(r"(?i)(?:^|[^\w-])(?:pro|anti|non)-$")
_AFTER = re.compile(r"(?i)-(?:backed|allied|aligned|linked|affiliated|sponsored|supported|funded|inspired|leaning|"
                    r"friendly|oriented|controlled|armed)\b")
OPPONENTS = {"opponents", "opponent", "critics", "critic", "detractors", "detractor", "foes", "enemies"}
SUPPORTERS = {"supporters", "supporter", "followers", "loyalists", "loyalist", "sympathisers", "sympathizers",
              "sympathiser", "sympathizer", "partisans", "backers"}
STANCE_NOUNS = OPPONENTS | SUPPORTERS
STATE_ORGANS = {"GOV", "LEG", "JUD", "MIL", "COP", "SPY"}
CONFIDENCE = 0.6

Phrase = Callable[[str], list[Resolution]]


def is_stance_word(word: str) -> bool:
    """ "pro-russia", "anti-government", "iranian-backed" (folded words)."""
    return bool(_STANCE_PREFIX.match(word) or _STANCE_SUFFIX.match(word))


def names_a_stance(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the X of "pro-X", "anti-X" or "X-backed" (so no actor).

    >>> names_a_stance("pro-Russia rebels", 4, 10)
    True
    """
    return bool(_BEFORE.search(text, max(0, start - 6), start) or _AFTER.match(text, end))


def without_stance(words: list[str], phrase: Phrase) -> list[Resolution] | None:
    """Resolve the phrase with its stance modifiers dropped; None when it has none.

    >>> without_stance(["pro-russia", "rebels"], resolve)[0].code
    'REB'
    """
    stance = [w for w in words if is_stance_word(w)]
    if not stance:
        return None
    rest = [w for w in words if not is_stance_word(w)]
    if not rest:
        return []
    why = f"'{' '.join(stance)}' says what they stand for or against, not who they are"
    return [r.with_(confidence=round(min(r.confidence, 0.9) * 0.9, 3), reason=f"{r.reason}; {why}")
            for r in phrase(" ".join(rest))]


_LED = re.compile(r"(?P<leader>[^\s-][^\s]*?)-led\b", re.I)


def led_by(original: str, phrase: Phrase) -> list[Resolution] | None:
    """ "Saudi-led coalition" → the leader's group or the leader; None when no word is "X-led"
    or X is no actor with a country. ``phrase`` resolves text as written (acronyms need their
    capitals: "US-led", not "us-led").

    >>> [r.code for r in led_by("US-led forces", resolve)]
    ['USAMIL']
    """
    m = _LED.search(original)
    if m is None:
        return None
    leader, rest = m["leader"], original[m.end():].strip()
    who = [r for r in phrase(leader) if r.country]
    if not who:
        return None
    why = f"'{m[0]}': led by {who[0].name}"
    if rest:
        found = [r for r in phrase(f"{leader} {rest}") if r.country == who[0].country]
        if found:
            return [r.with_(reason=f"{r.reason}; {why}") for r in found]
        named = [r for r in phrase(rest) if r.kind in {"organisation", "format", "group"}]
        if named:  # "the Russian-led CSTO": the body named, not its leader
            return named
    return [r.with_(confidence=round(min(r.confidence, 0.9) * 0.9, 3), reason=f"{r.reason}; {why}") for r in who[:1]]


def stance_noun(words: list[str], phrase: Phrase, state: Callable[[str, str, str], Resolution],
                sector_only: Callable[[str, str], Resolution]) -> list[Resolution] | None:
    """ "opponents of X", "critics of X", "X critics", "X's supporters"; None when not such a phrase."""
    if len(words) >= 3 and words[0] in STANCE_NOUNS and words[1] == "of":
        noun, target = words[0], words[2:]
    elif len(words) >= 2 and words[-1] in STANCE_NOUNS:
        noun, target = words[-1], [w for w in words[:-1] if w != "'s"]
    else:
        return None
    found = phrase(" ".join(target))
    if len(found) != 1:
        return []  # unknown, or several actors: whose opponents is unclear
    x = found[0]
    sector = _sector(noun in OPPONENTS, x)
    if sector is None:
        return []
    why = f"{noun} of {x.kb_id or x.code}"
    if not x.country or x.kind == "sector_only":
        return [sector_only(sector, why)] if x.kind == "sector_only" else []
    return [state(x.country, sector, why)]


def _sector(opposing: bool, x: Resolution) -> str | None:
    if opposing:
        state_side = x.sector in STATE_ORGANS and x.kind in ("state", "person", "sector_only")
        governing_group = x.kind == "group" and x.sector == "GOV"  # the Taliban after 2021-08-15
        return "OPP" if state_side or governing_group else None
    if x.kind not in ("state", "person", "sector_only", "group") or (x.kind == "state" and not x.sector):
        return None  # "supporters of Russia" are anyone
    if x.sector in ("OPP", "ELI"):
        return "OPP"
    if x.sector == "PTY":
        return "PTY"
    return "CVL"
