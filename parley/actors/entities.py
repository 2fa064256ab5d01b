"""From one knowledge-base entry and a date to a :class:`Resolution` (codes, sector, confidence).

Decisions documented in docs/KNOWLEDGE_BASE.md:
- a person is coded by the role valid on the date (country + sector of the role, or the
  organisation/group they lead); with several roles the highest office wins;
- a person with no role on the date (a head of state who left office, a minister not yet
  appointed) keeps the country of their nearest role with sector ELI (CAMEO "elites":
  former officials) and confidence 0.6 — never the GOV code of an office they do not hold;
- a group's code is its country + the sector of the role valid on the date (Taliban:
  AFGINS until 2021-08-15, AFGGOV from then);
- an organisation is IGO + id (IGOUNO) unless its entry gives a code;
- a format is its own actor (kind 'format', code from the entry or IGO) whose ``members``
  list the member states on the date; a collective always expands to its members.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from parley.actors.index import Index
from parley.actors.model import Resolution

OFFICE_RANK = (
    "head_of_state", "head_of_government", "un_secretary_general", "secretary_general", "leader",
    "foreign_minister", "defence_minister", "interior_minister", "deputy_head_of_government",
    "deputy_head_of_state", "military_chief", "intelligence_chief", "minister", "deputy_foreign_minister",
    "special_envoy", "negotiator", "ambassador", "spokesperson", "official",
)
OFFICE_LABEL = {o: o.replace("_", " ") for o in OFFICE_RANK}


def day(date: str | None) -> str:
    """The date a resolution is made for; no date means today."""
    return date or _dt.date.today().isoformat()


def active(item: dict[str, Any], date: str) -> bool:
    """Half-open interval test: start inclusive, end exclusive; missing bounds are open."""
    start, end = item.get("start"), item.get("end")
    return (start is None or start <= date) and (end is None or date < end)


def state(idx: Index, cid: str, sector: str | None, confidence: float, reason: str) -> Resolution:
    c = idx.countries.get(cid)
    name = c["name"] if c else cid
    if sector:
        label = idx.sectors.get(sector, {}).get("label", sector)
        name = f"{name} ({label})"
    return Resolution(code=cid + (sector or ""), country=cid, sector=sector, name=name, kb_id=cid,
                      kind="state", confidence=confidence, reason=reason)


def sector_only(idx: Index, sector: str, confidence: float, reason: str) -> Resolution:
    label = idx.sectors.get(sector, {}).get("label", sector)
    return Resolution(code=sector, country=None, sector=sector, name=label, kb_id=None, kind="sector_only",
                      confidence=confidence, reason=reason)


def organisation(idx: Index, oid: str, confidence: float, reason: str) -> Resolution:
    o = idx.organisations[oid]
    prefix = "NGO" if o.get("type") == "ngo" else "IGO"
    code = o.get("code") or prefix + oid
    # The contract's `country` for an IGO is its six-letter code (IGOUNO), the same as `code`.
    return Resolution(code=code, country=o.get("country") or code, sector=o.get("sector") or prefix,
                      name=o["name"], kb_id=oid, kind="organisation", confidence=confidence, reason=reason)


def group(idx: Index, gid: str, date: str | None, confidence: float, reason: str) -> Resolution:
    g = idx.groups[gid]
    on = day(date)
    roles = g.get("roles", [])
    role = next((r for r in roles if active(r, on)), None)
    if role is None and roles:  # outside every dated role: nearest one, less sure
        role = _nearest(roles, on)
        confidence = min(confidence, 0.7)
        reason += "; no role on the date, nearest used"
    sector = role.get("sector") if role else None
    country = (role or {}).get("country") or g.get("country")
    if g.get("code"):
        code = g["code"]
    else:
        code = (country or "IMG") + (sector or "")
    return Resolution(code=code, country=country, sector=sector, name=g["name"], kb_id=gid, kind="group",
                      confidence=confidence, reason=reason)


def group_active(idx: Index, gid: str, date: str | None) -> bool:
    """Whether one of the group's roles holds on the date (it exists then)."""
    on = day(date)
    return any(active(r, on) for r in idx.groups[gid].get("roles", []))


def _nearest(items: list[dict[str, Any]], on: str) -> dict[str, Any]:
    before = [r for r in items if (r.get("end") or "9999") <= on]
    if before:
        return max(before, key=lambda r: r.get("end") or "")
    return min(items, key=lambda r: r.get("start") or "")


def role_on(idx: Index, pid: str, date: str | None) -> dict[str, Any] | None:
    """The person's highest-ranked role valid on the date, or None."""
    on = day(date)
    roles = [r for r in idx.persons[pid].get("roles", []) if active(r, on)]
    if not roles:
        return None
    return min(roles, key=lambda r: (OFFICE_RANK.index(r["office"]) if r["office"] in OFFICE_RANK else 99,
                                     -(int((r.get("start") or "0000")[:4]))))


def person(idx: Index, pid: str, date: str | None, confidence: float, reason: str) -> Resolution:
    p = idx.persons[pid]
    role = role_on(idx, pid, date)
    if role is None:
        return _out_of_office(idx, pid, date, confidence, reason)
    owner = _role_owner(idx, role, date)
    office = role["office"]
    if owner is not None:
        code, country, sector = owner.code, owner.country, owner.sector
    else:
        country, sector = role["country"], role.get("sector") or "GOV"
        code = country + sector
    return Resolution(code=code, country=country, sector=sector, name=p["name"], kb_id=pid, kind="person",
                      confidence=confidence, reason=f"{reason}; {OFFICE_LABEL.get(office, office)} of {role['country']}",
                      office=office)


def _out_of_office(idx: Index, pid: str, date: str | None, confidence: float, reason: str) -> Resolution:
    """No office on the date: an elite (ELI) of the state of the nearest role held for a state.

    Someone who only held organisation offices (a former UN Secretary-General) has no state we
    know of: code ELI alone rather than the organisation they no longer speak for.
    """
    p = idx.persons[pid]
    roles = p.get("roles", [])
    if not roles:
        return Resolution(code="", country=None, sector=None, name=p["name"], kb_id=pid, kind="person",
                          confidence=min(confidence, 0.5), reason=reason + "; no known role")
    on = day(date)
    near = _nearest(roles, on)
    state_roles = [r for r in roles if r["country"] in idx.countries or r["country"] in idx.groups]
    state_near = _nearest(state_roles, on) if state_roles else None
    country = None
    if state_near is not None:
        owner = _role_owner(idx, state_near, date)
        country = owner.country if owner else state_near["country"]
    label = OFFICE_LABEL.get(near["office"], near["office"])
    ended = near.get("end") and near["end"] <= on
    why = f"former {label} of {near['country']} (until {near['end']})" if ended else f"not yet {label}"
    return Resolution(code=(country or "") + "ELI", country=country, sector="ELI", name=p["name"], kb_id=pid,
                      kind="person", confidence=min(confidence, 0.6 if country else 0.5), reason=f"{reason}; {why}")


def _role_owner(idx: Index, role: dict[str, Any], date: str | None) -> Resolution | None:
    """A role held in an organisation or a group is coded as that organisation/group."""
    where = role["country"]
    if where in idx.organisations:
        return organisation(idx, where, 1.0, "")
    if where in idx.groups:
        return group(idx, where, date, 1.0, "")
    return None


def holder(idx: Index, country: str, office: str, date: str | None, sector: str | None = None,
           unique: bool = False) -> str | None:
    """Who held ``office`` of ``country`` on the date (the latest appointed if data overlap).

    ``sector`` keeps only roles of that sector; ``unique`` returns None unless exactly one
    person fits (used where a guess would be worse than no answer).
    """
    on = day(date)
    found = [pid for start, end, pid, sec in idx.holders.get((country, office), ())
             if start <= on < end and (sector is None or sec == sector)]
    if unique and len(set(found)) != 1:
        return None
    return found[-1] if found else None


def format_members(idx: Index, fid: str, date: str | None) -> list[str]:
    on = day(date)
    return [m["country"] for m in idx.formats[fid].get("members", []) if active(m, on)]


def org_members(idx: Index, oid: str, date: str | None) -> list[str]:
    on = day(date)
    o = idx.organisations[oid]
    members = o.get("members") or []
    if not members and o.get("universal"):
        return sorted(cid for cid, c in idx.countries.items() if c.get("status", "un_member") == "un_member")
    return [m["country"] for m in members if active(m, on)]


def fmt(idx: Index, fid: str, date: str | None, confidence: float, reason: str,
        sector: str | None = None) -> Resolution:
    """A format with its members on the date (members carry ``sector`` when a head noun gave one)."""
    f = idx.formats[fid]
    if date is not None and not active(f, date):  # named before it met, or after it ended
        confidence = min(confidence, 0.7)
        reason += f"; not active on {date}"
    members = [_member(idx, cid, date, sector or f.get("sector"), confidence, f"member of {fid}")
               for cid in format_members(idx, fid, date)]
    return Resolution(code=f.get("code") or "IGO", country=None, sector=f.get("sector"), name=f["name"], kb_id=fid,
                      kind="format", confidence=confidence, reason=reason, members=members)


def _member(idx: Index, cid: str, date: str | None, sector: str | None, confidence: float,
            reason: str) -> Resolution:
    if cid in idx.countries:
        return state(idx, cid, sector, confidence, reason)
    if cid in idx.organisations:
        return organisation(idx, cid, confidence, reason)
    return group(idx, cid, date, confidence, reason)
