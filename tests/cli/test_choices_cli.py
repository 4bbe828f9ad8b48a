"""The options that take one of a few values (techconsole.cli.choices): each takes the
value's code, as scripts write it, or its words in Italian or English, and hands the
command the code; --help and the usage error list the values in the language in use."""

from __future__ import annotations

from typing import get_args

import pytest

from techconsole.cli import choices
from techconsole.domain import ads_cadence, authorisation, billing_types, parts, statuses
from techconsole.domain.policy_rules import Channel
from techconsole.reports import i18n as report_languages
from techconsole.services.customers import registry
from techconsole.services.incidents import queue
from techconsole.services.mail import inbox, outbox
from techconsole.services.team import members
from techconsole.store import assets

from .test_language_cli import help_text

#: each set of values, and the codes the layer that keeps them knows
KEPT = [
    (choices.MAIL_STATES, outbox.STATES),
    (choices.STATUSES, statuses.STATUSES),
    (choices.VIEWS, queue.VIEWS),
    (choices.SESSION_KINDS, billing_types.SESSION_KINDS),
    (choices.ASSET_KINDS, assets.ASSET_KINDS),
    (choices.AUTHORISED_VIA, authorisation.VIA),
    (choices.ANSWERED_VIA, parts.VIA),
    (choices.DELIVERED_VIA, ads_cadence.VIA),
    (choices.CADENCES, tuple(ads_cadence.CADENCES)),
    (choices.TEAM_ROLES, members.ROLES),
    (choices.CONTACT_ROLES, registry.CONTACT_ROLES),
    (choices.CONTACT_ROLES, inbox.ROLES),
    (choices.DEPLOYMENTS, registry.DEPLOYMENTS),
    (choices.DOCUMENT_LANGUAGES, report_languages.LANGUAGES),
    (choices.INCIDENT_CHANNELS, get_args(Channel)),
]


@pytest.mark.parametrize(("values", "kept"), KEPT, ids=[str(kept) for _, kept in KEPT])
def test_the_codes_are_the_ones_the_program_keeps_and_no_words_are_two_values(values, kept):
    assert sorted(values.codes) == sorted(kept)
    assert values.ambiguous() == {}


def test_a_request_s_channel_is_typed_in_words_too(tc, office):
    """``--channel telefono`` is the phone (it was taken for a channel of that name, and
    refused by the policy as "requests by telefono are not accepted")."""
    phoned = tc("incident", "add", "Rete", "-c", "1", "--channel", "telefono", "--json")
    assert phoned.code == 0, phoned.err
    assert phoned.json()["channel"] == "phone"
    walked_in = tc("incident", "add", "PC", "-c", "1", "--channel", "Di persona")
    assert walked_in.code == 1  # the words are known: it is the default policy that refuses
    said = " ".join(walked_in.err.split())
    # the channel in words, as the form says it (it said "walk_in", a code)
    assert "policy 'default': requests are not accepted by this channel (in person)" in said
    assert "walk_in" not in said
    unknown = tc("incident", "add", "PC", "-c", "1", "--channel", "piccione")
    assert unknown.code == 2 and "piccione" in unknown.err and "(walk_in)" in unknown.err


def test_the_values_are_typed_in_words_in_italian_and_the_codes_are_kept(tc, office):
    def made(*args: str) -> dict:
        result = tc(*args, "--json")
        assert result.code == 0, (args, result.err)
        return result.json()

    assert made("tech", "add", "carla", "--name", "Carla", "--role", "Responsabile")["role"] == (
        "lead"
    )
    contact = made("customer", "contact-add", "1", "Gino", "--role", "dipendente")
    assert contact["role"] == "employee"
    assert made("asset", "add", "1", "PC-Lab", "--kind", "portatile")["kind"] == "laptop"
    cloud = made("customer", "add", "Studio", "--deployment", "on premise", "--we-are-ads")
    assert cloud["deployment"] == "on_premise"
    cadence = made("report", "ads-cadence", str(cloud["id"]), "trimestrale")
    assert cadence["cadence"] == "quarterly"
    made("incident", "add", "Stampante", "-c", "1")
    assert made("timer", "start", "1", "--kind", "Presso il Cliente")["kind"] == "on_site"
    assert made("timer", "start", "1", "--kind", "on_site", "--switch")["kind"] == "on_site"
    listed = made("incident", "list", "--status", "aperta")
    assert [i["status"] for i in listed] == ["open"]
    assert made("queue", "--view", "non assegnate")["view"] == "unassigned"
    assert made("queue", "--view", "unassigned")["view"] == "unassigned"


def test_a_value_none_of_them_is_a_usage_error_listing_them_in_italian(tc, office, monkeypatch):
    tc("incident", "add", "Stampante", "-c", "1")
    monkeypatch.delenv("TECHCONSOLE_LANG")
    refused = tc("timer", "start", "1", "--kind", "ferie")
    assert refused.code == 2
    said = " ".join(refused.err.replace("│", " ").split())
    assert said.startswith("Uso: techconsole timer start [OPZIONI]")
    assert (
        "Valore non valido per '--kind' / '-k': 'ferie' non è tra i valori ammessi: remoto "
        "(remote), presso il cliente (on_site), telefono (phone), viaggio (travel), "
        "laboratorio (lab), formazione (training)"
    ) in said
    assert tc("timer", "status", "--json").json() is None  # nothing started


def test_help_lists_the_values_in_the_language_in_use():
    said = help_text("timer", "start", "--help")  # a fresh interpreter, in Italian
    assert "--kind -k VALORE Il tipo di lavoro: remoto (remote), presso il cliente (on_site)" in (
        said
    )
    said = help_text("mail", "outbox", "--help")
    assert "Solo questi: in attesa (pending), in invio (sending), inviato (sent)" in said
    said = help_text("timer", "start", "--help", lang="en")
    assert "--kind -k VALUE The kind of work: remote, on_site, phone, travel, workshop (lab)" in (
        said
    )
