"""The main refusals of the services and the store, said in Italian (the program's
default language); the exit codes do not change with the language."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from techconsole.services.errors import (
    Conflict,
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    NotFound,
    UnknownActor,
)
from techconsole.services.incidents import closing, ownership, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.work import months
from techconsole.store.database import Database
from techconsole.store.errors import DatabaseBusy, DatabaseReadOnly, DatabaseUnavailable, describe

from .support import open_, rome


@pytest.fixture(autouse=True)
def _in_italian(italian: None) -> None:
    """Every test here reads the Italian words."""


def test_no_such_incident(ctx):
    with pytest.raises(NotFound) as info:
        incidents.show(ctx, "2026-009999")
    assert str(info.value) == "la richiesta 2026-009999 non esiste"
    assert info.value.code == 2


def test_not_an_incident_number(ctx):
    with pytest.raises(NotFound) as info:
        incidents.show(ctx, "stampante")
    assert str(info.value) == "'stampante' non è un numero di richiesta (ad esempio 2026-000123)"


def test_an_incident_someone_else_took(ctx, make_ctx):
    number = open_(ctx).number
    ownership.claim(make_ctx("bruno"), number)
    with pytest.raises(Conflict) as info:
        ownership.claim(ctx, number)
    # who has it, by login: not "meanwhile" (it may have been theirs for days), no row id
    assert str(info.value) == f"la richiesta {number} è già stata presa da bruno"
    assert info.value.code == 1


def test_a_technician_may_not_do_a_lead_s_work(ctx, make_ctx):
    bruno = make_ctx("bruno")
    with pytest.raises(NotAllowed) as info:
        months.close_month(bruno, "2026-10")
    assert str(info.value) == (
        "solo un responsabile del team può chiudere un mese per la fatturazione; "
        "chiedi al tuo responsabile"
    )
    assert info.value.code == 1


def test_an_unknown_person(ctx, make_ctx):
    number = open_(ctx).number
    with pytest.raises(UnknownActor) as info:
        workflow.note(make_ctx("carla"), number, "provo")
    assert str(info.value).startswith("'carla' non è un tecnico di questo database.")
    assert "techconsole tech add carla" in str(info.value)
    assert info.value.code == 2


def test_an_invalid_transition_names_the_status_in_italian(ctx):
    number = open_(ctx).number
    with pytest.raises(InvalidTransition) as info:
        closing.close(ctx, number)
    assert str(info.value) == f"impossibile chiudere la richiesta {number}: è aperta"
    workflow.pause(ctx, number)
    with pytest.raises(InvalidTransition) as info:
        workflow.pause(ctx, number)
    assert str(info.value) == f"impossibile sospendere la richiesta {number}: è in attesa"
    assert info.value.code == 1


def test_a_time_in_the_future(ctx, clock):
    number = open_(ctx).number
    with pytest.raises(InvalidInput) as info:
        workflow.acknowledge(ctx, number, at=rome(2026, 11, 23, 18, 0))
    assert str(info.value) == "l'ora della presa in carico 23/11/2026 18:00 è nel futuro"
    assert info.value.code == 2


def test_a_time_without_a_zone(ctx):
    number = open_(ctx).number
    naive = rome(2026, 11, 23, 9, 0).replace(tzinfo=None)
    with pytest.raises(Exception, match="non ha il fuso orario; indica uno scostamento"):
        workflow.acknowledge(ctx, number, estimate=naive)


def test_the_same_refusal_in_english_has_the_same_code(ctx, english):
    with pytest.raises(NotFound) as info:
        incidents.show(ctx, "2026-009999")
    assert str(info.value) == "no incident 2026-009999"
    assert info.value.code == 2


def test_a_database_in_a_missing_folder(tmp_path: Path):
    with pytest.raises(DatabaseUnavailable) as info:
        Database(f"sqlite:///{tmp_path / 'manca' / 'techconsole.db'}")
    assert str(info.value) == f"la cartella {tmp_path / 'manca'} non esiste; creala prima"


@pytest.mark.parametrize(
    ("driver", "kind", "message"),
    [
        (
            "unable to open database file",
            DatabaseUnavailable,
            "impossibile aprire il file del database: la sua cartella non esiste "
            "o non è accessibile",
        ),
        (
            "attempt to write a readonly database",
            DatabaseReadOnly,
            "il database è in sola lettura per te: non è stato modificato nulla",
        ),
        (
            "database is locked",
            DatabaseBusy,
            "il database è occupato: un altro utente lo ha tenuto bloccato oltre il tempo "
            "di attesa; non è stato modificato nulla — riprova",
        ),
    ],
)
def test_database_problems(driver: str, kind: type, message: str):
    error = describe(OperationalError("SELECT 1", {}, Exception(driver)))
    assert type(error) is kind
    assert str(error) == message


def test_the_migration_notes(tmp_path: Path):
    said: list[str] = []
    db = Database(f"sqlite:///{tmp_path / 'techconsole.db'}")
    try:
        assert db.migrate(said.append)
    finally:
        db.dispose()
    assert said == ["Creazione dello schema del database…"]
