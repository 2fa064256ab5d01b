"""Where a knowledge-base entry came from, and its dated roles (what `parley actors lookup` shows).

Every entry keeps the file it was read from (``_src``): a reviewed YAML file, a hand-written
role table (with the line of the row) or a derived layer (with its line, and the line of the
Phoenix dictionary it was derived from). YAML lines are found again only when asked for, by
the entry's ``id:`` line, so loading the knowledge base never pays for them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from parley.actors.index import Index

DATA_DIR = Path(__file__).resolve().parent / "data"


def provenance(idx: Index, kind: str, kb_id: str) -> dict[str, Any] | None:
    """``{"layer", "file", "line", "derived_from", "roles"}`` of an entry, or None if unknown."""
    entry = idx.entry(kind, kb_id)
    if entry is None:
        return None
    file, line = _where(entry.get("_src", ""), kb_id)
    out: dict[str, Any] = {"layer": "derived" if entry.get("_derived") else "hand-written", "file": file,
                           "line": line, "derived_from": entry.get("source") if entry.get("_derived") else None}
    if kind in ("person", "group"):
        out["roles"] = [_role(r) for r in entry.get("roles", [])]
    return out


def describe(p: dict[str, Any]) -> str:
    """One line: "hand-written, persons_g20.yaml:123" or "derived, persons.tsv:9 (from Phoenix…:150)"."""
    where = f"{p['file']}:{p['line']}" if p.get("line") else p["file"]
    return f"{p['layer']}, {where}" + (f" (from {p['derived_from']})" if p.get("derived_from") else "")


def _role(r: dict[str, Any]) -> dict[str, Any]:
    out = {k: r.get(k) for k in ("office", "country", "sector", "start", "end", "title")}
    out["flags"] = [f for f in ("approx", "acting", "capped", "overlap_ok") if r.get(f)]
    out["source"] = r.get("_src")  # the table row, when the role came from a role table
    return out


def _where(src: str, kb_id: str) -> tuple[str, int | None]:
    name, _, line = src.rpartition(":")
    if line.isdigit():
        return name, int(line)
    return src, _yaml_line(src, kb_id)


def _yaml_line(src: str, kb_id: str) -> int | None:
    path = Path(src) if Path(src).is_absolute() or Path(src).is_file() else DATA_DIR / src
    text = _text(str(path))
    m = re.search(rf"^\s*-\s*(?:id:\s*|\{{\s*id:\s*)['\"]?{re.escape(kb_id)}['\"]?\s*[,}}]?\s*$", text, re.M)
    if m is None:
        m = re.search(rf"^\s*-?\s*id:\s*['\"]?{re.escape(kb_id)}['\"]?\s*$", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else None


@lru_cache(maxsize=32)
def _text(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""
