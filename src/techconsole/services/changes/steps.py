"""A customisation developed, delivered, tested, accepted or contested: one transaction
each, an audit entry, refused with the reason when the rules say no.

- (000) "NON SI EFFETTUANO PERSONALIZZAZIONI SOFTWARE … da marzo ad agosto": no delivery
  in the high-work period (the first day allowed is said);
- (000) "Scaduti 30 gg dalla consegna … non ha più alcun diritto di contestazione": a
  contest later than ``contest_days`` after the delivery is refused with the day the
  right ended;
- (001) "devono testare il software personalizzato entro 15 giorni di calendario
  solare": a heavy delivery not tested by its deadline counts as accepted: no test or
  contest after it.

A delivery queues a notice to the contact who asked for it (:mod:`.notice`): the test
deadline and the last day to contest, in the customer's language.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from techconsole.domain import change_calendar as calendar
from techconsole.domain import changes as rules
from techconsole.domain.changes import Step
from techconsole.domain.limits import MAX_TEXT
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.changes.common import day_of, not_before, step
from techconsole.services.changes.notice import on_delivered
from techconsole.services.changes.records import delivery, named
from techconsole.services.changes.views import ChangeView
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput
from techconsole.store.changes import ChangeRequest
from techconsole.store.models import Technician


def develop(ctx: Context, ref: int | str, on: date | None = None) -> ChangeView:
    """The work is done: the customisation is ready to be delivered."""
    day = day_of(ctx, on, N_("development day"))

    def change(
        session: Session, who: Technician, row: ChangeRequest, now: datetime
    ) -> dict[str, Any]:
        row.status = rules.after(rules.Status(row.status), Step.DEVELOP, named(row)).value
        not_before(day, row.start_on, N_("development day"), N_("the work started"))
        row.developed_on = day
        return {"developed_on": day.isoformat()}

    return step(ctx, ref, "develop", change)


def deliver(
    ctx: Context, ref: int | str, on: date | None = None, *, notify: bool = True
) -> ChangeView:
    """The customisation reaches the customer (again, after a contest): its test deadline
    and contest window start; ``notify`` queues the delivery notice to who asked for it."""
    day = day_of(ctx, on, N_("delivery day"))

    def change(
        session: Session, who: Technician, row: ChangeRequest, now: datetime
    ) -> dict[str, Any]:
        row.status = rules.after(rules.Status(row.status), Step.DELIVER, named(row)).value
        not_before(day, row.start_on, N_("delivery day"), N_("the work started"))
        not_before(day, row.developed_on, N_("delivery day"), N_("it was developed"))
        calendar.check_delivery_day(ctx.policy.changes, day)
        row.developed_on = row.developed_on or day  # delivered: developed by then
        row.delivered_on, row.deliveries = day, row.deliveries + 1
        # a new delivery: its own test, acceptance and contest
        row.tested_on = row.accepted_on = row.contested_on = None
        row.contest_reason = ""
        said = rules.standing(ctx.policy.changes, delivery(row), day)
        notice = on_delivered(session, ctx, row, who, now, said) if notify else None
        return {
            "delivered_on": day.isoformat(),
            "deliveries": row.deliveries,
            "test_by": said.test_by.isoformat() if said.test_by else None,
            "contest_until": said.contest_until.isoformat() if said.contest_until else None,
            "notice": notice,
        }

    return step(ctx, ref, "deliver", change)


def _after_delivery(
    ctx: Context, ref: int | str, which: Step, day: date, **extra: Any
) -> ChangeView:
    def change(
        session: Session, who: Technician, row: ChangeRequest, now: datetime
    ) -> dict[str, Any]:
        target = rules.check_after_delivery(
            ctx.policy.changes, delivery(row), which, day, named(row)
        )
        row.status = target.value
        if which is Step.TEST:
            row.tested_on = day
        elif which is Step.ACCEPT:
            row.accepted_on = day
        else:
            row.contested_on, row.contest_reason = day, str(extra["reason"])
        return {"on": day.isoformat(), **extra}

    return step(ctx, ref, which.value, change)


def record_test(ctx: Context, ref: int | str, on: date | None = None) -> ChangeView:
    """The customer tested the delivery (001: within the policy's days, for a heavy one)."""
    return _after_delivery(ctx, ref, Step.TEST, day_of(ctx, on, N_("test day")))


def accept(ctx: Context, ref: int | str, on: date | None = None) -> ChangeView:
    """The customer confirmed the delivery: it is accepted."""
    return _after_delivery(ctx, ref, Step.ACCEPT, day_of(ctx, on, N_("acceptance day")))


def contest(ctx: Context, ref: int | str, reason: str, on: date | None = None) -> ChangeView:
    """The customer contests the delivery (000: within ``contest_days`` of it): it is
    reworked — new dates agreed, developed and delivered again."""
    said = bounds.text(reason.strip(), N_("reason"), MAX_TEXT)
    if not said:
        raise InvalidInput(_("say what the customer contests: the reason is empty"))
    return _after_delivery(ctx, ref, Step.CONTEST, day_of(ctx, on, N_("contest day")), reason=said)
