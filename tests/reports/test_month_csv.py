"""The monthly summary CSV for the accountant, parsed with the csv module: one line per
report, amounts Decimal-exact summing to the totals, spreadsheet formulas neutralised."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from techconsole.reports.month_csv import month_csv, text_cell
from techconsole.services.documents import summaries, work_reports

from .example import HOSTILE
from .month_example import FORMULA, many_rows, november

D = Decimal
AMOUNTS = ("Manodopera", "Sconti", "Materiali", "Imponibile", "IVA", "Totale")
FIELDS = ("labour", "discounts", "materials", "taxable", "vat", "total")


def _read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel shows accents right
    assert b"\r\n" in data
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_one_line_per_report_with_the_services_figures(ctx, clock):
    month = november(ctx, clock)
    every = summaries.month_summaries(ctx, "2026-11")
    assert [s.customer_id for s in every] == [month.farmacia, month.ottica]  # by name
    lines = _read(month_csv(every))
    rows = [r for s in every for r in s.rows]
    assert len(lines) == len(rows) == 6
    for line, row in zip(lines, rows, strict=True):
        assert (line["Rapporto"], line["Revisione"], line["Richiesta"]) == (
            row.number,
            str(row.revision),
            row.incident,
        )
        assert line["Data"] == row.report_date.isoformat()
        assert int(line["Scatti"]) == row.units
        assert line["Aliquota IVA"] == "22"
        figures = tuple(D(line[a]) for a in AMOUNTS)
        assert figures == tuple(getattr(row, f) for f in FIELDS)
        report = work_reports.find(ctx, row.number).content
        assert figures[3:] == (report.taxable, report.vat, report.total)
        for a in AMOUNTS:  # plain numbers: a dot, two decimals, no currency
            assert "€" not in line[a] and "," not in line[a]
            assert len(line[a].split(".")[1]) == 2
    # per customer, the lines sum to the summary's totals, to the cent
    for s in every:
        code = f"C{s.customer_id:04d}"
        mine = [line for line in lines if line["Codice cliente"] == code]
        assert {line["Cliente"] for line in mine} == {s.customer.name}
        assert {line["P.IVA cliente"] for line in mine} == {s.customer.vat_number}
        for a, f in zip(AMOUNTS, FIELDS, strict=True):
            assert sum((D(line[a]) for line in mine), D(0)) == getattr(s, f)
        assert sum(int(line["Scatti"]) for line in mine) == s.units
    whole = next(line for line in lines if line["Richiesta"] == month.whole)
    assert (whole["Sconti"], whole["Imponibile"], whole["Totale"]) == ("-46.00", "219.00", "267.18")
    warranty = next(line for line in lines if line["Richiesta"] == month.warranty)
    assert warranty["Non fatturato"] == "Garanzia – non fatturato"
    assert {line["Mese"] for line in lines} == {"2026-11"}


def test_a_formula_in_customer_text_is_neutralised(ctx, clock):
    month = november(ctx, clock)
    lines = _read(month_csv([summaries.month_summary(ctx, "2026-11", month.farmacia)]))
    formula = next(line for line in lines if line["Richiesta"] == month.formula)
    assert formula["Oggetto"] == "'" + FORMULA
    # negative amounts are numbers, not text: left alone
    assert any(line["Sconti"].startswith("-") for line in lines)


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+39 333 1234567", "'+39 333 1234567"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'=1+1"),  # a tab is a space, trimmed: the = is first again
        ("\r=1+1", "'=1+1"),
        ("Stampa =1+1", "Stampa =1+1"),
        ("riga 1\nriga 2", "riga 1 riga 2"),
        ("\x1b[31mrosso\x1b[0m", "rosso"),
        ("Caffè € 2", "Caffè € 2"),
    ],
)
def test_text_cells(typed, written):
    assert text_cell(typed) == written


def test_hostile_customer_names_and_english_headers():
    summary = many_rows(3)
    odd = type(summary)(
        summary.month,
        summary.customer_id,
        type(summary.customer)(f"@Bar {HOSTILE}", vat_number="=IT1"),
        summary.company,
        summary.vat_percent,
        summary.rows,
    )
    data = month_csv([odd], "en")
    lines = _read(data)
    assert list(lines[0]) == [
        "Month",
        "Customer no.",
        "Customer",
        "Customer VAT no.",
        "Report",
        "Revision",
        "Date",
        "Incident",
        "Subject",
        "Units",
        "Labour",
        "Discounts",
        "Materials",
        "Taxable",
        "VAT rate",
        "VAT",
        "Total",
        "Not invoiced",
        "Price of a unit",
        "Plan prices",
    ]
    assert lines[0]["Customer"].startswith("'@Bar [red]x[/red]")
    assert "\x1b" not in data.decode("utf-8-sig")
    assert lines[0]["Customer VAT no."] == "'=IT1"
    assert lines[0]["Not invoiced"] == "Warranty – not invoiced"
    assert sum((D(line["Total"]) for line in lines), D(0)) == odd.total
