"""A small office under seed 004's client contract for the Postazioni tests: a database of
its own (the ``client-contract`` preset requires the antivirus and the backup), at the
console tests' frozen Monday 23/11/2026 10:00 in Rome.

- Studio Rossi (id 1), under the client contract for 2026, with three machines:
  PC-Reception (covered: both installed as last verified on 12/11/2026, inspected),
  PC-Ufficio (the backup found missing on 12/11/2026: "backup non installato dal
  12/11/2026", inspected) and Server (the backup never verified, not inspected);
- Bar Sport (id 2), without a contract or machines;
- incident 2026-000001 of Studio Rossi, about PC-Ufficio, and 2026-000002 about none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from techconsole.services.assets import care
from techconsole.services.assets import registry as assets
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import intake
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database

from .conftest import FrozenClock

ROME = ZoneInfo("Europe/Rome")


def rome(*args: int) -> datetime:
    return datetime(*args, tzinfo=ROME)  # type: ignore[misc]


@dataclass(frozen=True, slots=True)
class Office:
    ctx: Context
    reception: int
    ufficio: int
    server: int
    on_ufficio: str  # the incident about PC-Ufficio
    on_none: str  # the incident about no machine


def build(ctx: Context) -> Office:
    team.add_technician(ctx, "anna", "Anna Rossi")
    team.add_technician(ctx, "bruno", "Bruno Neri")
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi"))
    customers.add_contract(ctx, studio.id, "client", date(2026, 1, 1), date(2026, 12, 31))
    customers.add_customer(ctx, customers.NewCustomer("Bar Sport"))
    since = date(2026, 1, 10)
    accepted = rome(2026, 1, 10, 9, 0)
    monthly = rome(2026, 11, 12, 10, 0)

    def machine(name: str, **facts: Any) -> int:
        new = assets.NewAsset(studio.id, name, covered_since=since, **facts)
        return assets.add_asset(ctx, new).id

    reception = machine(
        "PC-Reception",
        os="Windows 11 Pro",
        location="Reception, Maria",
        serial="SN-4471",
        remote_id="123 456 789",
        notes="Stampante di rete collegata",
    )
    ufficio = machine(
        "PC-Ufficio",
        kind="laptop",
        os="Windows 10 Pro",
        location="Ufficio, Luca",
        serial="SN-5120",
        remote_id="234 567 890",
    )
    server = machine("Server", kind="server", os="Windows Server 2022", location="Sgabuzzino")
    for ref in (reception, ufficio):
        care.verify_software(
            ctx, ref, ["antivirus"], True, product="Norton Security Premium", at=accepted
        )
        care.verify_software(ctx, ref, ["backup"], True, product="Owncloud", at=accepted)
        care.record_inspection(
            ctx, ref, "Ventola rumorosa, sostituita; dati messi in sicurezza", at=accepted
        )
    care.verify_software(ctx, reception, ["antivirus", "backup"], True, at=monthly)
    care.verify_software(ctx, ufficio, ["antivirus"], True, at=monthly)
    care.verify_software(ctx, ufficio, ["backup"], False, note="Owncloud disinstallato", at=monthly)
    care.verify_software(ctx, server, ["antivirus"], True, at=accepted)
    on_ufficio = intake.open_incident(
        ctx,
        intake.NewIncident(
            studio.id,
            "Il portatile dell'ufficio non parte",
            level=2,
            arrived_at=rome(2026, 11, 20, 9, 0),
            asset=ufficio,
        ),
    )
    on_none = intake.open_incident(
        ctx,
        intake.NewIncident(studio.id, "Posta lenta", arrived_at=rome(2026, 11, 23, 9, 0)),
    )
    return Office(ctx, reception, ufficio, server, on_ufficio.number, on_none.number)


@pytest.fixture
def office(tmp_path: Path, clock: FrozenClock) -> Iterator[Office]:
    """The office, as anna (a lead), on a database of its own."""
    db = Database(f"sqlite:///{tmp_path / 'office.db'}")
    db.migrate()
    try:
        yield build(Context(db, load("client-contract"), "anna", clock))
    finally:
        db.dispose()
