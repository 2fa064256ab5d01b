"""Names for the network's multilateral groups: the knowledge base's formats (Moscow format, ...).

A group is the set of parties of one fused event. It is named after a format when the format's
members on the group's last day are all in it with at most one other party (the format meeting
a counterpart, e.g. the extended troika and Afghanistan), or when the group holds at least three
quarters of the format's members and nothing else. The closest format (Jaccard) wins.
"""

from __future__ import annotations

import functools
import warnings
from typing import Any


@functools.lru_cache(maxsize=1)
def _kb() -> Any:
    from parley.actors import load_kb

    with warnings.catch_warnings():  # a half-written built-in file only warns; names are optional
        warnings.simplefilter("ignore")
        return load_kb()


def format_name(members: list[str], date: str | None) -> str | None:
    """The name of the format these parties form on ``date``, or None.

    >>> format_name(["AFG", "CHN", "PAK", "RUS", "USA"], "2021-11-11")  # doctest: +SKIP
    'extended troika'
    """
    try:
        kb = _kb()
    except Exception:  # no knowledge base: groups stay unnamed, the network still draws
        return None
    group = set(members)
    best: tuple[float, str] | None = None
    for fid, entry in kb.idx.formats.items():
        fm = set(kb.members(fid, date))
        if len(fm) < 2:
            continue
        fits = (fm <= group and len(group - fm) <= 1) or (group <= fm and len(group) >= 0.75 * len(fm))
        if fits:
            score = len(group & fm) / len(group | fm)
            if best is None or score > best[0]:
                best = (score, entry.get("name") or fid)
    return best[1] if best else None


def name_groups(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each group with ``format`` (a name or None) and a label that shows it."""
    out = []
    for g in groups:
        name = format_name(g["members"], g.get("last_date"))
        out.append({**g, "format": name, "label": f"{name} ({g['label']})" if name else g["label"]})
    return out
