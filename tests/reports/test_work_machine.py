"""A work report on a customer's machine (seed 004): it names the machine and, when the
machine was not covered, says that the work is outside the contract and why."""

from __future__ import annotations

from dataclasses import replace

import pytest

from techconsole.reports.work_layout import layout
from techconsole.services.documents import work_reports
from techconsole.services.documents.report_views import ReportGap, from_json, to_json

from .example import whole_job

GAPS = (
    ReportGap("not_installed", {"software": "backup", "day": "12/11/2026"}),
    ReportGap("never_verified", {"software": "antivirus", "day": ""}),
)


@pytest.fixture
def view(ctx, clock):
    return work_reports.find(ctx, whole_job(ctx, clock))


def _job(view, lang: str) -> dict[str, str]:
    return {f.label: f.value for f in layout(view, lang).job}


def test_a_covered_machine_is_named_and_the_contract_stands(view):
    on_machine = replace(view, content=replace(view.content, machine="PC-Cassa"))
    job = _job(on_machine, "it")
    assert job["Macchina"] == "PC-Cassa"
    assert job["Contratto"] == "Sì – Basic 8×5"


def test_an_uncovered_machine_puts_the_work_outside_the_contract(view):
    content = replace(view.content, machine="PC-Cassa", machine_gaps=GAPS)
    uncovered = replace(view, content=content)
    assert _job(uncovered, "it")["Contratto"] == (
        "No – Basic 8×5: la macchina non era coperta "
        "(backup non installato dal 12/11/2026; antivirus mai verificato)"
    )
    assert _job(uncovered, "en")["Contract"] == (
        "No – Basic 8×5: the machine was not covered "
        "(backup not installed since 12 Nov 2026; antivirus never verified)"
    )
    # stored and read back as issued
    assert from_json(type(content), to_json(content)) == content


def test_no_machine_no_line(view):
    assert "Macchina" not in _job(view, "it")
    assert "machine" not in to_json(view.content)
