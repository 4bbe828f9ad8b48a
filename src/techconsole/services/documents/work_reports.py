"""Work reports: issued when an intervention is resolved, reissued when it changes.

Numbers are ``RL-<year>-<seq>``, one series per year of issue, handed out by a counter
row (safe with several writers).  A change to a resolved or closed incident that alters
its report issues a new revision of the same number; the old revision is kept,
superseded.  Every issue is on the incident's timeline and in the audit trail.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlmodel import Session, col, select

from techconsole.domain import events
from techconsole.domain.limits import MAX_ID
from techconsole.i18n import _
from techconsole.services.context import Context
from techconsole.services.documents import report_content
from techconsole.services.documents.report_listing import (
    ReportListing as ReportListing,  # re-exported
)
from techconsole.services.documents.report_listing import (
    list_reports as list_reports,  # re-exported
)
from techconsole.services.documents.report_listing import month_days as month_days  # re-exported
from techconsole.services.documents.report_views import (
    ReportContent,
    WorkReportView,
    from_json,
    to_json,
)
from techconsole.services.errors import NotFound
from techconsole.services.records import actor, event, find_incident
from techconsole.store.documents import WorkReport
from techconsole.store.models import Incident, Technician
from techconsole.store.retry import retried_read

REPORTED = ("resolved", "closed")
PREFIX = "RL"
INCIDENT_REF = re.compile(r"^(\d{4}-)?\d+$")
BATCH = 200


def _fingerprint(content: dict[str, object]) -> str:
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def _next_number(session: Session, year: int) -> tuple[int, str]:
    seq = session.execute(
        text(
            "INSERT INTO report_counter (year, last) VALUES (:y, 1) "
            "ON CONFLICT (year) DO UPDATE SET last = report_counter.last + 1 "
            "RETURNING last"
        ),
        {"y": year},
    ).scalar_one()
    return int(seq), f"{PREFIX}-{year}-{int(seq):04d}"


def current_row(session: Session, incident_id: int) -> WorkReport | None:
    return session.exec(
        select(WorkReport)
        .where(WorkReport.incident_id == incident_id)
        .where(col(WorkReport.superseded_at).is_(None))
    ).first()


def sync(
    session: Session, ctx: Context, incident: Incident, who: Technician, now: datetime
) -> WorkReport | None:
    """Issue ``incident``'s report, or a new revision if what it says has changed.

    Called inside the write transaction of every change that can alter a report; does
    nothing for an incident that is not resolved or closed.
    """
    if incident.status not in REPORTED or incident.id is None:
        return None
    session.flush()
    session.expire_all()  # read back what the database holds (its scale, UTC instants)
    content = to_json(report_content.build(session, ctx, incident))
    fingerprint = _fingerprint(content)
    current = current_row(session, incident.id)
    if current is not None and current.fingerprint == fingerprint:
        return current
    if current is None:
        year = now.astimezone(ctx.policy.zone).year
        seq, number = _next_number(session, year)
        revision = 0
    else:
        year, seq, number, revision = current.year, current.seq, current.number, current.revision
        revision += 1
        current.superseded_at = now
        session.add(current)
        session.flush()  # the partial unique index allows one current revision
    row = WorkReport(
        number=number,
        year=year,
        seq=seq,
        revision=revision,
        incident_id=incident.id,
        customer_id=incident.customer_id,
        report_date=report_content.report_day(ctx, incident),
        issued_at=now,
        issued_by=who.login,
        fingerprint=fingerprint,
        content=content,
    )
    session.add(row)
    event(
        session,
        incident,
        who,
        events.REPORT,
        now,
        report=number,
        revision=revision,
    )
    return row


def view(row: WorkReport) -> WorkReportView:
    return WorkReportView(
        number=row.number,
        revision=row.revision,
        issued_at=row.issued_at,
        issued_by=row.issued_by,
        superseded_at=row.superseded_at,
        content=from_json(ReportContent, row.content),
    )


@dataclass(frozen=True, slots=True)
class IssueSummary:
    issued: int
    revised: int
    unchanged: int


def issue_all(ctx: Context, *, progress: Callable[[int, int], None] | None = None) -> IssueSummary:
    """Bring every resolved or closed incident's report up to date (after an upgrade, a
    policy change or the demo data), in batches of ``BATCH`` incidents per transaction."""
    with ctx.db.read() as session:
        actor(session, ctx)
        ids = list(
            session.exec(
                select(Incident.id)
                .where(col(Incident.status).in_(REPORTED))
                .order_by(col(Incident.resolved_at), col(Incident.id))
            )
        )
    issued = revised = unchanged = 0
    for start in range(0, len(ids), BATCH):
        with ctx.write() as session:
            who = actor(session, ctx)
            now = ctx.now()
            for incident_id in ids[start : start + BATCH]:
                assert incident_id is not None
                incident = session.get(Incident, incident_id)
                if incident is None:
                    continue
                before = current_row(session, incident_id)
                old = (before.id, before.revision) if before else None
                row = sync(session, ctx, incident, who, now)
                if row is None or (old and (row.id, row.revision) == old):
                    unchanged += 1
                elif row.revision == 0:
                    issued += 1
                else:
                    revised += 1
        if progress is not None:
            progress(min(start + BATCH, len(ids)), len(ids))
    return IssueSummary(issued, revised, unchanged)


@retried_read
def find(ctx: Context, ref: str, *, revision: int | None = None) -> WorkReportView:
    """A report by its number (``RL-2026-0001``, the current revision unless
    ``revision``) or by its incident's number (``2026-000123``)."""
    wanted = ref.strip().upper()
    with ctx.db.read() as session:
        query = select(WorkReport)
        if wanted.startswith(PREFIX + "-"):
            query = query.where(WorkReport.number == wanted)
        else:
            try:
                incident = find_incident(session, ref)
            except NotFound as error:
                if INCIDENT_REF.match(wanted):
                    raise  # shaped like an incident number: "no incident 2026-000077"
                raise NotFound(
                    _(
                        "'{ref}' is neither a report number (like RL-2026-0001) nor an incident"
                    ).format(ref=ref)
                ) from error
            query = query.where(WorkReport.incident_id == incident.id)
        if revision is None:
            query = query.where(col(WorkReport.superseded_at).is_(None))
        else:
            query = query.where(WorkReport.revision == revision)
        in_range = revision is None or 0 <= revision <= MAX_ID
        row = session.exec(query).first() if in_range else None
        if row is None:
            if revision is not None:
                raise NotFound(
                    _("no revision {revision} of the work report of {ref}").format(
                        revision=revision, ref=ref
                    )
                )
            raise NotFound(
                _(
                    "no work report for {ref}: a report is issued when the incident is resolved"
                ).format(ref=ref)
            )
        return view(row)


@retried_read
def revisions(ctx: Context, number: str) -> Sequence[WorkReportView]:
    """Every revision of report ``number``, oldest first."""
    with ctx.db.read() as session:
        rows = session.exec(
            select(WorkReport)
            .where(WorkReport.number == number.strip().upper())
            .order_by(col(WorkReport.revision))
        ).all()
        if not rows:
            raise NotFound(_("no work report {number}").format(number=number))
        return [view(r) for r in rows]


def sync_ref(ctx: Context, ref: str | int) -> WorkReportView | None:
    """Issue or revise one incident's report now (``report issue INCIDENT``)."""
    with ctx.write() as session:
        who = actor(session, ctx)
        incident = find_incident(session, ref, lock=True)
        row = sync(session, ctx, incident, who, ctx.now())
        return view(row) if row is not None else None
