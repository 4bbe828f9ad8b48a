"""Machines read from the store and judged by :mod:`techconsole.domain.coverage`, inside a
transaction the caller holds; also finding a machine by its id.

Imported by the incidents (an incident names its machine) and the bill (work on a machine
that is not covered is outside the contract): it reads no other aggregate.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from techconsole.domain import coverage as rule
from techconsole.domain.limits import as_id
from techconsole.domain.policy import Policy
from techconsole.i18n import _
from techconsole.services.errors import NotFound
from techconsole.services.views import MachineCoverage
from techconsole.store.assets import Asset, AssetSoftware, IncidentAsset
from techconsole.store.models import Contract, Incident


def find_asset(session: Session, ref: int | str, *, lock: bool = False) -> Asset:
    """A machine by its id (``asset list`` shows them)."""
    number = as_id(ref)
    query = select(Asset).where(Asset.id == number)
    if lock:
        query = query.with_for_update()
    found = None if number is None else session.exec(query).first()
    if found is None:
        raise NotFound(_("no machine with id {ref} (see: techconsole asset list)").format(ref=ref))
    return found


def asset_of(session: Session, incident_id: int | None) -> Asset | None:
    """The machine an incident is about, if it names one."""
    link = None if incident_id is None else session.get(IncidentAsset, incident_id)
    return None if link is None else session.get(Asset, link.asset_id)


def link(session: Session, incident_id: int, asset_id: int | None) -> None:
    """Say that the incident is about machine ``asset_id`` (``None``: about none)."""
    row = session.get(IncidentAsset, incident_id)
    if asset_id is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(IncidentAsset(incident_id=incident_id, asset_id=asset_id))
    else:
        row.asset_id = asset_id
        session.add(row)


def incidents_on(asset_id: int) -> SelectOfScalar[Incident]:
    """The query of the incidents about machine ``asset_id``."""
    return (
        select(Incident)
        .join(IncidentAsset, col(IncidentAsset.incident_id) == col(Incident.id))
        .where(IncidentAsset.asset_id == asset_id)
    )


def terms(
    session: Session, policy: Policy, customer_ids: Iterable[int]
) -> dict[int, list[rule.Term]]:
    """Each customer's contracts that count (a contract plan of ``policy``), as days."""
    wanted = sorted(set(customer_ids))
    found: dict[int, list[rule.Term]] = defaultdict(list)
    if not wanted:
        return found
    for row in session.exec(select(Contract).where(col(Contract.customer_id).in_(wanted))):
        plan = policy.plans.get(row.plan)
        if plan is not None and plan.contract:
            found[row.customer_id].append(rule.Term(row.starts_on, row.ends_on))
    return found


def checks(session: Session, asset_ids: Iterable[int]) -> dict[int, list[AssetSoftware]]:
    """Every verification of each machine, oldest first."""
    wanted = sorted(set(asset_ids))
    found: dict[int, list[AssetSoftware]] = defaultdict(list)
    if not wanted:
        return found
    query = (
        select(AssetSoftware)
        .where(col(AssetSoftware.asset_id).in_(wanted))
        .order_by(col(AssetSoftware.verified_at), col(AssetSoftware.id))
    )
    for row in session.exec(query):
        found[row.asset_id].append(row)
    return found


def machine(asset: Asset, verified: Sequence[AssetSoftware]) -> rule.Machine:
    return rule.Machine(
        since=asset.covered_since,
        retired_at=asset.retired_at,
        checks=tuple(rule.Check(v.name, v.installed, v.verified_at) for v in verified),
        synced=asset.synced,
        in_package=asset.in_package,
    )


def judge(
    policy: Policy,
    asset: Asset,
    contracts: Sequence[rule.Term],
    verified: Sequence[AssetSoftware],
    at: datetime,
) -> rule.Coverage:
    """Whether ``asset`` is covered at ``at``."""
    software = policy.service.required_software
    return rule.coverage(at, policy.zone, contracts, software, machine(asset, verified))


def coverage_at(session: Session, policy: Policy, asset: Asset, at: datetime) -> rule.Coverage:
    assert asset.id is not None
    contracts = terms(session, policy, [asset.customer_id])[asset.customer_id]
    return judge(policy, asset, contracts, checks(session, [asset.id])[asset.id], at)


def work_end(incident: Incident, ended: Iterable[datetime | None], now: datetime) -> datetime:
    """When the work on ``incident`` ended, as far as coverage goes: its resolution (else
    its closing, else now while it is open), or the end of a later work session."""
    end = incident.resolved_at or incident.closed_at or now
    return max([incident.arrived_at, end, *(e for e in ended if e is not None)])


def for_incident(
    session: Session,
    policy: Policy,
    incident: Incident,
    now: datetime,
    ended: Iterable[datetime | None] | None = None,
) -> MachineCoverage | None:
    """The machine ``incident`` names and whether the work on it was on a covered machine
    (:func:`techconsole.domain.coverage.coverage_during`, from the request's arrival to
    :func:`work_end`; ``ended``: the ends of its work sessions, read when not given);
    ``None`` when it names none."""
    asset = asset_of(session, incident.id)
    if asset is None or asset.id is None:
        return None
    if ended is None:
        from techconsole.store.work import WorkSession  # not for every incident's view

        ended = session.exec(
            select(WorkSession.ended_at).where(WorkSession.incident_id == incident.id)
        ).all()
    contracts = terms(session, policy, [asset.customer_id])[asset.customer_id]
    verified = checks(session, [asset.id])[asset.id]
    found = rule.coverage_during(
        incident.arrived_at,
        work_end(incident, ended, now),
        policy.zone,
        contracts,
        policy.service.required_software,
        machine(asset, verified),
    )
    return MachineCoverage(asset.id, asset.name, found)
