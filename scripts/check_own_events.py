"""Check parley's own annotated sentences (scripts/data/README.md) and print their counts.

    python3 scripts/check_own_events.py [--shared ../shared] [FILE ...]

Default files: scripts/data/own_events.jsonl (training, at least 25 events per construction and
600 sentences) and tests/coding/data/role_constructions.jsonl (tests, at least 5 per
construction). Checks: one valid JSON object per line, unique ids, ISO dates, every span,
reference and trigger a substring of the text, per-party code lists aligned with the spans,
known construction and theatre tags, every CAMEO code in the CAMEO table and its PLOVER type
the one the table gives, no sentence in both files. Codes and PLOVER types come from
../shared/reference (or $PARLEY_SHARED) when present; roots 01 and 02, which the official
PLOVER table leaves out, and a machine without ../shared use parley/coding/data/cameo.tsv (the
decisions documented in scripts/build_cameo_table.py). Stdlib only; exits 1 on any error,
printing one line per problem.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TRAIN = REPO / "scripts" / "data" / "own_events.jsonl"
TESTS = REPO / "tests" / "coding" / "data" / "role_constructions.jsonl"
MINIMUM = {TRAIN.name: (25, 600), TESTS.name: (5, 100)}  # per construction, sentences

CONSTRUCTIONS = (
    "coordination_subject", "coordination_object", "joint_statement", "hosting", "phone_call_counterpart",
    "format", "between", "possessor", "passive_by", "prep_object", "counterpart", "apposition", "reported_speech",
    "nominal_event", "urged", "intent", "negated", "threat", "accusation", "attack", "aid", "sanctions",
    "joint_drills", "visit", "agreement", "coreference", "negative",
)
THEATRES = ("afghanistan", "ukraine", "middle_east", "sahel", "asia_pacific", "latin_america", "africa")
ACTOR = re.compile(r"^(|[A-Z]{3}|IGO[A-Z0-9]{2,5}|NGO[A-Z]{3})$")
Record = dict[str, Any]


def cameo_tables(shared: Path | None) -> dict[str, str]:
    """CAMEO code → PLOVER type: the official tables where they speak, the repo's table otherwise."""
    plover: dict[str, str] = {}
    repo_table = REPO / "parley" / "coding" / "data" / "cameo.tsv"
    for line in repo_table.read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) > 4:
            plover[fields[0]] = fields[4]
    if shared is None or not (shared / "reference" / "cameo-codes.tsv").is_file():
        return plover
    ref = shared / "reference"
    rows = (ref / "cameo-codes.tsv").read_text(encoding="utf-8").splitlines()[1:]
    codes = [row.split("\t")[0] for row in rows]
    official: dict[str, str] = {}
    for line in (ref / "cameo-to-plover.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            official.setdefault(m.group(1), m.group(2))  # '08' is listed twice; the first row wins
    return {c: official.get(c) or plover.get(c, "") for c in codes if c}


def check_side(event: Record, side: str, text: str, where: str) -> list[str]:
    errors = []
    code, spans = event.get(side), event.get(f"{side}_text")
    if not isinstance(code, str) or not ACTOR.match(code):
        errors.append(f"{where}: {side} {code!r} is not an actor code")
    if not isinstance(spans, list) or not all(isinstance(s, str) and s for s in spans):
        return errors + [f"{where}: {side}_text must be a list of non-empty strings"]
    errors += [f"{where}: {side}_text {s!r} is not in the text" for s in spans if s not in text]
    codes = event.get(f"{side}_codes")
    if len(spans) > 1 and (not isinstance(codes, list) or len(codes) != len(spans)):
        errors.append(f"{where}: {len(spans)} {side} spans need a {side}_codes list of the same length")
    elif codes is not None and (len(spans) < 2 or codes[0] != code or not all(ACTOR.match(c) for c in codes)):
        errors.append(f"{where}: {side}_codes {codes!r} disagree with {side} {code!r} or the spans")
    formats = event.get(f"{side}_formats", {})
    if not isinstance(formats, dict) or not set(formats) <= set(spans):
        errors.append(f"{where}: {side}_formats must map some of the {side} spans to format ids")
    ref = event.get(f"{side}_ref")
    if ref is not None and (not isinstance(ref, str) or ref not in text):
        errors.append(f"{where}: {side}_ref {ref!r} is not in the text")
    if not spans and code:
        errors.append(f"{where}: {side} {code!r} without a {side} span")
    return errors


def check_event(event: Record, text: str, plover: dict[str, str], where: str) -> list[str]:
    if not isinstance(event, dict):
        return [f"{where}: an event must be an object"]
    errors = check_side(event, "source", text, where) + check_side(event, "target", text, where)
    code = event.get("code")
    if code not in plover:
        errors.append(f"{where}: CAMEO code {code!r} is not in the CAMEO table")
    elif event.get("plover") != plover[code]:
        errors.append(f"{where}: code {code} is PLOVER {plover[code]}, not {event.get('plover')!r}")
    construction = event.get("construction")
    if construction not in CONSTRUCTIONS or construction == "negative":
        errors.append(f"{where}: construction {construction!r} is not one of the event tags")
    if not event.get("source_text") and construction != "attack":
        errors.append(f"{where}: only an agentless attack may have no source span")
    trigger = event.get("trigger")
    if not isinstance(trigger, str) or not trigger or trigger not in text:
        errors.append(f"{where}: trigger {trigger!r} is not in the text")
    if "negated" in event and event["negated"] is not True:
        errors.append(f"{where}: negated is either true or absent")
    return errors


def check_record(record: object, plover: dict[str, str], where: str) -> list[str]:
    if not isinstance(record, dict):
        return [f"{where}: a line must hold a JSON object"]
    text = record.get("text")
    if not isinstance(record.get("id"), str) or not isinstance(text, str) or not text.strip():
        return [f"{where}: id and text must be non-empty strings"]
    errors = []
    if "date" in record:
        try:
            dt.date.fromisoformat(record["date"])
        except (TypeError, ValueError):
            errors.append(f"{where}: date {record['date']!r} is not an ISO date")
    if record.get("theatre") not in THEATRES:
        errors.append(f"{where}: theatre {record.get('theatre')!r} is not one of {', '.join(THEATRES)}")
    events = record.get("events")
    if not isinstance(events, list):
        return errors + [f"{where}: events must be a list (empty for a sentence with no event)"]
    for n, event in enumerate(events, 1):
        errors += check_event(event, text, plover, f"{where} event {n}")
    return errors


def read(path: Path, plover: dict[str, str]) -> tuple[list[Record], list[str]]:
    records: list[Record] = []
    errors: list[str] = []
    ids: set[str] = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: not valid JSON ({exc.msg})")
            continue
        problems = check_record(record, plover, where)
        errors += problems
        if not problems:
            if record["id"] in ids:
                errors.append(f"{where}: duplicate id {record['id']}")
            ids.add(record["id"])
            records.append(record)
    return records, errors


def counts(records: list[Record]) -> tuple[Counter[str], Counter[str]]:
    """Events per construction (sentences without events count as 'negative') and sentences per theatre."""
    by_construction: Counter[str] = Counter(e["construction"] for r in records for e in r["events"])
    by_construction["negative"] = sum(1 for r in records if not r["events"])
    return by_construction, Counter(r["theatre"] for r in records)


def report(path: Path, records: list[Record]) -> list[str]:
    by_construction, by_theatre = counts(records)
    events = sum(len(r["events"]) for r in records)
    print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}: "
          f"{len(records)} sentences, {events} events")
    print("  constructions: " + ", ".join(f"{c} {by_construction[c]}" for c in CONSTRUCTIONS))
    print("  theatres: " + ", ".join(f"{t} {by_theatre[t]}" for t in THEATRES))
    per_construction, sentences = MINIMUM.get(path.name, (0, 0))
    errors = [f"{path.name}: {c} has {by_construction[c]} examples, fewer than {per_construction}"
              for c in CONSTRUCTIONS if by_construction[c] < per_construction]
    if len(records) < sentences:
        errors.append(f"{path.name}: {len(records)} sentences, fewer than {sentences}")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=[TRAIN, TESTS])
    shared = Path(os.environ.get("PARLEY_SHARED", REPO.parent / "shared"))
    parser.add_argument("--shared", type=Path, default=shared, help="the shared data (default: %(default)s)")
    args = parser.parse_args(argv)
    plover = cameo_tables(args.shared if args.shared.is_dir() else None)
    errors: list[str] = []
    seen: dict[str, str] = {}
    for path in args.files:
        records, problems = read(path, plover)
        errors += problems + report(path, records)
        for r in records:
            if r["text"] in seen and seen[r["text"]] != path.name:
                errors.append(f"{path.name}: {r['id']} repeats a sentence of {seen[r['text']]}")
            seen.setdefault(r["text"], path.name)
    for error in errors:
        print(error, file=sys.stderr)
    print("OK" if not errors else f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
