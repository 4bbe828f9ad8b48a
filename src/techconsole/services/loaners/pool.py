"""Our pool of loaner PCs: add one, change its facts, retire it.  Each change is one
transaction and one audit row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from techconsole.domain.limits import FUTURE_SKEW, MAX_TEXT
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput, InvalidTransition
from techconsole.services.loaners.records import (
    find_loaner,
    loan_views,
    loaner_view,
    named,
    open_loan,
)
from techconsole.services.loaners.views import LoanerView
from techconsole.services.records import actor, audit
from techconsole.store.loaners import Loaner


@dataclass(frozen=True, slots=True)
class LoanerFacts:
    """A loaner's facts as typed; ``None`` leaves one as it is (on a change)."""

    name: str | None = None
    serial: str | None = None
    notes: str | None = None


def _checked(facts: LoanerFacts) -> dict[str, str]:
    out: dict[str, str] = {}
    if facts.name is not None:
        name = bounds.name(" ".join(facts.name.split()), N_("name"))
        if not name:
            raise InvalidInput(_("the loaner's name is empty"))
        if name.isdigit():  # a name of digits would read as an id
            raise InvalidInput(
                _("a loaner's name needs a letter ('{name}' reads as an id): e.g. M-{name}").format(
                    name=name
                )
            )
        out["name"] = name
    if facts.serial is not None:
        out["serial"] = bounds.name(" ".join(facts.serial.split()), N_("serial number"))
    if facts.notes is not None:
        out["notes"] = bounds.text(facts.notes, N_("notes"), MAX_TEXT)
    return out


def _unique(session: Session, name: str, own_id: int | None = None) -> None:
    found = named(session, name)
    if found is not None and found.id != own_id:
        raise InvalidInput(
            _("there is a loaner PC called {name} already (#{id})").format(
                name=found.name, id=found.id
            )
        )


def add_loaner(ctx: Context, facts: LoanerFacts) -> LoanerView:
    """A loaner PC joins the pool."""
    if facts.name is None:
        raise InvalidInput(_("the loaner's name is empty"))
    values = _checked(facts)
    with ctx.write() as session:
        actor(session, ctx)
        _unique(session, values["name"])
        now = ctx.now()
        row = Loaner(
            name=values["name"],
            serial=values.get("serial", ""),
            notes=values.get("notes", ""),
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        session.flush()
        audit(session, ctx.actor, "loaner.add", "loaner", row.id, now, **values)
        return loaner_view(row)


def edit_loaner(ctx: Context, ref: int | str, changes: LoanerFacts) -> LoanerView:
    """Change a loaner's name, serial number or notes."""
    wanted = _checked(changes)
    if not wanted:
        raise InvalidInput(_("nothing to change: say what (see: techconsole loaner edit --help)"))
    with ctx.write() as session:
        actor(session, ctx)
        row = find_loaner(session, ref, lock=True)
        changed = {k: v for k, v in wanted.items() if getattr(row, k) != v}
        if not changed:
            raise InvalidInput(
                _("nothing to change on loaner PC {name}: it says so already").format(name=row.name)
            )
        if "name" in changed:
            _unique(session, changed["name"], row.id)
        old = {f"old_{k}": getattr(row, k) for k in changed}
        for key, value in changed.items():
            setattr(row, key, value)
        now = ctx.now()
        row.updated_at = now
        session.add(row)
        audit(session, ctx.actor, "loaner.edit", "loaner", row.id, now, **changed, **old)
        assert row.id is not None
        loan = open_loan(session, row.id)
        return loaner_view(row, loan_views(session, [loan])[0] if loan else None)


def retire_loaner(ctx: Context, ref: int | str, *, at: datetime | None = None) -> LoanerView:
    """The loaner leaves the pool (sold, broken beyond repair): it is never lent again.
    One that is out must come back first."""
    with ctx.write() as session:
        actor(session, ctx)
        row = find_loaner(session, ref, lock=True)
        now = ctx.now()
        when = now if at is None else bounds.instant(at, N_("retirement time"))
        if when > now + FUTURE_SKEW:
            raise InvalidInput(
                _("{what} {when} is in the future").format(
                    what=_("retirement time"), when=when.isoformat()
                )
            )
        if row.retired_at is not None:
            raise InvalidTransition(
                _("loaner PC {name} was retired already on {day}").format(
                    name=row.name, day=f"{row.retired_at.astimezone(ctx.policy.zone):%d/%m/%Y}"
                )
            )
        assert row.id is not None
        if open_loan(session, row.id) is not None:
            raise InvalidTransition(
                _("loaner PC {name} is out: record its return first").format(name=row.name)
            )
        row.retired_at = when
        row.updated_at = now
        session.add(row)
        audit(session, ctx.actor, "loaner.retire", "loaner", row.id, now, name=row.name, when=when)
        return loaner_view(row)
