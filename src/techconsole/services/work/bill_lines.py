"""A bill's charges as codes with arguments, for every front end to word in its language.

The domain's :class:`~techconsole.domain.billing_types.Line` carries a description and a
reason as plain text (its own record of the bill, and the ``--json`` of ``bill
incident``); what a person reads — the work report, ``techconsole bill incident`` — is
worded from these codes through the catalogue (``techconsole.reports.labels``):
``"labour_session", {"kind": "remote", "minutes": "65"}``, not a sentence.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from techconsole.domain import lateness
from techconsole.domain.billing_types import TRAINING, Bill
from techconsole.domain.policy_rules import BillingRules
from techconsole.domain.scatti import started_minutes

#: the reason of an urgent job's late-arrival discount, by the term it was late against
URGENT_LATE = {
    lateness.GUARANTEE: "late_urgent_guarantee",
    lateness.PROMISE: "late_urgent",
    lateness.AGREED: "late_urgent_agreed",
}

#: the lines the contract takes off (seed 000), by kind: their label and reason code
TAKEN_OFF = {"included": "training_included", "prepaid": "prepaid_hours"}


@dataclass(frozen=True, slots=True)
class BillLine:
    """A charge that is not a material: labour, call-out, surcharge, discount."""

    kind: str  # labour | included | prepaid | callout | surcharge | discount
    #: labour_session | labour_day | labour_day_training | training_included |
    #: prepaid_hours | callout | surcharge_on_request | discount_late
    label: str
    quantity: Decimal  # scatti, 1, or a percentage
    unit_price: Decimal  # price of a scatto or of the call-out, or the base of a percentage
    amount: Decimal
    args: Mapping[str, str] = field(default_factory=dict)
    reason: str = ""  # free (the bill's free-of-charge reason), late_urgent, late_hours…
    reason_args: Mapping[str, str] = field(default_factory=dict)


def minutes(span: timedelta) -> int:
    """Whole minutes, a started one counting: a 55-second session is "1 min", never "0 min"
    beside the scatto it is billed (the bill rounds up the same way)."""
    return started_minutes(span)


def coded(
    rules: BillingRules, zone: ZoneInfo, done: Sequence[Any], billed: Bill
) -> tuple[BillLine, ...]:
    """The non-material lines of ``billed`` with codes and arguments instead of words;
    ``done``: its finished sessions (``kind``, ``started_at``, ``ended_at``) in the order
    the bill took them (start, then id)."""
    labour = iter(_labour_args(rules, zone, done))
    free = billed.free_reason is not None
    out: list[BillLine] = []
    for line in billed.lines:
        if line.kind == "material":
            continue
        reason_args: dict[str, str] = {}
        reason = "free" if free and line.amount == 0 else ""
        if line.kind == "labour":
            label, args = next(labour)
        elif line.kind in TAKEN_OFF:
            label, args = TAKEN_OFF[line.kind], {}
            reason = TAKEN_OFF[line.kind]
        elif line.kind == "callout":
            label, args = "callout", {}
        elif line.kind == "surcharge":
            label, args = "surcharge_on_request", {"percent": f"{line.quantity.normalize():f}"}
            reason = "on_request"
        else:  # the late-arrival discount
            label, args = "discount_late", {"percent": f"{line.quantity.normalize():f}"}
            reason, reason_args = _late_reason(rules, billed)
        out.append(
            BillLine(
                line.kind,
                label,
                line.quantity,
                line.unit_price,
                line.amount,
                args,
                reason,
                reason_args,
            )
        )
    return tuple(out)


def _span(row: Any) -> timedelta:
    span: timedelta = row.ended_at - row.started_at
    return span


def _labour_args(
    rules: BillingRules, zone: ZoneInfo, done: Sequence[Any]
) -> list[tuple[str, dict[str, str]]]:
    if rules.rounding_scope == "session":
        return [
            ("labour_session", {"kind": r.kind, "minutes": str(minutes(_span(r)))}) for r in done
        ]
    per_day: dict[tuple[date, bool], timedelta] = defaultdict(timedelta)
    for r in done:  # training apart from the rest of the day, as the bill counts it
        per_day[r.started_at.astimezone(zone).date(), r.kind == TRAINING] += _span(r)
    return [
        (
            "labour_day_training" if training else "labour_day",
            {"day": f"{day:%d/%m/%Y}", "minutes": str(minutes(total))},
        )
        for (day, training), total in sorted(per_day.items())
    ]


def _late_reason(rules: BillingRules, billed: Bill) -> tuple[str, dict[str, str]]:
    late = billed.late
    assert late is not None  # a late-arrival discount comes from a late arrival
    if late.waives_all:
        return URGENT_LATE[late.term.kind], {}
    per_hour = rules.late_arrival.percent_per_hour
    return "late_hours", {"hours": str(late.hours), "per_hour": f"{per_hour.normalize():f}"}
