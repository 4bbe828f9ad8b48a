"""The monthly summaries as JSON: amounts as strings, read back to the same summaries."""

from __future__ import annotations

import json
from decimal import Decimal

from techconsole.reports.month_json import month_json_text, summaries_from_json
from techconsole.services.documents import summaries

from .month_example import november

D = Decimal


def test_json_round_trip_and_totals(ctx, clock):
    month = november(ctx, clock)
    every = summaries.month_summaries(ctx, "2026-11")
    text = month_json_text("2026-11", every)
    assert text.endswith("\n")
    data = json.loads(text)
    assert summaries_from_json(data) == every
    assert (data["month"], data["vat_percent"]) == ("2026-11", "22")
    assert data["company"]["name"] == "La Vostra Assistenza S.r.l."
    first = data["customers"][0]
    assert (first["customer_id"], first["customer_code"]) == (
        month.farmacia,
        f"C{month.farmacia:04d}",
    )
    whole = next(r for r in first["reports"] if r["incident"] == month.whole)
    assert (whole["discounts"], whole["taxable"], whole["vat"], whole["total"]) == (
        "-46.00",
        "219.00",
        "48.18",
        "267.18",
    )
    revised = next(r for r in first["reports"] if r["incident"] == month.revised)
    assert (revised["revision"], revised["title"]) == (1, f"{revised['number']} rev. 1")
    for summary, item in zip(every, data["customers"], strict=True):
        assert D(item["totals"]["total"]) == summary.total
        assert item["totals"]["units"] == summary.units
    assert D(data["totals"]["total"]) == sum((s.total for s in every), D(0))
    assert D(data["totals"]["vat"]) == sum((r.vat for s in every for r in s.rows), D(0))


def test_json_is_the_same_in_every_language_and_empty_months_are_valid():
    data = json.loads(month_json_text("2026-10", []))
    assert data["customers"] == [] and data["totals"]["total"] == "0.00"
    assert summaries_from_json(data) == []
