"""Monthly summaries as one CSV file for the accountant: a header row, then one line per
work report of every summary given (one customer, or all of them), with the customer's
code, name and VAT number on each line.

Dates are ISO (``2026-11-23``); amounts are plain numbers with a dot and no currency
(``1234.50``, ``-46.00``) that sum to the summary's totals to the cent; the headers follow
the language.  There is no totals line, so summing a column gives the total.

Every CSV techconsole writes (this one and :mod:`.activity_csv`) is UTF-8 with a
byte-order mark (so Excel shows accents and € right), comma-separated, quoted where
needed, with CRLF line ends.  Text a customer or a technician typed is one line, control
characters removed, and a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets an apostrophe in front, so no spreadsheet reads it as a formula (CSV
injection).  Numbers written by techconsole itself (amounts like ``-46.00``) are left as
they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from techconsole.domain.money import plain, plain_number
from techconsole.reports.blocks import clean
from techconsole.reports.i18n import Lang
from techconsole.reports.summary_words import SummaryWords, customer_code
from techconsole.services.documents.summaries import MonthSummary, SummaryRow

ENCODING = "utf-8-sig"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADERS = (
    "month",
    "customer_no",
    "col_customer",
    "col_customer_vat",
    "col_report",
    "col_revision",
    "col_date",
    "col_incident",
    "col_subject",
    "col_units",
    "col_labour",
    "col_discounts",
    "col_materials",
    "col_taxable",
    "col_vat_rate",
    "col_vat",
    "col_total",
    "col_free",
    "col_unit_price_long",
    "col_price_plan",
)


def text_cell(text: str) -> str:
    """Typed text for a cell: one line, without controls, never a formula."""
    value = clean(text, one_line=True)
    if value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """The file's bytes: ``header`` (neutralised too), then ``rows`` as given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([text_cell(h) for h in header])
    writer.writerows(rows)
    return buffer.getvalue().encode(ENCODING)


def month_csv(summaries: Sequence[MonthSummary], lang: Lang = "it") -> bytes:
    """The CSV file's bytes for ``summaries`` (in their order, reports by date)."""
    w = SummaryWords(lang)
    rows = [_line(w, s, r) for s in summaries for r in s.rows]
    return csv_bytes([w[key] for key in HEADERS], rows)


def _line(w: SummaryWords, s: MonthSummary, r: SummaryRow) -> list[str]:
    return [
        s.month,
        customer_code(s.customer_id),
        text_cell(s.customer.name),
        text_cell(s.customer.vat_number),
        r.number,
        str(r.revision),
        r.report_date.isoformat(),
        r.incident,
        text_cell(r.subject),
        str(r.units),
        plain(r.labour),
        plain(r.discounts),
        plain(r.materials),
        plain(r.taxable),
        plain_number(s.vat_percent),
        plain(r.vat),
        plain(r.total),
        text_cell(w.free_short(r.free_reason)),
        "" if r.unit_price is None else plain(r.unit_price),
        text_cell(w.price_plan(r.price_plan, r.mixed_prices)),
    ]
