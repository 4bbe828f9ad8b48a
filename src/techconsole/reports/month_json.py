"""Monthly summaries for machines: the same in every language, codes not words, amounts
as plain strings (``"1234.50"``) so no figure passes through a float.

:func:`month_json` writes one document for one or many customers' summaries;
:func:`summaries_from_json` reads it back into the services' :class:`MonthSummary`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from techconsole.domain.money import ZERO, plain, plain_number
from techconsole.reports.summary_words import customer_code
from techconsole.services.documents.report_views import Party
from techconsole.services.documents.summaries import CheckRow, MonthSummary, SummaryRow
from techconsole.services.views import PrepaidMonth

AMOUNTS = ("labour", "discounts", "materials", "taxable", "vat", "total")
PARTY = ("name", "address", "vat_number", "phone", "email")


def _party(p: Party) -> dict[str, str]:
    return {k: getattr(p, k) for k in PARTY}


def _row(r: SummaryRow) -> dict[str, Any]:
    return {
        "number": r.number,
        "revision": r.revision,
        "title": r.title,
        "report_date": r.report_date.isoformat(),
        "incident": r.incident,
        "subject": r.subject,
        "units": r.units,
        **{k: plain(getattr(r, k)) for k in AMOUNTS},
        "free_reason": r.free_reason,
        "unit_price": None if r.unit_price is None else plain(r.unit_price),
        "price_plan": r.price_plan,
        "mixed_prices": r.mixed_prices,
    }


def _check(c: CheckRow) -> dict[str, Any]:
    return {
        "number": c.number,
        "day": c.day.isoformat(),
        "asset": c.asset,
        "outcome": c.outcome,
        "repeat_by": None if c.repeat_by is None else c.repeat_by.isoformat(),
    }


def _prepaid(p: PrepaidMonth) -> dict[str, Any]:
    """A contract's prepaid hours and included training over the month, in scatti."""
    return {
        "contract_id": p.contract_id,
        "plan": p.plan,
        "starts_on": p.starts_on.isoformat(),
        "ends_on": p.ends_on.isoformat(),
        "block": p.block,
        "used": p.used,
        "left": p.left,
        "training_allowance": p.allowance,
        "training_used": p.training_used,
        "training_left": p.training_left,
    }


def _totals(items: Sequence[MonthSummary | SummaryRow]) -> dict[str, Any]:
    sums = {k: sum((getattr(i, k) for i in items), ZERO) for k in AMOUNTS}
    return {"units": sum(i.units for i in items), **{k: plain(v) for k, v in sums.items()}}


def month_json(month: str, summaries: Sequence[MonthSummary]) -> dict[str, Any]:
    """``month``'s summaries: the company, the IVA rate, each customer with its reports,
    totals and health checks, and the totals of them all."""
    company = summaries[0].company if summaries else Party("")
    rate = summaries[0].vat_percent if summaries else ZERO
    return {
        "month": month,
        "company": _party(company),
        "vat_percent": plain_number(rate),
        "customers": [
            {
                "customer_id": s.customer_id,
                "customer_code": customer_code(s.customer_id),
                "customer": _party(s.customer),
                "reports": [_row(r) for r in s.rows],
                "totals": _totals(s.rows),
                "checks": [_check(c) for c in s.checks],
                "prepaid": [_prepaid(p) for p in s.prepaid],
            }
            for s in summaries
        ],
        "totals": _totals(summaries),
    }


def month_json_text(month: str, summaries: Sequence[MonthSummary]) -> str:
    """The JSON document as written to a file: UTF-8, indented, ending with a newline."""
    return json.dumps(month_json(month, summaries), ensure_ascii=False, indent=2) + "\n"


def summaries_from_json(data: dict[str, Any]) -> list[MonthSummary]:
    """The summaries a :func:`month_json` document holds."""
    company = Party(**data["company"])
    rate = Decimal(data["vat_percent"])
    return [
        MonthSummary(
            data["month"],
            int(c["customer_id"]),
            Party(**c["customer"]),
            company,
            rate,
            tuple(
                SummaryRow(
                    number=r["number"],
                    revision=int(r["revision"]),
                    report_date=date.fromisoformat(r["report_date"]),
                    incident=r["incident"],
                    subject=r["subject"],
                    units=int(r["units"]),
                    **{k: Decimal(r[k]) for k in AMOUNTS},
                    free_reason=r["free_reason"],
                    unit_price=None if r.get("unit_price") is None else Decimal(r["unit_price"]),
                    price_plan=r.get("price_plan"),
                    mixed_prices=bool(r.get("mixed_prices", False)),
                )
                for r in c["reports"]
            ),
            tuple(
                CheckRow(
                    number=k["number"],
                    day=date.fromisoformat(k["day"]),
                    asset=k["asset"],
                    outcome=k["outcome"],
                    repeat_by=date.fromisoformat(k["repeat_by"]) if k["repeat_by"] else None,
                )
                for k in c.get("checks", ())
            ),
            tuple(
                PrepaidMonth(
                    contract_id=int(p["contract_id"]),
                    plan=p["plan"],
                    starts_on=date.fromisoformat(p["starts_on"]),
                    ends_on=date.fromisoformat(p["ends_on"]),
                    block=int(p["block"]),
                    allowance=int(p["training_allowance"]),
                    used=int(p["used"]),
                    training_used=int(p["training_used"]),
                    left=int(p["left"]),
                    training_left=int(p["training_left"]),
                )
                for p in c.get("prepaid", ())
            ),
        )
        for c in data["customers"]
    ]
