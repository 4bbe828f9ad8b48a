from __future__ import annotations

from techconsole.services.incidents import intake, ownership, queue


def test_open_claim_and_queue(ctx):
    opened = intake.open_incident(ctx, intake.NewIncident(1, "URGENTE: server fermo", severity="A"))
    assert opened.number == "2026-000001"
    assert opened.urgent
    assert opened.plan == "basic"
    assert opened.contract
    claimed = ownership.claim(ctx.as_("bruno"), opened.number)
    assert claimed.assignee == "bruno"
    assert claimed.status == "in_progress"
    page = queue.queue(ctx)
    assert [r.number for r in page.rows] == ["2026-000001"]
    assert page.total == 1
