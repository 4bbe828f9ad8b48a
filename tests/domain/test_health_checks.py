"""Monthly health checks (seed 004): the agreed day, when a machine's check is due, its
checklist and findings.  Pure rules, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from techconsole.domain import check_due as due
from techconsole.domain import check_items as items
from techconsole.domain.check_schedule import (
    WORKING_DAY,
    add_months,
    describe,
    due_day,
    month_end,
    parse,
)
from techconsole.domain.errors import DomainError

ROME = ZoneInfo("Europe/Rome")


def weekdays(day: date) -> bool:
    """An office open Monday to Friday, closed on 1 January, 6 January and 1 May."""
    return day.weekday() < 5 and (day.month, day.day) not in {(1, 1), (1, 6), (5, 1)}


def always(day: date) -> bool:
    return True


# ---------------------------------------------------------------------- the agreed day
@pytest.mark.parametrize(
    ("typed", "rule"),
    [
        ("first tuesday", "FREQ=MONTHLY;BYDAY=+1TU"),
        ("the First Tuesday of the month", "FREQ=MONTHLY;BYDAY=+1TU"),
        ("primo martedì", "FREQ=MONTHLY;BYDAY=+1TU"),
        ("il primo martedì del mese", "FREQ=MONTHLY;BYDAY=+1TU"),
        ("1° martedi", "FREQ=MONTHLY;BYDAY=+1TU"),
        ("second monday", "FREQ=MONTHLY;BYDAY=+2MO"),
        ("terzo giovedì", "FREQ=MONTHLY;BYDAY=+3TH"),
        ("last friday", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("ultimo venerdì del mese", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("prima domenica", "FREQ=MONTHLY;BYDAY=+1SU"),
        ("day 15", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("giorno 31", "FREQ=MONTHLY;BYMONTHDAY=31"),
        ("the 3rd", "FREQ=MONTHLY;BYMONTHDAY=3"),
        ("20", "FREQ=MONTHLY;BYMONTHDAY=20"),
        ("last day", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("ultimo giorno del mese", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("first working day", WORKING_DAY),
        ("primo giorno lavorativo", WORKING_DAY),
        ("RRULE:FREQ=MONTHLY;BYDAY=+1TU", "FREQ=MONTHLY;BYDAY=+1TU"),
        ("freq=monthly;byday=WE;bysetpos=2", "FREQ=MONTHLY;BYDAY=WE;BYSETPOS=2"),
    ],
)
def test_a_schedule_is_read_from_words_or_an_rrule(typed, rule):
    assert parse(typed) == rule


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "a schedule is a few words"),
        ("whenever", "'whenever' is not a schedule"),
        ("day 32", "is not a schedule"),
        ("fifth monday", "is not a schedule"),
        ("FREQ=WEEKLY;BYDAY=TU", "must be FREQ=MONTHLY"),
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=+1TU", "must repeat every month"),
        ("FREQ=MONTHLY;COUNT=3", "may not say COUNT"),
        ("FREQ=MONTHLY;UNTIL=20270101", "may not say UNTIL"),
        ("FREQ=MONTHLY;BYDAY=XX", "is not an RRULE"),
        ("FREQ=SOMETIMES", "is not an RRULE"),
    ],
)
def test_what_is_not_a_schedule_is_refused_with_what_is(typed, said):
    with pytest.raises(DomainError, match=said):
        parse(typed)


def test_the_day_a_rule_gives_in_a_month():
    tuesday = parse("first tuesday")
    assert due_day(tuesday, date(2026, 12, 1), always) == date(2026, 12, 1)
    assert due_day(tuesday, date(2027, 1, 1), always) == date(2027, 1, 5)
    assert due_day(parse("last friday"), date(2027, 2, 1), always) == date(2027, 2, 26)
    assert due_day(parse("second wednesday"), date(2026, 11, 1), always) == date(2026, 11, 11)


def test_a_day_the_month_does_not_have_falls_on_its_last_day():
    """31 January → 28 February (29 in a leap year), 30 April; 31 March as it is."""
    rule = parse("day 31")
    assert due_day(rule, date(2027, 1, 1), always) == date(2027, 1, 31)
    assert due_day(rule, date(2027, 2, 1), always) == date(2027, 2, 28)
    assert due_day(rule, date(2028, 2, 1), always) == date(2028, 2, 29)
    assert due_day(rule, date(2027, 4, 1), always) == date(2027, 4, 30)
    assert due_day(parse("last day"), date(2027, 2, 1), always) == date(2027, 2, 28)


def test_the_default_is_the_first_working_day_of_the_calendar():
    """1 January is a holiday, 2–3 January 2027 a weekend: Monday the 4th; May 2027 opens
    on Monday the 3rd (1 May a holiday, the 2nd a Sunday)."""
    assert due_day(WORKING_DAY, date(2027, 1, 1), weekdays) == date(2027, 1, 4)
    assert due_day(WORKING_DAY, date(2027, 5, 1), weekdays) == date(2027, 5, 3)
    assert due_day(WORKING_DAY, date(2026, 12, 1), weekdays) == date(2026, 12, 1)
    # a calendar open no day of the month: the first of the month
    assert due_day(WORKING_DAY, date(2027, 3, 1), lambda d: False) == date(2027, 3, 1)


def test_a_rule_in_words(italian):
    assert describe(parse("first tuesday"), "en") == "the first Tuesday of the month"
    assert describe(parse("primo martedì"), "it") == "il primo martedì del mese"
    assert describe(parse("prima domenica"), "it") == "la prima domenica del mese"
    assert describe(parse("ultimo venerdì"), "it") == "l'ultimo venerdì del mese"
    assert describe(WORKING_DAY) == "il primo giorno lavorativo del mese"
    assert describe(parse("day 31"), "en").startswith("day 31 of the month")
    assert describe("FREQ=MONTHLY;BYDAY=WE;BYSETPOS=2") == "FREQ=MONTHLY;BYDAY=WE;BYSETPOS=2"


def test_months_add_across_years():
    assert add_months(date(2026, 11, 1), 3) == date(2027, 2, 1)
    assert add_months(date(2027, 1, 1), -1) == date(2026, 12, 1)
    assert month_end(date(2028, 2, 1)) == date(2028, 2, 29)


# ---------------------------------------------------------------------- when it is due
def next_check(today, *, start=date(2026, 1, 10), last=None, every=1, rule=None, covered=always):
    return due.next_monthly(
        rule or parse("first tuesday"),
        every,
        start=start,
        last_done=last,
        covered=covered,
        working=weekdays,
        today=today,
    )


def test_the_first_check_is_in_the_first_month_whose_day_is_after_the_start():
    """Followed from Saturday 10 January 2026: January's first Tuesday (the 6th) is before
    it, so the first check is on Tuesday 3 February."""
    found = next_check(date(2026, 1, 20))
    assert found == due.Due(due.MONTHLY, date(2026, 2, 1), date(2026, 2, 3), due.UPCOMING)
    assert not found.open
    assert next_check(date(2026, 2, 3)).state == due.DUE
    assert next_check(date(2026, 2, 28)).state == due.DUE
    assert next_check(date(2026, 3, 1)).state == due.OVERDUE


def test_a_check_done_stands_for_its_month_and_the_next_is_a_month_later():
    assert next_check(date(2026, 2, 5), last=date(2026, 2, 4)).day == date(2026, 3, 3)
    # overdue since February: done in March, it stands for March too → April
    assert next_check(date(2026, 3, 20), last=date(2026, 3, 20)).day == date(2026, 4, 7)
    # missed months are not listed one by one: the oldest is overdue
    assert next_check(date(2026, 6, 10), last=date(2026, 2, 4)) == due.Due(
        due.MONTHLY, date(2026, 3, 1), date(2026, 3, 3), due.OVERDUE
    )


def test_every_three_months():
    found = next_check(date(2026, 3, 10), last=date(2026, 2, 3), every=3)
    assert (found.day, found.state) == (date(2026, 5, 5), due.UPCOMING)


def test_checks_across_months_of_different_lengths():
    """Agreed on the 31st: done 31 January, the next is due 28 February, then 31 March."""
    rule = parse("day 31")
    start = date(2027, 1, 1)
    found = next_check(date(2027, 1, 31), start=start, rule=rule)
    assert (found.day, found.state) == (date(2027, 1, 31), due.DUE)
    found = next_check(date(2027, 2, 1), start=start, last=date(2027, 1, 31), rule=rule)
    assert (found.day, found.state) == (date(2027, 2, 28), due.UPCOMING)
    found = next_check(date(2027, 2, 28), start=start, last=date(2027, 1, 31), rule=rule)
    assert found.state == due.DUE
    found = next_check(date(2027, 3, 1), start=start, last=date(2027, 1, 31), rule=rule)
    assert found.state == due.OVERDUE  # February ended without it
    found = next_check(date(2027, 3, 1), start=start, last=date(2027, 2, 28), rule=rule)
    assert found.day == date(2027, 3, 31)


def test_a_contract_that_ends_mid_month_has_no_check_after_it_ends():
    """In force until Sunday 15 March 2026: March's first Tuesday (the 3rd) is checked,
    the last Friday (the 27th) is not, and nothing after March."""
    until = date(2026, 3, 15)

    def in_force(day: date) -> bool:
        return day <= until

    first_tuesday = next_check(date(2026, 3, 4), last=date(2026, 2, 3), covered=in_force)
    assert (first_tuesday.day, first_tuesday.state) == (date(2026, 3, 3), due.DUE)
    assert next_check(date(2026, 3, 4), last=date(2026, 3, 3), covered=in_force) is None
    last_friday = parse("last friday")
    assert (
        next_check(date(2026, 3, 10), last=date(2026, 2, 27), covered=in_force, rule=last_friday)
        is None
    )
    assert next_check(date(2026, 5, 1), last=date(2026, 3, 3), covered=in_force) is None


def test_a_month_the_machine_is_not_covered_has_no_check():
    """Backup found missing from 10 March to 20 April: no check in April (the 7th); May's."""

    def covered(day: date) -> bool:
        return not date(2026, 3, 10) <= day < date(2026, 4, 20)

    found = next_check(date(2026, 4, 25), last=date(2026, 3, 3), covered=covered)
    assert (found.day, found.state) == (date(2026, 5, 5), due.UPCOMING)


def test_a_repeat_after_a_dangerous_finding():
    done = datetime(2026, 3, 3, 16, 0, tzinfo=UTC)
    by = due.repeat_by(done, timedelta(days=7), ROME)
    assert by == date(2026, 3, 10)
    assert due.repeat(done, by, ROME, date(2026, 3, 3)).state == due.DUE
    assert due.repeat(done, by, ROME, date(2026, 3, 10)).state == due.DUE
    assert due.repeat(done, by, ROME, date(2026, 3, 11)).state == due.OVERDUE
    # late in the evening in Rome is the next day in UTC's terms only
    late = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # 1 April 00:30 in Rome
    assert due.repeat_by(late, timedelta(days=7), ROME) == date(2026, 4, 8)


# ---------------------------------------------------------------------- checklist, findings
CHECKLIST = items.DEFAULT_CHECKLIST


def test_an_item_is_typed_as_key_outcome_and_what_was_found():
    assert items.parse_item("system_logs=ok", CHECKLIST) == items.Finding("system_logs", "ok")
    assert items.parse_item("backup=problem:the last run failed: disk full", CHECKLIST) == (
        items.Finding("backup", "problem", "the last run failed: disk full")
    )
    assert items.parse_item("Antivirus=risolto:firme aggiornate", CHECKLIST).outcome == "fixed"
    assert items.parse_item("disk_health=pericolo:settori danneggiati", CHECKLIST).outcome == (
        "danger"
    )
    assert items.parse_item("free_space=n/a", CHECKLIST).outcome == "na"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("backup", "write an item as KEY=OUTCOME"),
        ("backup=meh", "'meh' is not an outcome"),
        ("printer=ok", "'printer' is not on the checklist"),
        ("backup=problem", "backup: say what was found"),
        ("backup=danger:  ", "backup: say what was found"),
    ],
)
def test_an_item_badly_typed_is_refused(typed, said):
    with pytest.raises(DomainError, match=said):
        items.parse_item(typed, CHECKLIST)


def test_every_item_of_the_checklist_is_said_once():
    found = [items.Finding("backup", "fixed", "job restarted")]
    with pytest.raises(DomainError, match="missing: system_logs, antivirus, disk_health"):
        items.complete(found, CHECKLIST)
    with pytest.raises(DomainError, match="backup is given twice"):
        items.complete(found * 2, CHECKLIST, rest_ok=True)
    whole = items.complete(found, CHECKLIST, rest_ok=True)
    assert [f.item for f in whole] == list(CHECKLIST)
    assert [f.outcome for f in whole] == ["ok", "ok", "fixed", "ok", "ok", "ok"]
    assert items.worst(whole) == "fixed"
    assert not items.dangerous(whole)
    assert items.counts(whole)["fixed"] == 1


def test_a_dangerous_finding_is_the_worst():
    found = [items.Finding("backup", "problem", "x"), items.Finding("disk_health", "danger", "y")]
    assert items.dangerous(found)
    assert items.worst(found) == "danger"


def test_checklist_keys_of_ones_own():
    assert items.checklist_key(" UPS_battery ") == "ups_battery"
    assert items.item_name("ups_battery") == "ups battery"
    assert items.item_name("system_logs") == "System logs"
    with pytest.raises(DomainError, match="not a checklist key"):
        items.checklist_key("system logs")


def test_the_software_a_check_found_in_place():
    """Fine or put right on the spot: the check verified it installed; a problem or a
    danger says nothing of whether it is installed; an item that is not required
    software verifies nothing."""
    found = [
        items.Finding("antivirus", items.OK),
        items.Finding("backup", items.FIXED, "riavviato"),
        items.Finding("disk_health", items.OK),
    ]
    assert items.software_in_place(found, ("antivirus", "backup")) == ("antivirus", "backup")
    assert items.software_in_place(found, ("backup",)) == ("backup",)
    assert items.software_in_place(found, ()) == ()
    for outcome in (items.PROBLEM, items.DANGER, items.NOT_APPLICABLE):
        text = "" if outcome == items.NOT_APPLICABLE else "firme vecchie"
        others = [items.Finding("antivirus", outcome, text)]
        assert items.software_in_place(others, ("antivirus",)) == ()
    # keys named as the coverage names software: "Antivirus " is "antivirus"
    assert items.software_in_place([items.Finding("Antivirus ", "ok")], ("antivirus",)) == (
        "antivirus",
    )
