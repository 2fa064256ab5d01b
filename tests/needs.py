"""What a test needs from the machine: skip locally with a reason, fail under CI=true.

A module with its own name (every test folder has a conftest.py, so conftest modules cannot be
imported by name); tests/ is on sys.path through the root conftest.
"""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def need(condition: bool, reason: str) -> None:
    """Skip with a clear reason locally; under CI=true a missing requirement fails instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)
