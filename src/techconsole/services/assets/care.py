"""What technicians record on a machine: the software verified on it (installed or not)
and the inspection of the whole machine at the acceptance of the contract (seed 004).

A verification dated before the end of work already reported can change whether that
work was on a covered machine: the work reports of those incidents are brought up to
date in the same transaction (:func:`.registry.resync`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, select

from techconsole.domain.coverage import software_key
from techconsole.domain.limits import MAX_TEXT
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.assets import coverage
from techconsole.services.assets.registry import moment, resync, view
from techconsole.services.assets.views import AssetView, InspectionView
from techconsole.services.context import Context
from techconsole.services.errors import Conflict, InvalidInput, InvalidTransition
from techconsole.services.records import actor, audit
from techconsole.store.assets import Asset, AssetInspection, AssetSoftware
from techconsole.store.models import Technician


def verify_software(
    ctx: Context,
    ref: int | str,
    names: Sequence[str],
    installed: bool,
    *,
    product: str = "",
    at: datetime | None = None,
    note: str = "",
) -> AssetView:
    """Record that each of ``names`` was found installed (or not) on the machine at ``at``
    (default: now) by the person running this; the machine's coverage follows."""
    keys = list(dict.fromkeys(software_key(n) for n in names))
    if not keys or not all(keys):
        raise InvalidInput(_("name the software verified, e.g. antivirus or backup"))
    for key in keys:
        bounds.name(key, N_("software"))
    if product and len(keys) > 1:
        raise InvalidInput(_("a product names one piece of software: verify them one by one"))
    bounds.name(product, N_("product"))
    bounds.text(note, N_("note"))
    when = moment(ctx, at, N_("verification time"))
    with ctx.write() as session:
        who = actor(session, ctx)
        asset = coverage.find_asset(session, ref, lock=True)
        _in_service(asset, ctx)
        verified(session, ctx, who, asset, keys, installed, when, product=product, note=note)
        return view(session, ctx, asset)


def verified(
    session: Session,
    ctx: Context,
    who: Technician,
    asset: Asset,
    keys: Sequence[str],
    installed: bool,
    when: datetime,
    *,
    product: str = "",
    note: str = "",
    check: str | None = None,
) -> None:
    """In ``session``: each of ``keys`` found installed (or not) on ``asset`` at ``when``
    by ``who``, with its audit row (``check``: the health check that found it, whose
    number is the note); the work reports its coverage may change brought up to date."""
    assert asset.id is not None
    assert who.id is not None
    now = ctx.now()
    for key in keys:
        session.add(
            AssetSoftware(
                asset_id=asset.id,
                name=key,
                product=" ".join(product.split()),
                installed=installed,
                verified_at=when,
                verified_by_id=who.id,
                note=check or note,
                recorded_at=now,
            )
        )
        session.flush()
        facts: dict[str, object] = {"check": check} if check else {}
        audit(
            session,
            ctx.actor,
            "asset.verify",
            "asset",
            asset.id,
            now,
            name=asset.name,
            software=key,
            installed=installed,
            verified_at=when,
            **facts,
        )
    resync(session, ctx, asset, who, when, now)


def record_inspection(
    ctx: Context,
    ref: int | str,
    findings: str,
    *,
    at: datetime | None = None,
    replace: bool = False,
) -> InspectionView:
    """The inspection of the whole machine at acceptance (pre-existing hardware faults,
    data put in safety), with its findings; ``replace`` corrects one recorded already."""
    if not findings.strip():
        raise InvalidInput(_("the findings are empty: say what the inspection found"))
    bounds.text(findings, N_("findings"), MAX_TEXT)
    when = moment(ctx, at, N_("inspection time"))
    with ctx.write() as session:
        who = actor(session, ctx)
        asset = coverage.find_asset(session, ref, lock=True)
        _in_service(asset, ctx)
        row = session.exec(
            select(AssetInspection).where(AssetInspection.asset_id == asset.id)
        ).first()
        assert asset.id is not None
        assert who.id is not None
        old: dict[str, object] = {}
        if row is not None:
            if not replace:
                raise Conflict(
                    _(
                        "machine {id} ({name}) was inspected already on {day}; "
                        "--replace corrects that record"
                    ).format(
                        id=asset.id,
                        name=asset.name,
                        day=f"{row.inspected_at.astimezone(ctx.policy.zone):%d/%m/%Y}",
                    )
                )
            old = {"old_when": row.inspected_at, "old_findings": row.findings}
            row.inspected_at, row.inspected_by_id = when, who.id
            row.findings, row.recorded_at = findings, ctx.now()
        else:
            row = AssetInspection(
                asset_id=asset.id,
                inspected_at=when,
                inspected_by_id=who.id,
                findings=findings,
                recorded_at=ctx.now(),
            )
        session.add(row)
        audit(
            session,
            ctx.actor,
            "asset.inspect",
            "asset",
            asset.id,
            ctx.now(),
            name=asset.name,
            when=when,
            findings=findings,
            **old,
        )
        return InspectionView(when, who.login, findings)


def _in_service(asset: Asset, ctx: Context) -> None:
    if asset.retired_at is not None:
        raise InvalidTransition(
            _("machine {id} ({name}) is retired since {day}").format(
                id=asset.id,
                name=asset.name,
                day=f"{asset.retired_at.astimezone(ctx.policy.zone):%d/%m/%Y}",
            )
        )
