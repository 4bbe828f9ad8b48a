"""``incident show``: the timeline's events worded from their kind and fields; with
``--json``, ``text`` is only a person's text and ``fields`` the facts, untranslated."""

from __future__ import annotations

import pytest

from techconsole import i18n

MONDAY = "2026-11-23T10:00:00+01:00"


@pytest.fixture
def story(tc, office) -> None:
    """An employee's request waits for the titolare, who authorises and gives a server
    account; a pause on the customer with no reason typed; resolved, not solved."""
    for args in (
        ("incident", "add", "Nuovo utente", "-c", "1", "--requester", "2", "--at", MONDAY),
        ("incident", "authorise", "1", "--contact", "1", "--via", "phone"),
        ("incident", "account", "1", "--contact", "1"),
        ("incident", "claim", "1"),
        ("incident", "pause", "1"),
        ("incident", "resume", "1"),
        ("incident", "resolve", "1", "--no", "--note", "Manca la licenza"),
    ):
        result = tc(*args)
        assert result.code == 0, (args, result.err)


def test_json_keeps_its_keys_and_adds_the_fields(tc, story):
    shown = tc("incident", "show", "2026-000001", "--json").json()
    by_kind = {}
    for entry in shown["timeline"]:
        assert set(entry) == {"at", "actor", "kind", "text", "data", "fields"}
        by_kind.setdefault(entry["kind"], []).append(entry)
    waiting, on_customer = by_kind["pause"]
    assert waiting["text"] == ""
    assert waiting["fields"] == {
        "reason": "authorisation",
        "contact": "Luca Verdi",
        "role": "employee",
    }
    assert (on_customer["text"], on_customer["fields"]) == ("", {"reason": "customer"})
    authorised, _resumed = by_kind["resume"]
    assert (authorised["text"], authorised["fields"]) == ("", {"reason": "authorisation"})
    assert by_kind["account_provided"][0]["fields"] == {"contact": "Maria Bianchi"}
    assert by_kind["account_provided"][0]["text"] == ""
    (follow,) = by_kind["follow_up"]
    assert follow["text"] == "" and follow["fields"]["follow_up"] == "2026-000002"
    assert by_kind["resolved"][0]["text"] == "Manca la licenza"
    (report,) = by_kind["report"]
    assert report["text"] == "" and report["fields"]["revision"] == 0


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "it",
            (
                "in attesa dell'autorizzazione del titolare o dell'ADS (la richiesta è di "
                "Luca Verdi, dipendente)",
                "autorizzazione ricevuta",
                "account del server fornito da Maria Bianchi (password non registrata)",
                "in attesa del cliente",
                "aperto l'intervento successivo 2026-000002",
                "emesso il rapporto di lavoro RL-2026-0001",
                "Manca la licenza",
            ),
        ),
        (
            "en",
            (
                "waiting for the authorisation of a titolare or ADS (asked by Luca Verdi, "
                "employee)",
                "authorisation received",
                "server account provided by Maria Bianchi (password not recorded)",
                "waiting on the customer",
                "follow-up 2026-000002 opened",
                "work report RL-2026-0001 issued",
                "Manca la licenza",
            ),
        ),
    ],
)
def test_the_timeline_is_worded_in_the_language(tc, story, lang, expected, monkeypatch):
    monkeypatch.setenv("TECHCONSOLE_LANG", lang)  # the entry point sets the language from it
    try:
        result = tc("incident", "show", "2026-000001")
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)
    assert result.code == 0, result.err
    text = " ".join(result.out.split())
    for sentence in expected:
        assert " ".join(sentence.split()) in text, sentence
