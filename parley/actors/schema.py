"""Validation of knowledge-base files (docs/KNOWLEDGE_BASE.md) with file:line errors.

A file is composed into a YAML node tree (so every value keeps its line), turned into
plain Python values plus a map ``path -> line``, and checked against the rules of its
``kind``. Every problem becomes one line: ``my_actors.yaml:12: persons[3].roles[0].start:
'June 2021' is not a YYYY-MM-DD date``. Cross-file references (a role's country, a
format's members) are checked by :func:`check_references` once all files are loaded.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from parley.errors import KnowledgeBaseError

FORMAT_VERSION = 1
KINDS = ("countries", "persons", "organisations", "groups", "formats", "sectors")
OFFICES = (
    "head_of_state", "head_of_government", "foreign_minister", "defence_minister", "interior_minister",
    "deputy_foreign_minister", "special_envoy", "un_secretary_general", "secretary_general", "leader",
    "spokesperson", "military_chief", "minister", "ambassador", "deputy_head_of_government",
    "deputy_head_of_state", "intelligence_chief", "negotiator", "official",
)
COUNTRY_STATUS = ("un_member", "un_observer", "other")
ORG_TYPES = ("igo", "ngo", "party", "other")
FORMAT_TYPES = ("format", "collective")
# Metadata any entry may carry (for importers such as a later Wikidata one).
META_KEYS = {"wikidata", "note", "notes", "source", "sources", "url", "description"}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODE3 = re.compile(r"^[A-Z]{3}$")
_SECTOR = re.compile(r"^[A-Z]{3}$")
_QID = re.compile(r"^Q\d+$")
_ORG_ID = re.compile(r"^(?:[A-Z0-9]{2,6}|[a-z0-9]+(?:-[a-z0-9]+)*)$")

Path_ = tuple[str | int, ...]


class LineMap:
    """The line of every value path, computed from the text only when a problem needs one.

    Valid files (the usual case) are parsed once by the fast C loader; only a file with a
    problem is composed again node by node to find where the problem is.
    """

    def __init__(self, text: str, name: str):
        self.text = text
        self.name = name
        self._lines: dict[Path_, int] | None = None

    def line(self, path: Path_) -> int:
        if self._lines is None:
            self._lines = parse_yaml(self.text, self.name)[1]
        return _line_of(self._lines, path)


@dataclass(slots=True)
class KBFile:
    """One validated file: its kind, entries as plain dicts, and where each value is."""

    path: str
    kind: str
    entries: list[dict[str, Any]]
    lines: Any  # LineMap, or tables.TableLines: anything with .line(path)
    layer: str = "hand"  # hand (YAML), table (role tables), derived (scripts/derive_phoenix.py)


class Problems:
    """Collects located problems; raises them all at once."""

    def __init__(self, name: str, lines: Any):  # a LineMap or a tables.TableLines (anything with .line(path))
        self.name = name
        self.lines = lines
        self.items: list[str] = []

    def add(self, path: Path_, message: str) -> None:
        self.items.append(f"{self.name}:{self.lines.line(path)}: {_dotted(path)}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            more = f" (and {len(self.items) - 1} more problem(s))" if len(self.items) > 1 else ""
            err = KnowledgeBaseError(self.items[0] + more, hint="file format: docs/KNOWLEDGE_BASE.md")
            err.problems = list(self.items)  # type: ignore[attr-defined]  # all of them, for `actors check`
            raise err


def _line_of(lines: dict[Path_, int], path: Path_) -> int:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), 1)


def _dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(file)"


# --------------------------------------------------------------------------- YAML with lines


def _loader_class() -> type:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _construct(loader: Any, node: yaml.Node) -> Any:
    """One scalar; a value YAML's own constructors choke on becomes a located YAML error."""
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError:
        raise
    except ValueError:  # an unquoted 2020-13-45 looks like a date to YAML but is none
        raise yaml.MarkedYAMLError(problem=f"{node.value!r} is not a real calendar date",
                                   problem_mark=node.start_mark) from None
    except Exception:  # noqa: BLE001 - e.g. "!!timestamp x": PyYAML fails inside its constructor
        raise yaml.MarkedYAMLError(problem=f"cannot read the value {str(node.value)[:40]!r} (tag {node.tag})",
                                   problem_mark=node.start_mark) from None


def _to_python(node: yaml.Node, loader: Any, path: Path_, lines: dict[Path_, int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _construct(loader, key_node)
            try:
                hash(key)
            except TypeError:  # "? [a, b]": a list or mapping as a key (found by fuzzing)
                raise yaml.MarkedYAMLError(problem="a key must be a plain value, not a list or mapping",
                                           problem_mark=key_node.start_mark) from None
            out[key] = _to_python(value_node, loader, path + (str(key),), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, loader, path + (i,), lines) for i, item in enumerate(node.value)]
    value = _construct(loader, node)
    if isinstance(value, _dt.date):  # unquoted dates are accepted and kept as ISO strings
        value = value.isoformat()[:10]
    return value


def parse_yaml(text: str, name: str) -> tuple[Any, dict[Path_, int]]:
    """Parse YAML text into plain values and a ``path -> line`` map, or raise a located error."""
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise KnowledgeBaseError(f"{name}:1: the file is empty")
        lines: dict[Path_, int] = {}
        return _to_python(node, loader, (), lines), lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise KnowledgeBaseError(f"{name}:{line}: not valid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"{name}: not valid YAML: {exc}") from None
    finally:
        loader.dispose()


def _plain(value: Any) -> Any:
    """Unquoted dates become ISO strings, as in :func:`_to_python`."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()[:10]
    return value


def fast_parse(text: str, name: str) -> Any:
    """Plain values by the C loader; a broken or empty file goes the located way for its error."""
    try:
        data = yaml.load(text, Loader=_loader_class())
    except Exception:  # noqa: BLE001 - any failure: the slow path names the line and the reason
        data = None
    if data is None:
        return parse_yaml(text, name)[0]  # raises the located error (or returns a lone null)
    return _plain(data)


def _read_text(p: Path, name: str) -> str:
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KnowledgeBaseError(f"{name}: no such actors file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(f"{name}: cannot read the actors file ({exc})") from None


def load_file(path: str | Path, text: str | None = None, *, lazy: bool = False) -> KBFile:
    """Read and validate one knowledge-base file (references to other files are not checked).

    ``lazy``: a derived layer keeps its lines unparsed until used (see tables.load_derived).
    """
    p = Path(path)
    name = str(path)
    if text is None:
        text = _read_text(p, name)
    if p.suffix in (".roles", ".tsv"):  # role tables and derived layers (parley/actors/tables.py)
        from parley.actors import tables

        return tables.load_roles(p, text) if p.suffix == ".roles" else tables.load_derived(p, text, lazy=lazy)
    data = fast_parse(text, name)
    lines = LineMap(text, name)
    problems = Problems(name, lines)
    if not isinstance(data, dict):
        problems.add((), "a knowledge-base file must be a mapping with 'kind' and 'entries'")
        problems.raise_if_any()
    kind = data.get("kind")
    if kind not in KINDS:
        problems.add(("kind",), f"kind {kind!r} is not one of {', '.join(KINDS)}")
        problems.raise_if_any()
    version = data.get("version", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        problems.add(("version",), f"format version {version!r} is not supported (expected {FORMAT_VERSION})")
    extra = set(data) - {"kind", "version", "entries"} - META_KEYS
    for key in sorted(map(str, extra)):
        problems.add((key,), "unknown top-level field")
    entries = data.get("entries")
    if not isinstance(entries, list):
        problems.add(("entries",), "'entries' must be a list")
        problems.raise_if_any()
    _check_entries(kind, entries, problems)
    problems.raise_if_any()
    return KBFile(name, kind, entries, lines)


# --------------------------------------------------------------------------- field checks


class _Checker:
    """Field checks for one entry; records problems at the field's own line."""

    def __init__(self, entry: Any, path: Path_, problems: Problems):
        self.entry = entry if isinstance(entry, dict) else {}
        self.path = path
        self.problems = problems
        self.seen: set[str] = set()
        if not isinstance(entry, dict):
            problems.add(path, "each entry must be a mapping")

    def get(self, key: str, kinds: type | tuple[type, ...], *, required: bool = False) -> Any:
        self.seen.add(key)
        value = self.entry.get(key)
        if value is None:
            if required:
                self.problems.add(self.path, f"missing required field '{key}'")
            return None
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in _tuple(kinds)):
            want = " or ".join(t.__name__ for t in _tuple(kinds)).replace("str", "text").replace("list", "list")
            self.problems.add(self.path + (key,), f"{value!r} should be {want}")
            return None
        return value

    def text(self, key: str, *, required: bool = False, pattern: re.Pattern[str] | None = None,
             what: str = "") -> str | None:
        value = self.get(key, str, required=required)
        if value is not None and not value.strip():
            self.problems.add(self.path + (key,), "must not be empty")
            return None
        if value is not None and pattern is not None and not pattern.match(value):
            self.problems.add(self.path + (key,), f"{value!r} is not {what}")
            return None
        return value

    def names(self, key: str) -> list[str]:
        value = self.get(key, list)
        if value is None:
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.problems.add(self.path + (key, i), f"{item!r} should be a non-empty name")
            else:
                out.append(item)
        return out

    def date(self, key: str, *, required: bool = False) -> str | None:
        return _date(self.problems, self.path + (key,), self.get(key, str, required=required))

    def choice(self, key: str, options: tuple[str, ...], *, required: bool = False) -> str | None:
        value = self.get(key, str, required=required)
        if value is not None and value not in options:
            self.problems.add(self.path + (key,), f"{value!r} is not one of {', '.join(options)}")
            return None
        return value

    def finish(self, allowed: set[str]) -> None:
        self.text("wikidata", pattern=_QID, what="a Wikidata id like Q42")
        for key in sorted(map(str, self.entry)):
            if key not in allowed and key not in META_KEYS and key not in self.seen:
                self.problems.add(self.path + (key,), "unknown field")


def _tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _date(problems: Problems, path: Path_, value: str | None) -> str | None:
    if value is None:
        return None
    if not _DATE.match(value):
        problems.add(path, f"{value!r} is not a YYYY-MM-DD date")
        return None
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        problems.add(path, f"{value!r} is not a real calendar date")
        return None
    return value


def _interval(problems: Problems, path: Path_, item: dict[str, Any]) -> None:
    start = _date(problems, path + ("start",), item.get("start") if isinstance(item.get("start"), str) else None)
    end = _date(problems, path + ("end",), item.get("end") if isinstance(item.get("end"), str) else None)
    for key in ("start", "end"):
        if item.get(key) is not None and not isinstance(item.get(key), str):
            problems.add(path + (key,), f"{item.get(key)!r} is not a YYYY-MM-DD date")
    if start and end and end <= start:
        problems.add(path + ("end",), f"end {end} is not after start {start}")


def _check_entries(kind: str, entries: list[Any], problems: Problems) -> None:
    root = kind
    ids: dict[str, int] = {}
    check = _CHECKS[kind]
    for i, entry in enumerate(entries):
        path: Path_ = ("entries", i)
        c = _Checker(entry, path, problems)
        check(c)
        ident = c.entry.get("id")
        if isinstance(ident, str):
            if ident in ids:
                problems.add(path + ("id",), f"duplicate id {ident!r} (first at entry {ids[ident]})")
            ids[ident] = i
    # Errors read better as "persons[3].roles[0].start" than "entries[3]...".
    problems.items = [p.replace(": entries[", f": {root}[", 1) for p in problems.items]


def _check_country(c: _Checker) -> None:
    c.text("id", required=True, pattern=_CODE3, what="a 3-letter upper-case code")
    c.text("name", required=True)
    for key in ("names", "short_names", "adjectives", "demonyms", "metonyms", "not_names"):
        c.names(key)
    c.text("capital")
    c.choice("status", COUNTRY_STATUS)
    c.text("region")
    c.text("iso2", pattern=re.compile(r"^[A-Z]{2}$"), what="a 2-letter code")
    c.finish({"id", "name"})


def _check_person(c: _Checker) -> None:
    c.text("id", required=True, pattern=_SLUG, what="a lowercase-hyphen slug")
    c.text("name", required=True)
    c.names("aliases")
    c.get("surname_alone", bool)
    c.text("surname")
    c.choice("gender", ("m", "f"))
    roles = c.get("roles", list, required=True) or []
    for j, role in enumerate(roles):
        rc = _Checker(role, c.path + ("roles", j), c.problems)
        rc.choice("office", OFFICES, required=True)
        rc.text("country", required=True)
        rc.text("sector", pattern=_SECTOR, what="a 3-letter sector code like GOV")
        rc.text("title")
        for flag in ("acting", "approx", "overlap_ok"):  # overlap_ok: two holders at once is intended
            rc.get(flag, bool)
        _interval(c.problems, rc.path, rc.entry)
        rc.seen |= {"start", "end"}
        rc.finish(set())
    c.finish(set())


def _check_members(c: _Checker, *, required: bool) -> None:
    members = c.get("members", list, required=required) or []
    for j, m in enumerate(members):
        mc = _Checker(m, c.path + ("members", j), c.problems)
        mc.text("country", required=True)
        _interval(c.problems, mc.path, mc.entry)
        mc.seen |= {"start", "end"}
        mc.get("status", str)
        mc.finish(set())


def _check_organisation(c: _Checker) -> None:
    c.text("id", required=True, pattern=_ORG_ID, what="an upper-case IGO code like UNO, or a lowercase-hyphen slug")
    c.text("name", required=True)
    c.names("aliases")
    c.names("bodies")
    c.choice("type", ORG_TYPES)
    c.text("code")
    c.text("country")
    c.text("sector", pattern=_SECTOR, what="a 3-letter sector code like IGO")
    c.get("universal", bool)
    _interval(c.problems, c.path, c.entry)
    c.seen |= {"start", "end"}
    _check_members(c, required=False)
    c.finish(set())


def _check_group(c: _Checker) -> None:
    c.text("id", required=True, pattern=_SLUG, what="a lowercase-hyphen slug")
    c.text("name", required=True)
    c.names("aliases")
    c.names("short_names")  # "Wagner": the group only while one of its roles holds
    c.text("country")
    c.text("code")
    c.text("parent")
    c.choice("type", ("armed", "party", "movement", "other", "terrorist", "militia", "insurgent", "pmc"))
    roles = c.get("roles", list, required=True) or []
    for j, role in enumerate(roles):
        rc = _Checker(role, c.path + ("roles", j), c.problems)
        rc.text("sector", required=True, pattern=_SECTOR, what="a 3-letter sector code like INS")
        rc.text("country")
        _interval(c.problems, rc.path, rc.entry)
        rc.seen |= {"start", "end"}
        rc.finish(set())
    c.finish(set())


def _check_format(c: _Checker) -> None:
    c.text("id", required=True, pattern=_SLUG, what="a lowercase-hyphen slug")
    c.text("name", required=True)
    c.names("aliases")
    c.choice("type", FORMAT_TYPES)
    c.text("code")
    c.text("sector", pattern=_SECTOR, what="a 3-letter sector code like GOV")
    _interval(c.problems, c.path, c.entry)
    c.seen |= {"start", "end"}
    _check_members(c, required=True)
    c.finish(set())


def _check_sector(c: _Checker) -> None:
    c.text("id", required=True, pattern=_SECTOR, what="a 3-letter upper-case sector code")
    c.text("label", required=True)
    c.names("words")
    c.names("name_heads")  # last words of organisation names: "observatory", "airlines"
    offices = c.get("offices", dict) or {}
    for office, words in offices.items():
        if office not in OFFICES:
            c.problems.add(c.path + ("offices", office), f"{office!r} is not a known office")
        elif not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            c.problems.add(c.path + ("offices", office), "should be a list of title words")
    c.finish(set())


_CHECKS = {
    "countries": _check_country, "persons": _check_person, "organisations": _check_organisation,
    "groups": _check_group, "formats": _check_format, "sectors": _check_sector,
}


# --------------------------------------------------------------------------- cross references


def check_references(files: list[KBFile], *, only: set[str] | None = None) -> None:
    """Every country/organisation/group a role or membership names must exist somewhere.

    ``only`` limits the check to the files with these paths (the others are still used as
    the set of known ids).
    """
    countries = {e["id"] for f in files if f.kind == "countries" for e in f.entries}
    orgs = {e["id"] for f in files if f.kind == "organisations" for e in f.entries}
    groups = {e["id"] for f in files if f.kind == "groups" for e in f.entries}
    sectors = {e["id"] for f in files if f.kind == "sectors" for e in f.entries}
    actors = countries | orgs | groups
    for f in files:
        if only is not None and f.path not in only:
            continue
        problems = Problems(f.path, f.lines)
        for i, e in enumerate(f.entries):
            _refs_of_entry(f.kind, e, ("entries", i), countries, actors, sectors, problems)
        problems.items = [p.replace(": entries[", f": {f.kind}[", 1) for p in problems.items]
        problems.raise_if_any()


def prune_dangling(files: list[KBFile], everything: list[KBFile]) -> int:
    """Drop roles and memberships that name unknown actors; return how many were dropped.

    Used for built-in data only, so one file that refers to a file not written yet does not
    stop everyone's knowledge base (the schema test still fails on it).
    """
    known = {e["id"] for f in everything if f.kind in ("countries", "organisations", "groups") for e in f.entries}
    dropped = 0
    for f in files:
        for e in f.entries:
            for field_name in ("roles", "members"):
                items = e.get(field_name)
                if not isinstance(items, list) or (f.kind == "groups" and field_name == "roles"):
                    continue
                kept = [x for x in items if x.get("country") in known]
                dropped += len(items) - len(kept)
                e[field_name] = kept
    return dropped


def _refs_of_entry(kind: str, e: dict[str, Any], path: Path_, countries: set[str], actors: set[str],
                   sectors: set[str], problems: Problems) -> None:
    def sector_ok(p: Path_, s: Any) -> None:
        if sectors and isinstance(s, str) and s not in sectors:
            problems.add(p, f"unknown sector {s!r} (see sectors.yaml)")

    if kind == "persons":
        for j, r in enumerate(e.get("roles") or []):  # (a lazily loaded derived entry has none yet)
            if r.get("country") not in actors:
                problems.add(path + ("roles", j, "country"), f"unknown country, organisation or group {r.get('country')!r}")
            sector_ok(path + ("roles", j, "sector"), r.get("sector"))
    elif kind in ("organisations", "formats"):
        for j, m in enumerate(e.get("members") or []):
            if m.get("country") not in actors:
                problems.add(path + ("members", j, "country"), f"unknown country {m.get('country')!r}")
    elif kind == "groups":
        if e.get("country") is not None and e.get("country") not in countries:
            problems.add(path + ("country",), f"unknown country {e.get('country')!r}")
        for j, r in enumerate(e.get("roles") or []):
            sector_ok(path + ("roles", j, "sector"), r.get("sector"))
