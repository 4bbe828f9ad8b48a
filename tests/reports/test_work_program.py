"""The work report names the customer's program the work was about (seed 001: a
reseller's free first year counts "per ogni programma"): in Markdown, PDF and JSON, in
Italian and English; a report on no program says nothing of one and keeps the form (and
the fingerprint) it had before programs were named."""

from __future__ import annotations

import json
from datetime import date

import pytest

from techconsole.reports.work_json import work_json_text
from techconsole.reports.work_layout import layout
from techconsole.reports.work_markdown import work_markdown
from techconsole.reports.work_pdf import work_pdf
from techconsole.services.customers import programs
from techconsole.services.documents import work_reports
from techconsole.services.documents.report_views import from_json, to_json
from techconsole.services.incidents import closing, intake, workflow

from .example import customer, pdf_text, whole_job

PROGRAM = "Gestionale Farmacia"


@pytest.fixture
def view(ctx, clock):
    """The whole example job, about the customer's management program."""
    who = customer(ctx)
    programs.add_program(ctx, who, PROGRAM, reseller_since=date(2026, 3, 1))
    return work_reports.find(ctx, whole_job(ctx, clock, who=who, program="gestionale farmacia"))


def test_the_report_names_the_program_as_the_customer_s_is_spelled(view):
    assert view.content.program == PROGRAM
    job_it = {f.label: f.value for f in layout(view, "it").job}
    job_en = {f.label: f.value for f in layout(view, "en").job}
    assert job_it["Programma"] == PROGRAM
    assert job_en["Program"] == PROGRAM
    # after the incident number and the contract, with the machine
    assert list(job_it)[:3] == ["Richiesta n.", "Contratto", "Programma"]


def test_in_markdown_pdf_and_json(view):
    assert f"- **Programma:** {PROGRAM}" in work_markdown(view, "it")
    assert f"- **Program:** {PROGRAM}" in work_markdown(view, "en")
    assert f"Programma {PROGRAM}" in " ".join(pdf_text(work_pdf(view, "it")))
    assert f"Program {PROGRAM}" in " ".join(pdf_text(work_pdf(view, "en")))
    document = json.loads(work_json_text(view))
    assert document["content"]["program"] == PROGRAM
    assert from_json(type(view.content), to_json(view.content)) == view.content


def test_no_program_no_line_and_the_json_as_before(ctx, clock):
    plain = work_reports.find(ctx, whole_job(ctx, clock))
    assert plain.content.program == ""
    assert "Programma" not in {f.label for f in layout(plain, "it").job}
    assert "Programma" not in work_markdown(plain, "it")
    assert "program" not in to_json(plain.content)  # the fingerprint of older reports holds


def test_a_program_named_at_triage_is_on_the_report(ctx, clock):
    """Named at triage (the console's form ``t``), not at intake."""
    who = customer(ctx)
    programs.add_program(ctx, who, PROGRAM)
    number = intake.open_incident(ctx, intake.NewIncident(who, "Stampa fatture")).number
    workflow.triage(ctx, number, program="GESTIONALE farmacia")
    closing.resolve(ctx, number, resolved=True)
    assert work_reports.find(ctx, number).content.program == PROGRAM
