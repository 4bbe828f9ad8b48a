"""Spare parts the customer hears about first (seed 003, "PARTI DI RICAMBIO"):

    "riteniamo automaticamente accettate dal cliente le sostituzioni delle piccole parti
    di ricambio che dovessero occorrere.  Il cliente può comunque richiedere sempre di
    essere avvisato prima della sostituzione di qualunque parte di ricambio,
    indipendentemente dal suo valore commerciale."

For such a customer a part is proposed, and fitted and billed only once their OK is
recorded (who, when, how); the policy may also make a part above an amount no small part.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.documents import work_reports
from techconsole.services.errors import (
    InvalidInput,
    InvalidTransition,
    NotAllowed,
    NotAuthorised,
    NotFound,
)
from techconsole.services.incidents import authorisation, closing
from techconsole.services.incidents import reading as incidents
from techconsole.services.policies import presets_dir
from techconsole.services.work import billing, materials, months, part_answers

from .support import open_, refused, rome

D = Decimal


def _careful(ctx: Context) -> tuple[int, str]:
    """A customer who asked to be told before any part, with its titolare; an incident."""
    careful = customers.add_customer(
        ctx, customers.NewCustomer("Studio Attento", notify_before_parts=True)
    )
    customers.add_contact(ctx, careful.id, "Sig. Rossi", "titolare", phone="0431 000000")
    return careful.id, open_(ctx, "PC non parte", customer=careful.id).number


def test_a_proposed_part_is_billed_only_once_the_customer_agrees(ctx, clock):
    """ "avvisato prima della sostituzione": the part is proposed, not on the bill; the OK
    (Sig. Rossi, by phone, at 11:00) fits it on that day and bills it."""
    _, number = _careful(ctx)
    psu = materials.add_material(ctx, number, "Alimentatore 500 W", quantity="1", unit_price="45")
    assert (psu.state, psu.proposed_because) == ("proposed", "asked")
    bill = billing.bill_incident(ctx, number)
    assert bill.bill.materials == D("0.00")
    assert bill.proposed == 1
    assert [ln for ln in bill.bill.lines if ln.kind == "material"] == []

    clock.value = rome(2026, 11, 24, 12, 0)
    fitted = part_answers.approve_part(
        ctx.as_("bruno"), psu.id, contact="sig. rossi", via="phone", at=rome(2026, 11, 24, 11, 0)
    )
    assert (fitted.state, fitted.answered_by, fitted.answered_via) == (
        "fitted",
        "Sig. Rossi",
        "phone",
    )
    assert fitted.answered_at == rome(2026, 11, 24, 11, 0)
    assert fitted.used_on == date(2026, 11, 24)  # fitted on the day of the OK
    bill = billing.bill_incident(ctx, number)
    assert bill.proposed == 0
    assert bill.bill.materials == D("45.00")
    (approved,) = [e for e in incidents.show(ctx, number).timeline if e.kind == "material_approved"]
    assert (approved.actor, approved.at, approved.text) == (
        "bruno",
        rome(2026, 11, 24, 11, 0),
        "Alimentatore 500 W",
    )
    assert (approved.data["contact"], approved.data["via"]) == ("Sig. Rossi", "phone")
    assert [m.state for m in materials.materials(ctx, number)] == ["fitted"]


def test_a_declined_part_is_never_billed_and_cannot_be_approved_later(ctx):
    customer, number = _careful(ctx)
    rossi = customers.show_customer(ctx, customer).contacts[0]
    disk = materials.add_material(ctx, number, "Disco 1 TB", quantity="1", unit_price="89.90")
    said = part_answers.decline_part(ctx, disk.id, contact=rossi.id, via="email")
    assert (said.state, said.answered_by, said.answered_via) == ("declined", "Sig. Rossi", "email")
    assert billing.bill_incident(ctx, number).bill.materials == D("0.00")
    refused(
        ctx,
        InvalidTransition,
        part_answers.approve_part,
        ctx,
        disk.id,
        contact=rossi.id,
        via="phone",
        match="was declined",
    )
    # a proposal withdrawn with no answer from anyone: who and how are not known
    cable = materials.add_material(ctx, number, "Cavo SATA", quantity="1", unit_price="3")
    withdrawn = part_answers.decline_part(ctx, cable.id)
    said = (withdrawn.state, withdrawn.answered_by, withdrawn.answered_via)
    assert said == ("declined", None, "")


def test_the_work_report_has_the_part_once_it_is_fitted(ctx, clock):
    """The report shows the materials the invoice bills (seed 003, "RAPPORTI DI
    LAVORO"): a proposal is not among them; once approved, the report is revised."""
    _, number = _careful(ctx)
    psu = materials.add_material(ctx, number, "Alimentatore", quantity="1", unit_price="45")
    clock.advance(minutes=30)
    closing.resolve(ctx, number, resolved=True)
    first = work_reports.find(ctx, number)
    assert (first.revision, first.content.materials) == (0, ())
    clock.advance(minutes=10)
    part_answers.approve_part(ctx, psu.id, contact="Sig. Rossi", via="in_person")
    revised = work_reports.find(ctx, number)
    assert revised.revision == 1
    assert [(m.description, m.amount) for m in revised.content.materials] == [
        ("Alimentatore", D("45.00"))
    ]


TOMORROW, EARLY = rome(2026, 11, 24, 9), rome(2026, 11, 23, 9, 30)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"contact": "Nessuno", "via": "phone"}, NotFound, "its contacts: .*Sig. Rossi"),
        ({"contact": "1", "via": "phone"}, NotFound, "not a contact of this incident's"),
        ({"contact": "Sig. Rossi", "via": "fax"}, InvalidInput, "phone, email, in_person"),
        ({"contact": "Sig. Rossi", "via": "phone", "at": TOMORROW}, InvalidInput, "in the future"),
        ({"contact": "Sig. Rossi", "via": "phone", "at": EARLY}, InvalidInput, "before"),
    ],
)
def test_an_answer_that_does_not_hold_is_refused_with_nothing_written(ctx, kwargs, error, match):
    """Contact 1 is Maria Bianchi, of another customer; 09:30 is before the request (10:00)."""
    _, number = _careful(ctx)
    part = materials.add_material(ctx, number, "RAM", quantity="1", unit_price="35")
    refused(ctx, error, part_answers.approve_part, ctx, part.id, match=match, **kwargs)
    refused(ctx, NotFound, part_answers.approve_part, ctx, 999, contact="x", via="phone")


def test_a_fitted_part_waits_for_no_answer(ctx):
    number = open_(ctx).number  # the fixture's customer accepts small parts
    part = materials.add_material(ctx, number, "Cavo", quantity="1", unit_price="3")
    refused(
        ctx,
        InvalidTransition,
        part_answers.decline_part,
        ctx,
        part.id,
        match="already fitted",
    )


def test_the_ok_on_a_day_of_a_closed_month_is_refused(ctx, clock):
    """The part is billed on the day of the answer: not in a month closed for invoicing."""
    _, number = _careful(ctx)
    part = materials.add_material(ctx, number, "RAM", quantity="1", unit_price="35")
    clock.value = rome(2026, 12, 2, 10, 0)
    months.close_month(ctx, "2026-11")
    refused(
        ctx,
        NotAllowed,
        part_answers.approve_part,
        ctx,
        part.id,
        contact="Sig. Rossi",
        via="phone",
        at=rome(2026, 11, 30, 17, 0),
        match="2026-11 is closed",
    )
    december = part_answers.approve_part(ctx, part.id, contact="Sig. Rossi", via="phone")
    assert december.used_on == date(2026, 12, 2)


def test_no_part_is_fitted_after_the_authorisation_ended(ctx, clock):
    """Work gating (seed 001) holds for the part fitted on the customer's OK."""
    customer, _ = _careful(ctx)
    employee = customers.add_contact(ctx, customer, "Dipendente", "employee")
    (boss,) = [c for c in customers.show_customer(ctx, customer).contacts if c.role == "titolare"]
    number = open_(ctx, "Stampante", customer=customer, requester=employee.id).number
    authorisation.authorise(
        ctx, number, contact_id=boss.id, via="email", until=rome(2026, 11, 23, 12, 0)
    )
    part = materials.add_material(ctx, number, "Toner", quantity="1", unit_price="60")
    clock.value = rome(2026, 11, 23, 15, 0)
    refused(
        ctx,
        NotAuthorised,
        part_answers.approve_part,
        ctx,
        part.id,
        contact=boss.id,
        via="phone",
        match="ended",
    )


# The policy's small parts (``[parts] approval_above``): the seed's "piccole parti" are
# accepted by the terms, a bigger one waits for the OK of every customer.  The figures:
# a limit of 100,00 €; what the part is worth to the customer decides.
LIMIT_EXAMPLES = [
    # (part, quantity, unit price, warranty, told first?, state)
    ("Cavo di rete", "2", "4.50", False, False, "fitted"),  # 9,00 €: small
    ("RAM 8 GB", "2", "50.00", False, False, "fitted"),  # 100,00 €: not above
    ("SSD 1 TB", "1", "100.01", False, False, "proposed"),  # above the limit
    ("Scheda madre", "1", "180.00", True, False, "fitted"),  # warranty: nothing to pay
    ("Fascette", "10", "0", False, True, "proposed"),  # told of any part, whatever its value
    ("Ventola", "1", "12.00", True, True, "proposed"),  # … under warranty too
]


@pytest.fixture
def limited(make_ctx, tmp_path: Path) -> Context:
    """The seed-003 preset with a limit of 100,00 € on small parts."""
    policy = tmp_path / "limited.toml"
    text = (presets_dir() / "onsite-tech.toml").read_text(encoding="utf-8")
    limit = text.replace('# approval_above = "100.00"', 'approval_above = "100.00"')
    assert limit != text
    policy.write_text(limit, encoding="utf-8")
    ctx = make_ctx("anna", str(policy))
    from techconsole.services.team import members as team

    team.add_technician(ctx, "anna", "Anna Rossi")
    return ctx


@pytest.mark.parametrize(("part", "qty", "price", "warranty", "told", "state"), LIMIT_EXAMPLES)
def test_a_part_above_the_small_parts_waits_for_every_customer(
    limited, part, qty, price, warranty, told, state
):
    customer = customers.add_customer(
        limited, customers.NewCustomer("Officina Esempio", notify_before_parts=told)
    )
    number = open_(limited, customer=customer.id).number
    added = materials.add_material(
        limited, number, part, quantity=qty, unit_price=price, warranty=warranty
    )
    assert added.state == state
    if state == "proposed":
        assert added.proposed_because == ("asked" if told else "above_limit")
