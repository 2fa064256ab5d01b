"""Quotes of reported speech: the quoted words when there are quotation marks, else the reported clause."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

_QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»]{3,}?)[\"“”„«»]|‘([^‘’]{3,}?)’")
_LEADING = {"that", "whether", ",", "“", "\"", "‘"}


def quoted_segments(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of quoted passages in ``text``, without the marks.

    >>> quoted_segments('He said: "We will go."')
    [(10, 21)]
    """
    out = []
    for m in _QUOTED.finditer(text):
        group = 1 if m.group(1) is not None else 2
        out.append((m.start(group), m.end(group)))
    return out


def clause_text(head: Token) -> str:
    """The reported clause headed by ``head`` ("the American mission … had failed")."""
    toks = [t for t in head.subtree]
    while toks and (toks[0].lower_ in _LEADING or toks[0].is_punct):
        toks = toks[1:]
    while toks and toks[-1].is_punct and toks[-1].text not in {")", "%"}:
        toks = toks[:-1]
    if not toks:
        return ""
    doc = head.doc
    return doc[toks[0].i:toks[-1].i + 1].text


def quote_for(sent: Span, content: Token, clause_head: Token | None = None) -> str | None:
    """The quote of a reported event: quoted words around the trigger, else its clause.

    ``sent`` is the parsed sentence, ``content`` the event's trigger, ``clause_head`` the head of
    the clause the speech verb governs (defaults to the trigger).
    """
    text = sent.text
    rel = content.idx - sent.start_char
    for start, end in quoted_segments(text):
        if start <= rel < end:
            return text[start:end].strip()
    clause = clause_text(clause_head or content)
    return clause or None
