"""Coding: frames → CAMEO/PLOVER events with actors, modality, quotes, places and confidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from parley.coding.coder import Coder

__all__ = ["Coder"]


def __getattr__(name: str) -> Any:
    # lazy: importing parley.coding (e.g. for cameo tables) must not load spaCy
    if name == "Coder":
        from parley.coding.coder import Coder

        return Coder
    raise AttributeError(name)
