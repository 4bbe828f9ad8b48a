"""From work sessions and parts to exact money, by the policy's billing rules (§6).

Raw start and end are kept; units (scatti) are derived.  Every line is rounded half-up
to the cent, the taxable total is the sum of the lines, IVA is computed once on it.

What a bill is made from, and the bill itself, are :mod:`.billing_types`; the scatti of
the labour are counted by :mod:`.scatti`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, tzinfo
from decimal import Decimal

from techconsole.domain import levels
from techconsole.domain.billing_types import Bill, Job, Line, Part, WorkSession
from techconsole.domain.calendar import BusinessCalendar
from techconsole.domain.free import REASONS, free_reason, free_reason_code
from techconsole.domain.lateness import Lateness, lateness
from techconsole.domain.money import ZERO, cents, percent_of
from techconsole.domain.policy_rules import BillingRules
from techconsole.domain.prepaid import Draw
from techconsole.domain.prices import PriceBook, Prices, standard
from techconsole.domain.scatti import Labour, labour_lines
from techconsole.i18n import N_

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
    lines = labour_lines(rules, done, days)
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
    for labour in labour_lines(rules, done, days):
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
                REASONS["warranty"] if part.warranty else "",
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
