"""The queue: policy order, views, filters, totals, and each row's live clock."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import event

from techconsole.domain.queue import QueueFacts, ordered
from techconsole.domain.sla import ClockState, ClockStatus
from techconsole.services import known_actors
from techconsole.services.customers import registry as customers
from techconsole.services.errors import InvalidInput
from techconsole.services.incidents import closing, ownership, queue, queue_pages, workflow

from .support import contact, open_, rome


@pytest.fixture
def mixed(ctx, clock):
    """Seven open incidents of three customers, one of each kind the views tell apart."""
    bar = customers.add_customer(ctx, customers.NewCustomer("Bar Sport"))  # no contract
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Legale Gialli"))
    customers.add_contract(ctx, studio.id, "enterprise", date(2026, 1, 1), date(2026, 12, 31))
    luca = contact(ctx, "Luca Verdi")
    made = {}

    def add(key, subject, **kwargs):
        made[key] = open_(ctx, subject, **kwargs)
        clock.advance(minutes=1)

    add("bar", "Cassa bloccata", customer=bar.id, severity="A", urgent=True)
    add("toner", "Toner finito", severity="C")
    add("server", "Server fermo", severity="A")
    add("studio", "VPN lenta", customer=studio.id, severity="B")
    add("urgent", "URGENTE: rete giù", severity="C")
    add("auth", "Nuovo utente", requester=luca.id, severity="B")
    add("done", "Già fatto")
    closing.resolve(ctx, made["done"].number, resolved=True)  # not in the queue
    ownership.claim(ctx.as_("bruno"), made["server"].number)
    return made


def numbers(page):
    return [r.number for r in page.rows]


def test_default_order(ctx, mixed):
    page = queue.queue(ctx)
    expected = [
        mixed[k].number
        # contract first; urgent first; then severity; then due; no-contract last
        for k in ("urgent", "server", "studio", "auth", "toner", "bar")
    ]
    assert numbers(page) == expected
    assert page.total == 6
    assert page.now == ctx.now()


def test_the_database_order_is_the_domain_order(ctx, mixed):
    page = queue.queue(ctx)
    facts = [
        QueueFacts(r.number, r.contract, r.urgent, r.severity, r.due_at, r.arrived_at)
        for r in page.rows
    ]
    assert [f.number for f in ordered(ctx.policy, list(reversed(facts)))] == numbers(page)


def test_rows_carry_their_primary_clock(ctx, mixed):
    rows = {r.number: r for r in queue.queue(ctx).rows}
    server = rows[mixed["server"].number]
    assert isinstance(server.clock, ClockState)
    assert server.clock.clock == "response"
    assert server.clock.status is ClockStatus.OK
    assert server.clock.due == server.due_at == rome(2026, 11, 23, 15, 2)  # 10:02 + 4 h
    assert server.assignee == "bruno"
    assert server.customer == "Ottica Esempio S.n.c."
    assert (server.plan, server.contract) == ("basic", True)
    # the clock inputs let the console tick the countdown without the database
    later = rome(2026, 11, 23, 15, 30)
    state = server.clocks.primary(ctx.policy, later)
    assert state is not None
    assert state.status is ClockStatus.BREACHED
    # no target (no contract): no clock; awaiting authorisation: paused
    assert rows[mixed["bar"].number].clock is None
    paused = rows[mixed["auth"].number].clock
    assert paused is not None
    assert paused.status is ClockStatus.PAUSED
    assert paused.due is None


def test_view_mine(ctx, mixed):
    assert numbers(queue.queue(ctx.as_("bruno"), view="mine")) == [mixed["server"].number]
    assert queue.queue(ctx, view="mine").total == 0


def test_view_unassigned(ctx, mixed):
    page = queue.queue(ctx, view="unassigned")
    assert mixed["server"].number not in numbers(page)
    assert page.total == 5


def test_view_waiting(ctx, mixed):
    workflow.pause(ctx, mixed["toner"].number)
    page = queue.queue(ctx, view="waiting")
    assert numbers(page) == [mixed["auth"].number, mixed["toner"].number]
    assert {r.status for r in page.rows} == {"awaiting_authorisation", "waiting"}


def test_view_breached(ctx, clock, mixed):
    assert queue.queue(ctx, view="breached").total == 0
    # the Enterprise B (2 h, 24/7) from 10:03 is due at 12:03
    clock.value = rome(2026, 11, 23, 12, 4)
    page = queue.queue(ctx, view="breached")
    assert numbers(page) == [mixed["studio"].number]
    assert page.rows[0].clock is not None
    assert page.rows[0].clock.breached
    # past 15:02 the Basic A is breached as well
    clock.value = rome(2026, 11, 23, 15, 3)
    assert numbers(queue.queue(ctx, view="breached")) == [
        mixed["server"].number,
        mixed["studio"].number,
    ]


def test_filter_by_customer_id_and_partial_name(ctx, mixed):
    studio_id = mixed["studio"].customer_id
    assert numbers(queue.queue(ctx, customer=str(studio_id))) == [mixed["studio"].number]
    assert numbers(queue.queue(ctx, customer="legale")) == [mixed["studio"].number]
    assert queue.queue(ctx, customer="OTTICA").total == 4
    assert queue.queue(ctx, customer="nessuno").total == 0


def test_free_text_search(ctx, mixed):
    assert numbers(queue.queue(ctx, text="toner")) == [mixed["toner"].number]
    assert numbers(queue.queue(ctx, text=mixed["bar"].number)) == [mixed["bar"].number]
    assert numbers(queue.queue(ctx, text="bar sp")) == [mixed["bar"].number]
    assert queue.queue(ctx, text="ottica").total == 4
    assert queue.queue(ctx, text="già fatto").total == 0  # resolved: not in the queue


def test_wildcards_in_the_search_text_are_literal(ctx):
    percent = open_(ctx, "Disco pieno al 100%")
    open_(ctx, "Disco da 1000 GB")
    underscore = open_(ctx, "Errore in file_a.txt")
    open_(ctx, "Errore in fileXa.txt")
    backslash = open_(ctx, "Percorso C:\\dati\\_old")
    assert numbers(queue.queue(ctx, text="100%")) == [percent.number]
    assert numbers(queue.queue(ctx, text="%")) == [percent.number]
    assert numbers(queue.queue(ctx, text="file_a")) == [underscore.number]
    assert numbers(queue.queue(ctx, text="\\_old")) == [backslash.number]
    assert queue.queue(ctx, text="_").total == 2  # file_a and \\_old


def test_views_and_filters_combine(ctx, mixed):
    page = queue.queue(ctx, view="unassigned", customer="ottica", text="URGENTE")
    assert numbers(page) == [mixed["urgent"].number]


def test_total_counts_every_match_while_the_page_is_limited(ctx, mixed):
    page = queue.queue(ctx, limit=2)
    assert page.total == 6
    assert len(page.rows) == 2
    rest = queue.queue(ctx, limit=10, offset=2)
    assert numbers(page) + numbers(rest) == numbers(queue.queue(ctx))


def test_the_count_comes_with_the_page_and_a_page_past_the_end_counts_too(ctx, mixed):
    """One statement reads the page and the view's count (on PostgreSQL one round trip,
    no transaction around it); "mine" looks up who reads first, unless this process
    knows them from a change of theirs; a page past the end has no row to carry the
    count, which is read on its own."""
    sent: list[str] = []

    def spy(_c: Any, _cur: Any, statement: str, *_args: Any) -> None:
        sent.append(statement.split(None, 1)[0].upper())

    ownership.claim(ctx, mixed["urgent"].number)
    for engine in ctx.db.engines:
        event.listen(engine, "before_cursor_execute", spy)
    assert queue.queue(ctx, limit=2).total == 6 and sent == ["SELECT"]
    sent.clear()
    assert queue.queue(ctx, view="mine").total == 1 and sent == ["SELECT"]  # anna claimed
    sent.clear()
    known_actors.forget(ctx.db, ctx.actor)
    assert queue.queue(ctx, view="mine").total == 1 and sent == ["SELECT", "SELECT"]
    sent.clear()
    past = queue.queue(ctx, limit=10, offset=50)
    assert (past.rows, past.total) == ((), 6) and sent == ["SELECT", "SELECT"]


@pytest.mark.parametrize("view", sorted(queue_pages.PLAIN_VIEWS))
def test_a_plain_view_reads_what_the_statements_built_for_it_read(ctx, mixed, clock, view):
    """The plain views' statements, made once with their parameters, find the same rows
    and count as the ones built for a read's filters."""
    ownership.claim(ctx, mixed["urgent"].number)
    workflow.pause(ctx, mixed["urgent"].number)
    clock.advance(hours=30)  # some due times passed: "breached" finds them
    now = ctx.now()
    with ctx.db.read() as session:
        me = queue._me(session, ctx)
        for limit, offset in ((200, 0), (2, 1), (5, 40)):
            made = queue_pages.read(session, ctx.policy, view, me, now, limit, offset)
            built = queue._read(session, ctx, view, None, None, me, now, limit, offset)
            assert [tuple(r) for r in made[0]] == [tuple(r) for r in built[0]]
            assert made[1] == built[1]
    assert queue.queue(ctx, view=view).total == made[1] > 0


def test_an_empty_queue(ctx):
    page = queue.queue(ctx)
    assert (page.rows, page.total) == ((), 0)


def test_unknown_view(ctx):
    with pytest.raises(InvalidInput, match="unknown view"):
        queue.queue(ctx, view="everything")  # type: ignore[arg-type]


def _in_band(page):
    """The lines of ``page`` whose clock is running in its warning band (▲)."""
    return [
        r.number
        for r in page.rows
        if r.clock is not None
        and r.clock.at_risk
        and r.clock.status in (ClockStatus.WARNING, ClockStatus.CLOSED)
    ]


def test_view_at_risk(ctx, clock, mixed):
    """The Enterprise B (2 h, 24/7) from 10:03 is due at 12:03: its last quarter, the
    warning band, starts at 11:33; at 12:04 it is breached, no longer at risk.  The Basic
    A from 10:02 (4 business hours, lunch 13–14) is due at 15:02: at risk from 14:02."""
    clock.value = rome(2026, 11, 23, 11, 32)
    assert mixed["studio"].number not in numbers(queue.queue(ctx, view="at_risk"))
    clock.value = rome(2026, 11, 23, 11, 34)
    page = queue.queue(ctx, view="at_risk")
    assert mixed["studio"].number in numbers(page)
    assert page.rows[numbers(page).index(mixed["studio"].number)].clock.status is (
        ClockStatus.WARNING
    )
    clock.value = rome(2026, 11, 23, 14, 3)
    page = queue.queue(ctx, view="at_risk")
    assert mixed["studio"].number not in numbers(page)
    assert mixed["server"].number in numbers(page)


@pytest.mark.parametrize("hour", [9, 11, 12, 14, 16, 17, 20])
def test_view_at_risk_is_exactly_the_lines_in_their_warning_band(ctx, clock, mixed, hour):
    """Whatever the hour, the view lists the open lines whose clock says ▲, in queue order,
    and counts them."""
    clock.value = rome(2026, 11, 23, hour, 40)
    expected = _in_band(queue.queue(ctx, limit=500))
    page = queue.queue(ctx, view="at_risk")
    assert numbers(page) == expected
    assert page.total == len(expected)
    assert numbers(queue.queue(ctx, view="at_risk", limit=1, offset=1)) == expected[1:2]


def test_view_recent_lists_what_was_resolved_in_the_last_week(ctx, clock, mixed):
    """Resolved and closed incidents of the last seven days, the newest first; the open
    ones are not there, nor those resolved longer ago."""
    assert numbers(queue.queue(ctx, view="recent")) == [mixed["done"].number]
    clock.advance(minutes=5)
    closing.resolve(ctx, mixed["toner"].number, resolved=True)
    page = queue.queue(ctx, view="recent")
    assert numbers(page) == [mixed["toner"].number, mixed["done"].number]
    assert page.total == 2
    assert {r.status for r in page.rows} == {"resolved"}
    clock.advance(days=7, minutes=-2)  # the first was resolved seven days and a minute ago
    assert numbers(queue.queue(ctx, view="recent")) == [mixed["toner"].number]
    clock.advance(minutes=5)
    assert queue.queue(ctx, view="recent").total == 0
