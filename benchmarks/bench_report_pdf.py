"""Time to render one work report PDF (examples.md, "A whole work report").

Run by hand::

    python benchmarks/bench_report_pdf.py [--n 50] [--lang it]

The report is built in memory (no database): the examples.md job with its two sessions,
three notes, labour lines, call-out, late-arrival discount and one spare part.  The
first render is timed on its own (it pays for loading fpdf2's font metrics and Babel's
locale data); the figure is the median of the next N renders.  Target: under 150 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from results import record
from techconsole.reports.work_pdf import work_pdf
from techconsole.services.documents.report_views import (
    Party,
    ReportContent,
    ReportLine,
    ReportMaterial,
    ReportNote,
    ReportSession,
    WorkReportView,
)

TARGET_MS = 150.0
D = Decimal


def example() -> WorkReportView:
    """The examples.md work report: 219,00 taxable, 48,18 IVA, 267,18 total."""
    day = datetime(2026, 11, 23, tzinfo=UTC)

    def at(hour: int, minute: int) -> datetime:  # Rome is UTC+1 in November
        return day + timedelta(hours=hour - 1, minutes=minute)

    sessions = (
        ReportSession("Anna Rossi", "on_site", at(11, 30), at(12, 35), 65, "Diagnosi"),
        ReportSession("Anna Rossi", "on_site", at(14, 0), at(14, 20), 20, "RAM sostituita"),
    )
    notes = (
        ReportNote(at(12, 35), "Anna Rossi", "Diagnosi: modulo RAM guasto (test memoria)."),
        ReportNote(at(14, 20), "Anna Rossi", "Sostituita la RAM, verificato l'avvio."),
        ReportNote(at(15, 0), "Anna Rossi", "PC avviato, cassa funzionante."),
    )
    lines = (
        ReportLine(
            "labour",
            "labour_session",
            D(4),
            D("40.00"),
            D("160.00"),
            {"kind": "on_site", "minutes": "65"},
        ),
        ReportLine(
            "labour",
            "labour_session",
            D(1),
            D("40.00"),
            D("40.00"),
            {"kind": "on_site", "minutes": "20"},
        ),
        ReportLine("callout", "callout", D(1), D("30.00"), D("30.00")),
        ReportLine(
            "discount",
            "discount_late",
            D(20),
            D("230.00"),
            D("-46.00"),
            {"percent": "20"},
            "late_hours",
            {"hours": "1", "per_hour": "20"},
        ),
    )
    content = ReportContent(
        report_date=date(2026, 11, 23),
        zone="Europe/Rome",
        company=Party(
            "La Vostra Assistenza S.r.l.",
            "Via dell'Esempio 1, 00100 Roma (RM)",
            "IT00000000000",
            "",
            "assistenza@example.invalid",
        ),
        customer=Party(
            "Farmacia Sant'Antonio di Pérez & C. S.a.s.",
            "Corso Garibaldi 12, 20121 Milano (MI)",
            "IT09876543210",
        ),
        site="Corso Garibaldi 12, 20121 Milano (MI)",
        contact="Maria Bianchi",
        contact_role="titolare",
        contract=True,
        plan="basic",
        plan_label="Basic 8×5",
        incident="2026-000123",
        subject="Il PC della cassa non si accende",
        description="All'accensione la ventola parte ma lo schermo resta nero; tre bip.",
        severity="B",
        urgent=False,
        level=1,
        category="",
        warranty=False,
        reported_at=at(8, 40),
        promised_on_site_at=at(10, 0),
        on_site_at=at(11, 30),
        late_minutes=90,
        technicians=("Anna Rossi",),
        sessions=sessions,
        work_done=notes,
        resolved=True,
        resolved_at=at(15, 0),
        follow_up=None,
        lines=lines,
        materials=(
            ReportMaterial("RAM 8 GB DDR4 2666", D(1), D("35.00"), D("35.00"), "RAM8", "SN-4471-A"),
        ),
        units=5,
        unit_minutes=20,
        unit_price=D("40.00"),
        labour=D("230.00"),
        discounts=D("-46.00"),
        materials_total=D("35.00"),
        taxable=D("219.00"),
        vat_percent=D(22),
        vat=D("48.18"),
        total=D("267.18"),
    )
    return WorkReportView("RL-2026-0001", 0, at(15, 0), "anna", None, content)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="timed renders after the first")
    parser.add_argument("--lang", choices=("it", "en"), default="it")
    args = parser.parse_args(argv)
    view = example()
    start = time.perf_counter()
    first = work_pdf(view, args.lang)
    first_ms = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(args.n):
        start = time.perf_counter()
        work_pdf(view, args.lang)
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(f"work report PDF ({len(first):,} bytes, lang {args.lang})")
    print(f"  first render:            {first_ms:7.1f} ms (loads font metrics and locale data)")
    print(f"  median of {args.n:<3} renders:   {median:7.1f} ms")
    print(f"  fastest / slowest:       {min(times):7.1f} / {max(times):.1f} ms")
    verdict = "met" if median < TARGET_MS else "MISSED"
    record(
        "report_pdf",
        f"one work report PDF ({args.lang})",
        times,
        target=f"< {TARGET_MS:.0f} ms",
        met=median < TARGET_MS,
    )
    print(f"  target < {TARGET_MS:.0f} ms:          {verdict}")
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
