"""Name folding keeps offsets; keys ignore case, accents, spacing and a leading "the"."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parley.actors.names import fold, is_acronym, key, surname_of


@given(st.text())
def test_fold_keeps_the_length(text):
    assert len(fold(text)) == len(text)


def test_fold_and_key():
    assert fold("Élysée") == "elysee"
    assert fold("Erdoğan\u2019s") == "erdogan's"
    assert key("  The   Kremlin ") == "kremlin"
    assert key("Theresa May") == "theresa may"  # "The" only as a whole word


def test_acronyms_and_surnames():
    assert is_acronym("US") and is_acronym("U.S.") and is_acronym("NATO")
    assert not is_acronym("Nato") and not is_acronym("United States") and not is_acronym("A")
    assert surname_of("Sergey Lavrov") == "Lavrov"
