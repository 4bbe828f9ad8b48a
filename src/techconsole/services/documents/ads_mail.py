"""The report due to a customer's data controller, sent by e-mail (seed 001: "L'operato
della nostra azienda sara' riportato al titolare con cadenza da stabilire tra le parti
(file di log e report)").

:func:`send_report` queues a message in the outbox for the customer's titolari with an
e-mail (or the addresses given) carrying the report of the oldest period due: the
sender renders it as PDF when it sends it (:func:`report_to_send`, in the customer's
language), and the delivery is recorded then, not now
(:mod:`techconsole.services.mail.ads_sent`).  One message at a time per customer: while
one is queued, being sent or uncertain, another is refused.  :func:`preview` says who it
would go to and its subject, for the console's form.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from techconsole.domain.ads_cadence import Period
from techconsole.domain.mail import Address, mailbox
from techconsole.domain.policy import Policy
from techconsole.i18n import N_, _, translator
from techconsole.services import bounds
from techconsole.services.context import Context
from techconsole.services.documents import activity, ads_reports
from techconsole.services.documents.activity import ActivityReport
from techconsole.services.documents.ads_outbox import AdsMailed
from techconsole.services.documents.ads_reports import AdsStanding, oldest_due
from techconsole.services.errors import Conflict, InvalidInput, InvalidTransition
from techconsole.services.incidents.intake import find_customer
from techconsole.services.mail.notice_texts import Letter, Writer
from techconsole.services.mail.outbox import queue
from techconsole.services.mail.outbox_views import OutboxEntry, entries
from techconsole.services.records import actor, audit
from techconsole.store import mail as store
from techconsole.store.models import Contact, Customer
from techconsole.store.retry import retried_read

#: the role of a customer's data controller among its contacts
TITOLARE = "titolare"
_SEPARATORS = re.compile(r"[,;\s]+")


@dataclass(frozen=True, slots=True)
class AdsLetter:
    """What sending the report due would queue: to whom, with which subject; ``why_not``
    says why it cannot be queued now (nobody to write to, one in the outbox already)."""

    customer_id: int
    customer: str
    period: Period
    to: tuple[Address, ...]
    subject: str
    why_not: str = ""


@dataclass(frozen=True, slots=True)
class AdsQueued:
    """The report's message, in the outbox."""

    customer_id: int
    customer: str
    period: Period
    entry: OutboxEntry


def _days(period: Period) -> str:
    return f"{period.start:%d/%m/%Y}–{period.end:%d/%m/%Y}"


def letter(
    policy: Policy, lang: str, customer: str, period: Period, to: tuple[Address, ...]
) -> Letter:
    """The message, in ``lang``: the report of ``period`` attached."""
    t = translator(lang)
    writer = Writer(policy, lang)
    company = policy.company
    subject = t.gettext("Report to the data controller: {customer}, {days}").format(
        customer=customer, days=_days(period)
    )
    body = [
        writer.greeting(to[0].name if len(to) == 1 else ""),
        t.gettext(
            "as agreed, attached is the report of our work as system administrator (ADS) "
            "for {customer} from {start} to {end}: every operation of the period, when, by "
            "whom and on which request."
        ).format(customer=customer, start=f"{period.start:%d/%m/%Y}", end=f"{period.end:%d/%m/%Y}"),
        "\n".join(
            line
            for line in (t.gettext("Kind regards,"), company.name, company.phone, company.email)
            if line
        ),
    ]
    return Letter(subject, "\n\n".join(body) + "\n")


def recipients(session: Session, customer: Customer, to: str | None) -> tuple[Address, ...]:
    """The addresses given (``to``: one or more, separated by commas), named as the
    customer's contacts when they are some; else the customer's active titolari with an
    e-mail.  Refused when an address is none, or nobody is there to write to."""
    return tuple(address for address, _contact in _addressed(session, customer, to))


def _addressed(
    session: Session, customer: Customer, to: str | None
) -> tuple[tuple[Address, int | None], ...]:
    """:func:`recipients`, each with the id of the contact it names (``None``: nobody's)."""
    contacts = session.exec(
        select(Contact)
        .where(Contact.customer_id == customer.id, col(Contact.active).is_(True))
        .order_by(col(Contact.name), col(Contact.id))
    ).all()
    if to is not None and to.strip():
        bounds.text(to, N_("recipient"))
        known = _oldest_by_address(contacts)
        found: list[tuple[Address, int | None]] = []
        for typed in _SEPARATORS.split(to.strip()):
            address = mailbox(typed)
            if address is None:
                raise InvalidInput(_("'{address}' is not an e-mail address").format(address=typed))
            person = known.get(address.email)
            name, contact_id = (person.name, person.id) if person is not None else ("", None)
            found.append((Address(address.email, name), contact_id))
        return tuple(dict.fromkeys(found))
    titolari = tuple(
        (address, c.id)
        for c in contacts
        if c.role == TITOLARE and (address := mailbox(c.email, c.name)) is not None
    )
    if not titolari:
        raise InvalidInput(
            _(
                "no titolare of {customer} has an e-mail address: add one (techconsole "
                "customer contact-add {id} NAME --role titolare --email …) or name the address"
            ).format(customer=customer.name, id=customer.id)
        )
    return titolari


def _oldest_by_address(contacts: Sequence[Contact]) -> dict[str, Contact]:
    """Each address of ``contacts`` (lowercased) → the oldest of them (the lowest id) who
    has it: the contact mail from it is taken as (``matching.contact_by_address``)."""
    found: dict[str, Contact] = {}
    for contact in sorted(contacts, key=lambda c: c.id or 0):
        if contact.email.strip():
            found.setdefault(contact.email.strip().lower(), contact)
    return found


def _in_outbox(mailed: AdsMailed | None, period: Period) -> str:
    """Why another message cannot be queued, or ""."""
    if mailed is None or not mailed.in_flight:
        return ""
    if mailed.state == store.UNCERTAIN:
        return _(
            "the report of {days} may have reached the server already (message {id} is "
            "uncertain): check with the recipient, then techconsole mail retry {id}, or record "
            "its delivery (report ads-delivered)"
        ).format(days=_days(period), id=mailed.mail_id)
    return _("the report of {days} is in the outbox already (message {id}, to {to})").format(
        days=_days(period), id=mailed.mail_id, to=mailed.to
    )


def _due(session: Session, ctx: Context, found: Customer) -> tuple[AdsStanding, Period]:
    state = ads_reports.standing_of(session, found, ads_reports.local_today(ctx))
    return state, oldest_due(state)


@retried_read
def preview(ctx: Context, customer: int | str, to: str | None = None) -> AdsLetter:
    """What :func:`send_report` would queue now; refused as it would be, except that
    nobody to write to and a message in the outbox already are said in ``why_not``."""
    with ctx.db.read() as session:
        found = ads_reports.ads_customer(session, customer)
        assert found.id is not None
        state, period = _due(session, ctx, found)
        why_not = _in_outbox(state.mailed, period)
        try:
            to_whom = recipients(session, found, to)
        except InvalidInput as refusal:
            to_whom, why_not = (), why_not or str(refusal)
        words = letter(ctx.policy, ctx.policy.mail.language, found.name, period, to_whom)
        return AdsLetter(found.id, found.name, period, to_whom, words.subject, why_not)


def send_report(
    ctx: Context, customer: int | str, *, to: str | None = None, lang: str | None = None
) -> AdsQueued:
    """Queue the report of the oldest period due for ``customer``'s data controller: to
    ``to`` (addresses, comma-separated), else to its titolari with an e-mail; the words
    in ``lang``, else the customer's (``[mail] language``)."""
    with ctx.write() as session:
        who = actor(session, ctx)
        found = ads_reports.ads_customer(session, customer)
        assert found.id is not None
        # the lock the deliveries take: one message, or one delivery, at a time
        session.exec(select(Customer).where(Customer.id == found.id).with_for_update()).one()
        state, period = _due(session, ctx, found)
        busy = _in_outbox(state.mailed, period)
        if busy:
            raise Conflict(busy)
        addressed = _addressed(session, found, to)
        to_whom = tuple(address for address, _contact in addressed)
        words = letter(ctx.policy, lang or ctx.policy.mail.language, found.name, period, to_whom)
        now = ctx.now()
        row = queue(
            session,
            ctx.policy,
            None,
            notice="ads_report",
            to=to_whom,
            subject=words.subject,
            text=words.text,
            automatic=False,
            attachment=store.ADS_REPORT,
            period=period,
            customer_id=found.id,
            now=now,
            actor=who,
            contact_id=addressed[0][1] if len(addressed) == 1 else None,
        )
        assert row is not None  # a person's message is never held back
        audit(
            session, who.login, "ads.queued", "mail", row.id, now,
            customer=found.id, period_start=period.start.isoformat(),
            period_end=period.end.isoformat(), to=row.recipients,
        )  # fmt: skip
        return AdsQueued(found.id, found.name, period, entries(session, [row])[0])


@retried_read
def report_to_send(ctx: Context, entry: OutboxEntry) -> ActivityReport:
    """The report a message of the outbox carries, as the sender attaches it: the
    activity report of its period; refused when that period was delivered meanwhile (by
    hand, or by another message), so that nothing is covered twice."""
    if entry.period is None or entry.customer_id is None:
        raise InvalidInput(_("message {id} carries no report to a data controller").format(
            id=entry.id
        ))  # fmt: skip
    period = entry.period
    with ctx.db.read() as session:
        found = find_customer(session, entry.customer_id)
        delivered = ads_reports.delivered_until(session, entry.customer_id)
        if delivered is not None and delivered >= period.start:
            raise InvalidTransition(
                _(
                    "the report of {days} to {customer}'s data controller was delivered "
                    "meanwhile: not sent again"
                ).format(days=_days(period), customer=found.name)
            )
    return activity.activity(ctx, entry.customer_id, period.start, period.end)
