"""The lead's team figures as a PDF of charts, from figures made by hand and read back
with pypdf: the titles, the plans, the customers as written (the first ten), the axes'
months, weeks and days, the figures in each language's format; one page, always the same
bytes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from techconsole.reports.charts import scale
from techconsole.reports.team_pdf import team_month, team_pdf
from techconsole.services.documents.report_views import Party
from techconsole.services.team.stats import (
    CustomerMisses,
    DayQueue,
    MonthCompliance,
    TeamStats,
    WeekScatti,
)

from .example import pdf_text

ROME = ZoneInfo("Europe/Rome")
NOW = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 December in Rome
COMPANY = Party("Assistenza Rossi S.r.l.", "Via Roma 1, Milano", "IT01234567890")
PLANS = (("basic", "Basic 8×5"), ("professional", "Professional 8×7"))
LONG = "Studio Legale Associato Bianchi, Verdi, Rossi e Neri — sede di Milano Porta Romana"
HOSTILE = "[red]Bar[/red] \x1b[31mSport"


def _stats(*, queue: int = 1800, months: int = 12) -> TeamStats:
    every = ("2025-11", "2025-12", *(f"2026-{m:02d}" for m in range(1, 13)))
    months = every[-months:]
    compliance = tuple(
        MonthCompliance(month, plan, label, 3 * (i % 4), max(3 * (i % 4) - 1, 0))
        for i, month in enumerate(months)
        for plan, label in PLANS
    )
    misses = (
        CustomerMisses(LONG, 30),
        CustomerMisses(HOSTILE, 25),
        *(CustomerMisses(f"Cliente {n:02d}", 20 - n) for n in range(12)),
    )
    weeks = tuple(date(2026, 11, 30) - timedelta(weeks=n) for n in range(7, -1, -1))
    scatti = tuple(
        WeekScatti(week, login, 10 * i + n)
        for i, week in enumerate(weeks)
        for n, login in enumerate(("anna", "bruno", "carla"))
    )
    days = tuple(date(2026, 12, 1) - timedelta(days=n) for n in range(29, -1, -1))
    queue_sizes = tuple(DayQueue(day, queue if n == 29 else n) for n, day in enumerate(days))
    return TeamStats(NOW, months, compliance, misses, weeks, scatti, queue_sizes)


def test_the_charts_in_italian():
    stats = _stats()
    [page] = pdf_text(team_pdf(stats, COMPANY, ROME))
    # the month is the one in Rome: 1 December
    assert team_month(stats, ROME) == "2026-12"
    assert "COME È ANDATO IL TEAM Dicembre 2026 Dati al 01/12/2026 00:30" in page
    assert "Come è andato il team — Dicembre 2026 Pagina 1 di 1" in page
    assert "Assistenza Rossi S.r.l." in page
    assert "RISPETTO DEGLI SLA PER PIANO, MESE PER MESE Basic 8×5 Professional 8×7" in page
    # Italian short months, the year under the first and under January
    assert "0 % 25 % 50 % 75 % 100 % gen 2026 feb mar apr mag giu lug ago set ott nov dic" in page
    assert "OROLOGI SLA MANCATI PER CLIENTE" in page
    assert "Studio Legale Associato Bianchi, Verdi, Rossi e… 30"  # cut to fit in page
    assert "[red]Bar[/red] Sport 25" in page  # as written, the terminal's codes left out
    assert "\x1b" not in page
    assert "Cliente 07 13" in page and "Cliente 08" not in page  # the first ten
    assert "e altri 4 clienti: 42 orologi SLA mancati" in page  # 12 + 11 + 10 + 9
    assert "da gennaio 2026 a dicembre 2026" in page
    assert "SCATTI PER TECNICO, SETTIMANA PER SETTIMANA (DA LUNEDÌ) anna bruno carla" in page
    assert "19/10" in page and "30/11" in page
    assert "RICHIESTE APERTE A FINE GIORNATA" in page
    assert "0 500 1.000 1.500 2.000" in page  # the axis, in Italian format
    assert "01/12 1.800" in page  # the last day's bar
    assert "dal 02/11/2026 al 01/12/2026" in page


def test_the_charts_in_english():
    [page] = pdf_text(team_pdf(_stats(), COMPANY, ROME, "en"))
    assert "HOW THE TEAM DID December 2026 Figures as of 1 Dec 2026 00:30" in page
    assert "SLA COMPLIANCE PER PLAN, MONTH BY MONTH Basic 8×5 Professional 8×7" in page
    assert "Jan 2026 Feb Mar Apr May Jun Jul Aug" in page
    assert "MISSED CLOCKS PER CUSTOMER" in page
    assert "and 4 more customers: 42 missed clocks" in page
    assert "January 2026 to December 2026" in page
    assert "OPEN INCIDENTS AT THE END OF EACH DAY" in page
    assert "0 500 1,000 1,500 2,000" in page and "01/12 1,800" in page
    assert "Page 1 of 1" in page


def test_past_a_year_each_month_says_its_year():
    [page] = pdf_text(team_pdf(_stats(months=14), COMPANY, ROME, "en"))
    assert "100 % Nov 2025 Dec 2025 Jan 2026 Feb 2026 Mar 2026" in page


def test_nothing_to_chart_is_said():
    stats = _stats(queue=0)
    empty = TeamStats(NOW, stats.months, stats.compliance, (), stats.weeks, (), stats.queue)
    [page] = pdf_text(team_pdf(empty, COMPANY, ROME))
    assert "Nessun orologio SLA mancato in questi mesi." in page
    assert "Nessuna sessione di lavoro in queste settimane." in page


def test_the_same_figures_give_the_same_file():
    assert team_pdf(_stats(), COMPANY, ROME) == team_pdf(_stats(), COMPANY, ROME)


def test_axes_end_on_a_round_figure():
    assert scale(0) == (1, 1)
    assert scale(3) == (3, 1)
    assert scale(37) == (40, 10)
    assert scale(86) == (100, 25)
    assert scale(120) == (150, 50)
    assert scale(1500) == (1500, 500)
    assert scale(1800) == (2000, 500)
