"""Migration 0006: the timeline rows a techconsole of schema 0005 wrote, with the
program's own English sentences as text, read as structured events after the upgrade —
in the console, on the command line and in the activity report, in Italian and English —
and get their sentences back on a downgrade."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, text

from techconsole.cli.detail import event_text
from techconsole.reports import event_words
from techconsole.reports.summary_words import SummaryWords
from techconsole.services.context import Context
from techconsole.services.documents import activity
from techconsole.services.incidents import reading as incidents
from techconsole.services.policies import load
from techconsole.store import migrate
from techconsole.store.database import Database
from techconsole.store.types import UTCDateTime

from .test_migrations import ARRIVED, _insert_0001_data

#: (kind, text, data) as the services of schema 0005 wrote them; then what 0006 makes of
#: them; then how the event reads in Italian and in English
OLD_ROWS: list[tuple[str, str, dict[str, Any], str, dict[str, Any], str, str]] = [
    (
        "pause",
        "waiting for the authorisation of a titolare or ADS (Luca Verdi is employee)",
        {"reason": "authorisation"},
        "",
        {"reason": "authorisation", "contact": "Luca Verdi", "role": "employee"},
        "in attesa dell'autorizzazione del titolare o dell'ADS (la richiesta è di "
        "Luca Verdi, dipendente)",
        "waiting for the authorisation of a titolare or ADS (asked by Luca Verdi, employee)",
    ),
    (
        "resume",
        "authorisation received",
        {},
        "",
        {"reason": "authorisation"},
        "autorizzazione ricevuta",
        "authorisation received",
    ),
    (
        "account_provided",
        "server account provided by Maria D'Amico (password not recorded)",
        {"contact": "Maria D'Amico"},
        "",
        {"contact": "Maria D'Amico"},
        "account del server fornito da Maria D'Amico (password non registrata)",
        "server account provided by Maria D'Amico (password not recorded)",
    ),
    (
        "pause",
        "waiting on the customer",
        {"reason": "customer"},
        "",
        {"reason": "customer"},
        "in attesa del cliente",
        "waiting on the customer",
    ),
    (  # a reason the technician typed stays as typed
        "pause",
        "Aspetto le credenziali dal cliente",
        {"reason": "customer"},
        "Aspetto le credenziali dal cliente",
        {"reason": "customer"},
        "Aspetto le credenziali dal cliente",
        "Aspetto le credenziali dal cliente",
    ),
    (  # a note is a person's text, even when it reads like one of the sentences
        "note",
        "authorisation received",
        {},
        "authorisation received",
        {},
        "authorisation received",
        "authorisation received",
    ),
    (
        "follow_up",
        "follow-up 2026-000002 opened",
        {"follow_up": "2026-000002"},
        "",
        {"follow_up": "2026-000002"},
        "aperto l'intervento successivo 2026-000002",
        "follow-up 2026-000002 opened",
    ),
    (
        "report",
        "work report RL-2026-0001 issued",
        {"report": "RL-2026-0001", "revision": 0},
        "",
        {"report": "RL-2026-0001", "revision": 0},
        "emesso il rapporto di lavoro RL-2026-0001",
        "work report RL-2026-0001 issued",
    ),
    (
        "report",
        "work report RL-2026-0001 rev. 2 reissued",
        {"report": "RL-2026-0001", "revision": 2},
        "",
        {"report": "RL-2026-0001", "revision": 2},
        "emesso il rapporto di lavoro RL-2026-0001 rev. 2, che sostituisce la revisione precedente",
        "work report RL-2026-0001 rev. 2 issued, replacing the previous revision",
    ),
]


def _database_at_0005(url: str) -> None:
    """Schema 0005 and the rows its services wrote, in raw SQL."""
    old = Database(url)
    try:
        migrate.upgrade(old.engine, "0005")
        _insert_0001_data(old)
        at = bindparam("at", type_=UTCDateTime())
        with old.engine.begin() as conn:
            for i, (kind, said, data, *_) in enumerate(OLD_ROWS):
                conn.execute(
                    text(
                        "INSERT INTO incident_event (incident_id, at, actor_id, kind, text, data) "
                        "VALUES (1, :at, 1, :kind, :text, :data)"
                    ).bindparams(at),
                    {
                        "at": ARRIVED + timedelta(minutes=i),
                        "kind": kind,
                        "text": said,
                        "data": json.dumps(data),
                    },
                )
    finally:
        old.dispose()


def _rows(db: Database) -> list[tuple[str, str, dict[str, Any]]]:
    with db.engine.connect() as conn:
        found = conn.execute(text("SELECT kind, text, data FROM incident_event ORDER BY id"))
        return [(k, t, d if isinstance(d, dict) else json.loads(d)) for k, t, d in found]


def test_old_sentences_become_fields_and_read_in_every_front_end(database_url, clock):
    _database_at_0005(database_url)
    db = Database(database_url)
    try:
        assert db.migrate() is True
        assert db.revision() == migrate.head()
        assert _rows(db) == [(kind, said, data) for kind, _, _, said, data, _, _ in OLD_ROWS]

        ctx = Context(db, load("default"), "anna", clock)
        timeline = incidents.show(ctx, "2026-000001").timeline
        assert [e.kind for e in timeline] == [row[0] for row in OLD_ROWS]
        for event, (*_, italian, english) in zip(timeline, OLD_ROWS, strict=True):
            # the console's timeline and the command line's, in either language
            assert event_words.describe(event, "it") == italian
            assert event_words.describe(event, "en") == english
            assert event_text(event) in (italian, english)  # the process language

        report = activity.activity(ctx, 1, date(2026, 11, 20), date(2026, 11, 20))
        events = [r for r in report.rows if r.action in {row[0] for row in OLD_ROWS}]
        for lang, column in (("it", -2), ("en", -1)):
            w = SummaryWords(lang)
            assert [w.text(r) for r in events] == [row[column] for row in OLD_ROWS]
        # the details do not say again what the sentence says
        assert [SummaryWords("it").details(r) for r in events] == [""] * len(OLD_ROWS)
    finally:
        db.dispose()


def test_downgrade_gives_the_sentences_back(database_url):
    _database_at_0005(database_url)
    db = Database(database_url)
    try:
        before = _rows(db)
        db.migrate()
        assert _rows(db) != before
        from alembic import command

        config = migrate._config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0005")
        assert db.revision() == "0005"
        assert _rows(db) == before
    finally:
        db.dispose()


def test_rows_in_the_new_form_are_left_alone():
    """Upgrading twice changes nothing more; each downgrade sentence upgrades back to the
    same fields (the functions the migration runs, on every old form)."""
    from importlib import import_module

    step = import_module("techconsole.store.migrations.versions.0006_structured_events")
    for kind, old_text, old_data, said, data, _, _ in OLD_ROWS:
        assert step.structured(kind, said, data) is None
        back = step.sentence(kind, said, data)
        if said == "":
            assert back == (old_text, old_data)
            assert step.structured(kind, *back) == (said, data)
