"""The activity report PDF, read back with pypdf: every operation with its local time,
technician, incident, action worded, text as written and details; the services' own
sentences worded in the report's language; long periods over several pages."""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

from techconsole.reports.activity_pdf import activity_pdf
from techconsole.services.customers import registry as customers
from techconsole.services.documents import activity

from .example import HOSTILE, pdf_text
from .month_example import ads_story, many_operations, november

ROME = ZoneInfo("Europe/Rome")
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))


def _text(report, lang="it") -> str:
    return " ".join(pdf_text(activity_pdf(report, lang)))


def test_every_operation_is_listed_when_by_whom_and_what(ctx, clock):
    month = november(ctx, clock)
    report = activity.activity(ctx, month.farmacia, *NOVEMBER)
    text = _text(report)
    assert "REGISTRO DELLE ATTIVITÀ Novembre 2026" in text
    assert "Farmacia Sant'Antonio di Pérez & C. S.a.s." in text
    assert f"Operazioni {len(report.rows)} Richieste {len(report.incidents)}" in text
    assert "Orari nel fuso Europe/Rome" in text
    position = 0
    for row in report.rows:  # in time order, each with its local time and technician
        local = row.at.astimezone(ROME)
        stamp = f"{local:%d/%m/%Y %H:%M}"
        found = text.find(stamp, position)
        assert found >= position, (stamp, row.action)
        position = found
    # the examples.md job, step by step (Rome time, UTC+1 in November)
    whole = month.whole
    for expected in (
        f"23/11/2026 08:40 Anna Rossi {whole} Richiesta ricevuta Il PC della cassa non si accende",
        f"23/11/2026 11:30 Anna Rossi {whole} Arrivo presso il cliente",
        f"23/11/2026 11:30 Anna Rossi {whole} Inizio lavoro presso il cliente",
        f"23/11/2026 12:35 Anna Rossi {whole} Fine lavoro Diagnosi: modulo RAM guasto",
        "1 h 5 min · 4 scatti",
        f"{whole} Materiale RAM 8 GB DDR4 2666 q.tà 1 · 35,00 € l'uno",
        f"23/11/2026 15:00 Anna Rossi {whole} Risolta PC avviato, cassa funzionante. "
        "problema risolto",
        "emesso il rapporto di lavoro RL-2026-0001",
    ):
        assert expected in text, expected
    # the customer's own records, without an incident
    assert re.search(r"Anagrafica Cliente registrato Farmacia Sant'Antonio", text)
    assert "Anagrafica Contratto registrato basic" in text
    assert "Anagrafica Referente aggiunto Maria Bianchi" in text
    assert "Bruno Neri" in text  # the warranty job was his
    assert "Amministratore di sistema No" in text and "titolare del trattamento" not in text


def test_the_services_own_sentences_are_worded(ctx, clock):
    number = ads_story(ctx, clock)
    report = activity.activity(ctx, 1, date(2026, 11, 16), date(2026, 11, 16))
    text = _text(report)
    for expected in (
        "16/11/2026 09:00 Anna Rossi",
        # the role in Italian (the report said "employee" before the events were data)
        "Sospesa in attesa dell'autorizzazione del titolare o dell'ADS (la richiesta è di "
        "Luca Verdi, dipendente)",
        "Autorizzazione ricevuta Maria Bianchi · titolare · tramite e-mail",
        "Ripresa autorizzazione ricevuta",
        "Account del server account del server fornito da Maria Bianchi (password non registrata)",
        "Bruno Neri",
        "Inizio lavoro remoto",
        "Fine lavoro 50 min · 3 scatti",
        "Nota Verificati i log di sistema",
        "Risolta non risolto",
        "Intervento successivo aperto l'intervento successivo",
        "Rapporto di lavoro emesso il rapporto di lavoro",
    ):
        assert expected in text, expected
    assert number in text
    english = _text(report, "en")
    for expected in (
        "ACTIVITY REPORT 16 Nov 2026 to 16 Nov 2026",
        "Paused waiting for the authorisation of a titolare or ADS (asked by Luca Verdi, employee)",
        "Authorisation received Maria Bianchi · owner (titolare) · by e-mail",
        "Work stopped 50 min · 3 units",
        "Resolved not solved",
        "server account provided by Maria Bianchi (password not recorded)",
        "Page 1 of 1",
    ):
        assert expected in english, expected
    assert "Sospesa" not in english and "scatti" not in english


def test_for_an_ads_customer_it_is_addressed_to_the_data_controller(ctx, clock):
    odd = customers.NewCustomer(
        f"Studio {HOSTILE}", address="Via\x1b]0;x\x07 Po 2", we_are_ads=True
    )
    ads = customers.add_customer(ctx, odd).id
    report = activity.activity(ctx, ads, *NOVEMBER)
    text = _text(report)
    assert "Amministratore di sistema Sì – la nostra azienda (ADS)" in text
    assert "questo registro è per il titolare del trattamento dei dati" in text
    assert "[red]x[/red]" in text and "\x1b" not in text and "Via Po 2" in text
    assert "Anagrafica Cliente registrato Studio" in text


def test_an_empty_period_is_said(ctx):
    report = activity.activity(ctx, 1, date(2027, 1, 1), date(2027, 1, 31))
    text = _text(report)
    assert "Nessuna operazione per il cliente nel periodo." in text
    assert "Operazioni 0 Richieste 0" in text and "Gennaio 2027" in text


def test_a_long_period_runs_onto_pages_with_headings():
    long_note = "Controllati i log " + "e le copie di sicurezza del server " * 70
    report = many_operations(160, long_note)
    pages = pdf_text(activity_pdf(report))
    assert len(pages) >= 5
    for n, page in enumerate(pages, 1):
        assert "Data e ora Tecnico Richiesta Operazione Descrizione Dettagli" in page
        assert f"Pagina {n} di {len(pages)}" in page
        if n > 1:
            assert "Registro delle attività dal 01/11/2026 al 30/11/2026 – Bar Sport" in page
    text = " ".join(pages)
    for i in range(160):  # every note, whole (wrapped, not cut), once
        assert text.count(f"del server {i + 1} ") == 1, i
    assert text.count("Controllati i log") == 160
    assert "…" not in text


def test_a_note_taller_than_a_page_is_split_not_lost():
    report = many_operations(2, "parola " * 2500)
    pages = pdf_text(activity_pdf(report))
    assert len(pages) >= 3
    assert " ".join(pages).count("parola") == 5000
