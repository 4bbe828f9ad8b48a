"""A customer's machines in full, in one read: what the console's Postazioni screen shows
(each machine with its coverage now, its software as last verified, every verification,
its inspection at acceptance and the incidents that name it)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from techconsole.domain.coverage import required
from techconsole.services.assets.reading import detail
from techconsole.services.assets.views import AssetDetail
from techconsole.services.context import Context
from techconsole.services.incidents.intake import find_customer
from techconsole.store.assets import Asset
from techconsole.store.retry import retried_read


@dataclass(frozen=True, slots=True)
class Roster:
    """A customer's machines, by name."""

    customer_id: int
    customer: str
    #: the policy's required software, as it names them
    required: tuple[str, ...]
    machines: tuple[AssetDetail, ...]

    def find(self, asset_id: int | None) -> AssetDetail | None:
        """The machine ``asset_id`` if it is one of these."""
        return next((m for m in self.machines if m.asset.id == asset_id), None)


@retried_read
def roster(ctx: Context, customer: int | str, *, retired: bool = False) -> Roster:
    """The machines of ``customer`` in service (the retired ones too with ``retired``),
    each in full as ``asset show`` gives it."""
    with ctx.db.read() as session:
        owner = find_customer(session, customer)
        assert owner.id is not None
        query = select(Asset).where(Asset.customer_id == owner.id)
        if not retired:
            query = query.where(col(Asset.retired_at).is_(None))
        found = session.exec(query.order_by(col(Asset.name), col(Asset.id))).all()
        return Roster(
            customer_id=owner.id,
            customer=owner.name,
            required=required(ctx.policy.service.required_software),
            machines=tuple(detail(session, ctx, asset) for asset in found),
        )
