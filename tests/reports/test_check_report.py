"""A health check's report for the customer (seed 004): PDF and Markdown, Italian and
English, read back: what was checked and found, the repeat after a dangerous condition,
the incident opened, and the seed's statement that no personal documents or mail were
opened."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from markdown_it import MarkdownIt

from techconsole.reports.check_json import check_json_text
from techconsole.reports.check_markdown import check_markdown
from techconsole.reports.check_pdf import check_pdf
from techconsole.services.checks.views import CheckReport, CheckView, ItemView
from techconsole.services.documents.report_views import Party

from .example import HOSTILE, pdf_text

DONE = datetime(2026, 2, 3, 15, 30, tzinfo=UTC)  # 16:30 in Rome


def report() -> CheckReport:
    check = CheckView(
        id=1,
        number="CP-2026-0007",
        asset_id=3,
        asset="PC-Reception",
        asset_kind="workstation",
        serial="SN-1",
        os="Windows 11 Pro",
        location="Reception, Maria",
        customer_id=1,
        customer="Studio Rossi",
        done_at=DONE,
        done_by="bruno",
        done_by_name="Bruno Neri",
        due_on=date(2026, 2, 3),
        repeat_of=None,
        repeat_by=date(2026, 2, 10),
        repeated_by=None,
        no_personal_access=True,
        note="Consigliata la sostituzione del disco.",
        items=(
            ItemView("system_logs", "ok"),
            ItemView("antivirus", "fixed", "firme aggiornate, scansione completa avviata"),
            ItemView("backup", "ok"),
            ItemView("disk_health", "danger", "SMART: 120 settori riallocati", "2026-000031"),
            ItemView("os_updates", "problem", "aggiornamento KB5034441 in errore"),
            ItemView("free_space", "na"),
        ),
        recorded_at=DONE,
    )
    return CheckReport(
        check=check,
        company=Party("Esempio Tecnica S.r.l.", "Via dell'Esempio 1, Roma", "IT00000000000"),
        customer=Party("Studio Rossi", "Via Roma 2, Roma", "IT11111111111"),
        zone="Europe/Rome",
    )


def test_the_pdf_in_italian_says_what_was_checked_and_found():
    pages = pdf_text(check_pdf(report()))
    assert len(pages) == 1
    text = pages[0]
    for said in (
        "RAPPORTO DI CONTROLLO PERIODICO",
        "N. CP-2026-0007",
        "Studio Rossi",
        "PC-Reception",
        "Windows 11 Pro",
        "03/02/2026 16:30",
        "Bruno Neri",
        "controllo mensile concordato per il 03/02/2026",
        "Registri di sistema regolare",
        "Antivirus aggiornato e attivo problema risolto sul posto firme aggiornate",
        "Stato dei dischi condizione di pericolo SMART: 120 settori riallocati",
        "entro il 10/02/2026",
        "2026-000031",
        "Le operazioni svolte non hanno richiesto l'accesso ai documenti personali né ai "
        "client di posta elettronica.",
    ):
        assert said in text, said
    assert check_pdf(report()) == check_pdf(report())  # the same check, the same bytes


def test_the_pdf_in_english():
    text = pdf_text(check_pdf(report(), "en"))[0]
    for said in (
        "HEALTH CHECK REPORT",
        "System logs fine",
        "Disk health dangerous condition",
        "monthly check agreed for 3 Feb 2026",
        "repeated by 10 Feb 2026",
        "The check did not require access to personal documents or to e-mail clients.",
    ):
        assert said in text, said


def test_the_markdown_has_a_table_of_the_items_and_the_statement():
    md = check_markdown(report(), "it")
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<table>" in html
    assert "<td>Stato dei dischi</td>\n<td>condizione di pericolo</td>" in html
    assert "Le operazioni svolte non hanno richiesto" in md
    assert md.startswith("# Rapporto di controllo periodico CP-2026-0007")
    english = check_markdown(report(), "en")
    assert "| Disk health | dangerous condition | SMART: 120 settori riallocati |" in english


def test_a_technicians_text_reads_as_written_in_markdown():
    hostile = report()
    check = hostile.check
    items = (ItemView("system_logs", "problem", HOSTILE), *check.items[1:])
    hostile = replace(hostile, check=replace(check, items=items, note=HOSTILE))
    html = MarkdownIt("commonmark").enable("table").render(check_markdown(hostile, "en"))
    assert "<script>" not in html
    assert "\x1b" not in html
    assert "[red]x[/red]" in html


def test_the_json_is_the_same_in_every_language():
    data = json.loads(check_json_text(report().check, ZoneInfo("Europe/Rome")))
    assert data["number"] == "CP-2026-0007"
    assert data["done_at"] == "2026-02-03T16:30:00+01:00"
    assert data["outcome"] == "danger"
    assert data["repeat_by"] == "2026-02-10"
    assert data["items"][3] == {
        "item": "disk_health",
        "outcome": "danger",
        "finding": "SMART: 120 settori riallocati",
        "incident": "2026-000031",
    }
    assert data["no_personal_access"] is True
    assert data["statement"]["en"].startswith("The check did not require access")
