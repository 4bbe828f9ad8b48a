"""Contracts: recording one, renewing it, recording its payment (a lead's, audited).

(seed 001) "La sottoscrizione di un piano ha una durata minima di un anno con pagamento
anticipato": a contract shorter than the policy's ``[contracts] minimum_months`` is
refused, with the first day it may end on; the day it was paid is recorded (``paid_on``)
and, when the policy says ``paid_in_advance``, one not paid yet is said so
(:mod:`.covers`).  A renewal is one step: a new contract from the day after the
customer's last one ends.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session, col, select

from techconsole.domain import contracts as terms
from techconsole.domain.contracts import Term
from techconsole.domain.errors import DomainError
from techconsole.domain.limits import MAX_AMOUNT
from techconsole.domain.policy import Policy
from techconsole.domain.prepaid import block_minutes, hours_words
from techconsole.i18n import N_, _
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.errors import InvalidInput, NotFound
from techconsole.services.incidents.intake import find_customer
from techconsole.services.records import actor, audit
from techconsole.services.views import ContractView
from techconsole.store.models import Contract, Customer

#: what only a lead may do (``NotAllowed``: "only a team lead can …")
RECORD = N_("record contracts")

#: a renewal's length when none is given and the policy's minimum is shorter: a year
YEAR = 12


def term(row: Contract) -> Term:
    return Term(row.id or 0, row.plan, row.starts_on, row.ends_on, row.paid_on)


def view(row: Contract, today: date) -> ContractView:
    return ContractView(
        row.id or 0,
        row.plan,
        row.starts_on,
        row.ends_on,
        row.prepaid,
        row.starts_on <= today <= row.ends_on,
        row.paid_on,
        row.prepaid_minutes,
    )


def today_of(ctx: Context) -> date:
    return ctx.now().astimezone(ctx.policy.zone).date()


def _contract_plan(policy: Policy, plan: str) -> None:
    if plan not in policy.plans or not policy.plans[plan].contract:
        plans = ", ".join(p.name for p in policy.plans.values() if p.contract)
        raise InvalidInput(
            _("'{plan}' is not a contract plan of this policy ({plans})").format(
                plan=plan, plans=plans
            )
        )


def _check_dates(policy: Policy, starts_on: date, ends_on: date) -> None:
    bounds.day(starts_on, N_("start"))
    bounds.day(ends_on, N_("end"))
    if ends_on < starts_on:
        raise InvalidInput(_("the contract ends before it starts"))
    minimum = policy.contracts.minimum_months
    earliest = terms.too_short(starts_on, ends_on, minimum)
    if earliest is not None:
        raise InvalidInput(
            _(
                "a contract lasts at least {months} months under this policy: from "
                "{first} it ends on {earliest} or later, not on {last}"
            ).format(
                months=minimum,
                first=f"{starts_on:%d/%m/%Y}",
                earliest=f"{earliest:%d/%m/%Y}",
                last=f"{ends_on:%d/%m/%Y}",
            )
        )


def _check_prepaid(prepaid: Decimal) -> Decimal:
    if prepaid < 0:
        raise InvalidInput(_("the prepaid amount cannot be negative"))
    if prepaid > MAX_AMOUNT:
        raise InvalidInput(
            _("the prepaid amount is too large: at most {limit}").format(limit=MAX_AMOUNT)
        )
    return prepaid.quantize(Decimal("0.01"))


#: the largest prepaid block of hours taken, in minutes (ten thousand hours)
MAX_BLOCK_MINUTES = 600_000


def check_block(policy: Policy, minutes: int) -> int:
    """A prepaid block of ``minutes``, refused unless whole scatti of the policy's."""
    if minutes > MAX_BLOCK_MINUTES:
        raise InvalidInput(
            _("the prepaid block of hours is too large: at most {limit}").format(
                limit=hours_words(MAX_BLOCK_MINUTES)
            )
        )
    try:
        return block_minutes(minutes, policy.billing.unit_minutes)
    except DomainError as error:
        raise InvalidInput(str(error)) from None


def _block_said(minutes: int) -> dict[str, str]:
    """The audit's word on a block of hours, when there is one."""
    return {"prepaid_hours": hours_words(minutes)} if minutes else {}


def _locked_customer(session: Session, ref: int | str) -> Customer:
    """The customer, its row locked until the transaction ends: two leads renewing the
    same customer at once renew it once after the other, not twice from the same end."""
    found = find_customer(session, ref)
    return session.exec(select(Customer).where(Customer.id == found.id).with_for_update()).one()


def rows_of(session: Session, customer_id: int) -> list[Contract]:
    return list(
        session.exec(
            select(Contract)
            .where(Contract.customer_id == customer_id)
            .order_by(col(Contract.starts_on), col(Contract.id))
        )
    )


def add_contract(
    ctx: Context,
    customer: int | str,
    plan: str,
    starts_on: date,
    ends_on: date,
    prepaid: Decimal = Decimal("0.00"),
    paid_on: date | None = None,
    prepaid_minutes: int = 0,
) -> ContractView:
    """Record a contract on ``plan`` from ``starts_on`` to ``ends_on`` (both included),
    with a prepaid block of ``prepaid_minutes`` ("monte ore", seed 000)."""
    _contract_plan(ctx.policy, plan)
    _check_dates(ctx.policy, starts_on, ends_on)
    amount = _check_prepaid(prepaid)
    block = check_block(ctx.policy, prepaid_minutes)
    if paid_on is not None:
        bounds.day(paid_on, N_("paid on"))
    with ctx.write() as session:
        actor(session, ctx, lead=True, what=RECORD)
        owner = find_customer(session, customer)
        assert owner.id is not None
        row = Contract(
            customer_id=owner.id,
            plan=plan,
            starts_on=starts_on,
            ends_on=ends_on,
            prepaid=amount,
            paid_on=paid_on,
            prepaid_minutes=block,
        )
        session.add(row)
        session.flush()
        audit(
            session,
            ctx.actor,
            "contract.add",
            "contract",
            row.id,
            ctx.now(),
            customer=owner.name,
            plan=plan,
            starts_on=str(starts_on),
            ends_on=str(ends_on),
            **({"paid_on": str(paid_on)} if paid_on else {}),
            **_block_said(block),
        )
        return view(row, today_of(ctx))


def renew_contract(
    ctx: Context,
    customer: int | str,
    months: int | None = None,
    plan: str | None = None,
    paid_on: date | None = None,
    prepaid: Decimal = Decimal("0.00"),
    prepaid_minutes: int = 0,
) -> ContractView:
    """A new contract from the day after the customer's last one ends, for ``months``
    months (a year, or the policy's minimum when longer), on the same plan unless
    ``plan`` says otherwise; with a prepaid block of ``prepaid_minutes`` (a block is not
    carried over: each contract has its own)."""
    policy = ctx.policy
    length = months if months is not None else max(YEAR, policy.contracts.minimum_months)
    if length < 1:
        raise InvalidInput(_("a contract lasts at least one month"))
    if plan is not None:
        _contract_plan(policy, plan)
    amount = _check_prepaid(prepaid)
    block = check_block(policy, prepaid_minutes)
    if paid_on is not None:
        bounds.day(paid_on, N_("paid on"))
    with ctx.write() as session:
        actor(session, ctx, lead=True, what=RECORD)
        owner = _locked_customer(session, customer)
        assert owner.id is not None
        previous = terms.latest(term(r) for r in rows_of(session, owner.id))
        if previous is None:
            raise InvalidInput(
                _(
                    "{customer} has no contract to renew; record one with: techconsole "
                    "customer contract-add"
                ).format(customer=owner.name)
            )
        chosen = plan or previous.plan
        _contract_plan(policy, chosen)
        first, last = terms.renewal(previous, length)
        _check_dates(policy, first, last)
        today = today_of(ctx)
        if last < today:
            raise InvalidInput(
                _(
                    "{customer}'s last contract ended on {ended}: a renewal from {first} to "
                    "{last} would be over already; record a new one with: techconsole "
                    "customer contract-add"
                ).format(
                    customer=owner.name,
                    ended=f"{previous.ends_on:%d/%m/%Y}",
                    first=f"{first:%d/%m/%Y}",
                    last=f"{last:%d/%m/%Y}",
                )
            )
        row = Contract(
            customer_id=owner.id,
            plan=chosen,
            starts_on=first,
            ends_on=last,
            prepaid=amount,
            paid_on=paid_on,
            prepaid_minutes=block,
        )
        session.add(row)
        session.flush()
        audit(
            session,
            ctx.actor,
            "contract.renew",
            "contract",
            row.id,
            ctx.now(),
            customer=owner.name,
            renews=previous.id,
            plan=chosen,
            starts_on=str(first),
            ends_on=str(last),
            months=length,
            **({"paid_on": str(paid_on)} if paid_on else {}),
            **_block_said(block),
        )
        return view(row, today)


def record_payment(
    ctx: Context, customer: int | str, paid_on: date, contract: int | None = None
) -> ContractView:
    """Record that a contract was paid on ``paid_on``: ``contract`` (an id of the
    customer's), else the customer's last one."""
    bounds.day(paid_on, N_("paid on"))
    with ctx.write() as session:
        actor(session, ctx, lead=True, what=RECORD)
        owner = find_customer(session, customer)
        assert owner.id is not None
        rows = rows_of(session, owner.id)
        if contract is not None:
            row = next((r for r in rows if r.id == contract), None)
            if row is None:
                raise NotFound(
                    _("{customer} has no contract #{id} (see: techconsole customer show)").format(
                        customer=owner.name, id=contract
                    )
                )
        else:
            last = terms.latest(term(r) for r in rows)
            if last is None:
                raise InvalidInput(
                    _("{customer} has no contract to record a payment for").format(
                        customer=owner.name
                    )
                )
            row = next(r for r in rows if r.id == last.id)
        before = row.paid_on
        row.paid_on = paid_on
        session.add(row)
        audit(
            session,
            ctx.actor,
            "contract.paid",
            "contract",
            row.id,
            ctx.now(),
            customer=owner.name,
            paid_on=str(paid_on),
            **({"before": str(before)} if before else {}),
        )
        return view(row, today_of(ctx))
