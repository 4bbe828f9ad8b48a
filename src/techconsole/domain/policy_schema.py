"""The policy file format (TOML): strict models, every key checked, clear messages.

``parse_policy(text, source)`` turns a file's text into a :class:`Policy` or raises a
:class:`PolicyError` naming the file, the key and the reason for every problem found.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from techconsole.domain.errors import DomainError
from techconsole.domain.instants import parse_duration
from techconsole.domain.policy_problems import problems

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WINDOW = re.compile(r"^(\d{2}):(\d{2})\s*-\s*(\d{2}):(\d{2})$")
_TIME = re.compile(r"^(\d{2}):(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


class PolicyError(DomainError):
    """A policy file is not valid: one line per problem, each with file and key."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        lines = [
            f"{source}: {key}: {reason}" if key else f"{source}: {reason}"
            for key, reason in problems
        ]
        super().__init__("\n".join(lines))


def _minutes(text: str, *, allow_24: bool) -> int:
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"'{text}' is not a time; write it as HH:MM")
    hours, minutes = int(match[1]), int(match[2])
    if minutes > 59 or hours > 24 or (hours == 24 and (minutes or not allow_24)):
        raise ValueError(f"'{text}' is not a time of day")
    return hours * 60 + minutes


def _window(text: Any) -> tuple[int, int]:
    if not isinstance(text, str):
        raise ValueError('a window is a string like "09:00-13:00"')
    match = _WINDOW.match(text.strip())
    if not match:
        raise ValueError(f"'{text}' is not a window; write it as HH:MM-HH:MM")
    start = _minutes(f"{match[1]}:{match[2]}", allow_24=False)
    end = _minutes(f"{match[3]}:{match[4]}", allow_24=True)
    if start == end or (end == 0 and start == 0):
        raise ValueError(f"'{text}' is empty: it opens and closes at the same time")
    if end <= start:  # overnight: closes the next morning
        end += 24 * 60
    return start, end


def _duration(value: Any) -> timedelta:
    if not isinstance(value, str):
        raise ValueError('a duration is a string like "4h", "30m" or "1h30m"')
    if value.strip().startswith("-"):
        raise ValueError(f"'{value}' is negative; a target must be positive")
    try:
        result = parse_duration(value)
    except DomainError as exc:
        raise ValueError(str(exc)) from None
    if result <= timedelta(0):
        raise ValueError(f"'{value}' is zero; a target must be positive")
    return result


def _money(value: Any) -> Decimal:
    if isinstance(value, float):
        raise ValueError('write money as a string, e.g. "40.00", so it stays exact')
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        raise ValueError(f"'{value}' is not an amount") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"'{value}' must be zero or more")
    return amount


Window = Annotated[tuple[int, int], BeforeValidator(_window)]
Duration = Annotated[timedelta, BeforeValidator(_duration)]
Money = Annotated[Decimal, BeforeValidator(_money)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


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
    closures: list[ClosureModel] = []

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
    included_categories: list[str] = []
    targets: dict[str, Duration | dict[str, Duration]] = {}


class LateArrivalModel(Strict):
    enabled: bool = False
    urgent_waives_all: bool = True
    percent_per_hour: Money = Decimal("20")
    hours: Literal["whole", "started"] = "whole"
    cap_percent: Money = Decimal("100")


class FreeModel(Strict):
    cloud_software_since: date | None = None
    reseller_first_year: bool = False
    warranty: bool = True
    follow_up_after_unresolved: bool = False
    level2_labour_under_contract: bool = False


class BillingModel(Strict):
    unit_minutes: int = Field(default=20, gt=0, le=24 * 60)
    unit_price: Money = Decimal("40.00")
    rounding: Literal["up", "nearest"] = "up"
    rounding_scope: Literal["session", "incident_day"] = "session"
    minimum_units: int = Field(default=0, ge=0)
    vat_percent: Money = Decimal("22")
    callout_fee: Money = Decimal("0.00")
    urgent_on_request_percent: Money = Decimal("0")
    late_arrival: LateArrivalModel = LateArrivalModel()
    free: FreeModel = FreeModel()


class IntakeModel(Strict):
    channels: list[Literal["email", "whatsapp", "web", "phone", "walk_in"]] = ["email"]
    refused: dict[str, str] = {}
    urgent_keyword: str | None = None
    authorisers: list[Literal["titolare", "ads", "employee"]] = ["titolare", "ads"]
    needs_authorisation: list[Literal["titolare", "ads", "employee"]] = ["employee"]


class ServiceModel(Strict):
    levels: dict[int, str] = {}
    loaner_after: Duration | None = None
    health_check_every_months: int | None = Field(default=None, gt=0)
    required_software: list[str] = []


class ChangesModel(Strict):
    freeze_months: list[Annotated[int, Field(ge=1, le=12)]] = []
    contest_days: int | None = Field(default=None, gt=0)
    acceptance_test_days: int | None = Field(default=None, gt=0)
    releases_per_year: int | None = Field(default=None, gt=0)


class CompanyModel(Strict):
    name: str = ""
    address: str = ""
    vat_number: str = ""
    phone: str = ""
    email: str = ""


class SlaModel(Strict):
    warning_left_percent: Money = Field(default=Decimal("25"), le=100)


class QueueModel(Strict):
    order: list[Literal["contract", "urgent", "severity", "due", "arrival"]] = [
        "contract",
        "urgent",
        "severity",
        "due",
        "arrival",
    ]


class TimerModel(Strict):
    stale_after: Duration = timedelta(hours=10)


class PolicyModel(Strict):
    name: str
    title: str = ""
    description: str = ""
    timezone: str = "Europe/Rome"
    no_contract_plan: str
    company: CompanyModel = CompanyModel()
    severities: dict[str, SeverityModel]
    clocks: dict[str, ClockModel]
    calendars: dict[str, CalendarModel]
    plans: dict[str, PlanModel]
    sla: SlaModel = SlaModel()
    queue: QueueModel = QueueModel()
    intake: IntakeModel = IntakeModel()
    billing: BillingModel = BillingModel()
    service: ServiceModel = ServiceModel()
    changes: ChangesModel = ChangesModel()
    timer: TimerModel = TimerModel()


def parse_model(text: str, source: str) -> PolicyModel:
    """Read and check the file's structure (types, keys, values)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(source, [("", f"not valid TOML: {exc}")]) from None
    try:
        return PolicyModel.model_validate(raw)
    except ValidationError as exc:
        raise PolicyError(source, problems(exc, PolicyModel)) from None


def closure_time(text: str, *, end: bool) -> int:
    return _minutes(text, allow_24=end)


def month_day(value: date | str, year: int = 2000) -> date:
    """A closure's date: a TOML date, or ``MM-DD`` for one that recurs every year."""
    if isinstance(value, date):
        return value
    match = _MONTH_DAY.match(value)
    if not match:
        raise ValueError(f"'{value}' is not a date; write 2026-12-24, or 12-24 with yearly")
    return date(year, int(match[1]), int(match[2]))
