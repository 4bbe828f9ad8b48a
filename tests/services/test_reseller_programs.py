"""The reseller's free first year counts per program (seed 001, istes preset): "Il
rivenditore avra' assistenza 7/7 il primo anno di gestione del programma (per ogni
programma) gratuitamente. Dal secondo anno ... fatturerà tutte le ore di intervento
erogate al rivenditore".

The reseller has managed our programs since 10/01/2025, and the hotel software only
since 01/06/2026.  On Monday 23/11/2026 half an hour of remote work (2 scatti of 20
minutes at 40,00 €):
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from techconsole.services.customers import programs
from techconsole.services.customers import registry as customers
from techconsole.services.errors import Conflict, NotFound
from techconsole.services.incidents import reading as incidents
from techconsole.services.incidents import workflow
from techconsole.services.team import members as team
from techconsole.services.work import billing, timer

from .support import open_, refused, rome

# (the program the incident names, labour billed, why free)
EXAMPLES = [
    # its first year runs until 31/05/2027: free
    ("Gestionale Hotel", Decimal("0.00"), "reseller_first_year"),
    # no program named: the reseller's own date, over on 10/01/2026: billed
    ("", Decimal("80.00"), None),
    # a program without a date of its own: the reseller's: billed
    ("Paghe", Decimal("80.00"), None),
]


@pytest.fixture
def reseller(make_ctx, clock):
    ctx = make_ctx("anna", "istes")
    team.add_technician(ctx, "anna", "Anna Rossi")
    added = customers.add_customer(
        ctx,
        customers.NewCustomer("Rivenditore Nord", reseller=True, reseller_since=date(2025, 1, 10)),
    )
    programs.add_program(ctx, added.id, "Gestionale Hotel", reseller_since=date(2026, 6, 1))
    programs.add_program(ctx, added.id, "Paghe")
    return ctx, added.id


@pytest.mark.parametrize(("program", "labour", "free"), EXAMPLES)
def test_the_first_year_counts_per_program(reseller, clock, program, labour, free):
    ctx, customer = reseller
    number = open_(ctx, "Errore", customer=customer, severity="B", program=program.lower()).number
    assert incidents.show(ctx, number).incident.program == program  # as the customer spells it
    timer.start(ctx, number, at=rome(2026, 11, 23, 10, 0))
    clock.value = rome(2026, 11, 23, 10, 30)
    timer.stop(ctx)
    bill = billing.bill_incident(ctx, number).bill
    assert (bill.taxable, bill.free_reason is not None) == (labour, free is not None)


def test_triage_names_the_program_and_the_bill_follows(reseller, clock):
    ctx, customer = reseller
    number = open_(ctx, "Errore", customer=customer, severity="B").number
    timer.start(ctx, number, at=rome(2026, 11, 23, 10, 0))
    clock.value = rome(2026, 11, 23, 10, 30)
    timer.stop(ctx)
    assert billing.bill_incident(ctx, number).bill.taxable == Decimal("80.00")
    workflow.triage(ctx, number, program="Gestionale Hotel")
    assert billing.bill_incident(ctx, number).bill.taxable == Decimal("0.00")
    (triage,) = [e for e in incidents.show(ctx, number).timeline if e.kind == "triage"]
    assert (triage.data["program"], triage.data["old_program"]) == ("Gestionale Hotel", "")


def test_a_program_not_of_the_customer_is_refused(reseller):
    ctx, customer = reseller

    def refused_naming(names: str) -> None:
        refused(
            ctx,
            NotFound,
            open_,
            ctx,
            "Errore",
            customer=customer,
            program="Magazzino",
            match=f"its programs: {names}",
        )

    refused_naming("Gestionale Hotel, Paghe")
    refused(
        ctx,
        Conflict,
        programs.add_program,
        ctx,
        customer,
        "paghe",
        match="has the program 'paghe' already",
    )
    assert [p.name for p in programs.programs(ctx, customer)] == ["Gestionale Hotel", "Paghe"]
    # by name, as added or not (on PostgreSQL the refusal listed them as stored)
    programs.add_program(ctx, customer, "Contabilità")
    refused_naming("Contabilità, Gestionale Hotel, Paghe")
