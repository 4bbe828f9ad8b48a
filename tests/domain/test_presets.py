"""The shipped policy presets: each loads, and each behaves as the seed it encodes.

Due instants below were worked out by hand from the seeds' calendars; each comment shows
the arithmetic.  Dates are in 2026: 1 January is a Thursday, DST starts on 29 March.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from techconsole.domain.policy import Applies, Policy
from techconsole.domain.policy_schema import PolicyError
from techconsole.domain.queue import QueueFacts, ordered
from techconsole.domain.sla import clock_state
from techconsole.services import policies

ROME = ZoneInfo("Europe/Rome")
PRESET_FILES = sorted(policies.presets_dir().glob("*.toml"))
H = timedelta(hours=1)


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ROME)


def due(
    policy: Policy, plan: str, clock: str, arrived: datetime, *, urgent: bool = False
) -> datetime | None:
    """When ``clock`` is due for a request that has just arrived (first severity)."""
    state = clock_state(
        policy,
        clock,
        arrived=arrived,
        plan=plan,
        severity=policy.severities[0].code,
        urgent=urgent,
        now=arrived,
    )
    return state.due


def facts(number: str, *, contract: bool, urgent: bool, severity: str, arrived: datetime):
    return QueueFacts(number, contract, urgent, severity, None, arrived)


# -- every preset ---------------------------------------------------------------------


def test_the_presets_are_found() -> None:
    names = {path.stem for path in PRESET_FILES}
    assert {"default", "istes", "mb-services", "onsite-tech", "client-contract"} <= names
    assert policies.preset_names() == sorted(names)


@pytest.fixture(params=PRESET_FILES, ids=lambda path: path.stem)
def preset(request: pytest.FixtureRequest) -> tuple[str, Policy]:
    path: Path = request.param
    return path.stem, policies.load(path.stem)


def test_preset_loads_under_its_own_name(preset: tuple[str, Policy]) -> None:
    name, policy = preset
    assert policy.name == name
    assert policy.title
    assert policy.description
    assert policy.zone.key == "Europe/Rome"


def test_preset_uses_fictional_company_data(preset: tuple[str, Policy]) -> None:
    _, policy = preset
    assert policy.company.email.endswith(".invalid")
    assert "Esempio" in policy.company.address


def test_preset_plans_are_coherent(preset: tuple[str, Policy]) -> None:
    _, policy = preset
    assert not policy.plan(policy.no_contract_plan).contract
    for plan in policy.plans.values():
        if plan.contract:
            assert plan.targets, f"contract plan {plan.name} has no target"
        # every calendar opens within a week of any instant
        start = at(2026, 3, 9, 0)
        assert plan.calendar.next_opening(start) - start < timedelta(days=7)
    used = {clock for plan in policy.plans.values() for clock in plan.targets}
    assert used == {clock.name for clock in policy.clocks}


def test_preset_refusals_have_a_message(preset: tuple[str, Policy]) -> None:
    _, policy = preset
    for channel in ("email", "whatsapp", "web", "phone", "walk_in"):
        refusal = policy.intake.refusal(channel)
        assert (refusal is None) == (
            channel in policy.intake.channels and channel not in policy.intake.refused
        )
        if refusal is not None:
            assert refusal.strip()


def test_presets_lists_every_file() -> None:
    infos = policies.presets()
    assert [info.name for info in infos] == [path.stem for path in PRESET_FILES]
    assert all(info.path == policies.presets_dir() / f"{info.name}.toml" for info in infos)


# -- istes (seeds 000 + 001) ------------------------------------------------------------


@pytest.fixture(scope="module")
def istes() -> Policy:
    return policies.load("istes")


@pytest.mark.parametrize(
    ("plan", "targets"),
    [
        ("basic", {"A": 4 * H, "B": 8 * H, "C": 16 * H}),  # half day, 1 day, 2 days of 8 h
        ("professional", {"A": 3 * H, "B": 4 * H, "C": 8 * H}),
        ("enterprise", {"A": 1 * H, "B": 2 * H, "C": 12 * H}),  # half a 24-hour day
    ],
)
def test_istes_response_targets(istes: Policy, plan: str, targets: dict[str, timedelta]) -> None:
    for severity, target in targets.items():
        assert istes.target(plan, "response", severity, urgent=False) == target
        assert istes.target(plan, "response", severity, urgent=True) == target


def test_istes_matches_the_default_plans(istes: Policy) -> None:
    default = policies.load("default")
    for name, plan in default.plans.items():
        assert istes.plan(name).targets == plan.targets
        assert istes.plan(name).calendar.weekly == plan.calendar.weekly
        assert istes.plan(name).holidays_covered == plan.holidays_covered


def test_istes_coverage_calendars(istes: Policy) -> None:
    # Basic, A (4 h): Fri 27 Nov 17:00 → 1 h Friday, weekend closed, 3 h Monday → 12:00
    assert due(istes, "basic", "response", at(2026, 11, 27, 17)) == at(2026, 11, 30, 12)
    # Professional, A (3 h): open on Saturday → Fri 17–18, Sat 09–11
    assert due(istes, "professional", "response", at(2026, 11, 27, 17)) == at(2026, 11, 28, 11)
    # Enterprise, A (1 h): always open
    assert due(istes, "enterprise", "response", at(2026, 11, 28, 23, 30)) == at(2026, 11, 29, 0, 30)


def test_istes_customers_without_contract_have_no_target_and_wait(istes: Policy) -> None:
    assert istes.no_contract_plan == "none"
    assert istes.target("none", "response", "A", urgent=False) is None
    assert istes.plan("none").calendar_name == istes.plan("basic").calendar_name
    queue = [
        facts("1", contract=False, urgent=False, severity="A", arrived=at(2026, 3, 9, 9)),
        facts("2", contract=True, urgent=False, severity="C", arrived=at(2026, 3, 9, 11)),
    ]
    assert [f.number for f in ordered(istes, queue)] == ["2", "1"]


def test_istes_channels(istes: Policy) -> None:
    assert istes.intake.channels == ("email", "whatsapp")
    assert istes.intake.refusal("email") is None
    assert istes.intake.refusal("whatsapp") is None
    assert istes.intake.refusal("phone") is not None
    assert istes.intake.refusal("web") is not None
    assert istes.intake.urgent_keyword is None
    assert istes.intake.needs_authorisation == ("employee",)  # seed 001, Caso 1


def test_istes_billing(istes: Policy) -> None:
    billing = istes.billing
    assert (billing.unit_minutes, billing.unit_price) == (20, Decimal("40.00"))
    assert billing.free.cloud_software_since == date(2021, 1, 1)
    assert billing.free.reseller_first_year
    assert not billing.late_arrival.enabled  # late-arrival discounts are seed 003's
    assert not billing.free.follow_up_after_unresolved
    # only the company's own software is covered: on-site visits, other software and
    # training beyond the contract's half day are billed
    for plan in ("basic", "professional", "enterprise"):
        assert istes.plan(plan).included_categories == ("software",)
    assert istes.plan("none").included_categories == ()
    # (seed 000) "la formazione successiva alla semigiornata data per contratto": half a
    # day of training comes with each contract, 12 scatti of 20 minutes
    assert billing.training_included == timedelta(hours=4)
    assert istes.contracts.prepaid_low_percent == Decimal("20")


@pytest.mark.parametrize("name", ["default", "mb-services", "onsite-tech", "client-contract"])
def test_only_istes_includes_training(name: str) -> None:
    assert policies.load(name).billing.training_included == timedelta(0)


@pytest.mark.parametrize(
    ("written", "span"),
    [
        ('"4h"', timedelta(hours=4)),
        ('"0"', timedelta(0)),
        ("0", timedelta(0)),
        ('"0h"', timedelta(0)),
    ],
)
def test_training_included_is_a_duration_or_none(written: str, span: timedelta) -> None:
    from techconsole.domain.policy_build import parse_policy

    text = policies.resolve("default").read_text(encoding="utf-8")
    text = text.replace("[billing]\n", f"[billing]\ntraining_included = {written}\n", 1)
    assert parse_policy(text).billing.training_included == span


@pytest.mark.parametrize("written", ['"-4h"', '"soon"', "true", '"4x"'])
def test_training_included_refuses_what_is_not_a_duration(written: str) -> None:
    from techconsole.domain.policy_build import parse_policy

    text = policies.resolve("default").read_text(encoding="utf-8")
    text = text.replace("[billing]\n", f"[billing]\ntraining_included = {written}\n", 1)
    with pytest.raises(PolicyError, match="training_included"):
        parse_policy(text)


def test_istes_change_rules(istes: Policy) -> None:
    changes = istes.changes
    assert changes.freeze_months == (3, 4, 5, 6, 7, 8)  # March to August
    assert changes.contest_days == 30
    assert changes.acceptance_test_days == 15
    assert changes.releases_per_year == 2


# -- mb-services (seed 002) -------------------------------------------------------------


@pytest.fixture(scope="module")
def mb() -> Policy:
    return policies.load("mb-services")


def test_mb_services_has_one_clock_for_every_request(mb: Policy) -> None:
    assert [c.name for c in mb.clocks] == ["take_in_charge"]
    assert mb.clock("take_in_charge").applies is Applies.ALWAYS
    for plan in ("contract", "none"):
        for severity in mb.severities:
            for urgent in (False, True):
                assert mb.target(plan, "take_in_charge", severity.code, urgent) == 4 * H
    assert not mb.plan("none").contract


@pytest.mark.parametrize("plan", ["contract", "none"])
@pytest.mark.parametrize(
    ("arrived", "expected"),
    [
        # Monday 17:00: 1 h Monday (17–18), 3 h Tuesday (15–18) → Tuesday 18:00, closing
        (at(2026, 3, 9, 17), at(2026, 3, 10, 18)),
        # Monday 10:00, before opening: 3 h Monday 15–18, 1 h Tuesday → Tuesday 16:00
        (at(2026, 3, 9, 10), at(2026, 3, 10, 16)),
        # Saturday: counting starts Monday 15:00; 3 h Monday, 1 h Tuesday → Tuesday 16:00
        (at(2026, 3, 14, 10), at(2026, 3, 17, 16)),
        # Friday 1 May (Festa dei Lavoratori) is closed: Monday 4 May 15–18, Tuesday 15–16
        (at(2026, 5, 1, 15, 30), at(2026, 5, 5, 16)),
        # Friday 27 March 17:00 CET, DST starts on Sunday: 1 h Friday, 3 h Monday (CEST)
        (at(2026, 3, 27, 17), at(2026, 3, 30, 18)),
    ],
)
def test_mb_services_take_in_charge_due(
    mb: Policy, plan: str, arrived: datetime, expected: datetime
) -> None:
    assert due(mb, plan, "take_in_charge", arrived) == expected


def test_mb_services_saturday_request_starts_counting_monday_afternoon(mb: Policy) -> None:
    calendar = mb.plan("contract").calendar
    assert not calendar.is_open(at(2026, 3, 14, 16))
    assert calendar.next_opening(at(2026, 3, 14, 10)) == at(2026, 3, 16, 15)
    assert calendar.next_opening(at(2026, 3, 16, 14, 59)) == at(2026, 3, 16, 15)


def test_mb_services_refuses_phone_with_a_message(mb: Policy) -> None:
    assert mb.intake.refusal("email") is None
    assert mb.intake.refusal("web") is None
    message = mb.intake.refusal("phone")
    assert message is not None
    assert "telefoniche" in message
    assert mb.intake.refusal("whatsapp") is not None  # not a channel of seed 002


@pytest.mark.parametrize(
    ("subject", "urgent"),
    [
        ("URGENTE: sito non raggiungibile", True),
        ("Sito fermo - urgente", True),
        ("[URGENTE] caselle di posta", True),
        ("richiesta non urgente: aggiornare il footer", False),
        ("Non urgente", False),
        ("Aggiornamento plugin", False),
        ("URGENTEMENTE", False),  # the word, not a longer one
    ],
)
def test_mb_services_urgent_keyword(mb: Policy, subject: str, urgent: bool) -> None:
    assert mb.intake.urgent_keyword == "URGENTE"
    assert mb.intake.is_urgent_subject(subject) is urgent


def test_mb_services_urgent_first_and_extra_tariff(mb: Policy) -> None:
    queue = [
        facts("1", contract=True, urgent=False, severity="N", arrived=at(2026, 3, 9, 15)),
        facts("2", contract=False, urgent=True, severity="N", arrived=at(2026, 3, 9, 16)),
    ]
    assert [f.number for f in ordered(mb, queue)] == ["2", "1"]
    assert mb.billing.urgent_on_request_percent == Decimal("50")
    assert mb.billing.callout_fee == Decimal("0")
    assert not mb.plan("contract").holidays_covered


# -- onsite-tech (seed 003) ----------------------------------------------------------


@pytest.fixture(scope="module")
def onsite() -> Policy:
    return policies.load("onsite-tech")


def test_onsite_tech_clocks_depend_on_urgency(onsite: Policy) -> None:
    assert [c.name for c in onsite.clocks_for(urgent=True)] == ["onsite"]
    assert [c.name for c in onsite.clocks_for(urgent=False)] == ["confirmation"]
    for plan in ("contract", "none"):
        assert onsite.target(plan, "onsite", "N", urgent=True) == 4 * H
        assert onsite.target(plan, "onsite", "N", urgent=False) is None
        assert onsite.target(plan, "confirmation", "N", urgent=False) == 8 * H
        assert onsite.target(plan, "confirmation", "N", urgent=True) is None


def test_onsite_tech_due_times(onsite: Policy) -> None:
    # urgent, Tuesday 16:00: 2 h Tuesday (16–18), 2 h Wednesday (09–11)
    assert due(onsite, "contract", "onsite", at(2026, 3, 10, 16), urgent=True) == at(
        2026, 3, 11, 11
    )
    # not urgent, Tuesday 10:00: 3 h + 4 h Tuesday, 1 h Wednesday → Wednesday 10:00
    assert due(onsite, "contract", "confirmation", at(2026, 3, 10, 10)) == at(2026, 3, 11, 10)
    # not urgent, Friday 15:00: 3 h Friday, weekend closed, 4 h + 1 h Monday → 15:00
    assert due(onsite, "none", "confirmation", at(2026, 3, 13, 15)) == at(2026, 3, 16, 15)
    # business hours are assumed 09–13, 14–18: the lunch hour does not count
    assert due(onsite, "contract", "onsite", at(2026, 3, 10, 12), urgent=True) == at(
        2026, 3, 10, 17
    )


def test_onsite_tech_contract_customers_come_first(onsite: Policy) -> None:
    queue = [
        facts("1", contract=False, urgent=True, severity="N", arrived=at(2026, 3, 10, 9)),
        facts("2", contract=True, urgent=False, severity="N", arrived=at(2026, 3, 10, 11)),
        facts("3", contract=True, urgent=True, severity="N", arrived=at(2026, 3, 10, 12)),
    ]
    assert [f.number for f in ordered(onsite, queue)] == ["3", "2", "1"]


def test_onsite_tech_billing(onsite: Policy) -> None:
    billing = onsite.billing
    late = billing.late_arrival
    assert late.enabled
    assert late.urgent_waives_all
    assert late.percent_per_hour == Decimal("20")
    assert not late.started_hours  # whole hours of delay
    assert late.cap_percent == Decimal("100")
    assert billing.free.follow_up_after_unresolved
    assert billing.free.warranty
    assert billing.callout_fee == Decimal("30.00")
    assert not billing.free.level2_labour_under_contract  # seed 004's rule


# -- client-contract (seed 004, on top of seed 003) ------------------------------------


@pytest.fixture(scope="module")
def client() -> Policy:
    return policies.load("client-contract")


def test_client_contract_service_rules(client: Policy) -> None:
    service = client.service
    assert service.loaner_after == timedelta(hours=48)
    assert set(service.levels) == {1, 2}
    assert "remoto" in service.levels[1]
    assert "hardware" in service.levels[2]
    assert service.health_check_every_months == 1
    assert service.required_software == ("antivirus", "backup")
    assert client.billing.free.level2_labour_under_contract
    # (seed 004) both levels are part of the contract, by level, not by a category word
    assert client.plan("client").included_levels == (1, 2)
    assert client.plan("client").included_categories == ()
    assert client.plan("none").included_levels == ()


def test_client_contract_keeps_the_clocks_and_late_rules_of_seed_003(
    client: Policy, onsite: Policy
) -> None:
    assert client.clocks == onsite.clocks
    assert client.billing.late_arrival == onsite.billing.late_arrival
    assert client.billing.free.follow_up_after_unresolved
    assert client.billing.callout_fee == onsite.billing.callout_fee
    assert client.queue_order == onsite.queue_order
    for mine, theirs in (("client", "contract"), ("none", "none")):
        assert client.plan(mine).targets == onsite.plan(theirs).targets
        assert client.plan(mine).calendar.weekly == onsite.plan(theirs).calendar.weekly
    assert [c.name for c in client.clocks_for(urgent=True)] == ["onsite"]
    assert [c.name for c in client.clocks_for(urgent=False)] == ["confirmation"]


# -- choosing a policy: name or path ----------------------------------------


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """(The environment is the entry point's business: see tests/cli/test_settings_cli.py.)"""
    return monkeypatch


def test_resolve_defaults_to_the_default_preset(no_env: pytest.MonkeyPatch) -> None:
    assert policies.resolve() == policies.presets_dir() / "default.toml"
    assert policies.load().name == "default"


@pytest.mark.parametrize("name", ["istes", "mb-services", "onsite-tech", "client-contract"])
def test_resolve_a_preset_name(no_env: pytest.MonkeyPatch, name: str) -> None:
    assert policies.resolve(name) == policies.presets_dir() / f"{name}.toml"
    assert policies.load(name).name == name


def test_resolve_a_path(no_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    source = (policies.presets_dir() / "mb-services.toml").read_text(encoding="utf-8")
    mine = tmp_path / "ours.toml"
    mine.write_text(source.replace('name = "mb-services"', 'name = "ours"'), encoding="utf-8")
    assert policies.resolve(str(mine)) == mine
    assert policies.load(str(mine)).name == "ours"
    # a bare file name ending in .toml is a path, relative to the working directory
    no_env.chdir(tmp_path)
    assert policies.resolve("ours.toml") == Path("ours.toml")
    assert policies.load("ours.toml").name == "ours"


def test_unknown_preset_name(no_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(PolicyError) as caught:
        policies.resolve("nonexistent-preset")
    message = str(caught.value)
    assert message.startswith("nonexistent-preset: no such policy preset")
    for name in ("default", "istes", "mb-services", "onsite-tech", "client-contract"):
        assert name in message


def test_missing_file(no_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    with pytest.raises(PolicyError) as caught:
        policies.load(str(missing))
    assert str(caught.value) == f"{missing}: file not found"
    assert caught.value.source == str(missing)
