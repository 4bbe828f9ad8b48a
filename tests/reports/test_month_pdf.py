"""The monthly summary PDF, read back with pypdf: every report's line and every total as
the services compute them, each report's own figures, several pages for a long month."""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import format_decimal

from techconsole.domain.money import eur
from techconsole.reports.month_pdf import month_pdf
from techconsole.services.documents import summaries, work_reports

from .example import HOSTILE, pdf_text
from .month_example import many_rows, november

D = Decimal


def _amount(value: Decimal, locale: str = "it_IT") -> str:
    return str(format_decimal(value, format="#,##0.00", locale=locale))


def _money(value: Decimal, locale: str = "it_IT") -> str:
    return eur(value, locale).replace("\xa0", " ")


def _line(row: summaries.SummaryRow, date: str, locale: str = "it_IT") -> re.Pattern[str]:
    """A report's line: number, date, incident, the subject (maybe cut), the scatti, the
    price of a scatto, then the figures."""
    figures = " ".join(
        _amount(getattr(row, k), locale)
        for k in ("unit_price", "labour", "discounts", "materials", "taxable", "vat", "total")
    )
    return re.compile(
        rf"{re.escape(row.title)} {re.escape(date)} {row.incident} .+? {row.units} "
        rf"{re.escape(figures)}"
    )


def test_every_line_and_total_is_the_services_figure(ctx, clock):
    month = november(ctx, clock)
    summary = summaries.month_summary(ctx, "2026-11", month.farmacia)
    pages = pdf_text(month_pdf(summary))
    assert len(pages) == 1
    text = pages[0]
    assert len(summary.rows) == 5
    for row in summary.rows:
        # the summary's line is the issued report's own figures…
        report = work_reports.find(ctx, row.number).content
        assert (row.labour, row.discounts, row.materials) == (
            report.labour,
            report.discounts,
            report.materials_total,
        )
        assert (row.taxable, row.vat, row.total) == (report.taxable, report.vat, report.total)
        assert row.units == report.units
        # …and the PDF prints them on the report's line
        assert _line(row, f"{row.report_date:%d/%m/%Y}").search(text), row.title
    # the totals are the sums of the reports, to the cent
    for name in ("labour", "discounts", "materials", "taxable", "vat", "total"):
        assert getattr(summary, name) == sum((getattr(r, name) for r in summary.rows), D(0))
    assert summary.total == summary.taxable + summary.vat
    totals = " ".join(
        _amount(getattr(summary, k))
        for k in ("labour", "discounts", "materials", "taxable", "vat", "total")
    )
    assert f"Totale del mese {summary.units} {totals}" in text
    strip = [
        f"Manodopera e uscita {_money(summary.labour)}",
        f"Sconti {_money(summary.discounts)}",
        f"Materiali {_money(summary.materials)}",
        f"Imponibile {_money(summary.taxable)}",
        f"IVA 22 % {_money(summary.vat)}",
        f"Totale {_money(summary.total)}",
    ]
    assert " ".join(strip) in text  # the strip of totals under the table, in this order
    # the examples.md job, as its own report says
    assert "RL-2026-0001 23/11/2026" in text and "219,00 48,18 267,18" in text
    assert "-46,00" in text


def test_header_customer_and_month(ctx, clock):
    month = november(ctx, clock)
    summary = summaries.month_summary(ctx, "2026-11", month.farmacia)
    text = pdf_text(month_pdf(summary))[0]
    for expected in (
        "La Vostra Assistenza S.r.l.",
        "RIEPILOGO MENSILE Novembre 2026",
        "Farmacia Sant'Antonio di Pérez & C. S.a.s.",
        "Corso Garibaldi 12, 20121 Milano (MI)",
        "P.IVA IT09876543210",
        f"Codice cliente C{month.farmacia:04d}",
        "Periodo dal 01/11/2026 al 30/11/2026",
        "Rapporti di lavoro 5",
        f"Scatti {summary.units} scatti",
        "Pagina 1 di 1",
    ):
        assert expected in text, expected


def test_free_reports_and_revisions_are_named(ctx, clock):
    month = november(ctx, clock)
    summary = summaries.month_summary(ctx, "2026-11", month.farmacia)
    text = pdf_text(month_pdf(summary))[0]
    warranty = next(r for r in summary.rows if r.incident == month.warranty)
    assert warranty.free_reason == "warranty" and warranty.labour == D("0.00")
    assert re.search(rf"{warranty.title} .+? Garanzia – non fatturato", text)
    revised = next(r for r in summary.rows if r.incident == month.revised)
    assert revised.revision == 1 and f"{revised.number} rev. 1" in text
    # the summary has the current revision's figures only
    assert text.count(revised.number) == 1


def test_customer_text_is_printed_as_written_and_cut_to_one_line(ctx, clock):
    month = november(ctx, clock)
    summary = summaries.month_summary(ctx, "2026-11", month.farmacia)
    long_subject = "Il server " + "non risponde più " * 20 + "FINE"
    row = summary.rows[0]
    odd = type(summary)(
        summary.month,
        summary.customer_id,
        type(summary.customer)(f"Bar {HOSTILE} ł", "Via\x1b[2J Roma"),
        summary.company,
        summary.vat_percent,
        (type(row)(**{**{f: getattr(row, f) for f in row.__slots__}, "subject": long_subject}),),
    )
    text = pdf_text(month_pdf(odd))[0]
    assert "[red]x[/red]" in text and "<script>" in text and "Bar" in text
    assert "\x1b" not in text and "Via Roma" in text and " l" in text  # ł → l
    assert "Il server non risponde più" in text and "…" in text and "FINE" not in text


def test_a_long_month_runs_onto_pages_with_headings_and_numbers():
    summary = many_rows(90)
    pages = pdf_text(month_pdf(summary))
    assert len(pages) >= 3
    for n, page in enumerate(pages, 1):
        assert "Rapporto Data Richiesta Oggetto Scatti €/scatto Manodopera Sconti Materiali" in page
        assert f"Pagina {n} di {len(pages)}" in page
        if n > 1:  # whose document it is, on every page after the first
            assert "Riepilogo mensile Novembre 2026 – Bar Sport (C0042)" in page
    text = " ".join(pages)
    for row in summary.rows:  # every report once, whole
        assert len(_line(row, f"{row.report_date:%d/%m/%Y}").findall(text)) == 1, row.title
    assert "Totale del mese" in pages[-1] and f"Totale {_money(summary.total)}" in pages[-1]
    assert summary.total == sum((r.total for r in summary.rows), D(0))


def test_english(ctx, clock):
    month = november(ctx, clock)
    summary = summaries.month_summary(ctx, "2026-11", month.farmacia)
    text = pdf_text(month_pdf(summary, "en"))[0]
    for expected in (
        "MONTHLY SUMMARY November 2026",
        "Report Date Incident Subject Units €/unit Labour Discounts Materials Taxable VAT Total",
        "RL-2026-0001 23 Nov 2026",
        "219.00 48.18 267.18",
        f"Month total {summary.units}",
        f"VAT 22 % {_money(summary.vat, 'en_GB')}",
        f"Total {_money(summary.total, 'en_GB')}",
        "Warranty – not invoiced",
        "Page 1 of 1",
    ):
        assert expected in text, expected
    assert "Totale" not in text


def test_the_same_summary_gives_the_same_bytes_and_an_empty_one_says_so(ctx, clock):
    month = november(ctx, clock)
    summary = summaries.month_summary(ctx, "2026-11", month.farmacia)
    assert month_pdf(summary) == month_pdf(summary)
    empty = summaries.month_summary(ctx, "2026-10", month.farmacia)
    text = pdf_text(month_pdf(empty))[0]
    assert "Nessun rapporto di lavoro in questo mese." in text and "Totale 0,00 €" in text
