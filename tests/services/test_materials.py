"""Materials and spare parts: exact quantities and prices, warranty, the customer's wish to
be told before a replacement, and bad input refused with nothing written."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from techconsole.services.customers import registry as customers
from techconsole.services.errors import InvalidInput, InvalidTransition, NotFound
from techconsole.services.incidents import closing
from techconsole.services.incidents import reading as incidents
from techconsole.services.work import materials

from .support import open_, refused


@pytest.mark.usefixtures("italian")  # amounts typed the Italian way: 35,00
def test_add_and_list_materials(ctx):
    number = open_(ctx).number
    ram = materials.add_material(
        ctx.as_("bruno"),
        number,
        "  RAM 8 GB DDR4 ",
        quantity="2",
        unit_price="35,50",  # a decimal comma, as people type it
        code="KVR26N19S8/8",
        serial="SN-123",
    )
    assert ram.incident == number
    assert ram.description == "RAM 8 GB DDR4"
    assert ram.code == "KVR26N19S8/8"
    assert ram.serial == "SN-123"
    assert ram.quantity == Decimal("2")
    assert ram.unit_price == Decimal("35.50")
    assert ram.amount == Decimal("71.00")
    assert not ram.warranty
    assert ram.used_on == date(2026, 11, 23)
    assert (ram.state, ram.waiting) == ("fitted", False)  # a small part: accepted

    cable = materials.add_material(
        ctx, number, "Cavo di rete", quantity="1,5", unit_price=Decimal("3.33")
    )
    assert cable.amount == Decimal("5.00")  # 4.995 → half up to the cent
    disk = materials.add_material(
        ctx, number, "Disco 1 TB", quantity="1", unit_price="89.90", warranty=True
    )
    assert disk.amount == Decimal("0.00")
    free = materials.add_material(ctx, number, "Fascette", quantity="10", unit_price="0")
    assert free.amount == Decimal("0.00")
    server = materials.add_material(  # thousands as Italians write them
        ctx, number, "Server", quantity="1", unit_price="1.234,56"
    )
    assert server.unit_price == Decimal("1234.56")

    listed = materials.materials(ctx, number)
    assert [(m.description, m.quantity, m.unit_price, m.amount, m.warranty) for m in listed] == [
        ("RAM 8 GB DDR4", Decimal("2.000"), Decimal("35.50"), Decimal("71.00"), False),
        ("Cavo di rete", Decimal("1.500"), Decimal("3.33"), Decimal("5.00"), False),
        ("Disco 1 TB", Decimal("1.000"), Decimal("89.90"), Decimal("0.00"), True),
        ("Fascette", Decimal("10.000"), Decimal("0.00"), Decimal("0.00"), False),
        ("Server", Decimal("1.000"), Decimal("1234.56"), Decimal("1234.56"), False),
    ]
    added = [e for e in incidents.show(ctx, number).timeline if e.kind == "material_added"]
    assert [e.actor for e in added] == ["bruno", "anna", "anna", "anna", "anna"]
    assert added[0].text == "RAM 8 GB DDR4"
    assert added[0].data["quantity"] == "2"
    assert added[0].data["unit_price"] == "35.50"
    assert "state" not in added[0].data


def test_a_customer_who_asked_to_be_told_gets_a_proposal_not_a_part(ctx):
    """Seed 003: "Il cliente può comunque richiedere sempre di essere avvisato prima della
    sostituzione di qualunque parte di ricambio": recorded as proposed, not billed (the
    answer: test_part_approval.py)."""
    careful = customers.add_customer(
        ctx, customers.NewCustomer("Studio Attento", notify_before_parts=True)
    )
    number = open_(ctx, customer=careful.id).number
    part = materials.add_material(ctx, number, "Alimentatore", quantity="1", unit_price="45")
    assert (part.state, part.proposed_because, part.waiting) == ("proposed", "asked", True)
    (event,) = [e for e in incidents.show(ctx, number).timeline if e.kind == "material_added"]
    assert (event.data["state"], event.data["reason"]) == ("proposed", "asked")
    assert materials.materials(ctx, number)[0].state == "proposed"


@pytest.mark.parametrize(
    ("quantity", "price", "match"),
    [
        ("-1", "10", "quantity must be more than zero"),
        ("0", "10", "quantity must be more than zero"),
        ("1", "-0.01", "cannot be negative"),
        ("abc", "10", "quantity 'abc' is not a number"),
        ("1", "abc", "unit price 'abc' is not a number"),
        ("1", "", "is not a number"),
        ("1", "NaN", "is not a number"),
        ("1", "Infinity", "is not a number"),
        ("1", "1.234,5x", "is not a number"),
        ("1.0005", "1", "more than 3 decimals"),
        (1.5, "10", "not a float"),
        ("1", 35.5, "not a float"),
        ("1e30", "1", "is not a number"),
        ("1000000000", "1", "too large"),
        ("1", "99999999999999999", "too large"),
    ],
)
def test_bad_quantities_and_prices_are_refused(ctx, quantity, price, match):
    number = open_(ctx).number
    refused(
        ctx,
        InvalidInput,
        materials.add_material,
        ctx,
        number,
        "RAM 8 GB",
        quantity=quantity,
        unit_price=price,
        match=match,
    )
    assert materials.materials(ctx, number) == []


@pytest.mark.parametrize(
    ("quantity", "price", "message"),
    [
        ("0,000", "10", "la quantità deve essere maggiore di zero"),
        ("1", "-35,00", "il prezzo unitario non può essere negativo"),
        ("1", "35.505", "prezzo unitario: '35.505' è ambiguo: scrivi 35505 oppure 35,505"),
        ("1.250", "1", "quantità: '1.250' è ambiguo: scrivi 1250 oppure 1,250"),
        ("1", "35,505", "prezzo unitario: '35,505' ha più di 2 decimali"),
        ("1", "abc", "prezzo unitario: 'abc' non è un numero"),
    ],
)
def test_amounts_typed_the_italian_way_are_refused_in_italian(
    ctx, italian, quantity, price, message
):
    """In Italian an amount is read the Italian way (1.250 could be 1250) and the refusal
    is said in Italian, naming the field."""
    number = open_(ctx).number
    with pytest.raises(InvalidInput) as info:
        materials.add_material(ctx, number, "RAM 8 GB", quantity=quantity, unit_price=price)
    assert str(info.value) == message
    assert info.value.code == 2
    assert materials.materials(ctx, number) == []


def test_other_refusals(ctx):
    number = open_(ctx).number
    refused(
        ctx,
        InvalidInput,
        materials.add_material,
        ctx,
        number,
        "   ",
        quantity="1",
        unit_price="1",
        match="describe the material",
    )
    refused(
        ctx,
        NotFound,
        materials.add_material,
        ctx,
        "2026-000999",
        "RAM",
        quantity="1",
        unit_price="1",
    )
    closing.resolve(ctx, number, resolved=True)
    closing.close(ctx, number)
    refused(
        ctx,
        InvalidTransition,
        materials.add_material,
        ctx,
        number,
        "RAM",
        quantity="1",
        unit_price="1",
        match="is closed",
    )
