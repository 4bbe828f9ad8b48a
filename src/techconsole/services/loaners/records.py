"""Finding loaners and turning loans into views, inside a transaction the caller holds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from techconsole.domain.limits import as_id, is_number
from techconsole.i18n import _
from techconsole.services.errors import NotFound
from techconsole.services.loaners.views import LoanerView, LoanView
from techconsole.store.assets import Asset
from techconsole.store.loaners import Loan, Loaner
from techconsole.store.models import Customer, Incident, Technician


def find_loaner(session: Session, ref: int | str, *, lock: bool = False) -> Loaner:
    """A loaner by its id or its name (any case)."""
    text = str(ref).strip()
    if is_number(text):
        query = select(Loaner).where(Loaner.id == (as_id(text) or 0))
    else:
        query = select(Loaner).where(func.lower(Loaner.name) == text.lower())
    if lock:
        query = query.with_for_update()
    found = session.exec(query).first()
    if found is None:
        raise NotFound(
            _("no loaner PC '{ref}' (see: techconsole loaner list)").format(ref=text or ref)
        )
    return found


def named(session: Session, name: str) -> Loaner | None:
    """The loaner called ``name`` (any case), if there is one."""
    return session.exec(select(Loaner).where(func.lower(Loaner.name) == name.lower())).first()


def open_loan(session: Session, loaner_id: int) -> Loan | None:
    """The loan ``loaner_id`` is out on now, if it is out."""
    query = select(Loan).where(Loan.loaner_id == loaner_id).where(col(Loan.returned_at).is_(None))
    return session.exec(query).first()


def _names(session: Session, table: Any, column: str, ids: Iterable[int | None]) -> dict[int, str]:
    """``{id: name}`` of the rows of ``table`` with these ids (``column``: the name)."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    key, value = table.id, getattr(table, column)
    query = select(key, value).where(col(key).in_(wanted))
    return {row[0]: row[1] for row in session.exec(query)}


def loan_views(session: Session, loans: Sequence[Loan]) -> list[LoanView]:
    """``loans`` as views, the names they refer to read once for all of them."""
    loaners = _names(session, Loaner, "name", (r.loaner_id for r in loans))
    customers = _names(session, Customer, "name", (r.customer_id for r in loans))
    assets = _names(session, Asset, "name", (r.asset_id for r in loans))
    incidents = _names(session, Incident, "number", (r.incident_id for r in loans))
    people = _names(
        session,
        Technician,
        "login",
        [r.lent_by_id for r in loans] + [r.returned_by_id for r in loans],
    )
    return [
        LoanView(
            id=r.id or 0,
            loaner_id=r.loaner_id,
            loaner=loaners.get(r.loaner_id, "?"),
            customer_id=r.customer_id,
            customer=customers.get(r.customer_id, "?"),
            asset_id=r.asset_id,
            asset=assets.get(r.asset_id) if r.asset_id is not None else None,
            incident=incidents.get(r.incident_id) if r.incident_id is not None else None,
            data_from=r.data_from,
            lent_at=r.lent_at,
            lent_by=people.get(r.lent_by_id, "?"),
            note=r.note,
            returned_at=r.returned_at,
            returned_by=people.get(r.returned_by_id) if r.returned_by_id is not None else None,
            return_note=r.return_note,
        )
        for r in loans
    ]


def loaner_view(loaner: Loaner, loan: LoanView | None = None) -> LoanerView:
    assert loaner.id is not None
    return LoanerView(
        id=loaner.id,
        name=loaner.name,
        serial=loaner.serial,
        notes=loaner.notes,
        created_at=loaner.created_at,
        updated_at=loaner.updated_at,
        retired_at=loaner.retired_at,
        loan=loan,
    )
