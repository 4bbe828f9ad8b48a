"""Mobile devices and the support package (seed 004, "Cloud Computing"), on SQLite and
PostgreSQL: "sarà possibile avere una copia LIVE dei dati del proprio client sia su
dispositivi Mobile che altri client che comunque dovranno essere inclusi nei pacchetti di
assistenza".  A device out of the package is not covered; one that receives the live copy
of the data and is out of it is flagged."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text

from techconsole.services.assets import care, reading
from techconsole.services.assets import registry as assets
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.errors import InvalidInput
from techconsole.services.team import members as team
from techconsole.services.work import billing, timer

from .support import open_, refused, rome

D = Decimal


@pytest.fixture
def office(make_ctx) -> Context:
    """Studio Rossi under the client contract for 2026 (id 1)."""
    ctx = make_ctx("anna", policy="client-contract")
    team.add_technician(ctx, "anna", "Anna Rossi")
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi"))
    customers.add_contract(ctx, studio.id, "client", date(2026, 1, 1), date(2026, 12, 31))
    return ctx


def _device(ctx: Context, name: str, **facts) -> int:
    made = assets.add_asset(ctx, assets.NewAsset(1, name, **facts))
    care.verify_software(ctx, made.id, ["antivirus", "backup"], True, at=rome(2026, 11, 2, 9, 0))
    return made.id


def _gaps(ctx: Context, ref: int) -> list[str]:
    return [g.code for g in reading.show_asset(ctx, ref).asset.coverage.gaps]


def test_a_machine_is_in_the_package_and_not_synced_unless_told(office):
    pc = _device(office, "PC-Reception")
    view = reading.show_asset(office, pc).asset
    assert (view.synced, view.in_package, view.covered, view.flagged) == (False, True, True, False)


def test_a_synced_phone_out_of_the_package_is_flagged(office):
    phone = _device(office, "iPhone-Titolare", kind="mobile", synced=True, in_package=False)
    view = reading.show_asset(office, phone).asset
    assert (view.kind, view.synced, view.in_package) == ("mobile", True, False)
    assert not view.covered and view.flagged
    assert _gaps(office, phone) == ["synced_not_in_package"]
    assert view.reasons() == ("receives the data but is not in the support package",)


def test_any_machine_out_of_the_package_is_not_covered(office):
    laptop = _device(office, "Portatile-Ospiti", kind="laptop", in_package=False)
    view = reading.show_asset(office, laptop).asset
    assert not view.covered and not view.flagged
    assert _gaps(office, laptop) == ["not_in_package"]


def test_put_in_the_package_it_is_covered_and_audited(office):
    phone = _device(office, "iPhone-Titolare", kind="mobile", synced=True, in_package=False)
    edited = assets.edit_asset(office, phone, assets.AssetChanges(in_package=True))
    assert edited.covered and not edited.flagged
    out = assets.edit_asset(office, phone, assets.AssetChanges(synced=False, in_package=False))
    assert _gaps(office, out.id) == ["not_in_package"]
    same = assets.AssetChanges(synced=False)
    refused(office, InvalidInput, assets.edit_asset, office, phone, same)
    with office.db.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT action, data FROM audit WHERE entity = 'asset' ORDER BY id")
        ).all()
    data = [(a, d if isinstance(d, dict) else json.loads(d)) for a, d in rows]
    assert data[0][0] == "asset.add"
    assert (data[0][1]["synced"], data[0][1]["in_package"]) == (True, False)
    edits = [d for a, d in data if a == "asset.edit"]
    assert (edits[0]["in_package"], edits[0]["old_in_package"]) == (True, False)
    assert (edits[1]["synced"], edits[1]["old_synced"]) == (False, True)


def test_the_list_says_which_are_flagged(office):
    _device(office, "PC-Reception")
    _device(office, "iPhone-Titolare", kind="mobile", synced=True, in_package=False)
    _device(office, "Tablet-Magazzino", kind="mobile", synced=True)
    listed = {v.name: (v.covered, v.flagged) for v in reading.list_assets(office, 1)}
    assert listed == {
        "PC-Reception": (True, False),
        "iPhone-Titolare": (False, True),
        "Tablet-Magazzino": (True, False),
    }


def test_an_unknown_kind_names_the_mobile_one(office):
    with pytest.raises(InvalidInput) as caught:
        assets.add_asset(office, assets.NewAsset(1, "Palmare", kind="palmare"))
    assert "mobile" in str(caught.value)


def test_work_on_a_device_out_of_the_package_is_outside_the_contract(office, clock):
    phone = _device(office, "iPhone-Titolare", kind="mobile", synced=True, in_package=False)
    number = open_(office, "La posta non si sincronizza", level=1, asset=phone).number
    clock.value = rome(2026, 11, 23, 10, 0)
    timer.start(office, number, kind="remote")
    clock.advance(minutes=60)
    timer.stop(office)
    priced = billing.bill_incident(office, number)
    assert priced.outside_contract
    assert priced.machine is not None
    assert [g.code for g in priced.machine.coverage.gaps] == ["synced_not_in_package"]
    assert priced.bill.free_code is None
    assert priced.bill.taxable == D("120.00")  # 3 scatti, not part of the contract
    # in the package, the same hour is part of the contract (level 1)
    assets.edit_asset(office, phone, assets.AssetChanges(in_package=True))
    again = billing.bill_incident(office, number)
    assert not again.outside_contract
    assert again.bill.free_code == "level1_contract"
