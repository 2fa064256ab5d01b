"""Run every fuzz target for a bounded time, one after another, and record execution counts.

    python fuzz/run_all.py --seconds 60 [--only txt,dates] [--jobs 1]

Uses atheris (coverage-guided libFuzzer) when it is installed, else a time-bounded hypothesis
run of the same target. Prints one line per target and writes ``fuzz/results.json``; exits 1
when a target crashed or hung (its input is saved under ``fuzz/crashes/``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from seeds import write_seeds  # noqa: E402
from targets import TARGETS  # noqa: E402

DONE = re.compile(r"Done (\d+) runs in (\d+) second")
PROGRESS = re.compile(r"^#(\d+)\s", re.M)
MAX_LEN = 16384  # bytes: articles longer than this add time per run, not new paths
PER_INPUT_TIMEOUT = 20  # seconds: one input taking longer is a hang


def have_atheris() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


def run_atheris(name: str, seconds: int, crashes: Path) -> dict[str, object]:
    """One target under libFuzzer for ``seconds``; its execution count and whether it crashed."""
    with tempfile.TemporaryDirectory(prefix=f"parley-corpus-{name}-") as corpus:
        write_seeds(name, Path(corpus))
        crashes.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, str(HERE / "fuzz_main.py"), name, corpus,
               f"-max_total_time={seconds}", f"-timeout={PER_INPUT_TIMEOUT}", "-rss_limit_mb=3072",
               f"-max_len={MAX_LEN}", "-print_final_stats=1", f"-artifact_prefix={crashes}/{name}-"]
        started = time.monotonic()
        proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                              timeout=seconds + 300)
        elapsed = time.monotonic() - started
        log = proc.stderr + proc.stdout
    done = DONE.search(log)
    runs = int(done[1]) if done else max((int(n) for n in PROGRESS.findall(log)), default=0)
    result: dict[str, object] = {"engine": "atheris", "executions": runs, "seconds": round(elapsed, 1),
                                 "crashed": proc.returncode != 0}
    if proc.returncode != 0:
        result["log_tail"] = log[-3000:]
    return result


def run_hypothesis(name: str, seconds: int, crashes: Path) -> dict[str, object]:
    """Random and seed-mutated inputs for ``seconds`` (no coverage feedback), in-process."""


    from seeds import seeds
    from targets import run_one

    rng = random.Random(f"parley-{name}")
    pool = seeds(name)
    deadline = time.monotonic() + seconds
    runs = 0
    started = time.monotonic()
    while time.monotonic() < deadline:
        data = _mutate(rng, rng.choice(pool))
        try:
            run_one(name, data)
        except Exception as exc:  # a crash: keep the input, report it
            crashes.mkdir(parents=True, exist_ok=True)
            (crashes / f"{name}-crash-{runs}").write_bytes(data)
            return {"engine": "random-mutation", "executions": runs, "crashed": True,
                    "seconds": round(time.monotonic() - started, 1), "error": repr(exc)[:500]}
        runs += 1
    return {"engine": "random-mutation", "executions": runs, "crashed": False,
            "seconds": round(time.monotonic() - started, 1)}


def _mutate(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(4)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            del buf[pos: pos + rng.randint(1, 64)]
        elif op == 1:
            buf[pos:pos] = rng.randbytes(rng.randint(1, 16))
        elif op == 2 and buf:
            buf[min(pos, len(buf) - 1)] = rng.randrange(256)
        else:
            start = rng.randrange(len(buf) + 1)
            buf[pos:pos] = buf[start: start + rng.randint(1, 128)]
    return bytes(buf)


def _record(out: Path, name: str, result: dict[str, object]) -> None:
    """Update one target's entry, re-reading the file so parallel runs of other targets are kept."""
    results = json.loads(out.read_text()) if out.exists() else {}
    results[name] = result
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60, help="time per target (default 60)")
    parser.add_argument("--only", default="", help="comma-separated targets (default: all)")
    parser.add_argument("--engine", choices=("auto", "atheris", "random"), default="auto")
    parser.add_argument("--out", default=str(HERE / "results.json"), help="where to write the counts")
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or list(TARGETS)
    unknown = sorted(set(names) - set(TARGETS))
    if unknown:
        parser.error(f"unknown target(s): {', '.join(unknown)}; known: {', '.join(TARGETS)}")
    use_atheris = args.engine == "atheris" or (args.engine == "auto" and have_atheris())
    crashes = HERE / "crashes"
    out = Path(args.out)
    failed = False
    for name in names:
        run = run_atheris if use_atheris else run_hypothesis
        result = run(name, args.seconds, crashes)
        result["command"] = f"python fuzz/run_all.py --seconds {args.seconds} --only {name}"
        result["python"] = sys.version.split()[0]
        failed |= bool(result["crashed"])
        rate = result["executions"] / max(float(result["seconds"]), 0.1)  # type: ignore[arg-type]
        print(f"{name:13s} {result['engine']:15s} {result['executions']:>9,} executions "
              f"in {result['seconds']:>6}s ({rate:,.0f}/s) {'CRASH' if result['crashed'] else 'ok'}",
              flush=True)
        if result.get("log_tail") or result.get("error"):
            print(result.get("log_tail") or result.get("error"), file=sys.stderr)
        _record(out, name, result)
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
