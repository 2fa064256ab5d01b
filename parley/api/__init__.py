"""parley's HTTP API and dashboard (FastAPI): ``create_app(store_url)``; `parley serve` runs it."""

from __future__ import annotations

from parley.api.app import create_app

__all__ = ["create_app"]
