"""Migration 0022: the folded texts and the trigram indexes of the queue's search — down to
0021 and up again, the rows written meanwhile (as an older techconsole writes them:
without folded copies) folded and indexed by the upgrade."""

from __future__ import annotations

from sqlalchemy import inspect, text

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import closing, intake, queue
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store import migrate
from techconsole.store.database import Database


def _columns(db: Database, table: str) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns(table)}


def _search_objects(db: Database) -> set[str]:
    found = set(inspect(db.engine).get_table_names()) & {"incident_search"}
    for table in ("incident", "customer"):
        found |= {str(i["name"]) for i in inspect(db.engine).get_indexes(table)} & {
            "ix_incident_search",
            "ix_customer_search",
            "ix_incident_open_customer",
        }
    return found


def _numbers(ctx: Context, typed: str, view: str = "all") -> list[str]:
    page = queue.queue(ctx, text=typed, view=view)  # type: ignore[arg-type]
    assert page.total == len(page.rows)
    return sorted(r.number for r in page.rows)


def test_0022_down_and_up_again_folds_and_indexes_what_is_there(database_url, clock):
    from alembic import command

    db = Database(database_url)
    try:
        db.migrate()
        made = _search_objects(db)
        assert "ix_incident_open_customer" in made
        assert made >= ({"incident_search"} if db.sqlite else {"ix_incident_search"})
        ctx = Context(db, load("default"), "anna", clock)
        team.add_technician(ctx, "anna", "Anna Rossi")
        shop = customers.add_customer(ctx, customers.NewCustomer("Ottica Esempio")).id
        bar = customers.add_customer(ctx, customers.NewCustomer("Bar Sport")).id
        slow = intake.open_incident(ctx, intake.NewIncident(shop, "PC lento")).number
        printer = intake.open_incident(ctx, intake.NewIncident(bar, "Stampante guasta")).number
        done = intake.open_incident(ctx, intake.NewIncident(bar, "Già fatto")).number
        closing.resolve(ctx, done, resolved=True)

        config = migrate._config()
        with db.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0021")
        assert "subject_folded" not in _columns(db, "incident")
        assert "name_folded" not in _columns(db, "customer")
        assert _search_objects(db) == set()
        # an older techconsole writes meanwhile: no folded copies, no index
        with db.engine.begin() as conn:
            conn.execute(
                text("UPDATE incident SET subject = :s WHERE number = :n"),
                {"s": "Perché è così LENTO?", "n": slow},
            )
            conn.execute(text("UPDATE customer SET name = 'Caffè Città' WHERE id = :i"), {"i": bar})

        assert db.migrate() is True
        assert db.revision() == migrate.head()
        assert _numbers(ctx, "perche e cosi lento") == [slow]
        assert _numbers(ctx, "lento") == [slow]
        assert _numbers(ctx, "CAFFE CITTA") == [printer]  # its resolved one is not open
        assert _numbers(ctx, "citta", view="recent") == [done]
        assert _numbers(ctx, "gia", view="recent") == [done]
        assert _numbers(ctx, "ò") == [slow]  # lento, ottica
        assert _numbers(ctx, "é") == sorted([printer, slow])  # perché, stampante
        # and the index keeps up with what is written next
        new = intake.open_incident(ctx, intake.NewIncident(bar, "Rete giù")).number
        assert _numbers(ctx, "rete giu") == [new]
        closing.resolve(ctx, printer, resolved=True)
        assert _numbers(ctx, "caffe") == [new]
    finally:
        db.dispose()
