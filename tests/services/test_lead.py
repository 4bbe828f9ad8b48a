"""The team load (services.team.load) on SQLite and PostgreSQL, against figures worked out by
hand: open / at risk / breached per technician and unassigned, running timers, scatti of
the day and the month (both rounding scopes), and the month's SLA compliance per plan.

The clock is Monday 23/11/2026 10:00 in Rome.  Default policy: one clock (response,
stopped when taken in charge); Basic 8×5 (09-13, 14-18) A 4h, B 8h, C 16h; Enterprise
24×7 A 1h, B 2h, C 12h; at risk with a quarter of the target or less left.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.errors import NotAllowed
from techconsole.services.incidents import closing, ownership, workflow
from techconsole.services.team import load as lead
from techconsole.services.team import members as team
from techconsole.services.team.load import Load, PlanCompliance
from techconsole.services.work import timer

from .support import open_, refused, rome

ENTERPRISE, WALK_IN = 2, 3


@pytest.fixture
def office(ctx: Context) -> dict[str, str]:
    """The team at work on Monday 23/11/2026 10:00 (see each line for its figures)."""
    team.add_technician(ctx, "carla", "Carla Bruni")
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio Enterprise"))
    customers.add_contract(ctx, studio.id, "enterprise", date(2026, 1, 1), date(2026, 12, 31))
    customers.add_customer(ctx, customers.NewCustomer("Bar Sport"))  # no contract
    n: dict[str, str] = {}

    def new(key: str, severity: str, at: tuple[int, ...], customer: int = 1) -> str:
        n[key] = open_(ctx, key, customer=customer, severity=severity, arrived_at=rome(*at)).number
        return n[key]

    # open incidents
    new("I1", "A", (2026, 11, 23, 7, 0))  # Basic A: 1h used of 4h: ok
    new("I2", "A", (2026, 11, 20, 15, 30))  # Basic A: 2h30 Fri + 1h Mon, 30m left: at risk
    new("I3", "B", (2026, 11, 19, 9, 0))  # Basic B: due Thu 18:00: breached
    new("I4", "A", (2026, 11, 23, 9, 50), ENTERPRISE)  # 10m of 1h: ok
    new("I5", "B", (2026, 11, 23, 8, 20), ENTERPRISE)  # 1h40 of 2h, 20m left: at risk
    new("I6", "C", (2026, 11, 22, 9, 0), ENTERPRISE)  # 25h of 12h: breached
    new("I7", "A", (2026, 11, 23, 8, 0), WALK_IN)  # no contract: no target
    new("I8", "C", (2026, 11, 23, 9, 0))  # Basic C, waiting on the customer: paused
    for key in ("I1", "I2", "I3"):
        ownership.assign(ctx, n[key], "bruno")
    for key in ("I4", "I7"):
        ownership.assign(ctx, n[key], "anna")
    ownership.assign(ctx, n["I8"], "carla")
    workflow.pause(ctx, n["I8"], at=rome(2026, 11, 23, 9, 30))
    team.set_active(ctx, "carla", False)  # still holds I8

    # clocks stopped (taken in charge), then resolved so that they are not open
    stops = {
        "C1": ("A", (2026, 11, 16, 9, 0), (2026, 11, 16, 12, 0), 1),  # 3h of 4h: met
        "C2": ("A", (2026, 11, 17, 9, 0), (2026, 11, 17, 15, 0), 1),  # 5h of 4h: late
        "C3": ("B", (2026, 10, 30, 17, 0), (2026, 11, 2, 10, 0), 1),  # 2h of 8h: met
        "C4": ("A", (2026, 10, 30, 9, 0), (2026, 10, 30, 10, 0), 1),  # October: not counted
        "C5": ("A", (2026, 11, 20, 10, 0), (2026, 11, 20, 10, 30), ENTERPRISE),  # met
        "C6": ("B", (2026, 11, 21, 10, 0), (2026, 11, 21, 13, 0), ENTERPRISE),  # 3h of 2h
        "C7": ("C", (2026, 11, 22, 0, 0), (2026, 11, 22, 11, 0), ENTERPRISE),  # 11h of 12h
        "C8": ("C", (2026, 11, 21, 0, 0), (2026, 11, 21, 6, 0), ENTERPRISE),  # met
        "C9": ("A", (2026, 11, 20, 9, 0), (2026, 11, 20, 9, 30), WALK_IN),  # no target
    }
    for key, (severity, arrived, acknowledged, customer) in stops.items():
        new(key, severity, arrived, customer)
        workflow.acknowledge(ctx, n[key], at=rome(*acknowledged))
        closing.resolve(ctx, n[key], resolved=True)

    # work
    bruno = ctx.as_("bruno")
    for start, end, key in (
        ((2026, 10, 30, 10, 0), (2026, 10, 30, 11, 0), "C4"),  # October: not counted
        ((2026, 11, 20, 16, 0), (2026, 11, 20, 16, 21), "I2"),  # 21 min: 2
        ((2026, 11, 23, 8, 0), (2026, 11, 23, 8, 7), "I1"),  # today, 7 min: 1
        ((2026, 11, 23, 8, 10), (2026, 11, 23, 8, 17), "I1"),  # today, 7 min: 1
        ((2026, 11, 23, 8, 30), (2026, 11, 23, 9, 35), "I2"),  # today, 65 min: 4
    ):
        timer.start(bruno, n[key], at=rome(*start))
        timer.stop(bruno, at=rome(*end))
    timer.start(bruno, n["I3"], kind="on_site", at=rome(2026, 11, 23, 9, 50))  # 10 min: 1
    timer.start(ctx, n["I6"], at=rome(2026, 11, 22, 23, 30))  # yesterday, 60 min: 3
    timer.stop(ctx, at=rome(2026, 11, 23, 0, 30))
    return n


def test_the_team_load_worked_out_by_hand(ctx, office):
    load = lead.team_load(ctx)

    assert load.now == rome(2026, 11, 23, 10, 0)
    assert load.day == date(2026, 11, 23)
    assert load.month == "2026-11"
    people = {t.login: t for t in load.technicians}
    assert [t.login for t in load.technicians] == ["anna", "bruno", "carla"]  # by name

    anna, bruno, carla = people["anna"], people["bruno"], people["carla"]
    assert (anna.name, anna.role, anna.active) == ("Anna Rossi", "lead", True)
    assert anna.load == Load(open=2, at_risk=0, breached=0)
    assert anna.timer is None
    assert (anna.scatti_today, anna.scatti_month) == (0, 3)  # started yesterday

    assert (bruno.role, bruno.active) == ("technician", True)
    assert bruno.load == Load(open=3, at_risk=1, breached=1)
    assert bruno.timer is not None
    assert bruno.timer.incident == office["I3"]
    assert bruno.timer.subject == "I3"
    assert bruno.timer.kind == "on_site"
    assert bruno.timer.started_at == rome(2026, 11, 23, 9, 50)
    assert bruno.timer.elapsed(load.now) == timedelta(minutes=10)
    assert (bruno.scatti_today, bruno.scatti_month) == (1 + 1 + 4 + 1, 2 + 1 + 1 + 4 + 1)

    assert carla.active is False  # inactive, listed because she still holds I8
    assert carla.load == Load(open=1, at_risk=0, breached=0)  # paused: neither

    assert load.unassigned == Load(open=2, at_risk=1, breached=1)  # I5, I6

    assert load.compliance == (
        PlanCompliance("basic", "Basic 8×5", stopped=3, met=2),
        PlanCompliance("professional", "Professional 8×7", stopped=0, met=0),
        PlanCompliance("enterprise", "Enterprise 24×7", stopped=4, met=3),
    )
    basic, professional, enterprise = load.compliance
    assert basic.percent == Decimal("66.7")
    assert professional.percent is None
    assert enterprise.percent == Decimal("75.0")


def test_incident_day_rounding_adds_up_a_day_of_one_incident_first(ctx, office):
    rules = replace(ctx.policy.billing, rounding_scope="incident_day")
    per_day = Context(ctx.db, replace(ctx.policy, billing=rules), "anna", ctx.clock)
    bruno = {t.login: t for t in lead.team_load(per_day).technicians}["bruno"]
    # today: I1 7 + 7 = 14 min → 1; I2 65 min → 4; I3 running 10 min → 1; Friday: 2
    assert (bruno.scatti_today, bruno.scatti_month) == (6, 8)


def test_time_moves_the_figures(ctx, office, clock):
    clock.advance(minutes=20)  # 10:20: I4 has 30 of 60 min left, still ok; I2 10 min left
    people = {t.login: t for t in lead.team_load(ctx).technicians}
    assert people["bruno"].load == Load(open=3, at_risk=1, breached=1)
    assert people["bruno"].scatti_today == 1 + 1 + 4 + 2  # the running timer: 30 min
    clock.advance(minutes=30)  # 10:50: I2 is past due; I4 has 0h 00m left of 1h
    load = lead.team_load(ctx)
    people = {t.login: t for t in load.technicians}
    assert people["bruno"].load == Load(open=3, at_risk=0, breached=2)
    assert people["anna"].load == Load(open=2, at_risk=1, breached=0)
    assert load.unassigned == Load(open=2, at_risk=0, breached=2)  # I5 due 10:20


def test_in_the_evening_nothing_on_office_hours_is_at_risk(ctx, office, clock):
    clock.advance(hours=9)  # 19:00: Basic is closed (its clocks read "opens …")
    load = lead.team_load(ctx)
    assert {t.login: t.load.at_risk for t in load.technicians} == {
        "anna": 0,
        "bruno": 0,
        "carla": 0,
    }


def test_without_compliance_the_rest_is_the_same(ctx, office):
    full = lead.team_load(ctx)
    light = lead.team_load(ctx, compliance=False)
    assert light.compliance is None
    assert replace(light, compliance=full.compliance) == full


def test_a_technician_is_refused_with_the_reason(ctx, office):
    info = refused(ctx, NotAllowed, lead.team_load, ctx.as_("bruno"))
    assert str(info.value) == "only a team lead can see the team's load; ask your lead"
    assert info.value.code == 1


def test_an_empty_team_has_nothing_to_show(ctx):
    load = lead.team_load(ctx)
    assert [t.login for t in load.technicians] == ["anna", "bruno"]
    assert all(t.load == Load() and t.scatti_month == 0 for t in load.technicians)
    assert load.unassigned == Load()
    assert [p.stopped for p in load.compliance or ()] == [0, 0, 0]


@pytest.mark.parametrize(
    ("met", "stopped", "shown"),
    [(2, 3, "66.7"), (1, 16, "6.3"), (1, 8, "12.5"), (0, 5, "0.0"), (7, 7, "100.0")],
)
def test_compliance_is_a_percentage_with_one_decimal_rounded_half_up(met, stopped, shown):
    assert PlanCompliance("basic", "Basic", stopped, met).percent == Decimal(shown)
