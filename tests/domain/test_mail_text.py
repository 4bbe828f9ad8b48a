"""note_text(): a reply as a note, without what it quotes, its signature, its phone footer."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from techconsole.domain.mail_text import note_text


def test_trailing_quote_is_cut():
    assert note_text("Va bene, grazie.\n\n> Possiamo venire martedì?\n> Saluti\n") == (
        "Va bene, grazie."
    )


def test_quotes_answered_inline_are_kept():
    text = "> Il PC si accende?\nSì, ma lentamente.\n> E la rete?\nFunziona.\n"
    assert note_text(text) == text.strip()


@pytest.mark.parametrize(
    "attribution",
    [
        "On Tue, Mar 3, 2026 at 10:00 AM Anna Neri <anna@assistenza-tecnica.example> wrote:",
        "Il giorno mar 3 mar 2026 alle ore 10:00 Anna Neri <anna@assistenza-tecnica.example> "
        "ha scritto:",
        "Il 03/03/2026 10:00, Anna Neri ha scritto:",
        "In data 3 marzo 2026 alle 10:00, Anna Neri ha scritto:",
    ],
)
def test_attribution_line_and_everything_after_is_cut(attribution: str):
    text = f"Confermo l'appuntamento.\n\n{attribution}\n\n> Le proponiamo martedì.\n"
    assert note_text(text) == "Confermo l'appuntamento."


def test_attribution_wrapped_over_two_lines():
    text = (
        "Tutto risolto.\n\nIl giorno mar 3 mar 2026 alle ore 18:30 Assistenza Tecnica <\n"
        "assistenza@assistenza-tecnica.example> ha scritto:\n\n> Abbiamo riavviato.\n"
    )
    assert note_text(text) == "Tutto risolto."


def test_a_sentence_that_only_ends_like_an_attribution_stays():
    text = "Il tecnico che è passato ha scritto:\nbisogna cambiare il toner."
    assert note_text(text) == text


@pytest.mark.parametrize(
    "separator",
    [
        "-----Original Message-----\nFrom: Anna\nSent: Tuesday",
        "-----Messaggio originale-----\nDa: Anna\nInviato: martedì",
        "----- Messaggio originale -----\nDa: Anna",
        "________________________________\nDa: Anna Neri <anna@assistenza-tecnica.example>\n"
        "Inviato: martedì 3 marzo 2026 10:00\nA: Mario Rossi\nOggetto: Stampante",
        "Da: Anna Neri <anna@assistenza-tecnica.example>\nInviato: martedì 3 marzo 2026 10:00\n"
        "A: Mario Rossi\nOggetto: Stampante",
        "From: Anna Neri\nSent: Tuesday, March 3, 2026 10:00 AM\nTo: Mario Rossi",
        "*From:* Anna Neri\n*Sent:* Tuesday, March 3, 2026 10:00 AM",
        "From: Anna Neri Sent: Tuesday, March 3, 2026 To: Mario Rossi Subject: Stampante",
    ],
)
def test_outlook_header_block_and_everything_after_is_cut(separator: str):
    text = f"Ok per giovedì.\n\n{separator}\n\nTesto del messaggio precedente.\n"
    assert note_text(text) == "Ok per giovedì."


def test_from_line_without_a_header_block_stays():
    text = "Da: ieri sera il server non risponde.\nGrazie"
    assert note_text(text) == text


def test_signature_after_dash_dash_space():
    assert note_text("Grazie mille.\n-- \nMario Rossi\nRossi S.r.l.\n") == "Grazie mille."


@pytest.mark.parametrize(
    "footer",
    [
        "Inviato da iPhone",
        "Sent from my iPhone",
        "Inviato dal mio smartphone Samsung Galaxy.",
        "Inviato dal mio dispositivo Huawei",
        "Sent from my Android device",
        "Scarica Outlook per Android",
    ],
)
def test_mobile_footers(footer: str):
    text = (
        f"Arrivo alle 15.\n\n{footer}\n\n> Il giorno 3 mar 2026, alle ore 10:00, Anna ha scritto:\n"
    )
    assert note_text(text) == "Arrivo alle 15."


def test_a_sentence_beginning_like_a_footer_stays():
    text = "Inviato da me ieri il file, ma non arriva.\nPotete verificare?"
    assert note_text(text) == text


def test_only_a_quote_is_kept_whole():
    text = "> Il server è spento?\n> Mi faccia sapere.\n"
    assert note_text(text) == text.strip()


def test_only_a_signature_is_kept_whole():
    assert note_text("-- \nMario Rossi\n") == "--\nMario Rossi"


def test_newlines_spaces_and_blank_lines_are_tidied():
    text = "Prima riga   \r\n\r\n\r\n\r\n\r\nSeconda\rterza\t \n"
    assert note_text(text) == "Prima riga\n\n\nSeconda\nterza"


def test_empty_stays_empty():
    assert note_text("") == ""
    assert note_text(" \n\n ") == ""


@given(st.text())
def test_never_empty_when_there_was_something(text: str):
    note = note_text(text)
    assert bool(note) == bool(text.replace("\r", "\n").strip())
    assert "\r" not in note
    assert "\n\n\n\n" not in note
    assert all(line == line.rstrip() for line in note.split("\n"))
