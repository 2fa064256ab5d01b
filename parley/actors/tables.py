"""The knowledge base's two tabular formats: hand-written role tables and derived layers.

**Role tables** (``*.roles``, hand-written; docs/KNOWLEDGE_BASE.md) hold dated offices one
per line, grouped under the country, organisation or group they belong to::

    @KEN
    hos 2022-09-13 - William Ruto
    fm 2023-10 2024-07-11 Musalia Mudavadi = Wycliffe Musalia Mudavadi {acting}

A row is ``OFFICE START END NAME [= ALIAS ...] [{flag ...}]``; ``-`` is an open date and a
date given to the month (``2023-10``) or the year is marked ``approx``. Rows name people: every
row with the same name (or a name of a person already in a YAML file) adds a role to that one
person, so a table brings a YAML person up to date without repeating them.

**Derived layers** (``derived/*.tsv``, written by ``scripts/derive_phoenix.py``) are
tab-separated, one entry per line, with the source line of the dictionary they came from.
Both become the same entries as the YAML files, with their ``file:line`` kept for
``parley actors lookup``; validation errors are located the same way (``file:line: message``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from parley.actors.names import key
from parley.actors.schema import OFFICES, KBFile, Path_, Problems, _date

# Short office names of role tables (the full office names are accepted too).
OFFICE_CODES = {
    "hos": "head_of_state", "hog": "head_of_government", "fm": "foreign_minister", "dm": "defence_minister",
    "im": "interior_minister", "vp": "deputy_head_of_state", "dpm": "deputy_head_of_government",
    "un": "ambassador", "amb": "ambassador", "sg": "secretary_general", "ldr": "leader", "mil": "military_chief",
    "spy": "intelligence_chief", "env": "special_envoy", "min": "minister", "spk": "spokesperson",
    "dfm": "deputy_foreign_minister",
}
TITLES = {"un": "permanent representative to the United Nations"}
FLAGS = {"acting", "f", "m", "alone", "overlap"}
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_SLUG = re.compile(r"[^a-z0-9]+")
_FLAGS = re.compile(r"\{([^{}]*)\}\s*$")


class TableLines:
    """The line of each value path, known while reading (the table's LineMap)."""

    def __init__(self, name: str):
        self.name = name
        self.lines: dict[Path_, int] = {}

    def line(self, path: Path_) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def slug(name: str) -> str:
    """The id of a person named in a table: "Musalia Mudavadi" -> "musalia-mudavadi"."""
    return _SLUG.sub("-", key(name).replace("'", "")).strip("-") or "x"


def _table_date(problems: Problems, where: Path_, text: str) -> tuple[str | None, bool]:
    """A table date and whether it is approximate; ``-`` is open. Month/year dates are approx."""
    if text == "-":
        return None, False
    approx = False
    if _MONTH.match(text):
        text, approx = text + "-01", True
    elif _YEAR.match(text):
        text, approx = text + "-01-01", True
    return _date(problems, where, text), approx


def load_roles(path: str | Path, text: str) -> KBFile:
    """Parse a role table into person entries (merged by name when the KB is compiled)."""
    name = str(path)
    lines = TableLines(name)
    problems = Problems(name, lines)
    persons: dict[str, dict[str, Any]] = {}
    owner: str | None = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("@"):
            owner = line[1:].strip()
            lines.lines[("@", n)] = n
            if not owner:
                problems.add(("@", n), "'@' must name a country, organisation or group id")
            continue
        _row(problems, lines, persons, owner, line, n, name)
    problems.raise_if_any()
    return KBFile(name, "persons", list(persons.values()), lines, layer="table")  # type: ignore[arg-type]


def _row(problems: Problems, lines: TableLines, persons: dict[str, dict[str, Any]], owner: str | None,
         line: str, n: int, file: str) -> None:
    where: Path_ = ("row", n)
    lines.lines[where] = n
    flags: set[str] = set()
    extra: dict[str, str] = {}
    m = _FLAGS.search(line)
    if m:
        for f in m[1].split():
            k, _, v = f.partition("=")
            if v and k in ("id", "sector", "title"):
                extra[k] = v
            elif f in FLAGS:
                flags.add(f)
            else:
                problems.add(where, f"unknown flag {f!r} (known: {', '.join(sorted(FLAGS))}, id=, sector=, title=)")
        line = line[:m.start()].strip()
    parts = line.split(None, 3)
    if len(parts) < 4:
        problems.add(where, "a row is OFFICE START END NAME (use - for an open date)")
        return
    if owner is None:
        problems.add(where, "no '@COUNTRY' line before this row")
        return
    office = OFFICE_CODES.get(parts[0], parts[0])
    if office not in OFFICES:
        problems.add(where, f"office {parts[0]!r} is not one of {', '.join(sorted(OFFICE_CODES))} or a full office name")
        return
    start, approx_s = _table_date(problems, where, parts[1])
    end, approx_e = _table_date(problems, where, parts[2])
    if (parts[1] != "-" and start is None) or (parts[2] != "-" and end is None):
        return
    if start and end and end <= start:
        problems.add(where, f"end {end} is not after start {start}")
        return
    names = [x.strip() for x in parts[3].split("=") if x.strip()]
    if not names:
        problems.add(where, "no name")
        return
    role: dict[str, Any] = {"office": office, "country": owner, "sector": extra.get("sector", "GOV"),
                            "start": start, "end": end, "_src": f"{Path(file).name}:{n}"}
    if office in ("leader",) and "sector" not in extra:
        role.pop("sector")  # a group's leader takes the group's code
    if parts[0] in TITLES or "title" in extra:
        role["title"] = extra.get("title", "").replace("-", " ") or TITLES[parts[0]]
    if approx_s or approx_e:
        role["approx"] = True
    if "acting" in flags:
        role["acting"] = True
    if "overlap" in flags:  # two holders at once is intended (rival governments)
        role["overlap_ok"] = True
    pid = extra.get("id") or slug(names[0])
    person = persons.get(pid)
    if person is None:
        person = persons[pid] = {"id": pid, "name": names[0], "aliases": [], "roles": [], "_by_name": "id" not in extra,
                                 "_src": f"{Path(file).name}:{n}"}
        lines.lines[("entries", len(persons) - 1)] = n
    person["aliases"].extend(a for a in names[1:] if a not in person["aliases"])
    if flags & {"f", "m"}:
        person["gender"] = "f" if "f" in flags else "m"
    if "alone" in flags:
        person["surname_alone"] = True
    i = list(persons).index(pid)
    lines.lines[("entries", i, "roles", len(person["roles"]))] = n
    person["roles"].append(role)


# --------------------------------------------------------------------------- derived layers

DERIVED_COLUMNS = {
    "persons": ("id", "name", "aliases", "roles", "source"),
    "organisations": ("id", "name", "aliases", "type", "code", "country", "sector", "source"),
    "groups": ("id", "name", "aliases", "country", "sector", "source"),
    "sectors": ("word", "sector", "source"),
}


def load_derived(path: str | Path, text: str, *, lazy: bool = False) -> KBFile:
    """Parse a derived layer: ``# kind: KIND`` then one tab-separated entry per line.

    ``lazy`` keeps only ids and names (what compiling needs) and each line as ``_row``,
    parsed by :func:`parse_row` when a resolution first uses the entry; strict loads (tests,
    `parley actors check`) parse and validate every field.
    """
    name = str(path)
    lines = TableLines(name)
    problems = Problems(name, lines)
    kind = None
    entries: list[dict[str, Any]] = []
    base = Path(name).name
    for n, raw in enumerate(text.splitlines(), 1):
        if raw.startswith("#"):
            m = re.match(r"#\s*kind:\s*(\w+)", raw)
            if m and kind is None:
                kind = m[1]
                if kind not in DERIVED_COLUMNS:
                    lines.lines[("kind",)] = n
                    problems.add(("kind",), f"kind {kind!r} is not one of {', '.join(DERIVED_COLUMNS)}")
                    problems.raise_if_any()
            continue
        if not raw.strip():
            continue
        if kind is None:
            lines.lines[("kind",)] = n
            problems.add(("kind",), "a derived layer starts with a '# kind: KIND' line")
            problems.raise_if_any()
        cols = raw.split("\t")
        where: Path_ = ("entries", len(entries))
        lines.lines[where] = n
        if len(cols) != len(DERIVED_COLUMNS[kind]):  # type: ignore[index]
            problems.add(where, f"{len(cols)} columns, expected {len(DERIVED_COLUMNS[kind])}: "  # type: ignore[index]
                                f"{', '.join(DERIVED_COLUMNS[kind])}")  # type: ignore[index]
            continue
        if lazy and kind != "sectors":
            entry: dict[str, Any] | None = {"id": cols[0], "name": cols[1], "aliases": cols[2].split("|") if cols[2]
                                             else []}
        else:
            entry = _DERIVED[kind](dict(zip(DERIVED_COLUMNS[kind], cols, strict=True)), problems, where)  # type: ignore[index]
        if entry is not None:
            entry["_src"] = f"{base}:{n}"
            entry["_derived"] = True
            entry["_row"] = f"{base}:{n}\t{raw}"
            entries.append(entry)
    problems.items = [x.replace(": entries[", f": {kind}[", 1) for x in problems.items]
    problems.raise_if_any()
    return KBFile(name, kind or "persons", entries, lines, layer="derived")


def parse_row(kind: str, stored: str) -> dict[str, Any]:
    """A derived entry from its stored line ("persons.tsv:12<TAB>the line"); bad fields are skipped."""
    src, raw = stored.split("\t", 1)
    problems = Problems(src, TableLines(src))
    entry = _DERIVED[kind](dict(zip(DERIVED_COLUMNS[kind], raw.split("\t"), strict=False)), problems, ())
    entry = entry or {"id": raw.split("\t", 1)[0], "name": raw.split("\t", 2)[1], "aliases": [], "roles": []}
    entry["_src"] = src
    entry["_derived"] = True
    return entry


def _names(row: dict[str, str]) -> list[str]:
    return [a for a in row["aliases"].split("|") if a] if row["aliases"] else []


def _derived_person(row: dict[str, str], problems: Problems, where: Path_) -> dict[str, Any] | None:
    roles = []
    for j, part in enumerate(row["roles"].split("; ")):
        bits = part.split(" ")
        if len(bits) not in (4, 5) or (len(bits) == 5 and bits[4] != "capped"):
            problems.add(where + ("roles", j), f"role {part!r} is not COUNTRY SECTOR START END [capped]")
            continue
        start = None if bits[2] == "-" else _date(problems, where + ("roles", j, "start"), bits[2])
        end = None if bits[3] == "-" else _date(problems, where + ("roles", j, "end"), bits[3])
        if start and end and end <= start:
            problems.add(where + ("roles", j), f"end {end} is not after start {start}")
            continue
        role: dict[str, Any] = {"office": "official", "country": bits[0], "sector": bits[1], "start": start,
                                "end": end}
        if len(bits) == 5:
            role["capped"] = True  # the dictionary had no end: the role ends where its data stop
        roles.append(role)
    if not row["id"] or not row["name"]:
        problems.add(where, "missing id or name")
        return None
    return {"id": row["id"], "name": row["name"], "aliases": _names(row), "roles": roles, "source": row["source"]}


def _derived_org(row: dict[str, str], problems: Problems, where: Path_) -> dict[str, Any] | None:
    if row["type"] not in ("igo", "ngo", "party", "other"):
        problems.add(where + ("type",), f"type {row['type']!r} is not igo, ngo, party or other")
        return None
    e: dict[str, Any] = {"id": row["id"], "name": row["name"], "aliases": _names(row), "type": row["type"],
                         "code": row["code"], "source": row["source"]}
    e["country"] = row["country"] or None
    if row["sector"]:
        e["sector"] = row["sector"]
    return e


def _derived_group(row: dict[str, str], problems: Problems, where: Path_) -> dict[str, Any] | None:
    return {"id": row["id"], "name": row["name"], "aliases": _names(row), "country": row["country"] or None,
            "type": "armed", "roles": [{"sector": row["sector"]}], "source": row["source"]}


def _derived_sector(row: dict[str, str], problems: Problems, where: Path_) -> dict[str, Any] | None:
    return {"id": row["sector"], "label": row["sector"], "words": [row["word"]], "source": row["source"]}


_DERIVED = {"persons": _derived_person, "organisations": _derived_org, "groups": _derived_group,
            "sectors": _derived_sector}
