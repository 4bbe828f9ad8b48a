"""The domain's refusals in Italian: times typed in the console, durations, instants
without a zone, billing and a policy file's problems (tests/domain runs in English)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from helpers import ROME, default_policy_text, load_policy, rome
from techconsole.domain.errors import DomainError, NaiveDatetimeError
from techconsole.domain.instants import parse_duration, require_aware
from techconsole.domain.policy_schema import PolicyError
from techconsole.domain.scatti import units_for
from techconsole.domain.wall_time import parse_when, resolve_wall_time
from techconsole.i18n import N_

NOW = rome(2026, 11, 27, 10, 0)

pytestmark = pytest.mark.usefixtures("italian")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "nessun orario indicato"),
        ("31/02 10:00", "'31/02 10:00' non è una data"),
        ("presto 9:30", "'presto'? scrivi oggi o domani, oppure una data"),
        ("domani 25:00", "'domani 25:00' non è un orario valido"),
        (
            "alle cinque",
            "'alle cinque' non è un orario; scrivilo come 27/11/2026 17:00, 27/11 17:00, "
            "17:00, domani 9:30, lunedì 9:00, tra 2 ore, +2h o 2026-11-27T17:00",
        ),
    ],
)
def test_a_bad_time(typed: str, message: str) -> None:
    with pytest.raises(DomainError) as info:
        parse_when(typed, ROME, NOW)
    assert str(info.value) == message


def test_the_spring_night_s_missing_hour() -> None:
    with pytest.raises(DomainError) as info:
        resolve_wall_time(datetime(2026, 3, 29, 2, 30), ROME)
    assert str(info.value) == (
        "2026-03-29 02:30 non esiste in Europe/Rome (gli orologi vanno avanti di un'ora); "
        "indica lo scostamento"
    )


def test_the_autumn_night_s_hour_twice() -> None:
    with pytest.raises(DomainError) as info:
        resolve_wall_time(datetime(2026, 10, 25, 2, 30), ROME)
    assert str(info.value) == (
        "2026-10-25 02:30 capita due volte in Europe/Rome (gli orologi tornano indietro di "
        "un'ora); aggiungi +02:00 per la prima o +01:00 per la seconda"
    )


def test_a_bad_duration() -> None:
    with pytest.raises(DomainError) as info:
        parse_duration("un'ora")
    assert str(info.value) == "'un'ora' non è una durata; scrivila come 4h, 30m o 1h30m"


def test_an_instant_without_a_zone_names_the_field() -> None:
    with pytest.raises(NaiveDatetimeError) as info:
        require_aware(datetime(2026, 11, 27, 9, 0), N_("arrival time"))
    assert str(info.value) == (
        "l'ora di arrivo 2026-11-27T09:00:00 non ha il fuso orario; "
        "indica uno scostamento come +01:00"
    )


def test_billing_refuses_a_session_that_ends_before_it_starts() -> None:
    rules = load_policy(default_policy_text()).billing
    with pytest.raises(DomainError) as info:
        units_for(rules, -timedelta(minutes=5))
    assert str(info.value) == "una sessione di lavoro non può finire prima di iniziare"


def test_a_policy_file_s_problems_in_our_words() -> None:
    text = default_policy_text().replace("[sla]", "[sla]\nprova = 1", 1)
    with pytest.raises(PolicyError) as info:
        load_policy(text, "mia.toml")
    assert "mia.toml: sla.prova: chiave sconosciuta" in str(info.value)
