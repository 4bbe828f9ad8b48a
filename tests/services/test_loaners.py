"""Loaner PCs through the services (seed 004), on SQLite and PostgreSQL: the pool, the
repair estimate that makes a loaner due, its clock in the queue and on the incident, the
loan that stops it, the return, and every refusal leaving the database as it was."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from techconsole.domain.sla import ClockStatus
from techconsole.services.assets import registry as assets
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.errors import InvalidInput, InvalidTransition, NotFound
from techconsole.services.incidents import closing, estimates, queue, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.loaners import lending, pool, reading
from techconsole.services.team import members as team

from .support import open_, refused, rome


@pytest.fixture
def office(make_ctx) -> Context:
    """Seed 004's preset: anna (lead), bruno; Studio Rossi under the client contract (id 1)
    with PC-Reception (machine 1); Bar Sport without a contract (id 2) with PC-Banco (2);
    two loaner PCs of ours. The clock: Monday 23/11/2026 10:00 in Rome."""
    ctx = make_ctx("anna", policy="client-contract")
    team.add_technician(ctx, "anna", "Anna Rossi")
    team.add_technician(ctx, "bruno", "Bruno Neri")
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Rossi"))
    customers.add_contract(ctx, studio.id, "client", date(2026, 1, 1), date(2026, 12, 31))
    customers.add_customer(ctx, customers.NewCustomer("Bar Sport"))
    assets.add_asset(ctx, assets.NewAsset(1, "PC-Reception"))
    assets.add_asset(ctx, assets.NewAsset(2, "PC-Banco"))
    pool.add_loaner(ctx, pool.LoanerFacts("Muletto-01", "SN-M01", "i5, 16 GB"))
    pool.add_loaner(ctx, pool.LoanerFacts("Muletto-02"))
    return ctx


def hardware(ctx: Context, **kwargs):
    """A level-2 request of Studio Rossi about PC-Reception, arrived at 09:00."""
    kwargs.setdefault("arrived_at", rome(2026, 11, 23, 9, 0))
    return open_(ctx, "PC non si accende", level=2, asset=1, **kwargs)


def audit_actions(ctx: Context, prefix: str) -> list[str]:
    with ctx.db.engine.connect() as conn:
        query = text("SELECT action FROM audit WHERE action LIKE :p ORDER BY id")
        return list(conn.execute(query, {"p": f"{prefix}%"}).scalars())


# ---------------------------------------------------------------------- the pool


def test_the_pool_lists_each_loaner_in_or_out(office):
    listed = reading.list_loaners(office)
    assert [(v.id, v.name, v.serial, v.notes, v.out) for v in listed] == [
        (1, "Muletto-01", "SN-M01", "i5, 16 GB", False),
        (2, "Muletto-02", "", "", False),
    ]
    assert audit_actions(office, "loaner.") == ["loaner.add", "loaner.add"]


def test_a_name_is_taken_once_whatever_its_case_and_needs_a_letter(office):
    refused(
        office,
        InvalidInput,
        pool.add_loaner,
        office,
        pool.LoanerFacts("muletto-01"),
        match="already",
    )
    refused(office, InvalidInput, pool.add_loaner, office, pool.LoanerFacts("  "), match="empty")
    refused(
        office,
        InvalidInput,
        pool.add_loaner,
        office,
        pool.LoanerFacts("17"),
        match="reads as an id",
    )
    refused(office, NotFound, pool.edit_loaner, office, "Muletto-09", pool.LoanerFacts(serial="X"))
    renamed = pool.edit_loaner(office, "muletto-02", pool.LoanerFacts(name="Muletto-B"))
    assert (renamed.id, renamed.name) == (2, "Muletto-B")
    refused(
        office,
        InvalidInput,
        pool.edit_loaner,
        office,
        2,
        pool.LoanerFacts(name="MULETTO-01"),
        match="#1",
    )
    refused(office, InvalidInput, pool.edit_loaner, office, 2, pool.LoanerFacts(name="Muletto-B"))


def test_a_retired_loaner_is_not_lent_and_one_out_is_not_retired(office, clock):
    hardware(office)
    lending.lend(office, lending.Lending("Muletto-01", incident="1"))
    refused(
        office, InvalidTransition, pool.retire_loaner, office, "Muletto-01", match="return first"
    )
    retired = pool.retire_loaner(office, "Muletto-02")
    assert retired.retired
    assert [v.name for v in reading.list_loaners(office)] == ["Muletto-01"]
    assert [v.name for v in reading.list_loaners(office, retired=True)] == [
        "Muletto-01",
        "Muletto-02",
    ]
    refused(
        office,
        InvalidTransition,
        lending.lend,
        office,
        lending.Lending("Muletto-02", customer=1, data_from="Maria"),
        match="retired",
    )
    refused(office, InvalidTransition, pool.retire_loaner, office, 2, match="already")


# ---------------------------------------------------------------------- the clock


def test_an_estimate_beyond_48_hours_on_level_2_makes_a_loaner_due_in_the_queue(office, clock):
    """Taken in charge Monday at 10:00 with the repair estimated for Thursday: a loaner is
    due by Wednesday 10:00 (48 calendar hours), shown on the queue line and the incident."""
    opened = hardware(office)
    workflow.acknowledge(office, opened.number, estimate=rome(2026, 11, 26, 12, 0))
    clock.advance(hours=40)  # Wednesday 02:00: a quarter or less left
    line = queue.queue(office).rows[0]
    state = line.clocks.loaner_state(office.policy, clock())
    assert state is not None
    assert state.due == rome(2026, 11, 25, 10, 0)
    assert state.status is ClockStatus.WARNING
    view = incidents.show(office, opened.number).incident
    assert view.clocks.loaner_state(office.policy, clock()) == state
    assert all(s.clock != "loaner" for s in view.clocks.states(office.policy, clock()))


def test_no_loaner_for_level_1_a_short_repair_or_a_customer_without_the_contract(office, clock):
    remote = open_(office, "Outlook non parte", level=1)
    workflow.acknowledge(office, remote.number, estimate=rome(2026, 11, 30, 12, 0))
    short = hardware(office)
    workflow.acknowledge(office, short.number, estimate=rome(2026, 11, 24, 18, 0))
    bar = open_(office, "PC del banco guasto", customer=2, level=2, asset=2)
    workflow.acknowledge(office, bar.number, estimate=rome(2026, 11, 30, 12, 0))
    for line in queue.queue(office).rows:
        assert line.clocks.loaner_state(office.policy, clock()) is None, line.number


def test_a_new_estimate_after_the_first_analysis_starts_it_then(office, clock):
    opened = hardware(office)
    workflow.acknowledge(office, opened.number, estimate=rome(2026, 11, 24, 12, 0))
    clock.advance(hours=5)  # 15:00: on site, the motherboard is to be ordered
    view = estimates.estimate(office, opened.number, span=timedelta(days=4), note="scheda madre")
    assert view.estimated_resolution_at == rome(2026, 11, 27, 15, 0)
    state = view.clocks.loaner_state(office.policy, clock())
    assert state is not None and state.due == rome(2026, 11, 25, 15, 0)
    event = incidents.show(office, opened.number).timeline[-1]
    assert (event.kind, event.text) == ("estimated", "scheda madre")
    assert event.data["minutes"] == 4 * 24 * 60
    assert event.data["previous"] == "2026-11-24T11:00:00+00:00"  # stored in UTC


def test_made_level_2_after_the_estimate_the_clock_starts_at_the_triage(office, clock):
    opened = open_(office, "PC non si accende", asset=1, arrived_at=rome(2026, 11, 23, 9, 0))
    workflow.acknowledge(office, opened.number, estimate=rome(2026, 11, 27, 9, 0))
    assert incidents.show(office, opened.number).incident.clocks.loaner is not None
    clock.advance(hours=2)
    view = workflow.triage(office, opened.number, level=2)
    state = view.clocks.loaner_state(office.policy, clock())
    assert state is not None and state.due == rome(2026, 11, 25, 12, 0)


def test_estimates_refused_with_nothing_written(office, clock):
    opened = hardware(office)
    refused(
        office, InvalidInput, estimates.estimate, office, opened.number, match="give the estimated"
    )
    refused(
        office,
        InvalidInput,
        estimates.estimate,
        office,
        opened.number,
        until=rome(2026, 11, 23, 9, 30),
        match="not after",
    )
    refused(
        office,
        InvalidInput,
        estimates.estimate,
        office,
        opened.number,
        span=timedelta(days=1),
        at=rome(2026, 11, 23, 8, 0),
        match="before",
    )
    refused(
        office,
        InvalidInput,
        estimates.estimate,
        office,
        opened.number,
        span=timedelta(days=1),
        at=rome(2026, 11, 24, 8, 0),
        match="future",
    )
    estimates.estimate(office, opened.number, span=timedelta(days=3))
    refused(
        office,
        InvalidInput,
        estimates.estimate,
        office,
        opened.number,
        span=timedelta(days=3),
        match="already",
    )
    closing.resolve(office, opened.number, resolved=True)
    refused(
        office, InvalidTransition, estimates.estimate, office, opened.number, span=timedelta(days=1)
    )


# ---------------------------------------------------------------------- lending


def test_lending_for_the_incident_stops_its_clock_and_records_everything(office, clock):
    opened = hardware(office)
    workflow.acknowledge(office, opened.number, estimate=rome(2026, 11, 27, 12, 0))
    clock.advance(hours=26)  # Tuesday 12:00
    office_bruno = Context(office.db, office.policy, "bruno", clock)
    loan = lending.lend(
        office_bruno,
        lending.Lending("Muletto-01", incident=opened.number, note="consegnato a Maria"),
    )
    assert (loan.loaner, loan.customer, loan.asset, loan.incident) == (
        "Muletto-01",
        "Studio Rossi",
        "PC-Reception",
        opened.number,
    )
    assert (loan.data_from, loan.lent_by, loan.lent_at, loan.out) == (
        "PC-Reception",
        "bruno",
        rome(2026, 11, 24, 12, 0),
        True,
    )
    detail = incidents.show(office, opened.number)
    state = detail.incident.clocks.loaner_state(office.policy, clock())
    assert state is not None
    assert (state.status, state.stopped_at) == (ClockStatus.MET, rome(2026, 11, 24, 12, 0))
    lent = detail.timeline[-1]
    assert (lent.kind, lent.actor, lent.text) == ("loaner_lent", "bruno", "consegnato a Maria")
    assert lent.data == {"loan": loan.id, "loaner": "Muletto-01", "data_from": "PC-Reception"}
    out = reading.list_loaners(office)[0]
    assert out.out and out.loan == loan
    assert audit_actions(office, "loaner.lend") == ["loaner.lend"]
    assert audit_actions(office, "incident.loaner") == ["incident.loaner_lent"]


def test_a_loaner_out_cannot_be_lent_again(office, clock):
    hardware(office)
    lending.lend(office, lending.Lending("Muletto-01", incident="1"))
    info = refused(
        office,
        InvalidTransition,
        lending.lend,
        office,
        lending.Lending("muletto-01", customer="Bar Sport", data_from="Luca"),
    )
    said = str(info.value)
    assert "out already" in said and "Studio Rossi" in said and "loaner return" in said


def test_the_database_itself_keeps_a_loaner_out_once(office, clock):
    """Even written around the services, a second open loan of one loaner is refused."""
    hardware(office)
    lending.lend(office, lending.Lending("Muletto-01", incident="1"))
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), office.db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO loan (loaner_id, customer_id, data_from, lent_at, lent_by_id, "
                "note, return_note, recorded_at) VALUES (1, 2, 'x', :at, 1, '', '', :at)"
            ),
            {"at": "2026-11-23 09:00:00"},
        )


def test_lending_refusals_write_nothing(office, clock):
    opened = hardware(office)
    refused(office, NotFound, lending.lend, office, lending.Lending("Muletto-09", incident="1"))
    refused(
        office,
        InvalidInput,
        lending.lend,
        office,
        lending.Lending("Muletto-01"),
        match="say whom it is lent",
    )
    refused(
        office,
        InvalidInput,
        lending.lend,
        office,
        lending.Lending("Muletto-01", customer="Bar Sport"),
        match="say whose data",
    )
    refused(
        office,
        InvalidInput,
        lending.lend,
        office,
        lending.Lending("Muletto-01", incident="1", customer="Bar Sport"),
        match="request of Studio Rossi",
    )
    refused(
        office,
        InvalidInput,
        lending.lend,
        office,
        lending.Lending("Muletto-01", incident="1", machine=2),
        match="not a machine of Studio Rossi",
    )
    refused(
        office,
        InvalidInput,
        lending.lend,
        office,
        lending.Lending("Muletto-01", incident="1", at=rome(2026, 11, 23, 8, 0)),
        match="before",
    )
    refused(
        office,
        InvalidInput,
        lending.lend,
        office,
        lending.Lending("Muletto-01", incident="1", at=rome(2026, 11, 24, 8, 0)),
        match="future",
    )
    closing.resolve(office, opened.number, resolved=True)
    refused(
        office,
        InvalidTransition,
        lending.lend,
        office,
        lending.Lending("Muletto-01", incident="1"),
        match="cannot lend",
    )


def test_a_loan_without_an_incident_names_the_customer_and_whose_data(office, clock):
    loan = lending.lend(
        office, lending.Lending("Muletto-02", customer="Bar Sport", data_from="profilo di Luca")
    )
    assert (loan.customer, loan.asset, loan.incident, loan.data_from) == (
        "Bar Sport",
        None,
        None,
        "profilo di Luca",
    )
    with_machine = lending.lend(office, lending.Lending("Muletto-01", customer=2, machine=2))
    assert (with_machine.asset, with_machine.data_from) == ("PC-Banco", "PC-Banco")


# ---------------------------------------------------------------------- returning


def test_the_return_records_its_time_and_the_loaner_is_in_again(office, clock):
    opened = hardware(office)
    lending.lend(office, lending.Lending("Muletto-01", incident=opened.number))
    clock.advance(days=3)
    closing.resolve(office, opened.number, resolved=True)
    closing.close(office, opened.number)  # the customer brings it back once theirs is back
    back = lending.give_back(office, "Muletto-01", note="restituito integro")
    assert (back.returned_at, back.returned_by, back.return_note) == (
        rome(2026, 11, 26, 10, 0),
        "anna",
        "restituito integro",
    )
    assert back.out_for(clock()) == timedelta(days=3)
    assert not reading.list_loaners(office)[0].out
    timeline = incidents.show(office, opened.number).timeline
    assert timeline[-1].kind == "loaner_returned"
    assert timeline[-1].data == {"loan": back.id, "loaner": "Muletto-01"}
    refused(office, InvalidTransition, lending.give_back, office, "Muletto-01", match="not out")
    assert audit_actions(office, "loaner.") == [
        "loaner.add",
        "loaner.add",
        "loaner.lend",
        "loaner.return",
    ]


def test_a_return_before_the_loan_or_a_loan_before_the_last_return_is_refused(office, clock):
    lending.lend(office, lending.Lending("Muletto-01", customer=1, data_from="Maria"))
    refused(
        office,
        InvalidInput,
        lending.give_back,
        office,
        "Muletto-01",
        at=rome(2026, 11, 23, 9, 0),
        match="before",
    )
    clock.advance(hours=2)
    lending.give_back(office, "Muletto-01", at=rome(2026, 11, 23, 11, 0))
    refused(
        office,
        InvalidInput,
        lending.lend,
        office,
        lending.Lending("Muletto-01", customer=1, data_from="Maria", at=rome(2026, 11, 23, 10, 30)),
        match="came back only",
    )


def test_the_loans_listed_those_out_the_longest_out_first(office, clock):
    hardware(office)
    lending.lend(office, lending.Lending("Muletto-02", customer=2, data_from="Luca"))
    clock.advance(hours=1)
    lending.lend(office, lending.Lending("Muletto-01", incident="1"))
    clock.advance(hours=1)
    lending.give_back(office, "Muletto-02")
    lending.lend(office, lending.Lending("Muletto-02", customer=2, data_from="Luca"))
    every = reading.list_loans(office)
    assert [(v.loaner, v.out) for v in every] == [
        ("Muletto-02", True),
        ("Muletto-01", True),
        ("Muletto-02", False),
    ]
    assert [v.loaner for v in reading.list_loans(office, out=True)] == ["Muletto-01", "Muletto-02"]
    assert [v.customer for v in reading.list_loans(office, customer="Bar Sport")] == [
        "Bar Sport",
        "Bar Sport",
    ]
    assert [v.loaner for v in reading.list_loans(office, incident="1")] == ["Muletto-01"]
    history = reading.show_loaner(office, "Muletto-02")
    assert [loan.out for loan in history.loans] == [True, False]
    assert history.loaner.loan == history.loans[0]


def test_loans_of_one_instant_follow_each_list_s_own_order(office, clock):
    """Eight loans of Muletto-01 at one frozen instant, each back at once: the list of
    loans and the loaner's history, both newest first, show the last recorded first;
    eight loaners out since one instant, the longest out first, the first recorded first."""
    for n in range(8):
        lending.lend(office, lending.Lending("Muletto-01", customer=2, data_from=f"utente {n}"))
        lending.give_back(office, "Muletto-01")
    newest_first = [v.id for v in reading.list_loans(office)]
    assert len(newest_first) == 8 and newest_first == sorted(newest_first, reverse=True)
    assert [v.id for v in reading.show_loaner(office, "Muletto-01").loans] == newest_first

    for n in range(3, 9):
        pool.add_loaner(office, pool.LoanerFacts(f"Muletto-0{n}"))
    for n in range(1, 9):
        lending.lend(office, lending.Lending(f"Muletto-0{n}", customer=2, data_from="Luca"))
    out = reading.list_loans(office, out=True)
    assert [v.loaner for v in out] == [f"Muletto-0{n}" for n in range(1, 9)]
    assert [v.id for v in out] == sorted(v.id for v in out)
