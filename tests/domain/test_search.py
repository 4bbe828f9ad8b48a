"""What the queue's search finds: the same letters, whatever their case and accents."""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from techconsole.domain.search import fold, matches, whole_number


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Città", "citta"),
        ("CITTÀ", "citta"),
        ("perché è così", "perche e cosi"),
        ("Straße", "strasse"),
        ("ﬁle", "file"),
        ("Ünion", "union"),
        ("Ωmega", "ωmega"),
        ("℡ ᴬ", "tel a"),  # decomposed into capitals, folded again
        ("100% file_a", "100% file_a"),
        ("", ""),
    ],
)
def test_fold(typed, folded):
    assert fold(typed) == folded


def test_folding_what_was_folded_changes_nothing():
    """Every character (folding works a character at a time): a text typed as it is
    stored finds it."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) in ("Cn", "Cs", "Co"):
            continue  # unassigned, surrogates, private use: no case, no decomposition
        folded = fold(char)
        assert folded == char or fold(folded) == folded, hex(code)


@given(st.text())
def test_a_text_always_finds_itself_in_any_case(text):
    assert matches(text, text)
    assert matches(text.upper(), "x", text)
    assert matches(text.lower(), text, "y")


def test_matches_any_field():
    assert matches("citta", "2026-000001", "Rete giù", "Città di Prova")
    assert matches("000001", "2026-000001", "Rete giù", "Città di Prova")
    assert not matches("roma", "2026-000001", "Rete giù", "Città di Prova")
    assert not matches("giù città", "2026-000001", "Rete giù", "Città di Prova")  # one field


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("2026-000123", "2026-000123"),
        ("  2026-000123 ", "2026-000123"),
        ("2026-1234567", "2026-1234567"),
        ("2026-00012", None),
        ("000123", None),
        ("123", None),
        ("2026-000123 stampante", None),
        ("x2026-000123", None),
    ],
)
def test_whole_number(typed, number):
    assert whole_number(typed) == number
