"""Helpers for the reader tests: fixture articles, running the real CLI, reading a folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from parley.errors import InputError
from parley.read import read_inputs
from parley.records import Document

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]


def read_all(*inputs: str | Path, **kwargs) -> tuple[list[Document], list[InputError]]:
    """Documents and errors of ``read_inputs`` over the given paths."""
    docs: list[Document] = []
    errors: list[InputError] = []
    for item in read_inputs([str(i) for i in inputs], **kwargs):
        (errors if isinstance(item, InputError) else docs).append(item)
    return docs, errors


def read_one(path: str | Path, **kwargs) -> Document:
    docs, errors = read_all(path, **kwargs)
    assert not errors, [str(e) for e in errors]
    assert len(docs) == 1, [d.id for d in docs]
    return docs[0]


def run_cli(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """``python -m parley ARGS`` in a real subprocess (stdin, exit status, stderr as a user sees)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "parley", *args], input=stdin, capture_output=True,
                          cwd=cwd or REPO, env=env, timeout=timeout)


def records(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines() if line.strip()]
