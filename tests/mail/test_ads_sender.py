"""The report to a data controller through a real SMTP server (aiosmtpd on 127.0.0.1), as
``mail send`` delivers it (seed 001: "L'operato della nostra azienda sara' riportato al
titolare con cadenza da stabilire tra le parti (file di log e report)").

The sender draws the report as PDF when it sends it, in the customer's language, and the
delivery is recorded when the server took it; a 451 leaves it to be tried again, a 550
fails it, and a period delivered meanwhile is not sent again.  SQLite and PostgreSQL.

Hotel Mare (we are its ADS) agreed a monthly report from 1 October 2026; it is Monday 23
November 2026: October's is due.
"""

from __future__ import annotations

import email
import email.policy
import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

import pg_schemas
from smtp_server import Server
from techconsole.cli import mail_settings
from techconsole.domain.mail import Address
from techconsole.i18n import set_language
from techconsole.mail import sender
from techconsole.mail.smtp import SmtpTarget
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.documents import ads_mail, ads_reports
from techconsole.services.incidents import intake, workflow
from techconsole.services.mail import outbox
from techconsole.services.policies import load
from techconsole.services.team import members as team
from techconsole.store.database import Database

ROME = ZoneInfo("Europe/Rome")
FROM = Address("assistenza@esempio.example", "La Vostra Assistenza S.r.l.")
BIANCHI = "bianchi@hotelmare.example"


class Clock:
    def __init__(self) -> None:
        self.value = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # Monday, 10:00 in Rome

    def __call__(self) -> datetime:
        return self.value


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not pg_schemas.PG_URL, reason=pg_schemas.NO_SERVER),
        ),
    ]
)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    set_language("en")  # the refusals are read in English; the customer's words are Italian
    if request.param == "sqlite":
        made = Database(f"sqlite:///{tmp_path / 'techconsole.db'}")
        made.migrate()
        yield made
        made.dispose()
        return
    with pg_schemas.schema() as schema:
        made = Database(schema.url)
        made.migrate()
        yield made
        made.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ctx(db: Database, clock: Clock) -> Context:
    """anna leads; Hotel Mare's titolare has an e-mail; an operation of October on it."""
    context = Context(db, load("default"), "anna", clock)
    team.add_technician(context, "anna", "Anna Rossi")
    hotel = customers.add_customer(context, customers.NewCustomer("Hotel Mare", we_are_ads=True))
    customers.add_contact(context, hotel.id, "Sig. Bianchi", "titolare", email=BIANCHI)
    ads_reports.set_cadence(context, hotel.id, "monthly", date(2026, 10, 1))
    clock.value = datetime(2026, 10, 20, 10, 0, tzinfo=ROME)
    number = intake.open_incident(context, intake.NewIncident(hotel.id, "Backup fallito")).number
    workflow.note(context, number, "Ripristinato il backup notturno.")
    clock.value = datetime(2026, 11, 23, 10, 0, tzinfo=ROME)
    return context


@pytest.fixture
def server() -> Iterator[Server]:
    with Server() as running:
        yield running


def send(ctx: Context, server: Server) -> sender.SendSummary:
    """``mail send`` once, with the renderers it uses."""
    return sender.send_pending(
        ctx,
        SmtpTarget("smtp", "127.0.0.1", server.port),
        None,
        sender=FROM,
        render_report=mail_settings.report_renderer(ctx),
        render_ads=mail_settings.ads_renderer(ctx),
        timeout=30,
    )


def parsed(data: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def pdf_words(data: bytes) -> str:
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(p.extract_text().replace("\xa0", " ").split()) for p in pages)


def test_the_report_goes_as_a_pdf_in_italian_and_is_delivered_when_the_server_takes_it(
    ctx, clock, server
):
    queued = ads_mail.send_report(ctx, "Hotel Mare")
    clock.value += timedelta(hours=2)  # mail send runs later
    summary = send(ctx, server)
    assert [(o.id, o.state) for o in summary.outcomes] == [(queued.entry.id, "sent")]
    [got] = server.handler.received
    assert got.recipients == [BIANCHI]
    message = parsed(got.data)
    assert message["Subject"] == (
        "Resoconto al titolare del trattamento: Hotel Mare, 01/10/2026–31/10/2026"
    )
    assert message["To"].addresses[0].display_name == "Sig. Bianchi"
    assert message["Auto-Submitted"] is None  # a person sends it, not a robot
    assert "dal 01/10/2026 al 31/10/2026" in message.get_body(("plain",)).get_content()
    [report] = list(message.iter_attachments())
    assert report.get_filename() == "RA-2026-10-C0001.pdf"  # named as ads-write names it
    assert report.get_content_type() == "application/pdf"
    words = pdf_words(report.get_content())
    assert "Hotel Mare" in words and "Ripristinato il backup notturno." in words

    [done] = ads_reports.deliveries(ctx, "Hotel Mare")
    assert done.delivered_at == clock.value  # sent, not queued
    assert (done.delivered_to, done.delivered_via) == (BIANCHI, "email")
    assert ads_reports.standing(ctx, "Hotel Mare").due == ()


def test_in_english_when_the_customer_is_written_to_in_english(ctx, server):
    policy = replace(ctx.policy, mail=replace(ctx.policy.mail, language="en"))
    english = Context(ctx.db, policy, ctx.actor, ctx.clock)
    ads_mail.send_report(english, "Hotel Mare")
    send(english, server)
    message = parsed(server.handler.received[0].data)
    assert message["Subject"] == "Report to the data controller: Hotel Mare, 01/10/2026–31/10/2026"
    [report] = list(message.iter_attachments())
    assert report.get_filename() == "RA-2026-10-C0001-en.pdf"
    assert "Activity" in pdf_words(report.get_content())


def test_a_451_is_tried_again_and_the_delivery_is_the_later_send(ctx, clock, server):
    ads_mail.send_report(ctx, "Hotel Mare")
    server.handler.data_answer = "451 4.3.0 greylisted, try later"
    [first] = send(ctx, server).outcomes
    assert first.state == "pending" and "451" in first.error
    assert ads_reports.deliveries(ctx, "Hotel Mare") == []
    assert send(ctx, server).outcomes == ()  # not due again yet: the backoff

    server.handler.data_answer = "250 OK: queued"
    clock.value += timedelta(minutes=2)
    [second] = send(ctx, server).outcomes
    assert second.state == "sent"
    [done] = ads_reports.deliveries(ctx, "Hotel Mare")
    assert done.delivered_at == clock.value
    assert len(server.handler.received) == 1


def test_a_period_delivered_meanwhile_is_not_sent_again(ctx, server):
    entry = ads_mail.send_report(ctx, "Hotel Mare").entry
    server.handler.refuse[BIANCHI] = "550 5.1.1 mailbox unavailable"
    [failed] = send(ctx, server).outcomes
    assert failed.state == "failed" and "550 5.1.1" in failed.error
    assert ads_reports.deliveries(ctx, "Hotel Mare") == []
    # the titolare had it by hand; a person then sends the failed message again
    ads_reports.record_delivery(ctx, "Hotel Mare", to="Sig. Bianchi", via="in_person")
    del server.handler.refuse[BIANCHI]
    outbox.retry(ctx, entry.id)
    [refused] = send(ctx, server).outcomes
    assert refused.state == "failed"
    assert "was delivered meanwhile: not sent again" in refused.error
    assert server.handler.received == []
    assert [d.delivered_via for d in ads_reports.deliveries(ctx, "Hotel Mare")] == ["in_person"]
