"""Build parley/coding/data/cameo.tsv from the shared reference tables (facts, not text).

Inputs (../shared/reference): cameo-codes.tsv (code, goldstein, label) and cameo-to-plover.txt
(the official CAMEO→PLOVER conversion, draft 0.8). Output columns: code, label, goldstein,
quad_class, plover_type, plover_mode, plover_context. Run it again when the references change:

    .venv/bin/python scripts/build_cameo_table.py [--shared ../shared]

The PLOVER table has no rows for roots 01 (statements) and 02 (appeals). PLOVER folds appeals into
REQUEST, so 02x map to REQUEST with the mode of the matching 10x demand; 01x statements map by their
meaning (accord → AGREE, sympathy/optimism → SUPPORT, pessimism → ACCUSE, denial → REJECT,
responsibility → CONCEDE) so that every CAMEO code has one of the 16 PLOVER types.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "parley" / "coding" / "data" / "cameo.tsv"

# Our decisions for the codes the PLOVER table leaves out (see the module docstring).
STATEMENTS = {
    "01": ("SUPPORT", "statement", ""), "010": ("SUPPORT", "statement", ""),
    "011": ("REJECT", "comment", ""), "012": ("ACCUSE", "disapprove", ""),
    "013": ("SUPPORT", "statement", ""), "014": ("AGREE", "", "executive"),
    "015": ("CONCEDE", "", ""), "016": ("REJECT", "", ""), "017": ("SUPPORT", "symbolic", ""),
    "018": ("SUPPORT", "statement", ""), "019": ("AGREE", "", "diplomatic"),
}
APPEAL_FROM_DEMAND = {"02": "10", "020": "100", "021": "101", "022": "102", "023": "103", "024": "104",
                      "025": "105", "026": "106", "027": "107", "028": "108"}


def quad_class(code: str) -> int:
    """CAMEO quad class: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def read_plover(path: Path) -> dict[str, tuple[str, str, str]]:
    table: dict[str, tuple[str, str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*(.*?)\s*(#.*)?$", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        ptype = parts[0]
        mode = parts[1] if len(parts) > 1 else ""
        context = ";".join(c.strip() for c in (parts[2] if len(parts) > 2 else "").split(";") if c.strip())
        table.setdefault(m.group(1), (ptype, mode.replace(" ", ""), context))
    return table


def plover_for(code: str, plover: dict[str, tuple[str, str, str]]) -> tuple[str, str, str]:
    if code in plover:
        return plover[code]
    if code in STATEMENTS:
        return STATEMENTS[code]
    if code.startswith("02"):
        demand = APPEAL_FROM_DEMAND.get(code) or "10" + code[2:]
        if demand in plover:
            return ("REQUEST",) + plover[demand][1:]
        return ("REQUEST", "", "")
    # a 4-digit code without a row: inherit from its 3-digit parent, then the root
    for parent in (code[:3], code[:2]):
        if parent in plover:
            return plover[parent]
    raise SystemExit(f"no PLOVER type for CAMEO {code}")


def label_of(code: str, label: str) -> str:
    return label.capitalize() if len(code) == 2 else label


def build(shared: Path) -> list[str]:
    plover = read_plover(shared / "reference" / "cameo-to-plover.txt")
    lines = ["code\tlabel\tgoldstein\tquad_class\tplover_type\tplover_mode\tplover_context"]
    for row in (shared / "reference" / "cameo-codes.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        code, goldstein, label = row.split("\t")
        ptype, mode, context = plover_for(code, plover)
        lines.append("\t".join([code, label_of(code, label), goldstein, str(quad_class(code)), ptype, mode,
                                context]))
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    args = ap.parse_args()
    lines = build(Path(args.shared))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(lines) - 1} codes)")


if __name__ == "__main__":
    main()
