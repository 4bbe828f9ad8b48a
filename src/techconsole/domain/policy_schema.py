"""The policy file format (TOML): strict models, every key checked, clear messages.

The tables that need cross-references (calendars, plans, clocks, severities) are
modelled here; the simple sections are the runtime classes of :mod:`.policy_rules` themselves.
``parse_policy(text, source)`` turns a file's text into a :class:`Policy` or raises a
:class:`PolicyError` naming the file, the key and the reason for every problem found.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError

from techconsole.domain.errors import PolicyError as PolicyError  # where it used to be
from techconsole.domain.policy_problems import problems
from techconsole.domain.policy_rules import (
    BillingRules,
    ChangeRules,
    Company,
    ContractRules,
    IntakeRules,
    MailRules,
    PartRules,
    ServiceRules,
)
from techconsole.domain.policy_types import Duration, Money, Percent, Strict
from techconsole.i18n import N_, _

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WINDOW = re.compile(r"^(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$")
_TIME = re.compile(r"^(\d{2}):(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")
TOO_DEEP = N_("not a policy file: its tables or arrays are nested too deeply")


def _minutes(text: str, *, allow_24: bool) -> int:
    match = _TIME.match(text)
    if not match:
        raise ValueError(_("'{text}' is not a time; write it as HH:MM").format(text=text))
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not allow_24)):
        raise ValueError(_("'{text}' is not a time of day").format(text=text))
    return hours * 60 + minutes


def _window(text: Any) -> tuple[int, int]:
    if not isinstance(text, str):
        raise ValueError(_('a window is a string like "09:00-13:00"'))
    match = _WINDOW.match(text.strip())
    if not match:
        raise ValueError(_("'{text}' is not a window; write it as HH:MM-HH:MM").format(text=text))
    start = _minutes(f"{match[1]}:{match[2]}", allow_24=False)
    end = _minutes(f"{match[3]}:{match[4]}", allow_24=True)
    if start == end or (end == 0 and start == 0):
        raise ValueError(
            _("'{text}' is empty: it opens and closes at the same time").format(text=text)
        )
    if end <= start:  # overnight: closes the next morning
        end += 24 * 60
    return start, end


Window = Annotated[tuple[int, int], BeforeValidator(_window)]


def _level(value: int) -> int:
    if value not in (1, 2):
        raise ValueError(
            _("{value} is not a service level: 1 (remote) or 2 (on site, hardware)").format(
                value=value
            )
        )
    return value


#: a service level (seed 004): a whole number, 1 or 2 (``true`` is no level)
Level = Annotated[int, Field(strict=True), AfterValidator(_level)]


class ClosureModel(Strict):
    day: date | str = Field(alias="date")
    last_day: date | str | None = Field(default=None, alias="last_date")
    from_: str = Field(default="00:00", alias="from")
    to: str = "24:00"
    reason: str = ""
    yearly: bool = False


class CalendarModel(Strict):
    timezone: str = "Europe/Rome"
    holidays: str | None = None
    holiday_subdivision: str | None = None
    mon: list[Window] | None = None
    tue: list[Window] | None = None
    wed: list[Window] | None = None
    thu: list[Window] | None = None
    fri: list[Window] | None = None
    sat: list[Window] | None = None
    sun: list[Window] | None = None
    every_day: list[Window] | None = None
    closures: list[ClosureModel] = Field(default_factory=list)

    def week(self) -> list[list[tuple[int, int]]]:
        default = self.every_day or []
        days = [getattr(self, name) for name in WEEKDAYS]
        return [default if day is None else day for day in days]


class SeverityModel(Strict):
    label: str
    meaning: str = ""


class ClockModel(Strict):
    label: str
    applies: Literal["always", "urgent", "not_urgent"] = "always"
    #: the milestone that stops the clock
    stops_on: Literal["acknowledged", "on_site", "resolved"] = "acknowledged"
    description: str = ""


class PlanModel(Strict):
    label: str
    calendar: str
    holidays_covered: bool = False
    contract: bool = True
    included_categories: list[str] = Field(default_factory=list)
    #: the service levels the contract includes (seed 004): 1 remote, 2 on-site hardware
    included_levels: list[Level] = Field(default_factory=list)
    targets: dict[str, Duration | dict[str, Duration]] = Field(default_factory=dict)
    #: the plan's own price of a scatto and of a call-out (else [billing]'s)
    unit_price: Money | None = None
    callout_fee: Money | None = None


class SlaModel(Strict):
    warning_left_percent: Percent = Decimal("25")


class QueueModel(Strict):
    # pydantic copies a default per instance: the shared list is never changed
    order: list[Literal["contract", "category", "urgent", "severity", "due", "arrival"]] = [  # noqa: RUF012
        "contract",
        "urgent",
        "severity",
        "due",
        "arrival",
    ]
    #: categories of incident that rank ahead of the others of the same class (seed 000:
    #: faults in our own software, "priorità elevata"); where in the order: "category"
    #: in ``order``, else right after "contract"
    priority_categories: list[Annotated[str, Field(min_length=1, max_length=80)]] = []  # noqa: RUF012


class TimerModel(Strict):
    stale_after: Duration = timedelta(hours=10)
    max_session: Duration = timedelta(hours=12)
    discard_within: Duration = timedelta(seconds=60)


class PolicyModel(Strict):
    name: str
    title: str = ""
    description: str = ""
    timezone: str = "Europe/Rome"
    no_contract_plan: str
    company: Company = Company()
    severities: dict[str, SeverityModel]
    clocks: dict[str, ClockModel]
    calendars: dict[str, CalendarModel]
    plans: dict[str, PlanModel]
    sla: SlaModel = SlaModel()
    queue: QueueModel = QueueModel()
    intake: IntakeRules = IntakeRules()
    billing: BillingRules = BillingRules()
    service: ServiceRules = ServiceRules()
    changes: ChangeRules = ChangeRules()
    contracts: ContractRules = ContractRules()
    mail: MailRules = MailRules()
    parts: PartRules = PartRules()
    timer: TimerModel = TimerModel()


def parse_model(text: str, source: str) -> PolicyModel:
    """Read and check the file's structure (types, keys, values)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(source, [("", _("not valid TOML: {error}").format(error=exc))]) from None
    except RecursionError:
        raise PolicyError(source, [_too_deep(text)]) from None
    try:
        return PolicyModel.model_validate(raw)
    except ValidationError as exc:
        raise PolicyError(source, problems(exc, PolicyModel)) from None
    except RecursionError:
        raise PolicyError(source, [_too_deep(text)]) from None


def _too_deep(text: str) -> tuple[str, str]:
    """The key (and line) where the file nests deeper than anyone writes a policy."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        for char in line:
            depth += 1 if char in "[{" else -1 if char in "]}" else 0
            if depth > 50:
                key = line.split("=", 1)[0].strip() if "=" in line else ""
                where = _("line {line}").format(line=number)
                return key[:80], f"{_(TOO_DEEP)} ({where})"
    return "", _(TOO_DEEP)


def closure_time(text: str, *, end: bool) -> int:
    return _minutes(text, allow_24=end)


def month_day(value: date | str, year: int = 2000) -> date:
    """A closure's date: a TOML date, or ``MM-DD`` for one that recurs every year."""
    if isinstance(value, date):
        return value
    match = _MONTH_DAY.match(value)
    if not match:
        raise ValueError(
            _("'{value}' is not a date; write 2026-12-24, or 12-24 with yearly").format(value=value)
        )
    return date(year, int(match[1]), int(match[2]))
