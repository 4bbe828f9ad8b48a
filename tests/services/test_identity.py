"""Who may act: the first lead of a database, a lead acting on someone's behalf, and the
audit rows that say who really ran each change (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from techconsole.services import identity, setup
from techconsole.services.context import Context, OsUser
from techconsole.services.customers import registry as customers
from techconsole.services.errors import ActingRefused, NotAllowed, UnknownActor
from techconsole.services.incidents import reading
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store import migrate
from techconsole.store.database import Database

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_a_lead_acting_for_someone_is_audited_with_both(ctx):
    behalf = ctx.on_behalf_of("bruno")
    assert (behalf.actor, behalf.os_login, behalf.on_behalf) == ("bruno", "anna", True)
    customers.add_customer(behalf, customers.NewCustomer("Bar Sport"))
    customers.add_customer(ctx.as_("bruno"), customers.NewCustomer("Bar Roma"))
    last = reading.audit_trail(ctx)[-2:]
    assert [(a.actor, a.os_user) for a in last] == [("bruno", "anna"), ("bruno", "bruno")]
    assert all(a.os_user for a in reading.audit_trail(ctx))  # every row says who ran it


def test_acting_for_someone_the_permissions_are_theirs(ctx):
    with pytest.raises(NotAllowed, match="only a team lead can add technicians"):
        team.add_technician(ctx.on_behalf_of("bruno"), "carla", "Carla")


def test_only_an_active_lead_may_act_for_someone(ctx):
    identity.check_acting(ctx)  # acting as yourself: nothing to check
    identity.check_acting(ctx.on_behalf_of("bruno"))  # anna is a lead
    bruno = ctx.as_("bruno")
    identity.check_acting(bruno)
    with pytest.raises(ActingRefused) as refused:
        identity.check_acting(bruno.on_behalf_of("anna"), "$TECHCONSOLE_USER")
    assert refused.value.code == 2
    assert str(refused.value).startswith("TECHCONSOLE_USER=anna: only an active team lead")
    with pytest.raises(ActingRefused):  # nor someone outside the team
        identity.check_acting(ctx.as_("zoe").on_behalf_of("anna"))


def test_a_lead_who_stops_being_one_stops_acting_for_others(ctx):
    """The console keeps its context for hours: each use case checks again."""
    behalf = ctx.on_behalf_of("bruno")
    team.add_technician(ctx, "carla", "Carla Bruni", "lead")
    team.set_active(ctx.as_("carla"), "anna", False)
    with pytest.raises(ActingRefused):
        customers.add_customer(behalf, customers.NewCustomer("Bar Sport"))
    with pytest.raises(UnknownActor):
        customers.add_customer(ctx, customers.NewCustomer("Bar Sport"))


def test_the_first_lead_is_whoever_opens_an_empty_database(make_ctx):
    ctx = make_ctx("anna")
    assert identity.ensure_first_lead(ctx.db, OsUser("anna", "Anna Rossi"), NOW)
    assert not identity.ensure_first_lead(ctx.db, OsUser("bruno", "Bruno Neri"), NOW)
    assert [(t.login, t.display_name, t.role) for t in team.list_technicians(ctx)] == [
        ("anna", "Anna Rossi", "lead")
    ]
    (entry,) = reading.audit_trail(ctx)
    assert (entry.actor, entry.os_user, entry.action) == ("anna", "anna", "technician.add")
    assert entry.data == {"login": "anna", "role": "lead", "first_lead": True}


def test_on_an_empty_database_only_you_may_add_yourself(make_ctx):
    ctx = make_ctx("anna")
    with pytest.raises(NotAllowed, match="its first lead is the person who opens it"):
        team.add_technician(ctx, "bruno", "Bruno Neri", "lead")
    with pytest.raises(NotAllowed):
        team.add_technician(ctx.on_behalf_of("bruno"), "bruno", "Bruno Neri")
    assert team.add_technician(ctx, "anna", "Anna Rossi").is_lead


def test_open_context_makes_the_first_lead_and_refuses_as_from_others(migrated_url, os_user):
    said: list[str] = []
    os_user("bruno")
    ctx = setup.open_context(database=migrated_url, say=said.append)
    ctx.db.dispose()
    assert (ctx.actor, ctx.os_login) == ("bruno", "bruno")
    assert said == [identity.first_lead_note(OsUser("bruno", "Bruno Neri"))]
    os_user("anna")  # not a technician: she cannot act for bruno, nor is made a lead
    with pytest.raises(ActingRefused, match="--as bruno: only an active team lead"):
        setup.open_context(database=migrated_url, actor="bruno", say=said.append)
    assert len(said) == 1
    os_user("bruno")
    ctx = setup.open_context(database=migrated_url, actor="anna")  # the lead may
    ctx.db.dispose()
    assert (ctx.actor, ctx.os_login) == ("anna", "bruno")


RACER = """
import json, sys, time
from datetime import UTC, datetime
from pathlib import Path
from techconsole.services import identity
from techconsole.services.context import OsUser
from techconsole.store.database import Database

url, login, go = sys.argv[1], sys.argv[2], Path(sys.argv[3])
db = Database(url)
db.revision()  # connected, like a program that has just started
Path(sys.argv[4]).touch()
deadline = time.monotonic() + 120
while not go.exists():
    assert time.monotonic() < deadline, "no go"
    time.sleep(0.002)
made = identity.ensure_first_lead(db, OsUser(login, login), datetime.now(UTC))
print(json.dumps(made))
"""


def test_people_starting_at_once_make_one_first_lead(migrated_url, tmp_path: Path):
    """Four real processes, each its own OS user (given to the worker directly), open an
    empty database at the same moment: exactly one of them becomes its lead."""
    go = tmp_path / "go"
    racers = []
    for n in range(4):
        ready = tmp_path / f"ready-{n}"
        racers.append(
            (
                ready,
                subprocess.Popen(
                    [sys.executable, "-c", RACER, migrated_url, f"p{n}", str(go), str(ready)],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    deadline = time.monotonic() + 120
    for ready, process in racers:  # all started and connected: then go, together
        while not ready.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "a racer did not start"
            time.sleep(0.005)
    go.touch()
    results = []
    for _, process in racers:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out))
    assert sorted(results) == [False, False, False, True]
    db = Database(migrated_url)
    try:
        ctx = Context(db, load("default"), "nobody")
        listed = team.list_technicians(ctx)
        assert len(listed) == 1 and listed[0].is_lead
        assert [a.action for a in reading.audit_trail(ctx)] == ["technician.add"]
    finally:
        db.dispose()


def test_0007_adds_the_columns_in_place_and_takes_them_back(database_url, backend):
    """The audit table keeps its append-only triggers across the upgrade and the
    downgrade (rebuilding it would drop them)."""
    from alembic import command

    db = Database(database_url)
    try:
        migrate.upgrade(db.engine, "0006")
        migrate.upgrade(db.engine)
        columns = {c["name"] for c in inspect(db.engine).get_columns("audit")}
        assert {"os_user", "db_user"} <= columns
        config = migrate._config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0006")
        columns = {c["name"] for c in inspect(db.engine).get_columns("audit")}
        assert not {"os_user", "db_user"} & columns
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO audit (at, actor, action, entity, data) "
                    "VALUES ('2026-11-23 09:00:00', 'anna', 'x', 'y', '{}')"
                )
            )
        with pytest.raises(Exception, match="append-only"), db.engine.begin() as connection:
            connection.execute(text("UPDATE audit SET actor = 'bruno'"))
        migrate.upgrade(db.engine)
        with pytest.raises(Exception, match="append-only"), db.engine.begin() as connection:
            connection.execute(text("DELETE FROM audit"))
        with db.engine.begin() as connection:
            row = connection.execute(text("SELECT os_user, db_user FROM audit")).one()
        assert tuple(row) == (None, None)  # older rows: nobody recorded them
    finally:
        db.dispose()
