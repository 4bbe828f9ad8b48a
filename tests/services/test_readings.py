"""Smaller readings of the seeds (issue 14), on SQLite and PostgreSQL.

(a) Seed 003: "quando ciò non è possibile, la nostra garanzia è di un'ulteriore uscita, con
    priorità massima": the follow-up of a visit that did not solve the problem arrives
    when that visit ended — the time given to ``resolve`` — not when it was typed.
(b) Seed 001: "il livello di gravità viene attribuito dal personale tecnico della nostra
    azienda al momento della segnalazione dell'incident": a request recorded without a
    severity has the policy's default, said "not yet triaged" until a technician sets one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from techconsole.domain.errors import PolicyError
from techconsole.services.incidents import closing, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.policies import load, presets_dir
from techconsole.services.team import members as team

from .support import open_, rome


def test_a_follow_up_arrives_when_the_unsolved_visit_ended(ctx, clock):
    """The visit ended unsolved on Thursday 31/12 at 16:00 and was typed on Monday 4/1:
    the follow-up arrived on 31/12 at 16:00 — a request of 2026, numbered so — and its
    clocks count from then."""
    clock.value = rome(2026, 12, 31, 10, 0)
    opened = open_(ctx, "PC non si accende", severity="B")
    clock.value = rome(2027, 1, 4, 9, 0)
    result = closing.resolve(ctx, opened.number, resolved=False, at=rome(2026, 12, 31, 16, 0))
    follow = result.follow_up
    assert follow is not None
    assert follow.arrived_at == rome(2026, 12, 31, 16, 0)
    assert follow.number == "2026-000002"
    assert follow.urgent
    first = incidents.show(ctx, follow.number).timeline[0]
    assert (first.kind, first.at) == ("opened", rome(2026, 12, 31, 16, 0))
    assert first.data["recorded_at"] == rome(2027, 1, 4, 9, 0).isoformat()
    (said,) = [e for e in incidents.show(ctx, opened.number).timeline if e.kind == "follow_up"]
    assert said.at == rome(2026, 12, 31, 16, 0)
    # the same as a follow-up opened at that very moment
    clock.value = rome(2026, 12, 31, 16, 0)
    other = open_(ctx, "Stampante", severity="B")
    now = closing.resolve(ctx, other.number, resolved=False).follow_up
    assert now is not None and now.due_at == follow.due_at


def test_a_request_without_severity_is_not_yet_triaged_until_a_technician_sets_it(ctx):
    opened = open_(ctx, "Posta lenta")  # no severity given
    assert (opened.severity, opened.severity_triaged) == ("C", False)  # the least severe
    given = open_(ctx, "Server fermo", severity="C")
    assert given.severity_triaged  # a technician gave it, the same C
    # the technician confirms C: set, with no old value (nobody had given one)
    same = workflow.triage(ctx, opened.number, severity="C")
    assert same.severity_triaged
    (triage,) = [e for e in incidents.show(ctx, opened.number).timeline if e.kind == "triage"]
    assert (triage.data["severity"], triage.data["old_severity"]) == ("C", None)
    # a change of urgency alone leaves an untriaged severity as it was
    third = open_(ctx, "Backup")
    assert not workflow.triage(ctx, third.number, urgent=True).severity_triaged


def test_a_follow_up_keeps_whether_its_severity_was_triaged(ctx):
    opened = open_(ctx, "Rete giù")
    follow = closing.resolve(ctx, opened.number, resolved=False).follow_up
    assert follow is not None and not follow.severity_triaged


@pytest.fixture
def stated(make_ctx, tmp_path: Path):
    """The default preset with ``[intake] default_severity = "B"``."""
    text = (presets_dir() / "default.toml").read_text(encoding="utf-8")
    policy = tmp_path / "stated.toml"
    policy.write_text(text.replace("[intake]\n", '[intake]\ndefault_severity = "B"\n', 1))
    ctx = make_ctx("anna", str(policy))
    team.add_technician(ctx, "anna", "Anna Rossi")
    from techconsole.services.customers import registry as customers

    customers.add_customer(ctx, customers.NewCustomer("Ottica"))
    return ctx


def test_the_policy_states_the_default(stated, tmp_path: Path):
    opened = open_(stated, "Posta lenta")
    assert (opened.severity, opened.severity_triaged) == ("B", False)
    text = (presets_dir() / "default.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace("[intake]\n", '[intake]\ndefault_severity = "Z"\n', 1))
    with pytest.raises(PolicyError, match=r"intake\.default_severity: unknown severity 'Z'"):
        load(str(bad))


def test_a_policy_with_one_severity_has_nothing_to_triage(make_ctx):
    """onsite-tech (seed 003) grades nothing: one severity, urgency picks the clock."""
    ctx = make_ctx("anna", "onsite-tech")
    team.add_technician(ctx, "anna", "Anna Rossi")
    from techconsole.services.customers import registry as customers

    customers.add_customer(ctx, customers.NewCustomer("Studio"))
    opened = open_(ctx, "Server fermo")
    assert (opened.severity, opened.severity_triaged) == ("N", True)
