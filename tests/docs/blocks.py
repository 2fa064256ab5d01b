"""Extract runnable code blocks from Markdown and run them the way a reader would.

Conventions (HTML comments just before a fenced block, invisible on GitHub):

- ``<!-- skip-test: reason -->``: not run.
- ``<!-- expect: A | B -->``: each string appears in the block's output (stdout and stderr).
- ``<!-- expect-empty -->``: the commands print nothing on standard output.
- ``<!-- exit: N -->``: the block's last command exits with N (every other command with 0).
- ``<!-- file: NAME -->``: the block is a file the reader saves as NAME (written, not run).

In ``console`` blocks, lines starting with ``$ `` are commands (a trailing ``\\`` continues
one); the other lines are the output shown to the reader. ``bash`` blocks are commands only.
``python`` blocks run as a script; a ``text`` block right after one is its shown output.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

FENCE = re.compile(r"^```(\w*)\s*$")
MARKER = re.compile(r"^<!--\s*([\w-]+)(?::\s*(.*?))?\s*-->\s*$")
DOC_PORT = "8765"  # the port the docs show; the test serves on a free one instead


@dataclass
class Block:
    """One fenced block and the markers written before it."""

    source: str
    line: int
    lang: str
    body: str
    markers: dict[str, str] = field(default_factory=dict)
    shown_after: str | None = None  # a ```text block right after a python block

    @property
    def name(self) -> str:
        return f"{self.source}:{self.line}"

    def commands(self) -> list[tuple[str, list[str]]]:
        """(command, shown output lines) of a console or bash block."""
        out: list[tuple[str, list[str]]] = []
        pending = ""
        for raw in self.body.splitlines():
            if pending:
                pending += "\n" + raw
            elif raw.startswith("$ "):
                pending = raw[2:]
            elif self.lang == "bash" and raw.strip() and not raw.lstrip().startswith("#"):
                pending = raw
            elif out:
                out[-1][1].append(raw)
                continue
            else:
                continue
            if not pending.endswith("\\"):
                out.append((pending, []))
                pending = ""
        return out


def parse(path: Path, label: str) -> list[Block]:
    """Every fenced block of a Markdown file, with its markers."""
    blocks: list[Block] = []
    markers: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = MARKER.match(lines[i])
        fence = FENCE.match(lines[i])
        if m:
            markers[m.group(1)] = m.group(2) or ""
        elif fence:
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            block = Block(label, i + 1, fence.group(1), "\n".join(lines[i + 1:end]), markers)
            if block.lang == "text" and blocks and blocks[-1].lang == "python" and blocks[-1].line + 1 >= i - 40:
                blocks[-1].shown_after = block.body
            blocks.append(block)
            markers = {}
            i = end
        i += 1
    return blocks


def runnable(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if b.lang in ("console", "bash", "python") or "file" in b.markers]


@dataclass
class Ran:
    command: str
    status: int
    stdout: str
    stderr: str
    shown: list[str]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port: int, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"server did not listen on port {port} within {timeout:.0f} s")


def missing_tools(block: Block) -> list[str]:
    """Command-line tools the block uses that this machine lacks (the test then skips it)."""
    tools = {"curl", "cut", "head", "grep"}
    used = {w for command, _ in block.commands() for w in re.findall(r"(?:^|\|)\s*([\w.-]+)", command)}
    return sorted(t for t in used & tools if shutil.which(t) is None)


def run_block(block: Block, cwd: Path, env: dict[str, str]) -> list[Ran]:
    """Run a block in ``cwd``; a `parley serve` command runs in the background until the block ends."""
    if "file" in block.markers:
        (cwd / block.markers["file"]).write_text(block.body + "\n", encoding="utf-8")
        return []
    if block.lang == "python":
        done = subprocess.run([sys.executable, "-c", block.body], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=300)
        return [Ran("python", done.returncode, done.stdout, done.stderr,
                    (block.shown_after or "").splitlines())]
    results: list[Ran] = []
    server: subprocess.Popen | None = None
    port = str(free_port())
    try:
        for command, shown in block.commands():
            command = command.replace(DOC_PORT, port)
            if shlex.split(command)[:2] == ["parley", "serve"]:
                server = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=cwd, env=env, text=True,
                                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                _wait_for(int(port), server)
                results.append(Ran(command, 0, "", "", shown))
                continue
            done = subprocess.run(["bash", "-c", command], cwd=cwd, env=env,
                                  capture_output=True, text=True, timeout=300)
            results.append(Ran(command, done.returncode, done.stdout, done.stderr, shown))
    finally:
        if server is not None:
            server.terminate()
            out, _ = server.communicate(timeout=30)
            results[0 if not results else -1].stderr += out or ""
    return results


def check_block(block: Block, results: list[Ran]) -> None:
    """The block's commands succeeded and printed output of the shape the document shows."""
    expected_exit = int(block.markers.get("exit", "0"))
    for k, r in enumerate(results):
        want = expected_exit if k == len(results) - 1 else 0
        assert r.status == want, f"{block.name}: `{r.command}` exited {r.status} (want {want}):\n{r.stderr[-2000:]}"
        _check_json_shape(block, r)
    everything = "".join(r.stdout + r.stderr for r in results)
    for text in filter(None, (t.strip() for t in block.markers.get("expect", "").split(" | "))):
        assert text in everything, f"{block.name}: output lacks {text!r}:\n{everything[-3000:]}"
    if "expect-empty" in block.markers:
        assert not "".join(r.stdout for r in results).strip(), f"{block.name}: expected no output"
    if block.lang == "python" and block.shown_after:
        header = block.shown_after.splitlines()[0].split()
        stdout = results[0].stdout
        missing = [word for word in header if word not in stdout]
        assert not missing, f"{block.name}: output lacks the shown header words {missing}:\n{stdout[:2000]}"


def _check_json_shape(block: Block, r: Ran) -> None:
    """Shown single-line JSON output: every output line parses, with the shown keys."""
    first = next((s for s in r.shown if s.strip()), "")
    if not (first.startswith("{") and first.endswith("}")):
        return
    lines = [ln for ln in r.stdout.splitlines() if ln.strip()]
    assert lines, f"{block.name}: `{r.command}` printed no JSON lines"
    records = [json.loads(ln) for ln in lines]
    keys = top_level_keys(first)
    assert keys <= set(records[0]), f"{block.name}: keys {keys - set(records[0])} missing from the output"


def top_level_keys(shown: str) -> set[str]:
    """The keys of the outermost object of a (possibly trimmed, unparsable) JSON line."""
    keys: set[str] = set()
    depth = 0
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"(\s*:)?|[{}\[\]]', shown):
        token = m.group(0)
        if token in "{[":
            depth += 1
        elif token in "}]":
            depth -= 1
        elif m.group(1) and depth == 1:
            keys.add(token[1:token.rindex('"')])
    return keys
