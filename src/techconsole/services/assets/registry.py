"""A customer's machines: add, edit, retire.  Each change is one transaction and one audit
row; every view says whether the machine is covered now, and why not (reading them:
:mod:`.reading`)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time
from typing import Any

from sqlmodel import Session, col

from techconsole.domain.coverage import Coverage
from techconsole.domain.limits import FUTURE_SKEW, MAX_TEXT
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.assets import coverage
from techconsole.services.assets.views import AssetView
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput, InvalidTransition
from techconsole.services.incidents.intake import find_customer
from techconsole.services.records import actor, audit
from techconsole.store.assets import ASSET_KINDS, Asset
from techconsole.store.models import Customer, Incident, Technician

#: incident statuses whose work report is issued (``documents.work_reports.REPORTED``)
_REPORTED = ("resolved", "closed")

#: the facts of a machine a person types, and what each is called in a refusal
FACTS: dict[str, str] = {
    "name": N_("name"),
    "serial": N_("serial number"),
    "os": N_("operating system"),
    "location": N_("location"),
    "remote_id": N_("remote-access id"),
}


@dataclass(frozen=True, slots=True)
class NewAsset:
    customer: int | str
    name: str
    kind: str = "workstation"
    serial: str = ""
    os: str = ""
    location: str = ""
    covered_since: date | None = None
    remote_id: str = ""
    notes: str = ""
    #: it receives the live copy of the data; it is in the support package (seed 004)
    synced: bool = False
    in_package: bool = True


@dataclass(frozen=True, slots=True)
class AssetChanges:
    """What to change on a machine; ``None`` leaves a fact as it is."""

    name: str | None = None
    kind: str | None = None
    serial: str | None = None
    os: str | None = None
    location: str | None = None
    covered_since: date | None = None
    remote_id: str | None = None
    notes: str | None = None
    synced: bool | None = None
    in_package: bool | None = None


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    """The typed facts trimmed and within bounds; refuses an empty name or unknown kind."""
    out = dict(values)
    for name, what in FACTS.items():
        if out.get(name) is not None:
            out[name] = bounds.name(" ".join(str(out[name]).split()), what)
    if out.get("name") is not None and not out["name"]:
        raise InvalidInput(_("the machine's name is empty"))
    kind = out.get("kind")
    if kind is not None and kind not in ASSET_KINDS:
        raise InvalidInput(
            _("a machine's kind is one of: {kinds}").format(kinds=", ".join(ASSET_KINDS))
        )
    if out.get("notes") is not None:
        bounds.text(out["notes"], N_("notes"), MAX_TEXT)
    if out.get("covered_since") is not None:
        bounds.day(out["covered_since"], N_("under contract since"))
    return out


def _start_of(day: date, ctx: Context) -> datetime:
    return datetime.combine(day, time(0), ctx.policy.zone)


def moment(ctx: Context, value: datetime | None, what: str) -> datetime:
    """A time typed for a step (now when none): aware, in the supported years, not ahead."""
    now = ctx.now()
    if value is None:
        return now
    bounds.instant(value, what)
    if value > now + FUTURE_SKEW:
        raise InvalidInput(
            _("{what} {when} is in the future").format(
                what=_(what), when=bounds.local(value, ctx.policy.zone)
            )
        )
    return value


def view(
    session: Session,
    ctx: Context,
    asset: Asset,
    customer: str | None = None,
    judged: Coverage | None = None,
) -> AssetView:
    """``asset`` as it is, with its coverage now (``judged`` when known already)."""
    assert asset.id is not None
    if customer is None:
        owner = session.get(Customer, asset.customer_id)
        customer = owner.name if owner else "?"
    if judged is None:
        judged = coverage.coverage_at(session, ctx.policy, asset, ctx.now())
    return AssetView(
        id=asset.id,
        customer_id=asset.customer_id,
        customer=customer,
        name=asset.name,
        kind=asset.kind,
        serial=asset.serial,
        os=asset.os,
        location=asset.location,
        covered_since=asset.covered_since,
        remote_id=asset.remote_id,
        notes=asset.notes,
        created_at=asset.created_at,
        updated_at=asset.updated_at,
        retired_at=asset.retired_at,
        coverage=judged,
        synced=asset.synced,
        in_package=asset.in_package,
    )


def add_asset(ctx: Context, new: NewAsset) -> AssetView:
    facts = _checked(
        {
            "name": new.name,
            "kind": new.kind,
            "serial": new.serial,
            "os": new.os,
            "location": new.location,
            "covered_since": new.covered_since,
            "remote_id": new.remote_id,
            "notes": new.notes,
            "synced": new.synced,
            "in_package": new.in_package,
        }
    )
    with ctx.write() as session:
        actor(session, ctx)
        owner = find_customer(session, new.customer)
        assert owner.id is not None
        now = ctx.now()
        row = Asset(customer_id=owner.id, created_at=now, updated_at=now, **facts)
        session.add(row)
        session.flush()
        audit(
            session,
            ctx.actor,
            "asset.add",
            "asset",
            row.id,
            now,
            customer=owner.name,
            name=row.name,
            kind=row.kind,
            synced=row.synced,
            in_package=row.in_package,
        )
        return view(session, ctx, row, owner.name)


def edit_asset(ctx: Context, ref: int | str, changes: AssetChanges) -> AssetView:
    wanted = {k: v for k, v in vars_of(changes).items() if v is not None}
    if not wanted:
        raise InvalidInput(_("nothing to change: say what (see: techconsole asset edit --help)"))
    wanted = _checked(wanted)
    with ctx.write() as session:
        who = actor(session, ctx)
        row = coverage.find_asset(session, ref, lock=True)
        before = {k: getattr(row, k) for k in wanted}
        changed = {k: v for k, v in wanted.items() if before[k] != v}
        if not changed:
            raise InvalidInput(
                _("nothing to change on machine {id}: it says so already").format(id=row.id)
            )
        for key, value in changed.items():
            setattr(row, key, value)
        now = ctx.now()
        row.updated_at = now
        session.add(row)
        old = {f"old_{k}": before[k] for k in changed}
        audit(session, ctx.actor, "asset.edit", "asset", row.id, now, **changed, **old)
        # whether it is in the package is as recorded now: a work report issued already
        # keeps what it said (the machine's package is not kept over time)
        if "covered_since" in changed:  # work before either day may change its coverage
            days = [d for d in (before["covered_since"], row.covered_since) if d is not None]
            resync(session, ctx, row, who, _start_of(min(days), ctx), now)
        return view(session, ctx, row)


def resync(
    session: Session, ctx: Context, asset: Asset, who: Technician, since: datetime, now: datetime
) -> None:
    """Bring up to date the work reports of the incidents on ``asset`` whose work ended at
    or after ``since`` (what changed from then may change whether it was covered)."""
    # the documents' modules, imported when a report may change (as the incidents do)
    from techconsole.services.documents import work_reports

    session.flush()
    assert asset.id is not None
    found = session.exec(
        coverage.incidents_on(asset.id)
        .where(col(Incident.status).in_(_REPORTED))
        .order_by(col(Incident.id))
    ).all()
    for incident in found:
        if coverage.work_end(incident, (), now) >= since:
            work_reports.sync(session, ctx, incident, who, now)


def vars_of(changes: AssetChanges) -> dict[str, Any]:
    return {f.name: getattr(changes, f.name) for f in fields(changes)}


def retire_asset(ctx: Context, ref: int | str, *, at: datetime | None = None) -> AssetView:
    """The machine leaves the contract (replaced, scrapped): no longer covered from ``at``."""
    when = moment(ctx, at, N_("retirement time"))
    with ctx.write() as session:
        who = actor(session, ctx)
        row = coverage.find_asset(session, ref, lock=True)
        if row.retired_at is not None:
            raise InvalidTransition(
                _("machine {id} ({name}) was retired already on {day}").format(
                    id=row.id,
                    name=row.name,
                    day=f"{row.retired_at.astimezone(ctx.policy.zone):%d/%m/%Y}",
                )
            )
        row.retired_at = when
        row.updated_at = ctx.now()
        session.add(row)
        audit(
            session, ctx.actor, "asset.retire", "asset", row.id, ctx.now(), name=row.name, when=when
        )
        resync(session, ctx, row, who, when, ctx.now())
        return view(session, ctx, row)
