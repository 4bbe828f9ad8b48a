"""What the console's alerts read: clocks in their band or breached, incidents recorded
and resolved since the last read, for the person (their own and the unassigned ones) or,
for a lead, the whole team."""

from __future__ import annotations

from techconsole.services.incidents import alerts, closing, ownership

from .support import open_, rome


def test_a_technician_is_told_of_theirs_and_the_unassigned_a_lead_of_all(ctx, clock):
    """Basic A: 4 business hours from Monday 10:00, due 15:00 (lunch 13–14), at risk from
    14:00 (its last hour); Basic B: 8 hours, due Tuesday 10:00."""
    bruno = ctx.as_("bruno")
    first = alerts.scan(bruno, team=False, after_id=None, since=None, now=clock())
    assert (first.clocks, first.opened, first.resolved) == ((), (), ())
    mine = open_(ctx, "Server fermo", severity="A")
    theirs = open_(ctx, "Posta lenta", severity="A")
    free = open_(ctx, "Toner", severity="A")
    ownership.claim(bruno, mine.number)
    ownership.claim(ctx, theirs.number)  # anna's
    later = alerts.scan(bruno, team=False, after_id=first.last_id, since=first.now, now=clock())
    assert {line.number for line in later.opened} == {mine.number, free.number}
    team = alerts.scan(ctx, team=True, after_id=first.last_id, since=first.now, now=clock())
    assert {line.number for line in team.opened} == {mine.number, theirs.number, free.number}
    assert later.last_id == team.last_id > first.last_id

    clock.value = rome(2026, 11, 23, 14, 10)
    scan = alerts.scan(bruno, team=False, after_id=later.last_id, since=later.now, now=clock())
    assert scan.opened == ()
    assert {(line.number, line.band, line.staffed) for line in scan.clocks} == {
        (mine.number, "warning", True),
        (free.number, "warning", True),
    }
    line = next(line for line in scan.clocks if line.number == mine.number)
    assert (line.clock, line.due, line.subject, line.assignee) == (
        "response",
        rome(2026, 11, 23, 15, 0),
        "Server fermo",
        "bruno",
    )

    clock.value = rome(2026, 11, 23, 18, 30)  # breached, and the office is closed
    scan = alerts.scan(ctx, team=True, after_id=scan.last_id, since=scan.now, now=clock())
    assert {(line.number, line.band, line.staffed) for line in scan.clocks} == {
        (mine.number, "breached", False),
        (theirs.number, "breached", False),
        (free.number, "breached", False),
    }


def test_resolved_since_the_last_read(ctx, clock):
    bruno = ctx.as_("bruno")
    done = open_(ctx, "Stampante", severity="B")
    other = open_(ctx, "Mouse", severity="B")
    ownership.claim(bruno, done.number)
    before = alerts.scan(bruno, team=False, after_id=None, since=None, now=clock())
    clock.advance(minutes=5)
    closing.resolve(bruno, done.number, resolved=True)
    closing.resolve(ctx, other.number, resolved=True)  # unassigned until anna resolves it
    scan = alerts.scan(bruno, team=False, after_id=before.last_id, since=before.now, now=clock())
    assert [line.number for line in scan.resolved] == [done.number]
    assert scan.resolved[0].status == "resolved"
    lead = alerts.scan(ctx, team=True, after_id=before.last_id, since=before.now, now=clock())
    assert [line.number for line in lead.resolved] == [done.number, other.number]
    again = alerts.scan(ctx, team=True, after_id=lead.last_id, since=lead.now, now=clock())
    assert again.resolved == ()
