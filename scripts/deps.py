"""The dependency lock and the upgrade check behind `make lock`, `make test-upgrade` and CI.

    .venv/bin/python scripts/deps.py lock                 # constraints.txt from what .venv has now
    .venv/bin/python scripts/deps.py newer                # which newest allowed versions differ from it
    .venv-upgrade/bin/python scripts/deps.py diff         # what this interpreter has against it

``constraints.txt`` pins every package of a venv the whole suite passed on; `make install`
installs with it, so the suite's own run never meets a release it has not seen. pyproject.toml
bounds each dependency below its next major version; `newer` resolves the newest versions those
bounds allow (``pip install --dry-run``, nothing installed) and lists the ones the lock does not
have. Exit status of ``newer``: 0 nothing newer, 3 some newer (run the suite on them), 1 the
check itself failed.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "constraints.txt"
EXTRAS = ".[dev]"
SKIP = {"pip", "setuptools", "wheel", "parley-events"}  # the installer itself and the project


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_lock(path: Path = LOCK) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            out[_norm(name)] = version.strip()
    return out


def installed(python: str) -> dict[str, str]:
    """Name → version of what an interpreter's environment has (the project left out)."""
    done = subprocess.run([python, "-m", "pip", "list", "--format=json", "--exclude-editable"],
                          capture_output=True, text=True, check=True)
    return {_norm(p["name"]): p["version"] for p in json.loads(done.stdout) if _norm(p["name"]) not in SKIP}


def newest_allowed(python: str) -> dict[str, str]:
    """Name → version pip would install today for the project with its dev extras, no lock."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        done = subprocess.run([python, "-m", "pip", "install", "-q", "--dry-run", "--ignore-installed",
                               "--report", str(report), "-e", EXTRAS], cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:  # pip's own last lines say why (no network, no matching version)
            raise OSError(" / ".join(done.stderr.strip().splitlines()[-3:]))
        data = json.loads(report.read_text(encoding="utf-8"))
    return {_norm(i["metadata"]["name"]): i["metadata"]["version"] for i in data["install"]
            if _norm(i["metadata"]["name"]) not in SKIP}


def differences(have: dict[str, str], lock: dict[str, str]) -> list[str]:
    lines = []
    for name in sorted(set(have) | set(lock)):
        a, b = lock.get(name), have.get(name)
        if a != b:
            lines.append(f"  {name}: {a or '(not locked)'} -> {b or '(absent)'}")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=("lock", "newer", "diff"))
    ap.add_argument("--python", default=sys.executable, help="the environment's interpreter (default: this one)")
    args = ap.parse_args()
    if args.command == "lock":
        have = installed(args.python)
        head = ("# Versions of every package of a venv on which the whole suite passed (`make lock` writes it).\n"
                "# `make install` uses it as pip constraints; pyproject.toml keeps the ranges users get.\n")
        LOCK.write_text(head + "".join(f"{n}=={v}\n" for n, v in sorted(have.items())), encoding="utf-8")
        print(f"deps: wrote {len(have)} pins to {LOCK.relative_to(ROOT)}")
        return 0
    lock = read_lock()
    if args.command == "diff":
        lines = differences(installed(args.python), lock)
        print(f"deps: {len(lines)} packages differ from {LOCK.name}" + (":" if lines else ""))
        print("\n".join(lines)) if lines else None
        return 0
    try:
        newest = newest_allowed(args.python)
    except (subprocess.CalledProcessError, OSError, json.JSONDecodeError) as exc:
        print(f"deps: could not resolve the newest allowed versions: {exc}", file=sys.stderr)
        return 1
    # only a package the lock pins can be newer; one the resolver leaves out was a platform's extra
    lines = [line for line in differences(newest, lock) if "(not locked)" in line or "(absent)" not in line]
    if not lines:
        print(f"deps: the newest versions pyproject.toml allows are the ones {LOCK.name} pins")
        return 0
    print(f"deps: {len(lines)} newest allowed versions differ from {LOCK.name}:\n" + "\n".join(lines))
    return 3


if __name__ == "__main__":
    raise SystemExit(main())
