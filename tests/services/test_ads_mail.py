"""The report to the data controller, sent by e-mail (seed 001):

    "L'operato della nostra azienda sara' riportato al titolare con cadenza da stabilire
    tra le parti (file di log e report), come richiesto dal regolamento."

``report ads-send`` queues the report of the oldest period due for the customer's
titolari (or the addresses given); it is delivered — recorded as such — only when the
outbox has sent it, a failure is tried again as any message, and one period is never
recorded twice (SQLite and PostgreSQL).

Hotel Mare (we are its ADS) agreed a monthly report from 1 October 2026; on Monday 23
November October's is due since 1 November, November's falls due on 1 December.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text
from sqlmodel import select

from techconsole.domain.ads_cadence import Period
from techconsole.domain.mail import Address
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.documents import ads_mail, ads_reports
from techconsole.services.errors import Conflict, InvalidInput, InvalidTransition
from techconsole.services.incidents import intake, workflow
from techconsole.services.mail import delivery, matching, outbox
from techconsole.store import mail as store
from techconsole.store.mail import MailMessage
from techconsole.store.models import AuditEntry

from .support import contact, refused, rome

OCTOBER = Period(date(2026, 10, 1), date(2026, 10, 31))
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))
BIANCHI = "bianchi@hotelmare.example"
STUDIO = "studio@commercialista.example"


@pytest.fixture
def hotel(ctx: Context) -> int:
    """Hotel Mare, monthly from 1 October: its titolare Sig. Bianchi has an e-mail; its
    own ADS and an employee have one too, and get no report."""
    found = customers.add_customer(ctx, customers.NewCustomer("Hotel Mare", we_are_ads=True)).id
    customers.add_contact(ctx, found, "Sig. Bianchi", "titolare", email="Bianchi@HotelMare.example")
    customers.add_contact(ctx, found, "Dott. Neri", "ads", email="neri@hotelmare.example")
    customers.add_contact(ctx, found, "Reception", "employee", email="reception@hotelmare.example")
    ads_reports.set_cadence(ctx, found, "monthly", date(2026, 10, 1))
    return found


def rows(ctx: Context) -> list[MailMessage]:
    with ctx.db.read() as session:
        found = session.exec(select(MailMessage).order_by(MailMessage.id)).all()
        for row in found:
            session.expunge(row)
        return list(found)


def audits(ctx: Context, action: str) -> list[AuditEntry]:
    with ctx.db.read() as session:
        found = session.exec(select(AuditEntry).where(AuditEntry.action == action)).all()
        for row in found:
            session.expunge(row)
        return list(found)


def send_now(ctx: Context, *, refused_to: tuple[str, ...] = ()) -> int:
    """What ``mail send`` does once the server took the message: claim, then sent."""
    entry = delivery.claim(ctx)
    assert entry is not None
    delivery.mark_sent(ctx, entry.id, refused_to=refused_to)
    return entry.id


def test_the_report_due_is_queued_for_the_titolari_and_delivered_only_once_sent(ctx, hotel, clock):
    queued = ads_mail.send_report(ctx.as_("bruno"), hotel)
    assert (queued.customer, queued.period) == ("Hotel Mare", OCTOBER)
    [row] = rows(ctx)
    assert (row.direction, row.state, row.kind) == (store.OUT, store.PENDING, "ads_report")
    assert (row.attachment, row.period_start, row.period_end) == (
        store.ADS_REPORT, OCTOBER.start, OCTOBER.end,
    )  # fmt: skip
    assert (row.customer_id, row.incident_id, row.automatic) == (hotel, None, False)
    assert row.recipients == BIANCHI  # the titolare only: not the ADS nor the employee
    # the customer's language (the policy's [mail] language): Italian
    assert row.subject == "Resoconto al titolare del trattamento: Hotel Mare, 01/10/2026–31/10/2026"
    assert row.text.startswith("Gentile Sig. Bianchi,")
    assert "per Hotel Mare dal 01/10/2026 al 31/10/2026" in row.text
    assert queued.entry.to[0].name == "Sig. Bianchi"

    # queued is not delivered: October is still due, its message in the outbox
    standing = ads_reports.standing(ctx, hotel)
    assert standing.due == (OCTOBER,)
    assert standing.mailed is not None
    assert (standing.mailed.mail_id, standing.mailed.state) == (row.id, "pending")
    assert ads_reports.deliveries(ctx, hotel) == []
    [said] = audits(ctx, "ads.queued")
    assert (said.actor, said.entity_id) == ("bruno", row.id)
    assert said.data["period_start"] == "2026-10-01" and said.data["to"] == BIANCHI

    # nobody records it by hand, nor queues it again, meanwhile
    refused(
        ctx, InvalidTransition, ads_reports.record_delivery, ctx, hotel, to="x", via="pec",
        match=f"is in the outbox \\(message {row.id}\\)",
    )  # fmt: skip
    refused(ctx, Conflict, ads_mail.send_report, ctx, hotel, match="in the outbox already")

    sent_at = clock.advance(hours=3)
    send_now(ctx)
    [done] = ads_reports.deliveries(ctx, hotel)
    assert done.period == OCTOBER
    assert done.delivered_at == sent_at  # when the server took it, not when it was queued
    assert (done.delivered_to, done.delivered_via, done.recorded_by) == (BIANCHI, "email", "bruno")
    [recorded] = audits(ctx, "ads.report")
    assert (recorded.actor, recorded.entity, recorded.entity_id) == ("mail", "customer", hotel)
    assert recorded.data["queued_by"] == "bruno" and recorded.data["mail"] == row.id
    after = ads_reports.standing(ctx, hotel)
    assert (after.covered_until, after.due, after.mailed) == (OCTOBER.end, (), None)
    assert after.next == NOVEMBER


def test_addresses_typed_replace_the_titolari_and_what_is_no_address_is_refused(ctx, hotel):
    typed = "Bianchi@HotelMare.example; studio@commercialista.example"
    queued = ads_mail.send_report(ctx, hotel, to=typed)
    assert [(a.email, a.name) for a in queued.entry.to] == [
        (BIANCHI, "Sig. Bianchi"),  # a contact: named as one
        ("studio@commercialista.example", ""),
    ]
    assert rows(ctx)[0].contact_id is None  # two people: no one contact
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio", we_are_ads=True)).id
    ads_reports.set_cadence(ctx, studio, "monthly", date(2026, 10, 1))
    refused(
        ctx, InvalidInput, ads_mail.send_report, ctx, studio, to="bianchi at hotel",
        match="'bianchi' is not an e-mail address",
    )  # fmt: skip
    customers.add_contact(ctx, studio, "Avv. Rosa", "titolare")  # no e-mail
    refused(
        ctx, InvalidInput, ads_mail.send_report, ctx, studio,
        match="no titolare of Studio has an e-mail address",
    )  # fmt: skip
    shown = ads_mail.preview(ctx, studio)
    assert (shown.to, shown.period) == ((), OCTOBER)
    assert "no titolare of Studio has an e-mail address" in shown.why_not
    typed_preview = ads_mail.preview(ctx, studio, to="avv.rosa@studio.example")
    assert [a.email for a in typed_preview.to] == ["avv.rosa@studio.example"]
    assert typed_preview.why_not == ""
    busy = ads_mail.preview(ctx, hotel)
    assert f"in the outbox already (message {queued.entry.id}" in busy.why_not


def test_an_address_two_contacts_share_is_the_oldest_contact_s(ctx, hotel):
    """Sig. Bianchi's address is also the Ufficio's, a contact added after him (and after
    him by name): the report to it greets him, is his, and the outbox names him, as mail
    from that address is taken as his."""
    customers.add_contact(ctx, hotel, "Ufficio", "employee", email=BIANCHI)
    bianchi = contact(ctx, "Sig. Bianchi", hotel).id
    with ctx.db.read() as session:
        taken_as = matching.contact_by_address(session, BIANCHI)
    assert taken_as is not None and taken_as.id == bianchi
    assert ads_mail.preview(ctx, hotel, to=BIANCHI).to == (Address(BIANCHI, "Sig. Bianchi"),)
    queued = ads_mail.send_report(ctx, hotel, to=BIANCHI.upper())
    [row] = rows(ctx)
    assert row.text.startswith("Gentile Sig. Bianchi,")
    assert row.contact_id == bianchi
    assert queued.entry.to == (Address(BIANCHI, "Sig. Bianchi"),)


def test_a_report_to_several_names_each_address_as_the_customer_s_oldest_contact(ctx, hotel):
    """To several addresses the message is nobody's: each address is named as the oldest
    of the customer's contacts with it, never as another customer's."""
    customers.add_contact(ctx, hotel, "Ufficio", "employee", email=BIANCHI)
    villa = customers.add_customer(ctx, customers.NewCustomer("Villa Sole", we_are_ads=True)).id
    ads_reports.set_cadence(ctx, villa, "monthly", date(2026, 10, 1))
    customers.add_contact(ctx, hotel, "Studio Conti", "employee", email=STUDIO)
    customers.add_contact(ctx, villa, "Rag. Conti", "employee", email=STUDIO)
    at_hotel = ads_mail.send_report(ctx, hotel, to=f"{BIANCHI}, {STUDIO}").entry
    at_villa = ads_mail.send_report(ctx, villa, to=f"{STUDIO}, direzione@villasole.example").entry
    assert [r.contact_id for r in rows(ctx)] == [None, None]
    assert at_hotel.to == (Address(BIANCHI, "Sig. Bianchi"), Address(STUDIO, "Studio Conti"))
    assert at_villa.to == (Address(STUDIO, "Rag. Conti"), Address("direzione@villasole.example"))
    listed = {entry.id: entry.to for entry in outbox.list_outbox(ctx)}  # read together
    assert listed == {at_hotel.id: at_hotel.to, at_villa.id: at_villa.to}


def test_a_contact_no_longer_active_gives_way_to_an_active_one(ctx, hotel):
    """Sig. Bianchi, the oldest with his address, is no longer a contact: the Ufficio,
    who shares it, is named, as mail from it is now taken as the Ufficio's."""
    customers.add_contact(ctx, hotel, "Ufficio", "employee", email=BIANCHI)
    with ctx.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE contact SET active = :no WHERE name = 'Sig. Bianchi'"), {"no": False}
        )
    preview = ads_mail.preview(ctx, hotel, to=f"{BIANCHI}, {STUDIO}")
    entry = ads_mail.send_report(ctx, hotel, to=f"{BIANCHI}, {STUDIO}").entry
    assert entry.to == preview.to == (Address(BIANCHI, "Ufficio"), Address(STUDIO))


def test_in_english_when_the_customer_is_written_to_in_english(ctx, hotel):
    policy = replace(ctx.policy, mail=replace(ctx.policy.mail, language="en"))
    english = Context(ctx.db, policy, ctx.actor, ctx.clock)
    ads_mail.send_report(english, hotel)
    [row] = rows(ctx)
    assert row.subject == "Report to the data controller: Hotel Mare, 01/10/2026–31/10/2026"
    assert row.text.startswith("Dear Sig. Bianchi,")


def test_a_failed_send_is_tried_again_and_only_the_one_sent_counts(ctx, hotel, clock):
    first = ads_mail.send_report(ctx, hotel).entry
    claimed = delivery.claim(ctx)
    assert claimed is not None and claimed.attach_ads_report and claimed.period == OCTOBER
    delivery.mark_failed(ctx, first.id, "451 greylisted", permanent=False)
    assert ads_reports.deliveries(ctx, hotel) == []
    waiting = ads_reports.standing(ctx, hotel).mailed
    assert waiting is not None
    assert (waiting.state, waiting.attempts, waiting.last_error) == ("pending", 1, "451 greylisted")

    clock.advance(minutes=2)  # past the backoff: tried again, refused for good
    assert delivery.claim(ctx) is not None
    delivery.mark_failed(ctx, first.id, "550 no such mailbox", permanent=True)
    assert ads_reports.deliveries(ctx, hotel) == []
    failed = ads_reports.standing(ctx, hotel).mailed
    assert failed is not None and failed.state == "failed"

    # a failed message holds nothing: another goes, to another address, and is delivered
    second = ads_mail.send_report(ctx, hotel, to="titolare@hotelmare.example").entry
    assert send_now(ctx) == second.id
    [done] = ads_reports.deliveries(ctx, hotel)
    assert (done.period, done.delivered_to) == (OCTOBER, "titolare@hotelmare.example")

    # the first one sent again by a person is refused by the sender: October was delivered
    again = outbox.retry(ctx, first.id)
    with pytest.raises(InvalidTransition, match="was delivered meanwhile: not sent again"):
        ads_mail.report_to_send(ctx, again)


def test_an_uncertain_send_waits_for_a_person_and_a_period_is_recorded_once(ctx, hotel):
    entry = ads_mail.send_report(ctx, hotel).entry
    assert delivery.claim(ctx) is not None
    delivery.mark_uncertain(ctx, entry.id, "connection lost after DATA")
    refused(
        ctx, Conflict, ads_mail.send_report, ctx, hotel,
        match=f"may have reached the server already \\(message {entry.id} is uncertain\\)",
    )  # fmt: skip
    # the person checked: the titolare has it; they record it by hand
    by_hand = ads_reports.record_delivery(ctx, hotel, to="Sig. Bianchi", via="email")
    assert by_hand.period == OCTOBER
    # … and should the uncertain message be marked sent after all, October is not
    # recorded a second time
    delivery.mark_sent(ctx, entry.id)
    assert [d.delivered_to for d in ads_reports.deliveries(ctx, hotel)] == ["Sig. Bianchi"]
    [skipped] = audits(ctx, "ads.not_recorded")
    assert skipped.data["reason"] == "already_recorded" and skipped.entity_id == entry.id


def test_a_recipient_the_server_refused_is_not_among_those_it_went_to(ctx, hotel):
    ads_mail.send_report(ctx, hotel, to=f"{BIANCHI}, vecchio@hotelmare.example")
    send_now(ctx, refused_to=("vecchio@hotelmare.example",))
    [done] = ads_reports.deliveries(ctx, hotel)
    assert done.delivered_to == BIANCHI


def test_the_attachment_is_the_activity_report_of_exactly_the_period(ctx, hotel, clock):
    clock.value = rome(2026, 10, 20, 10, 0)
    october = intake.open_incident(ctx, intake.NewIncident(hotel, "Backup fallito")).number
    workflow.note(ctx, october, "Ripristinato il backup notturno.")
    clock.value = rome(2026, 11, 23, 10, 0)
    november = intake.open_incident(ctx, intake.NewIncident(hotel, "Stampante")).number
    entry = ads_mail.send_report(ctx, hotel).entry
    report = ads_mail.report_to_send(ctx, entry)
    assert (report.customer_id, report.start, report.end) == (hotel, OCTOBER.start, OCTOBER.end)
    assert october in report.incidents and november not in report.incidents


def test_refused_when_there_is_nothing_to_send(ctx, hotel, clock):
    bar = customers.add_customer(ctx, customers.NewCustomer("Bar Sport")).id
    refused(ctx, InvalidInput, ads_mail.send_report, ctx, bar, match="not the system administrator")
    studio = customers.add_customer(ctx, customers.NewCustomer("Studio", we_are_ads=True)).id
    refused(ctx, InvalidTransition, ads_mail.send_report, ctx, studio, match="no cadence is agreed")
    ads_mail.send_report(ctx, hotel)
    send_now(ctx)
    refused(
        ctx, InvalidTransition, ads_mail.send_report, ctx, hotel,
        match="the next covers 01/11/2026 to 30/11/2026, due on 01/12/2026",
    )  # fmt: skip
    clock.value = rome(2026, 12, 1, 9, 0)  # November is over: its report goes
    assert ads_mail.send_report(ctx, hotel).period == NOVEMBER
