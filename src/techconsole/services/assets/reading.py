"""Reading a customer's machines: the list with their coverage now, one machine in full."""

from __future__ import annotations

from sqlmodel import Session, col, select

from techconsole.domain.coverage import required, software_key
from techconsole.services.assets import coverage
from techconsole.services.assets.registry import view
from techconsole.services.assets.views import AssetDetail, AssetView, InspectionView, SoftwareView
from techconsole.services.context import Context
from techconsole.services.incidents.intake import find_customer
from techconsole.store.assets import Asset, AssetInspection
from techconsole.store.models import Customer, Incident, Technician
from techconsole.store.retry import retried_read


@retried_read
def list_assets(
    ctx: Context, customer: int | str | None = None, *, retired: bool = False
) -> list[AssetView]:
    """The machines of ``customer`` (else of every customer) by customer and name; the
    retired ones too with ``retired``."""
    with ctx.db.read() as session:
        query = select(Asset, Customer.name).join(
            Customer, col(Customer.id) == col(Asset.customer_id)
        )
        if customer is not None:
            owner = find_customer(session, customer)
            query = query.where(Asset.customer_id == owner.id)
        if not retired:
            query = query.where(col(Asset.retired_at).is_(None))
        order = (col(Customer.name), col(Customer.id), col(Asset.name), col(Asset.id))
        found = list(session.exec(query.order_by(*order)))
        contracts = coverage.terms(session, ctx.policy, (a.customer_id for a, _ in found))
        verified = coverage.checks(session, (a.id for a, _ in found if a.id is not None))
        now = ctx.now()
        out = []
        for asset, name in found:
            assert asset.id is not None
            judged = coverage.judge(
                ctx.policy, asset, contracts[asset.customer_id], verified[asset.id], now
            )
            out.append(view(session, ctx, asset, name, judged))
        return out


@retried_read
def show_asset(ctx: Context, ref: int | str) -> AssetDetail:
    """A machine in full: its coverage now, its software as last verified and every
    verification, its inspection at acceptance, the incidents that name it."""
    with ctx.db.read() as session:
        return detail(session, ctx, coverage.find_asset(session, ref))


def detail(session: Session, ctx: Context, asset: Asset) -> AssetDetail:
    assert asset.id is not None
    logins = {t.id: t.login for t in session.exec(select(Technician))}
    rows = coverage.checks(session, [asset.id])[asset.id]
    history = tuple(
        SoftwareView(
            r.id or 0,
            r.name,
            r.product,
            r.installed,
            r.verified_at,
            logins.get(r.verified_by_id, "?"),
            r.note,
        )
        for r in reversed(rows)
    )
    names = required(ctx.policy.service.required_software)
    latest: dict[str, SoftwareView] = {}
    for v in history:
        latest.setdefault(software_key(v.name), v)
    ordered = [latest[n] for n in names if n in latest]
    ordered += sorted((v for k, v in latest.items() if k not in names), key=lambda v: v.name)
    inspection = session.exec(
        select(AssetInspection).where(AssetInspection.asset_id == asset.id)
    ).first()
    incidents = [
        i.number
        for i in session.exec(
            coverage.incidents_on(asset.id).order_by(
                col(Incident.arrived_at).desc(), col(Incident.id).desc()
            )
        )
    ]
    return AssetDetail(
        asset=view(session, ctx, asset),
        required=names,
        software=tuple(ordered),
        history=history,
        inspection=(
            InspectionView(
                inspection.inspected_at,
                logins.get(inspection.inspected_by_id, "?"),
                inspection.findings,
            )
            if inspection is not None
            else None
        ),
        incidents=tuple(incidents),
    )
