"""Customers, their contacts (who may authorise) and their contracts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from techconsole.domain.limits import MAX_SUBJECT
from techconsole.i18n import N_, _
from techconsole.services import bounds, loaders
from techconsole.services.context import Context
from techconsole.services.customers.contracts import add_contract as add_contract  # re-exported
from techconsole.services.customers.contracts import view as contract_view
from techconsole.services.errors import InvalidInput
from techconsole.services.incidents.intake import find_customer
from techconsole.services.records import actor, audit, like_pattern
from techconsole.services.views import ContactView, ContractView, CustomerView
from techconsole.store.models import Contact, Contract, Customer
from techconsole.store.retry import retried_read

CONTACT_ROLES = ("titolare", "ads", "employee")
DEPLOYMENTS = ("cloud", "on_premise")


@dataclass(frozen=True, slots=True)
class NewCustomer:
    name: str
    vat_number: str = ""
    address: str = ""
    deployment: str = "on_premise"
    reseller: bool = False
    reseller_since: date | None = None
    we_are_ads: bool = False
    notify_before_parts: bool = False


def _view(session: Session, ctx: Context, customer: Customer, *, full: bool) -> CustomerView:
    assert customer.id is not None
    today = ctx.now().astimezone(ctx.policy.zone).date()
    plan, contract = loaders.plan_for(session, ctx.policy, customer.id, today)
    contacts: tuple[ContactView, ...] = ()
    contracts: tuple[ContractView, ...] = ()
    if full:
        authorisers = ctx.policy.intake.authorisers
        contacts = tuple(
            ContactView(
                c.id or 0, c.customer_id, c.name, c.role, c.email, c.phone, c.role in authorisers
            )
            for c in session.exec(
                select(Contact)
                .where(Contact.customer_id == customer.id)
                .order_by(col(Contact.name), col(Contact.id))
            )
        )
        contracts = tuple(
            contract_view(k, today)
            for k in session.exec(
                select(Contract)
                .where(Contract.customer_id == customer.id)
                .order_by(col(Contract.starts_on), col(Contract.id))
            )
        )
    return CustomerView(
        customer.id,
        customer.name,
        customer.vat_number,
        customer.address,
        customer.deployment,
        customer.reseller,
        customer.reseller_since,
        customer.we_are_ads,
        customer.notify_before_parts,
        plan,
        contract,
        contacts,
        contracts,
    )


def add_customer(ctx: Context, new: NewCustomer) -> CustomerView:
    if not new.name.strip():
        raise InvalidInput(_("the customer's name is empty"))
    bounds.name(new.name, N_("name"))
    bounds.name(new.vat_number, N_("VAT number"))
    bounds.text(new.address, N_("address"), MAX_SUBJECT)
    if new.reseller_since is not None:
        bounds.day(new.reseller_since, N_("reseller since"))
    if new.deployment not in DEPLOYMENTS:
        raise InvalidInput(
            _("deployment is one of: {deployments}").format(deployments=", ".join(DEPLOYMENTS))
        )
    with ctx.write() as session:
        actor(session, ctx)
        row = Customer(
            name=new.name.strip(),
            vat_number=new.vat_number.strip(),
            address=new.address,
            deployment=new.deployment,
            reseller=new.reseller,
            reseller_since=new.reseller_since,
            we_are_ads=new.we_are_ads,
            notify_before_parts=new.notify_before_parts,
            created_at=ctx.now(),
        )
        session.add(row)
        session.flush()
        audit(session, ctx.actor, "customer.add", "customer", row.id, ctx.now(), name=row.name)
        return _view(session, ctx, row, full=True)


def add_contact(
    ctx: Context,
    customer: int | str,
    name: str,
    role: str = "employee",
    email: str = "",
    phone: str = "",
) -> ContactView:
    if role not in CONTACT_ROLES:
        raise InvalidInput(
            _("a contact's role is one of: {roles}").format(roles=", ".join(CONTACT_ROLES))
        )
    if not name.strip():
        raise InvalidInput(_("the contact's name is empty"))
    bounds.name(name, N_("name"))
    bounds.name(email, N_("e-mail"))
    bounds.name(phone, N_("phone"))
    with ctx.write() as session:
        actor(session, ctx)
        owner = find_customer(session, customer)
        assert owner.id is not None
        row = Contact(customer_id=owner.id, name=name.strip(), role=role, email=email, phone=phone)
        session.add(row)
        session.flush()
        audit(
            session,
            ctx.actor,
            "contact.add",
            "contact",
            row.id,
            ctx.now(),
            customer=owner.name,
            name=row.name,
            role=role,
        )
        return ContactView(
            row.id or 0,
            owner.id,
            row.name,
            role,
            email,
            phone,
            role in ctx.policy.intake.authorisers,
        )


@retried_read
def list_customers(ctx: Context, text: str | None = None) -> list[CustomerView]:
    with ctx.db.read() as session:
        query = select(Customer).order_by(col(Customer.name), col(Customer.id))
        if text:
            query = query.where(col(Customer.name).ilike(like_pattern(text), escape="\\"))
        return [_view(session, ctx, c, full=False) for c in session.exec(query)]


@retried_read
def show_customer(ctx: Context, ref: int | str) -> CustomerView:
    with ctx.db.read() as session:
        return _view(session, ctx, find_customer(session, ref), full=True)
