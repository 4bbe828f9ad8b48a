"""Whether a machine is covered (seed 004, policy.md §8): the contract in force and every
required piece of software installed as last verified."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from techconsole.domain.coverage import (
    NEVER_VERIFIED,
    NO_CONTRACT,
    NOT_INSTALLED,
    NOT_YET,
    RETIRED,
    Check,
    Gap,
    Machine,
    Term,
    coverage,
    coverage_during,
    gap_text,
    last_state,
    reasons,
    required,
)

ROME = ZoneInfo("Europe/Rome")
YEAR = (Term(date(2026, 1, 1), date(2026, 12, 31)),)
SOFTWARE = ("antivirus", "backup")


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=ROME)


def both(when: datetime, installed: bool = True) -> tuple[Check, ...]:
    return tuple(Check(name, installed, when) for name in SOFTWARE)


def test_covered_with_a_contract_and_the_software_installed():
    machine = Machine(checks=both(at(1, 10)))
    found = coverage(at(3, 1), ROME, YEAR, SOFTWARE, machine)
    assert found.covered
    assert found.gaps == ()
    assert reasons(found) == ()


def test_each_reason_it_is_not_covered():
    machine = Machine(
        since=date(2026, 2, 1),
        retired_at=at(11, 30),
        checks=(Check("antivirus", False, at(1, 10)),),
    )
    found = coverage(at(1, 20), ROME, (), SOFTWARE, machine)
    assert not found.covered
    assert found.gaps == (
        Gap(NO_CONTRACT),
        Gap(NOT_YET, day=date(2026, 2, 1)),
        Gap(NOT_INSTALLED, "antivirus", date(2026, 1, 10)),
        Gap(NEVER_VERIFIED, "backup"),
    )
    assert reasons(found) == (
        "no contract in force",
        "under the contract only from 01/02/2026",
        "antivirus not installed since 10/01/2026",
        "backup never verified",
    )
    later = coverage(at(12, 1), ROME, YEAR, SOFTWARE, machine)
    assert Gap(RETIRED, day=date(2026, 11, 30)) in later.gaps


def test_lost_and_regained():
    """Backup found missing on 12 November, reinstalled on the 20th."""
    checks = (
        *both(at(1, 10)),
        Check("backup", False, at(11, 12)),
        Check("backup", False, at(11, 15)),  # still missing: "since" stays the 12th
        Check("backup", True, at(11, 20)),
    )
    machine = Machine(checks=checks)
    assert coverage(at(11, 11), ROME, YEAR, SOFTWARE, machine).covered
    lost = coverage(at(11, 16), ROME, YEAR, SOFTWARE, machine)
    assert reasons(lost) == ("backup not installed since 12/11/2026",)
    assert coverage(at(11, 20), ROME, YEAR, SOFTWARE, machine).covered


def test_the_contract_day_is_the_policy_zone_s():
    """00:30 in Rome on 1 January is still 31 December in UTC: the contract of 2026 counts."""
    machine = Machine(checks=both(at(1, 1, 0) - timedelta(days=1)))
    new_year = datetime(2026, 1, 1, 0, 30, tzinfo=ROME)
    assert coverage(new_year, ROME, YEAR, SOFTWARE, machine).covered
    assert not coverage(new_year, UTC, YEAR, SOFTWARE, machine).covered


def test_names_are_compared_as_the_policy_writes_them():
    machine = Machine(
        checks=(Check(" AntiVirus ", True, at(1, 2)), Check("BACKUP", True, at(1, 2)))
    )
    assert coverage(at(2, 1), ROME, YEAR, (" antivirus", "Backup "), machine).covered
    assert required(["Backup", "backup ", "", "antivirus"]) == ("backup", "antivirus")


def test_no_software_required_is_the_contract_alone():
    assert coverage(at(5, 5), ROME, YEAR, (), Machine()).covered
    assert reasons(coverage(at(5, 5), ROME, (), (), Machine())) == ("no contract in force",)


def test_work_is_judged_over_the_time_it_went_on():
    installed = Machine(checks=both(at(1, 10)))
    start, end = at(6, 1, 9), at(6, 1, 17)
    assert coverage_during(start, end, ROME, YEAR, SOFTWARE, installed).covered

    # found missing while the work went on: not covered, as found then
    found_missing = Machine(checks=(*both(at(1, 10)), Check("backup", False, at(6, 1, 11))))
    during = coverage_during(start, end, ROME, YEAR, SOFTWARE, found_missing)
    assert not during.covered
    assert during.at == at(6, 1, 11)
    assert reasons(during) == ("backup not installed since 01/06/2026",)

    # missing when the request came in, reinstalled during the work: still outside
    reinstalled = Machine(
        checks=(*both(at(1, 10)), Check("antivirus", False, at(5, 30)), *both(at(6, 1, 12)))
    )
    judged = coverage_during(start, end, ROME, YEAR, SOFTWARE, reinstalled)
    assert reasons(judged) == ("antivirus not installed since 30/05/2026",)

    # a verification after the work does not reach back
    after = Machine(checks=(*both(at(1, 10)), Check("backup", False, at(6, 2))))
    assert coverage_during(start, end, ROME, YEAR, SOFTWARE, after).covered


def test_the_contract_is_judged_when_the_request_arrived():
    """As the incident's plan is: a contract that ends while the work goes on still covers it;
    one that starts after the request does not."""
    ends = (Term(date(2026, 1, 1), date(2026, 6, 1)),)
    machine = Machine(checks=both(at(1, 10)))
    assert coverage_during(at(6, 1, 17), at(6, 3), ROME, ends, SOFTWARE, machine).covered
    starts = (Term(date(2026, 6, 2), date(2026, 12, 31)),)
    late = coverage_during(at(6, 1, 17), at(6, 3), ROME, starts, SOFTWARE, machine)
    assert late.gaps == (Gap(NO_CONTRACT),)


def test_retired_while_worked_on():
    machine = Machine(retired_at=at(6, 1, 12), checks=both(at(1, 10)))
    judged = coverage_during(at(6, 1, 9), at(6, 1, 17), ROME, YEAR, SOFTWARE, machine)
    assert judged.gaps == (Gap(RETIRED, day=date(2026, 6, 1)),)


@pytest.mark.usefixtures("italian")
def test_the_reasons_in_italian():
    gaps = (
        Gap(NO_CONTRACT),
        Gap(NOT_INSTALLED, "backup", date(2026, 11, 12)),
        Gap(NEVER_VERIFIED, "antivirus"),
        Gap(RETIRED, day=date(2026, 11, 30)),
    )
    assert [gap_text(g) for g in gaps] == [
        "nessun contratto in vigore",
        "backup non installato dal 12/11/2026",
        "antivirus mai verificato",
        "dismessa il 30/11/2026",
    ]


# --- properties --------------------------------------------------------------------------

BASE = datetime(2026, 1, 1, tzinfo=UTC)
ALWAYS = (Term(date(2025, 1, 1), date(2027, 12, 31)),)  # the contract is not the point here
moments = st.integers(min_value=0, max_value=365 * 24).map(lambda h: BASE + timedelta(hours=h))
checks = st.lists(
    st.builds(
        Check, st.sampled_from(("antivirus", "backup", "teamviewer")), st.booleans(), moments
    ),
    max_size=12,
)


@given(checks, moments, st.randoms())
def test_the_order_the_checks_come_in_does_not_matter(found, when, rng):
    shuffled = list(found)
    rng.shuffle(shuffled)
    one = coverage(when, ROME, ALWAYS, SOFTWARE, Machine(checks=tuple(found)))
    other = coverage(when, ROME, ALWAYS, SOFTWARE, Machine(checks=tuple(shuffled)))
    assert one.gaps == other.gaps


@given(checks, moments)
def test_covered_exactly_when_the_last_check_of_each_says_installed(found, when):
    machine = Machine(checks=tuple(found))
    judged = coverage(when, ROME, ALWAYS, SOFTWARE, machine)
    expected = True
    for name in SOFTWARE:
        done = [c for c in found if c.software == name and c.at <= when]
        last = max((c.at for c in done), default=None)
        # checks at the same moment that disagree: the one that found it missing counts
        expected = expected and last is not None and all(c.installed for c in done if c.at == last)
    assert judged.covered == expected


@given(checks, moments)
def test_verifying_everything_installed_covers_again(found, when):
    machine = Machine(checks=(*found, *both(when + timedelta(minutes=1))))
    assert coverage(when + timedelta(minutes=1), ROME, ALWAYS, SOFTWARE, machine).covered


@given(checks, moments)
def test_missing_since_is_the_first_of_the_missing_run(found, when):
    state = last_state(found, "backup", when)
    if state is None or state[0]:
        return
    missing_since = state[1]
    assert missing_since <= when
    # no check of backup between then and now found it installed
    assert not any(
        c.software == "backup" and c.installed and missing_since < c.at <= when for c in found
    )


@given(checks, moments, st.integers(min_value=0, max_value=24 * 30))
def test_work_on_a_covered_machine_was_covered_at_each_moment(found, start, hours):
    machine = Machine(checks=tuple(found))
    end = start + timedelta(hours=hours)
    judged = coverage_during(start, end, ROME, ALWAYS, SOFTWARE, machine)
    points = [start, end, *(c.at for c in found if start < c.at <= end)]
    if judged.covered:
        assert all(coverage(p, ROME, ALWAYS, SOFTWARE, machine).covered for p in points)
    else:
        assert start <= judged.at <= end
        assert judged.gaps == coverage(judged.at, ROME, ALWAYS, SOFTWARE, machine).gaps
