"""Engines run the coding stage over many inputs; they never touch the database.

``local`` runs in this process or in N worker processes (``-j N``); ``ray`` runs the
same stage class on a Ray cluster and writes Parquet that ``parley load`` stores.
"""

from parley.engine.local import CodingStage, code_stream

__all__ = ["CodingStage", "code_stream"]
