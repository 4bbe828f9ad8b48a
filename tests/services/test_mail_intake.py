"""Taking received mail: who wrote, what it answers, exactly once, as the mail service."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from techconsole.domain.mail import Address, Attachment, IncomingMail
from techconsole.services.customers import registry as customers
from techconsole.services.documents import ads_mail, ads_reports
from techconsole.services.errors import InvalidTransition, NotFound
from techconsole.services.incidents import closing, reading, workflow
from techconsole.services.mail import inbox, intake, views
from techconsole.services.mail import reading as mail_reading
from techconsole.services.policies import load

from .support import snapshot

RECEIVED = datetime(2026, 11, 23, 8, 30, tzinfo=UTC)  # 09:30 in Rome, before the test's "now"


def message(
    sender: str = "maria@ottica-esempio.example",
    subject: str = "La stampante non stampa",
    body: str = "Buongiorno,\nla stampante dell'ufficio non stampa più.\n\nMaria",
    *,
    message_id: str | None = None,
    name: str = "Maria Bianchi",
    **fields: object,
) -> IncomingMail:
    mid = message_id or f"{hashlib.sha256((sender + subject + body).encode()).hexdigest()[:16]}@mua"
    base = IncomingMail(
        message_id=mid,
        sender=Address(sender, name),
        subject=subject,
        text=body,
        sha256="0" * 64,
        size=len(body),
        received_at=RECEIVED,
        date=RECEIVED - timedelta(minutes=1),
    )
    return replace(base, **fields)  # type: ignore[arg-type]


@pytest.fixture
def mailing(ctx):
    """The fixture's customer with addresses: Maria (titolare) and Luca (employee)."""
    customers.add_contact(ctx, 1, "Maria Posta", "titolare", email="Maria@Ottica-Esempio.example")
    customers.add_contact(ctx, 1, "Luca Posta", "employee", email="luca@ottica-esempio.example")
    other = customers.add_customer(ctx, customers.NewCustomer("Studio Altro"))
    customers.add_contact(ctx, other.id, "Paola", "titolare", email="paola@studio-altro.example")
    return ctx


def get(ctx, number):
    return reading.show(ctx, number).incident


def timeline(ctx, number):
    return reading.show(ctx, number).timeline


def take(ctx, mail, **kwargs):
    return intake.take(ctx, mail, source="test", **kwargs)


def test_a_known_contact_opens_an_incident_whose_clock_starts_at_receipt(mailing, clock):
    taken = take(mailing, message())
    assert taken.outcome == views.OPENED
    assert taken.customer == "Ottica Esempio S.n.c."
    incident = get(mailing, taken.incident)
    assert incident.subject == "La stampante non stampa"
    assert incident.arrived_at == RECEIVED  # not the time it was fetched
    assert incident.channel == "email"
    assert incident.requester == "Maria Posta"
    assert incident.status == "open"
    with mailing.db.read() as session:
        actors = {
            row[0]
            for row in session.execute(text("SELECT actor FROM audit WHERE action LIKE 'mail.%'"))
        }
        opened_by = session.execute(
            text("SELECT actor FROM audit WHERE action = 'incident.opened'")
        ).scalar_one()
    assert actors == {"mail"}
    assert opened_by == "mail"  # the mail service, whoever ran the command


def test_the_same_message_twice_changes_nothing(mailing):
    first = take(mailing, message())
    before = snapshot(mailing)
    again = take(mailing, message())
    assert again.outcome == views.DUPLICATE
    assert again.incident == first.incident
    assert snapshot(mailing) == before


def test_the_sender_is_matched_case_insensitively_and_flags_unknown_people(mailing):
    known = take(mailing, message(sender="luca@ottica-esempio.example", subject="Mouse rotto"))
    assert get(mailing, known.incident).requester == "Luca Posta"
    stranger = take(mailing, message(sender="nuovo@ottica-esempio.example", name="Nuovo"))
    assert stranger.outcome == views.OPENED
    assert stranger.unknown_person
    assert stranger.customer == "Ottica Esempio S.n.c."
    assert get(mailing, stranger.incident).requester is None


def test_an_unknown_sender_lands_in_the_inbox_and_is_linked_or_discarded(mailing):
    first = take(mailing, message(sender="chi@sconosciuto.example", subject="Aiuto"))
    second = take(mailing, message(sender="spam@gmail.com", subject="Offerta"))
    assert (first.outcome, second.outcome) == (views.UNMATCHED, views.UNMATCHED)
    assert [m.subject for m in inbox.inbox(mailing)] == ["Aiuto", "Offerta"]
    linked = inbox.link(
        mailing, first.mail_id, "Studio Altro", save_contact=inbox.NewContact("Chi", "employee")
    )
    assert linked.outcome == views.OPENED
    assert get(mailing, linked.incident).requester == "Chi"
    discarded = inbox.discard(mailing, second.mail_id, "pubblicità")
    assert discarded.state == "discarded"
    assert inbox.inbox(mailing) == []
    with pytest.raises(InvalidTransition):
        inbox.discard(mailing, first.mail_id)
    # the saved contact is matched by itself next time
    again = take(mailing, message(sender="chi@sconosciuto.example", subject="Ancora io"))
    assert again.outcome == views.OPENED and again.customer == "Studio Altro"


def test_a_free_mail_domain_never_matches_a_customer(mailing):
    customers.add_contact(mailing, 1, "Gino", "employee", email="gino@gmail.com")
    taken = take(mailing, message(sender="altro@gmail.com", subject="Ciao"))
    assert taken.outcome == views.UNMATCHED


@pytest.mark.parametrize(
    "headers",
    [
        {"auto-submitted": "auto-replied"},
        {"precedence": "bulk"},
        {"list-id": "<notizie.example>"},
        {"x-autoreply": "yes"},
    ],
)
def test_machines_never_open_incidents(mailing, headers):
    before = snapshot(mailing)["incident"]
    taken = take(mailing, message(machine_headers=headers))
    assert taken.outcome == views.IGNORED
    assert taken.reason
    assert snapshot(mailing)["incident"] == before


def test_bounces_and_our_own_messages_are_ignored(mailing):
    bounce = take(mailing, message(sender="mailer-daemon@mx.example", subject="Undelivered"))
    own = take(
        mailing,
        message(sender="assistenza@noi.example", subject="x"),
        own_addresses=["Assistenza@noi.example"],
    )
    assert (bounce.outcome, own.outcome) == (views.IGNORED, views.IGNORED)


def test_a_reply_is_a_note_and_resumes_a_clock_waiting_on_the_customer(mailing, clock):
    opened = take(mailing, message(message_id="first@mua"))
    workflow.pause(mailing, opened.incident, "serve il modello")
    clock.advance(minutes=30)
    reply = message(
        message_id="second@mua",
        subject="Re: La stampante non stampa",
        body="È una HP LaserJet.\n\n> serve il modello",
        in_reply_to=("first@mua",),
        received_at=clock() - timedelta(minutes=5),
    )
    taken = take(mailing, reply)
    assert taken.outcome == views.RESUMED
    assert taken.incident == opened.incident
    assert get(mailing, opened.incident).status == "open"
    events = timeline(mailing, opened.incident)
    notes = [e for e in events if e.kind == "mail_in"]
    assert notes[-1].text == "È una HP LaserJet."  # the quote trimmed
    assert [e.kind for e in events][-2:] == ["mail_in", "resume"]


def test_the_incident_number_in_the_subject_threads_only_for_its_customer(mailing):
    opened = take(mailing, message())
    tagged = f"Re: [{opened.incident}] La stampante"
    mine = take(mailing, message(sender="luca@ottica-esempio.example", subject=tagged))
    assert (mine.outcome, mine.incident) == (views.NOTE, opened.incident)
    theirs = take(mailing, message(sender="paola@studio-altro.example", subject=tagged))
    assert theirs.outcome == views.OPENED
    assert theirs.incident != opened.incident


def test_an_employee_request_waits_and_the_titolare_reply_authorises_it(mailing):
    asked = take(mailing, message(sender="luca@ottica-esempio.example", message_id="ask@mua"))
    assert get(mailing, asked.incident).status == "awaiting_authorisation"
    # another employee's reply does not authorise
    take(
        mailing,
        message(
            sender="luca@ottica-esempio.example",
            message_id="nudge@mua",
            subject="Re: sollecito",
            in_reply_to=("ask@mua",),
        ),
    )
    assert get(mailing, asked.incident).status == "awaiting_authorisation"
    ok = take(
        mailing,
        message(
            message_id="ok@mua",
            subject="Re: autorizzo",
            body="Autorizzo l'intervento.",
            in_reply_to=("ask@mua",),
        ),
    )
    assert ok.outcome == views.AUTHORISED
    incident = get(mailing, asked.incident)
    assert incident.status == "open"
    assert incident.authorised_by == "Maria Posta"
    assert incident.authorised_via == "email"


def test_a_reply_to_a_closed_incident_opens_a_linked_one(mailing):
    opened = take(mailing, message(message_id="c1@mua"))
    closing.resolve(mailing, opened.incident, resolved=True, note="Toner sostituito")
    closing.close(mailing, opened.incident)
    again = take(
        mailing, message(message_id="c2@mua", subject="Re: di nuovo", in_reply_to=("c1@mua",))
    )
    assert again.outcome == views.FOLLOW_UP
    follow = get(mailing, again.incident)
    assert follow.follow_up_of == opened.incident
    assert get(mailing, opened.incident).status == "closed"


def test_the_policy_may_reopen_instead(make_ctx, tmp_path: Path):
    source = Path(load("default").source).read_text(encoding="utf-8")
    policy = tmp_path / "riapri.toml"
    policy.write_text(
        source.replace('reply_to_closed = "new_linked"', 'reply_to_closed = "reopen"'),
        encoding="utf-8",
    )
    ctx = make_ctx("anna", str(policy))
    from techconsole.services.team import members as team

    team.add_technician(ctx, "anna", "Anna Rossi")
    customer = customers.add_customer(ctx, customers.NewCustomer("Ottica"))
    customers.add_contract(ctx, customer.id, "basic", date(2026, 1, 1), date(2026, 12, 31))
    customers.add_contact(ctx, customer.id, "Maria", "titolare", email="maria@ottica.example")
    opened = take(ctx, message(sender="maria@ottica.example", message_id="r1@mua"))
    closing.resolve(ctx, opened.incident, resolved=True, note="fatto")
    closing.close(ctx, opened.incident)
    again = take(
        ctx, message(sender="maria@ottica.example", message_id="r2@mua", in_reply_to=("r1@mua",))
    )
    assert (again.outcome, again.incident) == (views.REOPENED, opened.incident)
    assert get(ctx, opened.incident).status == "in_progress"  # anna resolved it: still hers


def test_urgente_in_the_subject_and_the_web_form(make_ctx):
    ctx = make_ctx("anna", "mb-services")
    from techconsole.services.team import members as team

    team.add_technician(ctx, "anna", "Anna Rossi")
    customer = customers.add_customer(ctx, customers.NewCustomer("Sito Web Srl"))
    customers.add_contact(ctx, customer.id, "Gianni", "employee", email="gianni@sitoweb.example")
    urgent = take(ctx, message(sender="gianni@sitoweb.example", subject="URGENTE sito giù"))
    assert get(ctx, urgent.incident).urgent
    calm = take(ctx, message(sender="gianni@sitoweb.example", subject="non urgente: logo"))
    assert not get(ctx, calm.incident).urgent
    form = message(
        sender="modulo@sitoweb-hosting.example",
        subject="Richiesta dal sito",
        reply_to=Address("gianni@sitoweb.example", "Gianni"),
    )
    via_web = take(ctx, form, web_form_senders=["modulo@sitoweb-hosting.example"])
    incident = get(ctx, via_web.incident)
    assert (incident.channel, incident.requester) == ("web", "Gianni")


def test_attachments_are_kept_up_to_the_limit_and_shown(mailing):
    files = (
        Attachment("foto.png", "image/png", 4, b"\x89PNG"),
        Attachment("video.mp4", "video/mp4", 30_000_000, None),
    )
    taken = take(mailing, message(attachments=files))
    mail = mail_reading.message(mailing, taken.mail_id)
    assert [(a.filename, a.size, a.kept) for a in mail.attachments] == [
        ("foto.png", 4, True),
        ("video.mp4", 30_000_000, False),
    ]
    assert mail_reading.attachment(mailing, mail.attachments[0].id) == ("foto.png", b"\x89PNG")
    with pytest.raises(NotFound, match="larger than the limit"):
        mail_reading.attachment(mailing, mail.attachments[1].id)
    opened = next(e for e in timeline(mailing, taken.incident) if e.kind == "opened")
    assert opened.data["attachments"] == ["foto.png", "video.mp4"]  # named on the timeline
    on_incident = mail_reading.of_incident(mailing, taken.incident)
    assert on_incident[0].id == taken.mail_id
    # the default policy acknowledges a request by mail: "in coda", in reply to it
    assert [(m.direction, m.kind) for m in on_incident] == [("in", "request"), ("out", "queued")]


def test_the_customer_is_written_to_in_the_policy_language(make_ctx, tmp_path: Path):
    """The console may speak English; the customer is written to in the policy's
    ``[mail] language`` (Italian here), and in English when the policy says so."""
    from techconsole.i18n import set_language
    from techconsole.services.mail import outbox
    from techconsole.services.team import members as team

    source = Path(load("default").source).read_text(encoding="utf-8")
    english = tmp_path / "english.toml"
    english.write_text(source.replace('language = "it"', 'language = "en"'), encoding="utf-8")
    italian_policy = make_ctx("anna", "default")
    team.add_technician(italian_policy, "anna", "Anna Rossi")
    customer = customers.add_customer(italian_policy, customers.NewCustomer("Ottica"))
    customers.add_contact(
        italian_policy, customer.id, "Maria", "titolare", email="m@ottica.example"
    )
    set_language("en")  # the technician's console speaks English
    take(italian_policy, message(sender="m@ottica.example", message_id="it@mua"))
    [italian] = outbox.list_outbox(italian_policy)
    english_policy = make_ctx("anna", str(english))  # the same database, the other policy
    take(english_policy, message(sender="m@ottica.example", message_id="en@mua", subject="Mouse"))
    [english_one] = [e for e in outbox.list_outbox(english_policy) if e.id != italian.id]
    assert italian.subject.startswith("Richiesta in coda")
    assert english_one.subject.startswith("Request queued")


def test_an_answer_to_a_report_to_the_data_controller_waits_for_a_person(mailing):
    """Seed 001: the report to the titolare goes by e-mail on no incident; "ricevuto,
    grazie" in reply opens no request by itself: it lands in the inbox, to be read and
    discarded (or linked, if it asks for something)."""
    hotel = customers.add_customer(mailing, customers.NewCustomer("Hotel", we_are_ads=True)).id
    customers.add_contact(mailing, hotel, "Sig. Bianchi", "titolare", email="b@hotel.example")
    ads_reports.set_cadence(mailing, hotel, "monthly", date(2026, 10, 1))
    ours = ads_mail.send_report(mailing, hotel).entry
    answer = message(
        sender="b@hotel.example",
        subject="Re: " + ours.subject,
        body="Ricevuto, grazie.",
        in_reply_to=(ours.message_id,),
    )
    taken = take(mailing, answer)
    assert (taken.outcome, taken.incident, taken.customer) == (views.UNMATCHED, None, "Hotel")
    assert [m.subject for m in inbox.inbox(mailing)] == ["Re: " + ours.subject]
    # a new message of theirs, answering nothing, is a request as ever
    request = take(mailing, message(sender="b@hotel.example", subject="Il server è lento"))
    assert request.outcome == views.OPENED
