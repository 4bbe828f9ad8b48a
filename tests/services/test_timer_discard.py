"""A timer started by mistake is cheap to undo: a session no longer than the policy's
``[timer] discard_within`` is discarded at the stop or just after it — audited, in the
timeline, never billed and never on the work report — and anything else is refused."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from techconsole.domain.policy_build import parse_policy
from techconsole.domain.policy_schema import PolicyError
from techconsole.services.documents import work_reports
from techconsole.services.errors import InvalidTransition, NotAllowed, NotFound
from techconsole.services.incidents import closing
from techconsole.services.incidents import reading as incidents
from techconsole.services.work import billing, months, timer

from .support import open_, refused, rome

DEFAULT_POLICY = Path(__file__).parents[2] / "data/policies/default.toml"


def _kinds(ctx, number: str) -> list[str]:
    return [e.kind for e in incidents.show(ctx, number).timeline if e.kind.startswith("timer")]


def test_the_grace_time_is_a_policy_setting_of_60_seconds_by_default(ctx):
    assert ctx.policy.discard_within == timedelta(seconds=60)
    text = DEFAULT_POLICY.read_text(encoding="utf-8")
    longer = text.replace('discard_within = "60s"', 'discard_within = "2m 30s"')
    assert parse_policy(longer).discard_within == timedelta(minutes=2, seconds=30)
    with pytest.raises(PolicyError, match=r"timer\.discard_within"):
        parse_policy(text.replace('discard_within = "60s"', 'discard_within = "0s"'))


def test_a_short_session_stopped_with_discard_is_gone_audited_and_in_the_timeline(ctx, clock):
    number = open_(ctx).number
    started = timer.start(ctx, number)
    clock.advance(seconds=42)
    assert timer.discardable(ctx, started, clock())

    gone = timer.stop(ctx, discard=True)
    assert gone.discarded and gone.id == started.id
    assert gone.elapsed(clock()) == timedelta(seconds=42)
    assert (gone.units, gone.amount) == (0, Decimal("0.00"))
    assert timer.status(ctx) is None
    assert timer.sessions(ctx, incident=number) == []
    assert billing.bill_incident(ctx, number).bill.units == 0

    assert _kinds(ctx, number) == ["timer_started", "timer_discarded"]  # no "stopped"
    (event,) = [e for e in incidents.show(ctx, number).timeline if e.kind == "timer_discarded"]
    assert event.data["session_id"] == started.id
    assert event.data["seconds"] == 42
    assert event.data["session_kind"] == "remote"
    (row,) = [a for a in incidents.audit_trail(ctx) if a.action == "incident.timer_discarded"]
    assert (row.actor, row.at, row.data["seconds"]) == ("anna", clock(), 42)


def test_a_session_just_stopped_can_be_discarded_after_the_stop(ctx, clock):
    number = open_(ctx).number
    started = timer.start(ctx, number)
    clock.advance(seconds=55)
    stopped = timer.stop(ctx)
    assert stopped.units == 1 and timer.discardable(ctx, stopped)
    clock.advance(minutes=3)  # read the message, typed the command

    gone = timer.discard(ctx)  # the last session, when none is named
    assert gone.discarded and gone.id == started.id
    assert timer.sessions(ctx, incident=number) == []
    assert _kinds(ctx, number) == ["timer_started", "timer_stopped", "timer_discarded"]
    refused(ctx, NotFound, timer.discard, ctx, started.id, match="no work session")


def test_a_discarded_session_is_neither_billed_nor_on_the_work_report(ctx, clock):
    number = open_(ctx).number
    timer.start(ctx, number)
    clock.advance(minutes=30)
    timer.stop(ctx)
    clock.advance(minutes=5)
    closing.resolve(ctx, number, resolved=True, note="fatto")
    issued = work_reports.find(ctx, number)
    assert [s.minutes for s in issued.content.sessions] == [30]

    clock.advance(minutes=1)
    timer.start(ctx, number)  # by mistake, on the resolved incident
    clock.advance(seconds=20)
    assert len(work_reports.find(ctx, number).content.sessions) == 1  # running: not yet
    timer.stop(ctx, discard=True)

    report = work_reports.find(ctx, number)
    assert [s.minutes for s in report.content.sessions] == [30]
    assert billing.bill_incident(ctx, number).bill.units == 2
    assert report.content.lines == issued.content.lines


def test_longer_than_the_grace_time_is_refused_and_kept(ctx, clock):
    number = open_(ctx).number
    started = timer.start(ctx, number)
    clock.advance(seconds=61)
    assert not timer.discardable(ctx, started, clock())
    info = refused(ctx, NotAllowed, timer.stop, ctx, discard=True, match="discard_within")
    assert "1 min 1 s" in str(info.value) and "1 min" in str(info.value)
    assert timer.status(ctx) is not None  # still running

    stopped = timer.stop(ctx)
    refused(ctx, NotAllowed, timer.discard, ctx, stopped.id, match="longer than the 1 min")
    assert [s.id for s in timer.sessions(ctx, incident=number)] == [started.id]


def test_only_your_own_last_stopped_session_can_be_discarded(ctx, clock):
    number = open_(ctx).number
    bruno = ctx.as_("bruno")
    first = timer.start(ctx, number)
    clock.advance(seconds=10)
    timer.stop(ctx)
    refused(ctx, NotAllowed, timer.discard, bruno, first.id, match="your own sessions")
    refused(ctx, NotFound, timer.discard, bruno, match="no work session to discard")

    clock.advance(seconds=10)
    second = timer.start(ctx, number)
    refused(ctx, InvalidTransition, timer.discard, ctx, second.id, match="still running")
    clock.advance(seconds=10)
    timer.stop(ctx)
    refused(ctx, InvalidTransition, timer.discard, ctx, first.id, match="not your last one")
    assert timer.discard(ctx, second.id).discarded
    assert timer.discard(ctx).id == first.id  # now the last one
    refused(ctx, NotFound, timer.discard, ctx, 10**30, match="no work session")


def test_not_in_a_month_closed_for_invoicing(ctx, clock):
    number = open_(ctx, arrived_at=rome(2026, 10, 30, 9, 0)).number
    clock.value = rome(2026, 11, 23, 10, 0)
    timer.start(ctx, number, at=rome(2026, 10, 30, 10, 0))
    timer.stop(ctx, at=rome(2026, 10, 30, 10, 0, 30))
    months.close_month(ctx, "2026-10")
    refused(ctx, NotAllowed, timer.discard, ctx, match="2026-10")
