"""The work report PDF, read back with pypdf: every figure of the examples.md report as the
billing engine computes it, the facts the issue lists, € and accents, one page."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from techconsole.domain.money import eur
from techconsole.reports.work_pdf import work_pdf
from techconsole.services.documents import work_reports
from techconsole.services.incidents import closing, workflow
from techconsole.services.work import billing, materials, timer

from .example import HOSTILE, pdf_text, rome, whole_job

D = Decimal


def _money(value: Decimal, locale: str = "it_IT") -> str:
    return eur(value, locale).replace("\xa0", " ")


def test_every_figure_of_the_example_matches_the_billing_engine(ctx, clock):
    number = whole_job(ctx, clock)
    view = work_reports.find(ctx, number)
    pages = pdf_text(work_pdf(view))
    assert len(pages) == 1
    text = pages[0]
    bill = billing.bill_incident(ctx, number).bill
    c = view.content
    # the engine, the issued content and examples.md agree…
    assert (bill.taxable, bill.vat, bill.total) == (c.taxable, c.vat, c.total)
    assert (c.taxable, c.vat, c.total) == (D("219.00"), D("48.18"), D("267.18"))
    # …and the PDF prints each of the engine's lines and totals
    for line in bill.lines:
        assert _money(line.amount) in text, line
    for figure in ("160,00 €", "40,00 €", "30,00 €", "-46,00 €", "35,00 €"):
        assert figure in text
    units = [int(n) for n in re.findall(r"(\d+) scatt[io]\b", text)]
    assert sum(units) == bill.units == c.units == 5
    assert "Manodopera – presso il cliente, 65 min 4 scatti 40,00 € 160,00 €" in text
    assert "Manodopera – presso il cliente, 20 min 1 scatto 40,00 € 40,00 €" in text
    assert "Diritto di chiamata (uscita) 1 30,00 € 30,00 €" in text
    assert "Sconto ritardo 20 % su 230,00 € 20 % -46,00 €" in text
    assert "arrivo con 1 h di ritardo: 20 % per ogni ora" in text
    assert "RAM8 RAM 8 GB DDR4 2666 SN-4471-A No 1 35,00 € 35,00 €" in text
    totals = [
        f"Manodopera e uscita {_money(c.labour)}",
        f"Sconti {_money(c.discounts)}",
        f"Materiali {_money(c.materials_total)}",
        f"Imponibile {_money(bill.taxable)}",
        f"IVA 22 % {_money(bill.vat)}",
        f"Totale {_money(bill.total)}",
    ]
    positions = [text.index(t) for t in totals]
    assert positions == sorted(positions)
    assert "Totale 267,18 €" in text


def test_the_pdf_has_every_fact_the_issue_asks_for(ctx, clock):
    text = pdf_text(work_pdf(work_reports.find(ctx, whole_job(ctx, clock))))[0]
    expected = [
        "La Vostra Assistenza S.r.l.",  # the company header (default policy)
        "Via dell'Esempio 1, 00100 Roma (RM)",
        "RAPPORTO DI LAVORO",
        "N. RL-2026-0001",
        "Data 23/11/2026",
        "Ragione sociale Farmacia Sant'Antonio di Pérez & C.",
        "P.IVA IT09876543210",
        "Sede dell'intervento Corso Garibaldi 12, 20121 Milano (MI)",
        "Referente Maria Bianchi (titolare)",
        "Richiesta n. 2026-000001",
        "Contratto Sì – Basic 8×5",
        "Urgente No",
        "Arrivo promesso 23/11/2026 10:00",
        "Arrivo effettivo 23/11/2026 11:30",
        "Ritardo 1 h 30 min",
        "Tecnico Anna Rossi",
        "GUASTO SEGNALATO Il PC della cassa non si accende",
        "All'accensione la ventola parte ma lo schermo resta nero; tre bip.",
        "23/11/2026 11:30 12:35 presso il cliente Anna Rossi 1 h 5 min",
        "23/11/2026 14:00 14:20 presso il cliente Anna Rossi 20 min",
        "Diagnosi: modulo RAM guasto (test memoria fallito), alimentatore ok.",
        "PC avviato, cassa funzionante.",
        "Problema risolto Sì (23/11/2026 15:00)",
        "Il tecnico Nome e cognome Anna Rossi Data Firma",
        "Il cliente – per accettazione Nome e cognome Data Firma",
        "Pagina 1 di 1",
    ]
    for fact in expected:
        assert fact in text, fact
    assert "SOSTITUITO" not in text
    assert "non fatturato" not in text


def test_a_typical_job_with_a_few_more_notes_stays_on_one_page(ctx, clock):
    number = whole_job(ctx, clock)
    for i in range(4):
        clock.advance(minutes=5)
        workflow.note(
            ctx, number, f"Nota {i}: controllati cavi, ventole e aggiornamenti di Windows."
        )
    view = work_reports.find(ctx, number)
    assert view.revision == 4  # each note issued a revision
    pages = pdf_text(work_pdf(view))
    assert len(pages) == 1
    assert "Nota 3: controllati cavi" in pages[0]


def test_english(ctx, clock):
    text = pdf_text(work_pdf(work_reports.find(ctx, whole_job(ctx, clock)), "en"))[0]
    for fact in (
        "WORK REPORT",
        "No. RL-2026-0001",
        "Date 23 Nov 2026",
        "Contract Yes – Basic 8×5",
        "Urgent No",
        "Delay 1 h 30 min",
        "Labour – on site, 65 min 4 units €40.00 €160.00",
        "Call-out fee 1 €30.00 €30.00",
        "Late-arrival discount 20 % of €230.00 20 % -€46.00",
        "arrival 1 h late: 20 % for each hour",
        "Taxable amount €219.00",
        "VAT 22 % €48.18",
        "Total €267.18",
        "Problem solved Yes",
        "The customer – for acceptance Name Date Signature",
        "Page 1 of 1",
    ):
        assert fact in text, fact
    for italian in ("Imponibile", "Totale", "4 scatti", "Firma", "Sì"):
        assert italian not in text


def test_customer_text_outside_the_core_fonts_is_replaced_not_fatal(ctx, clock):
    subject = f"{HOSTILE} Zürich → Łódź 日本 ✓ “ok” – 1/2 ½ ﬁne"
    number = whole_job(ctx, clock, subject=subject, description="Riga 1\nRiga 2\x07\x1b]0;x\x07")
    pages = pdf_text(work_pdf(work_reports.find(ctx, number)))
    assert len(pages) == 1
    text = pages[0]
    assert "[red]x[/red] rosso | a | b * _c_ `d` <script>alert(1)</script> # [l](u)" in text
    assert "Zürich -> Lódz ?? v “ok” – 1/2 ½ fine" in text
    assert "\x1b" not in text and "\x07" not in text
    assert "Riga 1 Riga 2" in text


def test_a_long_job_flows_onto_more_pages_with_the_signatures_at_the_end(ctx, clock):
    number = whole_job(ctx, clock, description="Descrizione lunga. " * 80)
    closing.reopen(ctx, number, "altro lavoro")
    for day in range(24, 30):
        for hour in (9, 11, 15):
            clock.value = rome(2026, 11, day, hour, 0)
            timer.start(ctx, number, kind="remote")
            clock.advance(minutes=50)
            timer.stop(ctx, note=f"Intervento del {day} alle {hour}: " + "verifiche varie, " * 8)
    materials.add_material(ctx, number, "Alimentatore " + "X" * 300, quantity="1", unit_price="80")
    clock.value = rome(2026, 11, 30, 17, 0)
    closing.resolve(ctx, number, resolved=True)
    view = work_reports.find(ctx, number)
    pages = pdf_text(work_pdf(view))
    assert len(pages) >= 2
    assert f"Pagina 1 di {len(pages)}" in pages[0]
    assert "Il cliente – per accettazione" in pages[-1]
    assert f"Totale {_money(view.content.total)}" in " ".join(pages)


def test_a_superseded_revision_says_so(ctx, clock):
    number = whole_job(ctx, clock)
    clock.advance(hours=1)
    materials.add_material(ctx, number, "Cavo SATA", quantity="2", unit_price="3,50")
    old = pdf_text(work_pdf(work_reports.find(ctx, "RL-2026-0001", revision=0)))[0]
    assert "SOSTITUITO il 23/11/2026 16:00 da una revisione successiva" in old
    assert "Totale 267,18 €" in old
    new = pdf_text(work_pdf(work_reports.find(ctx, number)))[0]
    assert "N. RL-2026-0001 rev. 1" in new
    assert "Revisione 1: sostituisce la revisione precedente" in new
    assert "SOSTITUITO" not in new
    assert "Cavo SATA" in new and "Imponibile 226,00 €" in new
    english = pdf_text(work_pdf(work_reports.find(ctx, number, revision=0), "en"))[0]
    assert "SUPERSEDED on 23 Nov 2026 16:00" in english


def test_warranty_work_is_reported_and_marked_not_invoiced(ctx, clock):
    number = whole_job(ctx, clock, warranty=True)
    view = work_reports.find(ctx, number)
    assert view.content.free_reason == "warranty"
    text = pdf_text(work_pdf(view))[0]
    assert "Garanzia – non fatturato" in text
    assert "In garanzia Sì" in text
    # under each zeroed line, and once more beside the totals
    assert text.count("Garanzia – non fatturato") == len(view.content.lines) + 1
    assert f"Totale {_money(view.content.total)}" in text
    english = pdf_text(work_pdf(view, "en"))[0]
    assert "Warranty – not invoiced" in english


def test_an_unresolved_visit_names_its_follow_up(ctx, clock):
    number = whole_job(ctx, clock)
    closing.reopen(ctx, number, "il PC si spegne ancora")
    clock.advance(hours=1)
    closing.resolve(ctx, number, resolved=False, note="Serve una scheda madre")
    view = work_reports.find(ctx, number)
    text = pdf_text(work_pdf(view))[0]
    assert "Problema risolto No" in text
    assert f"Intervento successivo {view.content.follow_up} (senza costi per il cliente)" in text


def test_the_same_report_gives_the_same_file(ctx, clock):
    view = work_reports.find(ctx, whole_job(ctx, clock))
    first = work_pdf(view)
    assert first.startswith(b"%PDF-")
    assert work_pdf(view) == first


def test_the_contact_role_reads_in_the_reports_language(ctx, clock):
    """ "Daniela Benedetti (employee)" was in an Italian report: the contact's role is a
    code of the store, said in words like the timeline's roles."""
    view = work_reports.find(ctx, whole_job(ctx, clock))
    assert view.content.contact_role == "titolare"
    for code, italian, english in (
        ("employee", "(dipendente)", "(employee)"),
        ("ads", "(ADS)", "(ADS)"),
        ("titolare", "(titolare)", "(owner)"),
    ):
        shown = replace(view, content=replace(view.content, contact_role=code))
        assert f"Referente Maria Bianchi {italian}" in pdf_text(work_pdf(shown))[0]
        assert f"Contact Maria Bianchi {english}" in pdf_text(work_pdf(shown, "en"))[0]
