"""The demo's loaner PCs (seed 004), under a policy that says when one is due
(``service.loaner_after``, the client-contract preset): three loaners of ours, one out for
an open level-2 repair under a contract (estimated beyond the limit, lent within it), one
level-2 repair whose loaner is due and not lent yet (its clock runs in the queue), and one
loan that came back.

Made through the services once the demo's own transaction is over, as the work reports
are: the timeline, the audit and the clocks are those a technician's steps write.  No
random stream: the same demo gives the same loans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import col, select

from techconsole.services.context import Context
from techconsole.services.incidents import estimates
from techconsole.services.loaners import lending, pool
from techconsole.store.assets import Asset, IncidentAsset
from techconsole.store.models import Incident

#: our loaner PCs: name, serial number, notes
POOL = (
    ("Muletto-01", "MUL-2024-001", "Intel i5, 16 GB, Windows 11 Pro"),
    ("Muletto-02", "MUL-2024-002", "Intel i5, 8 GB, Windows 11 Pro"),
    ("Muletto-03", "MUL-2025-003", "portatile, Intel i7, 16 GB, Windows 11 Pro"),
)
#: how long the demo's repairs are estimated to take (beyond the preset's 48 hours)
REPAIR = timedelta(days=5)


@dataclass(frozen=True, slots=True)
class Candidate:
    number: str
    arrived: datetime
    machine: str | None


def _candidates(ctx: Context) -> list[Candidate]:
    """The open level-2 incidents under a contract, the oldest first, with their machine."""
    with ctx.db.read() as session:
        query = (
            select(Incident.number, Incident.arrived_at, Asset.name)
            .join(IncidentAsset, col(IncidentAsset.incident_id) == col(Incident.id), isouter=True)
            .join(Asset, col(Asset.id) == col(IncidentAsset.asset_id), isouter=True)
            .where(col(Incident.is_open))
            .where(col(Incident.level) == 2)
            .where(col(Incident.contract))
            .where(col(Incident.status).in_(("open", "in_progress", "waiting")))
            .order_by(col(Incident.arrived_at), col(Incident.id))
        )
        return [Candidate(n, a, m) for n, a, m in session.exec(query)]


def _machine_owner(ctx: Context) -> tuple[int, str] | None:
    """A customer's machine for the loan that came back: the first machine recorded."""
    with ctx.db.read() as session:
        found = session.exec(select(Asset).order_by(col(Asset.id))).first()
    return None if found is None else (found.customer_id, found.name)


def make_loaners(ctx: Context) -> dict[str, int]:
    """The pool and its loans: how many loaners (``loaner``), how many of them out
    (``loan_out``), how many timeline entries of incidents they wrote (``events``)."""
    if ctx.policy.service.loaner_after is None:
        return {}
    for name, serial, notes in POOL:
        pool.add_loaner(ctx, pool.LoanerFacts(name, serial, notes))
    now = ctx.now()
    out = events = 0
    owner = _machine_owner(ctx)
    if owner is not None:  # lent three weeks ago, back after eight days
        lending.lend(
            ctx,
            lending.Lending(
                "Muletto-03",
                customer=owner[0],
                data_from=owner[1],
                note="disco in sostituzione",
                at=now - timedelta(days=21),
            ),
        )
        lending.give_back(ctx, "Muletto-03", at=now - timedelta(days=13))
    found = _candidates(ctx)
    if found:  # estimated a day ago (or on arrival), lent 20 hours later
        first = found[0]
        given = max(first.arrived, now - timedelta(days=1))
        note = "scheda madre da ordinare: arriva in 5 giorni"
        estimates.estimate(ctx, first.number, span=REPAIR, note=note, at=given)
        data = first.machine or "backup del PC in avaria"
        lent = min(now, given + timedelta(hours=20))
        loan = lending.Lending("Muletto-01", incident=first.number, data_from=data, at=lent)
        lending.lend(ctx, loan)
        out, events = out + 1, events + 2
    if len(found) > 1:  # estimated six hours ago: the loaner is due, not lent yet
        second = found[1]
        given = max(second.arrived, now - timedelta(hours=6))
        note = "alimentatore da ordinare"
        estimates.estimate(ctx, second.number, span=REPAIR, note=note, at=given)
        events += 1
    return {"loaner": len(POOL), "loan_out": out, "loaner_events": events}
