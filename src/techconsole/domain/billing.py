"""From work sessions and parts to exact money, by the policy's billing rules (§6).

Raw start and end are kept; units (scatti) are derived.  Every line is rounded half-up
to the cent, the taxable total is the sum of the lines, IVA is computed once on it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal

from techconsole.domain import levels
from techconsole.domain.calendar import BusinessCalendar
from techconsole.domain.errors import DomainError
from techconsole.domain.free import REASONS, FreeFacts, free_reason, free_reason_code
from techconsole.domain.instants import MINUTE, td_us, to_us
from techconsole.domain.lateness import ArrivalTerm, Lateness, arrival_term, lateness
from techconsole.domain.money import ZERO, cents, percent_of
from techconsole.domain.policy import BillingRules
from techconsole.domain.prepaid import Draw
from techconsole.domain.prices import PriceBook, Prices, standard
from techconsole.i18n import N_, _

SESSION_KINDS = ("remote", "on_site", "phone", "travel", "lab", "training")
#: (seed 000) training: what the contract's allowance covers (:mod:`.prepaid`)
TRAINING = "training"
#: the lines that take labour off the bill: the training a contract includes, and the
#: scatti taken from its prepaid block of hours (:mod:`.prepaid`)
INCLUDED_TRAINING = (N_("included training"), N_("training included in the contract"))
PREPAID_HOURS = (N_("prepaid hours"), N_("taken from the prepaid block of hours"))
#: the lines of the labour: priced, and taken off by the contract (:mod:`.prepaid`)
LABOUR_KINDS = ("labour", "included", "prepaid")
#: the terms of a late arrival as the bill's (English) reasons say them
TERM_WORDS = {
    "guarantee": "the guaranteed time",
    "promise": "the promised time",
    "agreed": "the time agreed with the customer",
}


@dataclass(frozen=True, slots=True)
class WorkSession:
    start: datetime
    end: datetime | None
    kind: str = "remote"
    technician: str = ""
    #: its row's id: the key of its labour line (:mod:`.prepaid`); 0 when not stored
    id: int = 0

    @property
    def running(self) -> bool:
        return self.end is None

    @property
    def duration(self) -> timedelta:
        if self.end is None:
            return timedelta(0)
        return timedelta(microseconds=to_us(self.end) - to_us(self.start))


@dataclass(frozen=True, slots=True)
class Part:
    """A material or spare part used on the job."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    code: str = ""
    serial: str = ""
    warranty: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.quantity, float) or isinstance(self.unit_price, float):
            raise DomainError("quantities and prices are Decimals, never floats")
        if self.quantity <= 0:
            raise DomainError(
                _("the quantity of '{material}' must be positive").format(material=self.description)
            )
        if self.unit_price < 0:
            raise DomainError(
                _("the price of '{material}' cannot be negative").format(material=self.description)
            )


@dataclass(frozen=True, slots=True)
class Line:
    kind: str  # labour | included | prepaid | callout | surcharge | discount | material
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Job:
    """What billing needs to know about an intervention besides its sessions and parts."""

    free: FreeFacts = field(default_factory=FreeFacts)
    urgent: bool = False
    urgent_on_request: bool = False
    on_site: bool = False
    promised_on_site_at: datetime | None = None
    on_site_at: datetime | None = None
    #: the policy's guarantee (seed 003: on site within 4 business hours when urgent)
    guaranteed_on_site_at: datetime | None = None
    #: the customer agreed to a promise later than the guarantee (then it is the term)
    promise_agreed: bool = False

    @property
    def arrival_term(self) -> ArrivalTerm | None:
        """What the arrival on site is measured against (:mod:`techconsole.domain.lateness`)."""
        return arrival_term(
            self.guaranteed_on_site_at, self.promised_on_site_at, self.promise_agreed
        )

    #: the prices of each day of work (the contract in force); ``None``: ``[billing]``'s
    prices: PriceBook | None = None


@dataclass(frozen=True, slots=True)
class Bill:
    lines: tuple[Line, ...]
    units: int
    free_reason: str | None
    late_by: timedelta | None
    discount_percent: Decimal
    taxable: Decimal
    vat_percent: Decimal
    vat: Decimal
    total: Decimal
    running_sessions: int = 0
    #: the term the arrival was measured against, with the delay, when late on site
    late: Lateness | None = None
    #: the prices the labour and call-out lines were priced at, in the order first used
    #: (the day of work's when there is none)
    prices: tuple[Prices, ...] = ()
    #: why labour is free, as a code of ``domain.free.REASONS`` and its arguments
    free_code: str | None = None
    free_args: Mapping[str, str] = field(default_factory=dict)
    #: the level declared, the one the work is billed at, and the warnings
    level_check: levels.LevelCheck = field(default_factory=lambda: levels.LevelCheck(1, 1))

    @property
    def labour(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.kind == "labour"), ZERO)

    @property
    def materials(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.kind == "material"), ZERO)

    @property
    def taken_off(self) -> Decimal:
        """What the contract's included training and prepaid block took off (≤ 0)."""
        return sum((ln.amount for ln in self.lines if ln.kind in ("included", "prepaid")), ZERO)

    @property
    def discounts(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.kind == "discount"), ZERO)


def units_for(rules: BillingRules, duration: timedelta) -> int:
    """Scatti for a stretch of work: 0 for none, else by the rounding rule, at least the
    minimum."""
    if duration < timedelta(0):
        raise DomainError(_("a work session cannot end before it starts"))
    us = td_us(duration)
    if us == 0:
        return 0
    unit = rules.unit_minutes * MINUTE
    if rules.rounding == "up":
        units = -(-us // unit)
    else:
        units = int((Decimal(us) / Decimal(unit)).to_integral_value(ROUND_HALF_UP))
    return max(units, rules.minimum_units)


def started_minutes(span: timedelta) -> int:
    """Whole minutes, a started one counting: 55 seconds is 1 minute, never 0."""
    return -(-span // timedelta(minutes=1))


@dataclass(frozen=True, slots=True)
class Labour:
    """A labour line: one session, or the sessions of a local day (the rounding scope)."""

    description: str
    units: int
    day: date
    #: the id of its first session, and when that started: how :mod:`.prepaid` draws
    key: int
    at: datetime
    training: bool = False


def _labour(
    rules: BillingRules, sessions: list[WorkSession], zone_day: dict[int, date]
) -> list[Labour]:
    """A line per session, or per local day when the scope says so (training apart from
    the rest of the day's work); a session's day is the one it started on."""
    if rules.rounding_scope == "session":
        return [
            Labour(
                f"{s.kind} {started_minutes(s.duration)} min",
                units_for(rules, s.duration),
                zone_day[i],
                s.id,
                s.start,
                s.kind == TRAINING,
            )
            for i, s in enumerate(sessions)
        ]
    per_day: dict[tuple[date, bool], list[WorkSession]] = defaultdict(list)
    for index, session in enumerate(sessions):
        per_day[zone_day[index], session.kind == TRAINING].append(session)
    lines = []
    for (day, training), theirs in sorted(per_day.items()):
        total = sum((s.duration for s in theirs), timedelta(0))
        first = min(theirs, key=lambda s: (s.start, s.id))
        what = f"{day:%d/%m/%Y} {TRAINING} " if training else f"{day:%d/%m/%Y} "
        lines.append(
            Labour(
                f"{what}{started_minutes(total)} min",
                units_for(rules, total),
                day,
                first.id,
                first.start,
                training,
            )
        )
    return lines


def callout_day(job: Job, sessions: list[WorkSession], zone: tzinfo) -> date | None:
    """The day of the visit a call-out fee is for: the arrival on site, else the first
    on-site session, else the day of work."""
    if job.on_site_at is not None:
        return job.on_site_at.astimezone(zone).date()
    visits = [s.start for s in sessions if s.kind == "on_site"]
    return min(visits).astimezone(zone).date() if visits else job.free.work_date


def late_arrival(calendar: BusinessCalendar, rules: BillingRules, job: Job) -> Lateness | None:
    """How late the technician came on site against the job's term, if late and the
    policy's late-arrival rule is on."""
    if not rules.late_arrival.enabled:
        return None
    return lateness(
        rules.late_arrival,
        calendar,
        urgent=job.urgent,
        term=job.arrival_term,
        on_site_at=job.on_site_at,
    )


def chargeable(
    rules: BillingRules, calendar: BusinessCalendar, job: Job, sessions: list[WorkSession]
) -> list[Labour]:
    """The job's labour lines with the scatti that would be charged: none when its labour
    is free of charge, or when a late arrival waives it (an urgent job)."""
    done = [s for s in sessions if not s.running]
    days = {i: s.start.astimezone(calendar.zone).date() for i, s in enumerate(done)}
    lines = _labour(rules, done, days)
    late = late_arrival(calendar, rules, job)
    if free_reason(rules, job.free, done) or (late is not None and late.waives_all):
        return [replace(line, units=0) for line in lines]
    return lines


def _taken_off(labour: list[tuple[Labour, Prices]], draws: Mapping[int, Draw]) -> list[Line]:
    """The lines that take the drawn scatti off the bill, at the price of their day: the
    training the contract includes, then the prepaid block."""
    included: dict[Decimal, int] = defaultdict(int)
    prepaid: dict[Decimal, int] = defaultdict(int)
    for line, prices in labour:
        draw = draws.get(line.key)
        if draw is not None:
            training = min(draw.training, line.units)
            included[prices.unit_price] += training
            prepaid[prices.unit_price] += min(draw.prepaid, line.units - training)
    lines = []
    for kind, (words, why), taken in (
        ("included", INCLUDED_TRAINING, included),
        ("prepaid", PREPAID_HOURS, prepaid),
    ):
        for price, count in taken.items():
            if count > 0:
                amount = -cents(price * count)
                lines.append(Line(kind, words, Decimal(count), price, amount, why))
    return lines


def bill(
    rules: BillingRules,
    calendar: BusinessCalendar,
    job: Job,
    sessions: list[WorkSession],
    parts: list[Part],
    draws: Mapping[int, Draw] | None = None,
) -> Bill:
    """The bill of one intervention; ``draws``: what its labour lines (by key) took from
    the contract's training allowance and prepaid block (:mod:`.prepaid`)."""
    done = [s for s in sessions if not s.running]
    days = {i: s.start.astimezone(calendar.zone).date() for i, s in enumerate(done)}
    book = job.prices or PriceBook(standard(rules))
    used: list[Prices] = []
    lines: list[Line] = []
    units = 0
    found = free_reason_code(rules, job.free, done)
    reason = None if found is None else REASONS[found[0]].format(**found[1])
    late = late_arrival(calendar, rules, job)
    priced: list[tuple[Labour, Prices]] = []
    for labour in _labour(rules, done, days):
        units += labour.units
        prices = book.on(labour.day)
        used.append(prices)
        priced.append((labour, prices))
        amount = ZERO if reason else cents(prices.unit_price * labour.units)
        lines.append(
            Line(
                "labour",
                labour.description,
                Decimal(labour.units),
                prices.unit_price,
                amount,
                reason or "",
            )
        )
    if draws and not reason and not (late is not None and late.waives_all):
        lines += _taken_off(priced, draws)
    visit = book.on(callout_day(job, done, calendar.zone)) if job.on_site else None
    if visit is not None and visit.callout_fee > 0:
        used.append(visit)
        lines.append(
            Line(
                "callout",
                "call-out",
                Decimal(1),
                visit.callout_fee,
                ZERO if reason else visit.callout_fee,
                reason or "",
            )
        )
    # the surcharge is on the labour still priced, not on the call-out fee
    labour_total = sum((ln.amount for ln in lines if ln.kind in LABOUR_KINDS), ZERO)
    if job.urgent_on_request and not job.urgent and rules.urgent_on_request_percent > 0:
        extra = percent_of(labour_total, rules.urgent_on_request_percent)
        if extra:
            lines.append(
                Line(
                    "surcharge",
                    "priority handling on request",
                    rules.urgent_on_request_percent,
                    labour_total,
                    extra,
                    "handled first at the customer's request, not urgent",
                )
            )
    percent = ZERO if late is None else late.percent
    if late is not None and percent:
        base = sum((ln.amount for ln in lines), ZERO)
        term = TERM_WORDS[late.term.kind]
        if late.waives_all:
            why = f"late arrival on an urgent job, after {term}: no call-out fee, no labour"
        else:
            per_hour = rules.late_arrival.percent_per_hour
            why = f"late arrival after {term}: {late.hours} h of delay × {per_hour} %"
        if base:
            lines.append(
                Line(
                    "discount",
                    f"late-arrival discount {percent} %",
                    percent,
                    base,
                    -percent_of(base, percent),
                    why,
                )
            )
    for part in parts:
        amount = ZERO if part.warranty else cents(part.quantity * part.unit_price)
        lines.append(
            Line(
                "material",
                part.description,
                part.quantity,
                part.unit_price,
                amount,
                "garanzia – non fatturato" if part.warranty else "",
            )
        )
    taxable = sum((ln.amount for ln in lines), ZERO)
    vat = percent_of(taxable, rules.vat_percent)
    return Bill(
        tuple(lines),
        units,
        reason,
        None if late is None else late.late_by,
        percent,
        taxable,
        rules.vat_percent,
        vat,
        taxable + vat,
        len(sessions) - len(done),
        late,
        tuple(dict.fromkeys(used)) or (book.on(job.free.work_date),),
        None if found is None else found[0],
        {} if found is None else dict(found[1]),
        levels.check(job.free.level, (s.kind for s in done), job.free.arrived_on_site),
    )
