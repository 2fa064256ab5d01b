"""`parley actors lookup NAME` and `parley actors check FILE`: the knowledge base from the shell."""

from __future__ import annotations

import argparse
import json
import sys

from parley.cli.common import add_actors
from parley.errors import UsageError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("actors", help="look up actors in the knowledge base; check a user actors file",
                       description="Look up names in the actor knowledge base or validate a user actors file.")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    lk = actions.add_parser("lookup", help="resolve a name or phrase to actor codes on a date",
                            description="Resolve a name, title or phrase (\"Lavrov\", \"the Russian foreign "
                                        "minister\", \"official Kabul\") to actor codes on a date.")
    lk.add_argument("name", metavar="NAME", help="a name or noun phrase")
    lk.add_argument("--date", metavar="YYYY-MM-DD", help="the date the name is used on (default: today)")
    lk.add_argument("--expand", action="store_true", help="list the members of formats and organisations")
    lk.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_actors(lk)
    lk.set_defaults(func=run_lookup)
    ck = actions.add_parser("check", help="validate a user actors file, or the built-in knowledge base (exit 1 "
                                          "on errors)",
                            description="Validate a user actors file against the format and the built-in "
                                        "knowledge base; without FILE, validate every built-in file strictly "
                                        "and print what the knowledge base holds. Errors name the file and line.")
    ck.add_argument("file", metavar="FILE", nargs="?", help="a YAML actors file, a role table (.roles) or a "
                                                           "derived layer (.tsv)")
    ck.set_defaults(func=run_check)
    p.set_defaults(func=lambda args: _no_action(p))


def _no_action(p: argparse.ArgumentParser) -> int:
    p.print_help(sys.stderr)
    return 2


def _date(value: str | None) -> str | None:
    from parley.actors.kb import iso_date

    try:
        return iso_date(value)
    except UsageError:
        raise UsageError(f"--date {value!r} is not a YYYY-MM-DD date") from None


def run_lookup(args: argparse.Namespace) -> int:
    from parley.actors import load_kb
    from parley.config import load_settings

    date = _date(args.date)
    kb = load_kb(load_settings({"actors": args.actors}).actors)  # --actors, else PARLEY_ACTORS / parley.toml
    found = kb.lookup(args.name, date)
    if args.expand:
        for r in found:
            if not r.members and r.kb_id and r.kind in ("format", "organisation"):
                r.members = [m for c in kb.members(r.kb_id, date) for m in kb.resolve_span(c, date)[:1]]
    if args.json:
        print(json.dumps({"query": args.name, "date": date, "kb_version": kb.version,
                          "resolutions": [_with_provenance(kb, r) for r in found]}, ensure_ascii=False, indent=2))
        return 0 if found else 1
    if not found:
        print(f"parley: no actor known as {args.name!r}" + (f" on {date}" if date else "")
              + " (add it in a file given with --actors; format: docs/KNOWLEDGE_BASE.md)", file=sys.stderr)
        return 1
    _table(found, date, kb.version)
    _origins(kb, found)
    return 0


def _with_provenance(kb: object, r: object) -> dict:
    from parley.actors.provenance import provenance

    out = r.to_dict()  # type: ignore[attr-defined]
    if r.kb_id and r.kind in ("person", "organisation", "group"):  # type: ignore[attr-defined]
        out["provenance"] = provenance(kb.idx, r.kind, r.kb_id)  # type: ignore[attr-defined]
    return out


def _origins(kb: object, found: list) -> None:
    """Where each entry came from, and a person's or group's dated roles."""
    from parley.actors.provenance import describe, provenance

    seen = set()
    for r in found:
        if not r.kb_id or r.kind not in ("person", "organisation", "group") or r.kb_id in seen:
            continue
        seen.add(r.kb_id)
        p = provenance(kb.idx, r.kind, r.kb_id)  # type: ignore[attr-defined]
        if p is None:
            continue
        print(f"{r.kb_id}: {describe(p)}")
        for role in p.get("roles", []):
            span = f"{role['start'] or '…'} – {role['end'] or 'now'}"
            what = " ".join(x for x in (role["office"], role["country"], role["sector"]) if x)
            extra = ", ".join(role["flags"] + ([f"row {role['source']}"] if role["source"] else []))
            print(f"  {span:25} {what}" + (f" ({extra})" if extra else ""))


def _table(found: list, date: str | None, version: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{version}" + (f" · {date}" if date else ""), title_justify="left")
    for col in ("code", "name", "kind", "kb id", "confidence", "reason"):
        table.add_column(col, no_wrap=col in ("code", "kb id"))
    for r in found:
        table.add_row(r.code, r.name, r.kind, r.kb_id or "", f"{r.confidence:.2f}", r.reason)
        for m in r.members:
            table.add_row("  " + m.code, "  " + m.name, m.kind, m.kb_id or "", f"{m.confidence:.2f}", m.reason)
    Console(width=max(100, Console().width)).print(table)


def run_check(args: argparse.Namespace) -> int:
    from parley.actors import check_user_file
    from parley.cli.common import fail
    from parley.errors import KnowledgeBaseError

    try:
        if args.file is None:
            return _check_builtin()
        f = check_user_file(args.file)
    except KnowledgeBaseError as exc:
        for line in getattr(exc, "problems", None) or [exc.message]:
            fail(line)
        return 1
    print(f"{args.file}: ok ({len(f.entries)} {f.kind} entries)")
    return 0


def _check_builtin() -> int:
    from parley.actors.index import compile_index
    from parley.actors.kb import builtin_files, load_files

    files = load_files(builtin_files(), strict=True)
    idx = compile_index(files, "check")
    counts = idx.counts()
    print(f"built-in knowledge base: ok ({len(files)} files)")
    for k, v in counts.items():
        print(f"  {k:34} {v:>7,}")
    return 0
