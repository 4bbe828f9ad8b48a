"""A broken policy file is refused with the file, the key and the reason for each problem.

Every case starts from the text of ``data/policies/default.toml`` and changes one thing
(a string replacement), so each case shows exactly which edit breaks the file.  The key
in the message is the path a person would write in the TOML file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from techconsole.domain.policy_schema import PolicyError
from techconsole.services import policies

DEFAULT = (policies.presets_dir() / "default.toml").read_text(encoding="utf-8")

OFFICE_5_MON = 'mon = ["09:00-13:00", "14:00-18:00"]'
OFFICE_5_TUE = 'tue = ["09:00-13:00", "14:00-18:00"]'
OFFICE_5_FRI = 'fri = ["09:00-13:00", "14:00-18:00"]'
OFFICE_5_HOLIDAYS = 'holidays = "IT"\nmon'
OFFICE_7_DAYS = 'every_day = ["09:00-13:00", "14:00-18:00"]'
OFFICE_7_ZONE = 'timezone = "Europe/Rome"\nholidays = "IT"\nevery_day'
ALWAYS_DAYS = 'every_day = ["00:00-24:00"]'
BASIC_TARGETS = 'targets.response = { A = "4h", B = "8h", C = "16h" }'
PROFESSIONAL_TARGETS = 'targets.response = { A = "3h", B = "4h", C = "8h" }'
ENTERPRISE_TARGETS = 'targets.response = { A = "1h", B = "2h", C = "12h" }'
BASIC_CALENDAR = 'calendar = "office-5"\nholidays_covered = false'


def edited(old: str, new: str) -> str:
    assert DEFAULT.count(old) == 1, f"{old!r} must occur exactly once in default.toml"
    return DEFAULT.replace(old, new)


def load_broken(tmp_path: Path, text: str) -> tuple[str, PolicyError]:
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        policies.load(str(path))
    error = caught.value
    message = str(error)
    assert "function-" not in message, message  # no pydantic union member names
    assert "dict[" not in message, message
    return str(path.resolve()), error


def test_the_default_file_loads() -> None:
    assert policies.load("default").name == "default"


CASES = [
    # (id, old, new, key, reason)
    (
        "unknown no_contract_plan",
        'no_contract_plan = "none"',
        'no_contract_plan = "nobody"',
        "no_contract_plan",
        "unknown plan 'nobody'",
    ),
    (
        "unknown clock in a plan's targets",
        BASIC_TARGETS,
        BASIC_TARGETS.replace("targets.response", "targets.reply"),
        "plans.basic.targets.reply",
        "unknown clock 'reply'",
    ),
    (
        "unknown calendar in a plan",
        'calendar = "office-7"',
        'calendar = "office-6"',
        "plans.professional.calendar",
        "unknown calendar 'office-6'",
    ),
    (
        "overlapping windows in one day",
        OFFICE_5_MON,
        'mon = ["09:00-13:00", "12:30-18:00"]',
        "calendars.office-5.mon",
        "windows '09:00-13:00' and '12:30-18:00' overlap",
    ),
    (
        "overlapping windows every day, reported once",
        OFFICE_7_DAYS,
        'every_day = ["09:00-14:00", "13:00-18:00"]',
        "calendars.office-7.every_day",
        "windows '09:00-14:00' and '13:00-18:00' overlap",
    ),
    (
        "overnight window overlapping the next morning",
        OFFICE_5_FRI,
        OFFICE_5_FRI + '\nsun = ["22:00-10:00"]',
        "calendars.office-5.sun",
        "window '22:00-10:00' runs past midnight into mon's '09:00-13:00'",
    ),
    (
        "overnight window overlapping the next morning, every day",
        ALWAYS_DAYS,
        'every_day = ["08:00-18:00", "22:00-09:00"]',
        "calendars.always.every_day",
        "window '22:00-09:00' runs past midnight into the next day's '08:00-18:00'",
    ),
    (
        "empty window",
        OFFICE_5_MON,
        'mon = ["09:00-09:00", "14:00-18:00"]',
        "calendars.office-5.mon",
        "'09:00-09:00' is empty: it opens and closes at the same time (item 1)",
    ),
    (
        "window without minutes",
        OFFICE_5_TUE,
        'tue = ["09:00-13:00", "9-13"]',
        "calendars.office-5.tue",
        "'9-13' is not a window; write it as HH:MM-HH:MM (item 2)",
    ),
    (
        "hour out of range",
        OFFICE_5_TUE,
        'tue = ["25:00-26:00", "14:00-18:00"]',
        "calendars.office-5.tue",
        "'25:00' is not a time of day (item 1)",
    ),
    (
        "minute out of range",
        OFFICE_7_DAYS,
        'every_day = ["09:60-10:00", "14:00-18:00"]',
        "calendars.office-7.every_day",
        "'09:60' is not a time of day (item 1)",
    ),
    (
        "unknown time zone in a calendar",
        OFFICE_7_ZONE,
        OFFICE_7_ZONE.replace("Europe/Rome", "Europe/Roma"),
        "calendars.office-7.timezone",
        "unknown time zone 'Europe/Roma' (use a name like Europe/Rome)",
    ),
    (
        "unknown time zone at top level",
        'timezone = "Europe/Rome"          #',
        'timezone = "Rome"          #',
        "timezone",
        "unknown time zone 'Rome' (use a name like Europe/Rome)",
    ),
    (
        "unknown holiday country",
        OFFICE_5_HOLIDAYS,
        'holidays = "XX"\nmon',
        "calendars.office-5.holidays",
        "unknown holiday country 'XX'",
    ),
    (
        "unknown holiday subdivision",
        OFFICE_5_HOLIDAYS,
        'holidays = "IT"\nholiday_subdivision = "ZZ"\nmon',
        "calendars.office-5.holiday_subdivision",
        "'ZZ' is not a subdivision of IT",
    ),
    (
        "negative target in a severity table",
        BASIC_TARGETS,
        BASIC_TARGETS.replace('A = "4h"', 'A = "-4h"'),
        "plans.basic.targets.response.A",
        "'-4h' is negative; a target must be positive",
    ),
    (
        "negative target for every severity",
        ENTERPRISE_TARGETS,
        'targets.response = "-4h"',
        "plans.enterprise.targets.response",
        "'-4h' is negative; a target must be positive",
    ),
    (
        "zero target",
        BASIC_TARGETS,
        BASIC_TARGETS.replace('B = "8h"', 'B = "0h"'),
        "plans.basic.targets.response.B",
        "'0h' is zero; a target must be positive",
    ),
    (
        "zero target for every severity",
        ENTERPRISE_TARGETS,
        'targets.response = "0m"',
        "plans.enterprise.targets.response",
        "'0m' is zero; a target must be positive",
    ),
    (
        "target that is no duration",
        PROFESSIONAL_TARGETS,
        PROFESSIONAL_TARGETS.replace('C = "8h"', 'C = "one day"'),
        "plans.professional.targets.response.C",
        "'one day' is not a duration; write it like 4h, 30m or 1h30m",
    ),
    (
        "missing severity in a target table",
        PROFESSIONAL_TARGETS,
        'targets.response = { A = "3h", B = "4h" }',
        "plans.professional.targets.response",
        "missing target for severity C",
    ),
    (
        "unknown severity in a target table",
        PROFESSIONAL_TARGETS,
        'targets.response = { A = "3h", B = "4h", C = "8h", D = "16h" }',
        "plans.professional.targets.response",
        "unknown severity D",
    ),
    (
        "unknown key at top level",
        'title = "Default (plans',
        'titel = "Default (plans',
        "titel",
        "unknown key (did you mean 'title'?)",
    ),
    (
        "unknown key inside a calendar",
        OFFICE_7_ZONE,
        OFFICE_7_ZONE.replace("holidays =", "holiday ="),
        "calendars.office-7.holiday",
        "unknown key (did you mean 'holidays'?)",
    ),
    (
        "unknown key with nothing like it",
        'label = "Enterprise 24×7"',
        'label = "Enterprise 24×7"\ncolour = "red"',
        "plans.enterprise.colour",
        "unknown key (check its spelling; see data/policies/default.toml)",
    ),
    (
        "money given as a float",
        'unit_price = "40.00"',
        "unit_price = 40.00",
        "billing.unit_price",
        'write money as a string, e.g. "40.00", so it stays exact',
    ),
    (
        "a percentage over 100 in a sub-table",
        'percent_per_hour = "20"',
        "percent_per_hour = 120",
        "billing.late_arrival.percent_per_hour",
        "'120' is not a percentage: write a number from 0 to 100",
    ),
    (
        "VAT over 100 %",
        'vat_percent = "22"',
        'vat_percent = "122"',
        "billing.vat_percent",
        "'122' is not a percentage: write a number from 0 to 100",
    ),
    (
        "a negative percentage",
        'urgent_on_request_percent = "0"',
        "urgent_on_request_percent = -5",
        "billing.urgent_on_request_percent",
        "'-5' is not a percentage: write a number from 0 to 100",
    ),
    (
        "a percentage with its sign",
        'vat_percent = "22"',
        'vat_percent = "22%"',
        "billing.vat_percent",
        "'22%' is not a percentage: write a number from 0 to 100",
    ),
    (
        "a percentage that is not a number",
        "warning_left_percent = 25",
        "warning_left_percent = true",
        "sla.warning_left_percent",
        "a percentage is a number from 0 to 100, e.g. 22",
    ),
    (
        "no intake channel",
        'channels = ["email", "whatsapp", "web", "phone"]',
        "channels = []",
        "intake.channels",
        "give at least one",
    ),
    (
        "a target of eleven million years",
        BASIC_TARGETS,
        BASIC_TARGETS.replace('"4h"', '"99999999999h"'),
        "plans.basic.targets.response.A",
        "'99999999999h' is too long: at most 8784h",
    ),
    (
        "a target of more than a year",
        BASIC_TARGETS,
        BASIC_TARGETS.replace('"4h"', '"9000h"'),
        "plans.basic.targets.response.A",
        "'9000h' is too long: at most 8784h",
    ),
    (
        "a target with a thousand digits",
        BASIC_TARGETS,
        BASIC_TARGETS.replace('"4h"', '"' + "9" * 1000 + 'h"'),
        "plans.basic.targets.response.A",
        "'" + "9" * 1000 + "h' is too long: at most 8784h",
    ),
    (
        "a zero session maximum",
        'max_session = "12h"',
        'max_session = "0m"',
        "timer.max_session",
        "'0m' is zero; a target must be positive",
    ),
    (
        "a scatto price too large",
        'unit_price = "40.00"',
        'unit_price = "1e15"',
        "billing.unit_price",
        "'1e15' is too large: at most 999999999.99",
    ),
    (
        "a negative scatto price",
        'unit_price = "40.00"',
        'unit_price = "-40.00"',
        "billing.unit_price",
        "'-40.00' must be zero or more",
    ),
    (
        "unknown channel",
        'channels = ["email", "whatsapp", "web", "phone"]',
        'channels = ["email", "fax"]',
        "intake.channels",
        "Input should be 'email', 'whatsapp', 'web', 'phone' or 'walk_in' (not 'fax') (item 2)",
    ),
    (
        "refusing a channel that is not listed",
        'urgent_keyword = "URGENTE"',
        'urgent_keyword = "URGENTE"\nrefused.walk_in = "Solo su appuntamento."',
        "intake.refused.walk_in",
        "not one of intake.channels",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "key", "reason"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_one_edit_one_problem(tmp_path: Path, old: str, new: str, key: str, reason: str) -> None:
    source, error = load_broken(tmp_path, edited(old, new))
    assert error.source == source
    assert error.problems == [(key, reason)]
    assert str(error) == f"{source}: {key}: {reason}"


def test_typo_in_a_plan_key(tmp_path: Path) -> None:
    text = edited(BASIC_CALENDAR, BASIC_CALENDAR.replace("calendar =", "calender ="))
    source, error = load_broken(tmp_path, text)
    assert sorted(error.problems) == [
        ("plans.basic.calendar", "required key is missing"),
        ("plans.basic.calender", "unknown key (did you mean 'calendar'?)"),
    ]
    assert (
        f"{source}: plans.basic.calender: unknown key (did you mean 'calendar'?)"
        in str(error).splitlines()
    )


def test_toml_syntax_error(tmp_path: Path) -> None:
    line = DEFAULT.splitlines().index("[sla]") + 1
    source, error = load_broken(tmp_path, edited("[sla]", "[sla"))
    assert len(error.problems) == 1
    key, reason = error.problems[0]
    assert key == ""
    assert reason.startswith("not valid TOML: ")
    assert f"line {line}," in reason
    assert str(error).startswith(f"{source}: not valid TOML: ")


def test_every_problem_is_reported(tmp_path: Path) -> None:
    text = edited('no_contract_plan = "none"', 'no_contract_plan = "nobody"')
    text = text.replace('unit_price = "40.00"', "unit_price = 40.00")
    text = text.replace('calendar = "office-7"', 'calendar = "office-6"')
    source, error = load_broken(tmp_path, text)
    # the file's structure is checked first; references only once it is sound
    assert [key for key, _ in error.problems] == ["billing.unit_price"]
    text = text.replace("unit_price = 40.00", 'unit_price = "40.00"')
    source, error = load_broken(tmp_path, text)
    assert sorted(key for key, _ in error.problems) == [
        "no_contract_plan",
        "plans.professional.calendar",
    ]
    lines = str(error).splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{source}: ") for line in lines)


CLOSURE = "\n[[calendars.office-5.closures]]\ndate = 2026-08-10\n"


@pytest.mark.parametrize(
    ("closures", "key", "reason"),
    [
        (
            CLOSURE + 'last_date = 2026-08-01\nreason = "ferie"\n',
            "calendars.office-5.closures.last_date",
            "ends before it starts (item 1)",
        ),
        (
            CLOSURE + CLOSURE + 'reson = "ferie"\n',
            "calendars.office-5.closures.reson",
            "unknown key (did you mean 'reason'?) (item 2)",
        ),
        (
            CLOSURE.replace("2026-08-10", '"08-10"'),
            "calendars.office-5.closures.date",
            "a MM-DD date needs yearly = true (item 1)",
        ),
    ],
    ids=["ends before it starts", "typo in the second closure", "MM-DD without yearly"],
)
def test_closure_problems_name_the_closure(
    tmp_path: Path, closures: str, key: str, reason: str
) -> None:
    text = edited(OFFICE_5_FRI, OFFICE_5_FRI + closures)
    source, error = load_broken(tmp_path, text)
    assert error.problems == [(key, reason)]
    assert str(error) == f"{source}: {key}: {reason}"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # an overnight window that closes before the next day's first one opens
        (OFFICE_5_FRI, OFFICE_5_FRI + '\nsun = ["22:00-08:00"]'),
        # a window that closes at midnight next to one that opens at midnight
        (ALWAYS_DAYS, 'every_day = ["00:00-12:00", "12:00-24:00"]'),
        # a real province for the patron saint's day
        (OFFICE_5_HOLIDAYS, 'holidays = "IT"\nholiday_subdivision = "RM"\nmon'),
        # money as an exact integer is fine
        ('unit_price = "40.00"', "unit_price = 40"),
        # a closure done right
        (OFFICE_5_FRI, OFFICE_5_FRI + CLOSURE + 'last_date = 2026-08-21\nreason = "ferie"\n'),
        # percentages as numbers, or as strings of a number, 0 to 100 included
        ('vat_percent = "22"', "vat_percent = 22.5"),
        ('vat_percent = "22"', "vat_percent = 0"),
        ('cap_percent = "100"', "cap_percent = 100"),
        # the longest target: a year
        (BASIC_TARGETS, BASIC_TARGETS.replace('"4h"', '"8784h"')),
    ],
    ids=[
        "overnight",
        "touching windows",
        "subdivision",
        "integer money",
        "closure",
        "percent as a number",
        "no VAT",
        "percent 100",
        "a year",
    ],
)
def test_near_misses_load(tmp_path: Path, old: str, new: str) -> None:
    path = tmp_path / "fine.toml"
    path.write_text(edited(old, new), encoding="utf-8")
    assert policies.load(str(path)).name == "default"


def test_a_file_nested_five_thousand_levels_deep(tmp_path: Path) -> None:
    """TOML's reader recurses; the file is refused with its key and line, not a crash."""
    text = DEFAULT + "\n[extra]\nvalue = " + "[" * 5000 + "]" * 5000 + "\n"
    _source, error = load_broken(tmp_path, text)
    key, reason = error.problems[0]
    assert key == "value"
    assert reason.startswith("not a policy file: its tables or arrays are nested too deeply")
    assert f"(line {text.count(chr(10))})" in reason


def test_a_table_nested_five_thousand_levels_deep(tmp_path: Path) -> None:
    text = "deep = " + "{ a = " * 5000 + "1" + " }" * 5000 + "\n"
    _source, error = load_broken(tmp_path, text)
    assert error.problems[0][0] == "deep"
