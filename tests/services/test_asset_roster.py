"""A customer's machines in full, in one read (the console's Postazioni), on SQLite and
PostgreSQL: in service by name (the retired ones on request), each with its coverage now,
its software as last verified, every verification, its inspection and its incidents."""

from __future__ import annotations

from datetime import date

import pytest

from techconsole.services.assets import care, roster
from techconsole.services.assets import registry as assets
from techconsole.services.customers import registry as customers
from techconsole.services.errors import NotFound
from techconsole.services.team import members as team

from .support import open_, rome


def test_a_customers_machines_in_full_by_name(make_ctx):
    ctx = make_ctx("anna", policy="client-contract")
    team.add_technician(ctx, "anna", "Anna Rossi")
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi"))
    customers.add_contract(ctx, studio.id, "client", date(2026, 1, 1), date(2026, 12, 31))
    other = customers.add_customer(ctx, customers.NewCustomer("Bar Sport"))
    since = date(2026, 1, 10)
    server = assets.add_asset(ctx, assets.NewAsset(studio.id, "Server", covered_since=since))
    pc = assets.add_asset(ctx, assets.NewAsset(studio.id, "PC-Ufficio", covered_since=since))
    old = assets.add_asset(ctx, assets.NewAsset(studio.id, "PC-Vecchio", covered_since=since))
    assets.add_asset(ctx, assets.NewAsset(other.id, "PC-Banco"))
    care.verify_software(ctx, pc.id, ["antivirus", "backup"], True, at=rome(2026, 1, 10, 9))
    care.verify_software(
        ctx, pc.id, ["backup"], False, note="Owncloud disinstallato", at=rome(2026, 11, 12, 10)
    )
    care.record_inspection(ctx, pc.id, "Nessuna avaria", at=rome(2026, 1, 10, 9))
    assets.retire_asset(ctx, old.id)
    incident = open_(ctx, "Il PC non parte", customer=studio.id, asset=pc.id)

    found = roster.roster(ctx, "Studio")
    assert (found.customer_id, found.customer) == (studio.id, "Studio Rossi")
    assert found.required == ("antivirus", "backup")
    assert [m.asset.name for m in found.machines] == ["PC-Ufficio", "Server"]
    machine = found.find(pc.id)
    assert machine is not None
    assert machine.asset.reasons() == ("backup not installed since 12/11/2026",)
    assert [(s.name, s.installed) for s in machine.software] == [
        ("antivirus", True),
        ("backup", False),
    ]
    assert len(machine.history) == 3 and machine.history[0].note == "Owncloud disinstallato"
    assert machine.inspection is not None and machine.inspection.findings == "Nessuna avaria"
    assert machine.incidents == (incident.number,)
    assert found.find(server.id).asset.reasons() == (  # type: ignore[union-attr]
        "antivirus never verified",
        "backup never verified",
    )
    assert found.find(old.id) is None
    with_retired = roster.roster(ctx, studio.id, retired=True)
    assert [m.asset.name for m in with_retired.machines] == ["PC-Ufficio", "PC-Vecchio", "Server"]
    assert roster.roster(ctx, other.id).machines[0].asset.name == "PC-Banco"
    with pytest.raises(NotFound):
        roster.roster(ctx, 99)
