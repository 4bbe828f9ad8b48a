"""A value typed from a short list: by its code or its words, in either language, listed
in the language in use (techconsole.domain.choices)."""

from __future__ import annotations

import pytest

from techconsole.domain import check_items
from techconsole.domain.choices import Choices, Value, fold
from techconsole.domain.errors import DomainError
from techconsole.i18n import N_, NP_, speaking

STATES = Choices.of(
    Value("pending", NP_("message state", "pending"), N_("queued")),
    Value("sent", N_("sent")),
    Value("on_site", N_("on site")),
    "pdf",
    aliases={"n/a": "pdf"},
)


def test_folding_leaves_out_case_accents_spaces_dashes_underscores_and_apostrophes():
    assert fold("In Attesa") == fold("in_attesa") == fold("in-attesa") == "inattesa"
    assert fold("Perché") == fold("perche") and fold("dell'ora") == "dellora"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("pending", "pending"),  # the code, as scripts type it
        ("PENDING", "pending"),
        ("in attesa", "pending"),  # its words in Italian
        ("In Attesa", "pending"),
        ("in_attesa", "pending"),
        ("in coda", "pending"),  # what the outbox's table prints
        ("queued", "pending"),  # in English
        ("inviato", "sent"),
        ("on site", "on_site"),
        ("presso il cliente", "on_site"),
        ("PDF", "pdf"),
        ("n/a", "pdf"),  # an alias
    ],
)
def test_a_value_is_read_from_its_code_or_its_words_in_any_language(typed, code):
    for lang in ("it", "en"):  # whatever the language in use
        with speaking(lang):
            assert STATES.code(typed) == code


@pytest.mark.parametrize("typed", ["", "pend", "in attesa!", "inviati", "sent pending"])
def test_anything_else_is_none_of_them(typed):
    assert STATES.code(typed) is None


def test_listed_in_the_language_in_use_with_the_code_when_the_words_differ():
    with speaking("it"):
        assert STATES.listed() == (
            "in attesa (pending), inviato (sent), presso il cliente (on_site), pdf"
        )
        assert STATES.refusal("x") == (
            "'x' non è tra i valori ammessi: in attesa (pending), inviato (sent), "
            "presso il cliente (on_site), pdf"
        )
        assert STATES.word("on_site") == "presso il cliente" and STATES.word("pdf") == "pdf"
    with speaking("en"):
        assert STATES.listed() == "pending, sent, on_site, pdf"  # the words are the codes
        assert STATES.refusal("x") == (
            "'x' is not one of the values accepted: pending, sent, on_site, pdf"
        )


def test_a_translation_that_makes_two_values_one_is_found():
    clash = Choices.of(Value("waiting", NP_("queue view", "waiting")), Value("in_attesa"))
    assert clash.ambiguous() == {"inattesa": {"waiting", "in_attesa"}}
    assert clash.code("in attesa") == "in_attesa"  # a code wins over words
    assert STATES.ambiguous() == {}


def test_check_outcomes_are_typed_in_italian_and_listed_in_words():
    typed = {"Regolare": "ok", "risolto": "fixed", "Problema": "problem", "pericolo": "danger"}
    typed |= {"non applicabile": "na", "N/A": "na", "problema ancora aperto": "problem"}
    for word, code in typed.items():
        assert check_items.outcome(word) == code
    assert check_items.OUTCOME_CHOICES.ambiguous() == {}
    with speaking("it"), pytest.raises(DomainError, match=r"regolare \(ok\), risolto \(fix"):
        check_items.outcome("meh")
