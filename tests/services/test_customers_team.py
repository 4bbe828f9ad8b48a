"""Customers, contacts, contracts, and the team (technicians and leads)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from techconsole.services.customers import registry as customers
from techconsole.services.errors import Conflict, InvalidInput, NotAllowed, NotFound, UnknownActor
from techconsole.services.incidents import reading as incidents
from techconsole.services.team import members as team

from .support import refused, rome

# --- customers ------------------------------------------------------------------------


def test_add_and_show_a_customer(ctx):
    added = customers.add_customer(
        ctx,
        customers.NewCustomer(
            "  Farmacia Centrale  ",
            vat_number=" IT01234567890 ",
            address="Via Roma 1\n00100 Roma",
            deployment="cloud",
            we_are_ads=True,
            notify_before_parts=True,
        ),
    )
    assert added.name == "Farmacia Centrale"  # trimmed
    assert added.vat_number == "IT01234567890"
    assert (added.plan, added.contract) == ("none", False)
    shown = customers.show_customer(ctx, "Farmacia")
    assert shown == added
    assert shown.address == "Via Roma 1\n00100 Roma"
    assert shown.deployment == "cloud"
    assert shown.we_are_ads
    assert shown.notify_before_parts


def test_the_fixture_customer_in_full(ctx):
    shown = customers.show_customer(ctx, 1)
    assert (shown.plan, shown.contract) == ("basic", True)
    assert [(c.name, c.role, c.may_authorise) for c in shown.contacts] == [
        ("Luca Verdi", "employee", False),
        ("Maria Bianchi", "titolare", True),
    ]
    [contract] = shown.contracts
    assert (contract.plan, contract.starts_on, contract.ends_on, contract.active) == (
        "basic",
        date(2026, 1, 1),
        date(2026, 12, 31),
        True,
    )
    assert contract.prepaid == Decimal("0.00")


def test_customer_refusals(ctx):
    refused(ctx, InvalidInput, customers.add_customer, ctx, customers.NewCustomer("  "))
    refused(
        ctx,
        InvalidInput,
        customers.add_customer,
        ctx,
        customers.NewCustomer("X", deployment="mainframe"),
        match="deployment",
    )
    refused(ctx, NotFound, customers.show_customer, ctx, 42)
    refused(ctx, UnknownActor, customers.add_customer, ctx.as_("ghost"), customers.NewCustomer("Y"))


def test_list_customers(ctx):
    customers.add_customer(ctx, customers.NewCustomer("Bar Sport"))
    customers.add_customer(ctx, customers.NewCustomer("Agenzia Viaggi"))
    listed = customers.list_customers(ctx)
    assert [c.name for c in listed] == ["Agenzia Viaggi", "Bar Sport", "Ottica Esempio S.n.c."]
    assert [c.contract for c in listed] == [False, False, True]
    assert [c.name for c in customers.list_customers(ctx, "sport")] == ["Bar Sport"]


def test_customers_contacts_and_contracts_of_one_name_or_day_in_the_order_recorded(ctx):
    """Several customers may share a name, contacts a name, contracts a first day: each
    list keeps them in the order they were recorded (PostgreSQL's sort did not)."""
    ids = {"Bar Sport": [], "Agenzia Viaggi": []}
    for n in range(12):
        name = "Bar Sport" if n % 2 else "Agenzia Viaggi"
        ids[name].append(customers.add_customer(ctx, customers.NewCustomer(name)).id)
        customers.add_contact(ctx, 1, "Ufficio" if n % 2 else "Amministrazione")
        plan = "professional" if n % 2 else "basic"
        customers.add_contract(ctx, 1, plan, date(2027 - n % 2, 1, 1), date(2027, 12, 31))
    listed = [c.id for c in customers.list_customers(ctx)]
    assert listed == [*ids["Agenzia Viaggi"], *ids["Bar Sport"], 1]
    assert [c.id for c in customers.list_customers(ctx, "bar")] == ids["Bar Sport"]
    shown = customers.show_customer(ctx, 1)
    contacts = [(c.name, c.id) for c in shown.contacts]
    assert contacts == sorted(contacts)
    contracts = [(c.starts_on, c.id) for c in shown.contracts]
    assert contracts == sorted(contracts)


def test_add_contacts(ctx):
    ads = customers.add_contact(ctx, "Ottica", "Sara Admin", "ads", email="sara@example.invalid")
    assert ads.may_authorise
    assert ads.customer_id == 1
    refused(ctx, InvalidInput, customers.add_contact, ctx, 1, "Boss", "padrone", match="role")
    refused(ctx, InvalidInput, customers.add_contact, ctx, 1, " ", "ads", match="empty")
    refused(ctx, NotFound, customers.add_contact, ctx, 99, "Nessuno")


def test_contracts(ctx, clock):
    bar = customers.add_customer(ctx, customers.NewCustomer("Bar Sport"))
    contract = customers.add_contract(
        ctx, bar.id, "professional", date(2026, 6, 1), date(2027, 5, 31), Decimal("1234.5")
    )
    assert contract.prepaid == Decimal("1234.50")
    assert contract.active
    assert customers.show_customer(ctx, bar.id).contracts[0].prepaid == Decimal("1234.50")
    assert (customers.show_customer(ctx, bar.id).plan) == "professional"
    clock.value = rome(2027, 6, 1, 10, 0)
    assert customers.show_customer(ctx, bar.id).contract is False  # it has ended


def test_contract_refusals(ctx):
    refused(
        ctx,
        InvalidInput,
        customers.add_contract,
        ctx,
        1,
        "none",
        date(2026, 1, 1),
        date(2026, 12, 31),
        match="not a contract plan",
    )
    refused(
        ctx,
        InvalidInput,
        customers.add_contract,
        ctx,
        1,
        "gold",
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    refused(
        ctx,
        InvalidInput,
        customers.add_contract,
        ctx,
        1,
        "basic",
        date(2026, 12, 31),
        date(2026, 1, 1),
        match="ends before it starts",
    )
    refused(
        ctx,
        InvalidInput,
        customers.add_contract,
        ctx,
        1,
        "basic",
        date(2026, 1, 1),
        date(2026, 12, 31),
        Decimal("-1"),
        match="negative",
    )
    info = refused(
        ctx,
        NotAllowed,
        customers.add_contract,
        ctx.as_("bruno"),
        1,
        "basic",
        date(2027, 1, 1),
        date(2027, 12, 31),
    )
    assert "only a team lead can record contracts" in str(info.value)


# --- team -----------------------------------------------------------------------------


def test_the_first_person_becomes_a_lead(make_ctx):
    ctx = make_ctx("zoe")
    first = team.add_technician(ctx, "zoe", "Zoe Verdi", role="technician")
    assert first.is_lead
    assert team.whoami(ctx) == first


def test_the_fixture_team(ctx):
    listed = team.list_technicians(ctx)
    assert [(t.login, t.role) for t in listed] == [("anna", "lead"), ("bruno", "technician")]
    assert team.whoami(ctx.as_("bruno")).display_name == "Bruno Neri"


def test_only_a_lead_adds_people(ctx):
    info = refused(ctx, NotAllowed, team.add_technician, ctx.as_("bruno"), "carla", "Carla")
    assert "only a team lead can add technicians" in str(info.value)
    lead = team.add_technician(ctx, "dario", "Dario Blu", role="lead")
    assert lead.is_lead
    assert team.add_technician(ctx.as_("dario"), "carla", "Carla").role == "technician"


def test_team_refusals(ctx):
    refused(ctx, Conflict, team.add_technician, ctx, "bruno", "Bruno Due", match="already")
    refused(ctx, InvalidInput, team.add_technician, ctx, "b r", "Spazi", match="without spaces")
    refused(ctx, InvalidInput, team.add_technician, ctx, "carla", "Carla", role="boss")
    refused(ctx, InvalidInput, team.add_technician, ctx, "carla", "  ", match="--name")
    refused(ctx, NotFound, team.set_active, ctx, "zorro", False)
    refused(ctx, NotAllowed, team.set_active, ctx.as_("bruno"), "anna", False)


def test_deactivate_and_reactivate(ctx):
    assert team.set_active(ctx, "bruno", False).active is False
    with pytest.raises(UnknownActor):
        team.whoami(ctx.as_("bruno"))
    assert team.set_active(ctx, "bruno", True).active is True
    assert team.whoami(ctx.as_("bruno")).login == "bruno"


def test_team_and_customer_changes_are_audited(ctx):
    trail = incidents.audit_trail(ctx)
    assert [(a.actor, a.action) for a in trail] == [
        ("anna", "technician.add"),
        ("anna", "technician.add"),
        ("anna", "customer.add"),
        ("anna", "contract.add"),
        ("anna", "contact.add"),
        ("anna", "contact.add"),
    ]
    assert trail[1].data == {"login": "bruno", "role": "technician"}
