"""Actors: a time-aware knowledge base of states, officials, groups and formats, and resolution.

>>> from parley.actors import load_kb
>>> kb = load_kb()
>>> [r.code for r in kb.resolve_span("the Taliban", "2021-10-20")]
['AFGGOV']
"""

from parley.actors.coref import DocumentContext
from parley.actors.kb import KnowledgeBase, check_user_file, load_kb
from parley.actors.model import Mention, Resolution, ResolutionContext

__all__ = ["DocumentContext", "KnowledgeBase", "Mention", "Resolution", "ResolutionContext", "check_user_file",
           "load_kb"]
