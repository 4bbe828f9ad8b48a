"""The outbox: notices queued with the change that requires them, the RFC 3834 rate
limit, claims that never hand one message to two senders, retries with backoff, and
interrupted sends that are never sent again without a person (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlmodel import select

from techconsole.domain.mail import Address
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.errors import InvalidInput, InvalidTransition, NotAllowed
from techconsole.services.incidents import clocks, closing, workflow
from techconsole.services.incidents import reading as incidents
from techconsole.services.mail import delivery, notices, outbox, reply
from techconsole.services.mail.outbox_views import outgoing
from techconsole.services.policies import load
from techconsole.store import mail as store
from techconsole.store.mail import MailMessage
from techconsole.store.models import AuditEntry, Incident, Technician

from .support import contact, open_, rome

NICCOLO = "niccolo@ottica.example"


@pytest.fixture
def requester(ctx: Context) -> int:
    """Niccolò, an employee of the Basic customer with an e-mail (the fixture's have none)."""
    found = customers.add_contact(ctx, 1, "Niccolò Città", "ads", email="Niccolo@Ottica.example")
    return found.id


def rows(ctx: Context) -> list[MailMessage]:
    with ctx.db.read() as session:
        found = session.exec(select(MailMessage).order_by(MailMessage.id)).all()
        for row in found:
            session.expunge(row)
        return list(found)


def audits(ctx: Context, action: str) -> list[dict]:
    with ctx.db.read() as session:
        return [a.data for a in session.exec(select(AuditEntry).where(AuditEntry.action == action))]


def with_policy(ctx: Context, name: str) -> Context:
    return Context(ctx.db, load(name), ctx.actor, ctx.clock)


# ---------------------------------------------------------------------- queued with the change


def test_taking_in_charge_queues_the_notice_with_the_estimate(ctx, requester, clock):
    opened = open_(ctx, requester=requester)
    workflow.acknowledge(
        ctx, opened.number, estimate=rome(2026, 11, 24, 17, 0), message="Passo io."
    )
    [row] = rows(ctx)
    assert (row.direction, row.state, row.kind) == (store.OUT, store.PENDING, "taken_in_charge")
    assert row.recipients == NICCOLO
    assert row.subject.endswith(f"[{opened.number}]")
    assert "presa in carico da Anna Rossi" in row.text  # the customer's language: Italian
    assert "Risoluzione prevista: mar 24/11/2026 17:00" in row.text
    assert "Passo io." in row.text
    assert row.automatic
    assert row.attachment == ""
    assert row.message_id.startswith("tc.") and row.message_id.endswith("@example.invalid")
    assert row.next_attempt_at == clock()  # due at once
    timeline = incidents.show(ctx, opened.number).timeline
    [told] = [e for e in timeline if e.kind == "mail_out"]
    assert told.data == {
        "mail": row.id,
        "notice": "taken_in_charge",
        "to": f"Niccolò Città <{NICCOLO}>",
    }
    assert told.text == ""  # the program's own words are not a person's text


def test_the_notice_is_in_italian_by_default(ctx, requester, italian):
    opened = open_(ctx, requester=requester)
    workflow.acknowledge(ctx, opened.number, estimate=rome(2026, 11, 24, 17, 0))
    [row] = rows(ctx)
    assert row.subject == f"Presa in carico: Stampante non stampa [{opened.number}]"
    assert row.text.startswith("Gentile Niccolò Città,\n\n")
    assert f"la vostra richiesta {opened.number} è stata presa in carico da Anna Rossi." in row.text
    assert "Risoluzione prevista: mar 24/11/2026 17:00." in row.text
    assert "Cordiali saluti,\nLa Vostra Assistenza S.r.l." in row.text


def test_the_notice_is_written_or_not_with_the_change(ctx, requester, monkeypatch):
    opened = open_(ctx, requester=requester)

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(clocks, "refresh", broken)  # fails after the notice was queued
    with pytest.raises(RuntimeError):
        workflow.acknowledge(ctx, opened.number)
    assert rows(ctx) == []
    assert incidents.show(ctx, opened.number).incident.acknowledged_at is None
    monkeypatch.undo()
    with pytest.raises(InvalidInput):  # refused before anything is written
        workflow.acknowledge(ctx, opened.number, message="x" * 30_000)
    assert rows(ctx) == []


def test_no_address_nothing_queued_nothing_fails_and_the_audit_says_why(ctx):
    maria = contact(ctx, "Maria Bianchi")  # no e-mail
    opened = open_(ctx, requester=maria.id)
    view = workflow.acknowledge(ctx, opened.number)
    assert view.acknowledged_at is not None
    assert rows(ctx) == []
    [why] = audits(ctx, "mail.not_queued")
    assert why == {
        "notice": "taken_in_charge",
        "reason": "no_address",
        "number": opened.number,
        "to": "",
    }


def test_a_policy_that_sends_nothing_queues_nothing(ctx, requester):
    quiet = with_policy(ctx, "istes")  # on_acknowledge = "none", resolution = false
    opened = open_(quiet, requester=requester)
    workflow.acknowledge(quiet, opened.number)
    closing.resolve(quiet, opened.number, resolved=True)
    assert rows(quiet) == []
    assert audits(quiet, "mail.not_queued") == []


def test_the_conferma_d_intervento_says_when_how_and_how_long(ctx, requester):
    onsite = with_policy(ctx, "onsite-tech")  # on_acknowledge = "confirmation"
    opened = open_(onsite, requester=requester, level=2)
    workflow.acknowledge(
        onsite,
        opened.number,
        on_site_by=rome(2026, 11, 23, 15, 0),
        estimate=rome(2026, 11, 23, 16, 30),
    )
    [row] = rows(onsite)
    assert row.kind == "confirmation"
    assert row.subject.startswith("Conferma d'intervento: ")
    assert "Modalità: presso la vostra sede, entro lun 23/11/2026 15:00." in row.text
    assert (
        "Conclusione prevista: lun 23/11/2026 16:30. Durata prevista: circa 1 h 30 min." in row.text
    )
    assert "Tecnico: Anna Rossi." in row.text


def test_resolving_attaches_the_work_report(ctx, requester):
    opened = open_(ctx, requester=requester)
    closing.resolve(ctx, opened.number, resolved=True, note="Sostituito il toner.")
    [row] = rows(ctx)
    assert row.kind == "resolution"
    assert row.attachment == "work_report"
    assert "Sostituito il toner." in row.text
    assert "In allegato il rapporto di lavoro." in row.text
    timeline = [e.kind for e in incidents.show(ctx, opened.number).timeline]
    assert timeline.index("report") < timeline.index("mail_out")  # told once it exists


def test_an_unsolved_visit_names_its_follow_up(ctx, requester):
    opened = open_(ctx, requester=requester)
    done = closing.resolve(ctx, opened.number, resolved=False)
    [row] = rows(ctx)
    assert done.follow_up is not None
    assert (
        f"Abbiamo aperto la richiesta {done.follow_up.number} per completare il lavoro." in row.text
    )
    assert row.subject.startswith("Intervento concluso: ")


def test_an_employee_s_request_asks_each_titolare_with_an_e_mail(ctx):
    customers.add_contact(ctx, 1, "Giulia Neri", "titolare", email="giulia@ottica.example")
    luca = contact(ctx, "Luca Verdi")  # an employee: needs an authorisation
    opened = open_(ctx, requester=luca.id, description="Installare il programma X")
    assert opened.status == "awaiting_authorisation"
    [row] = rows(ctx)  # Maria Bianchi, the other titolare, has no e-mail
    assert (row.kind, row.recipients) == ("authorisation_request", "giulia@ottica.example")
    assert "Luca Verdi (Ottica Esempio S.n.c.) ci ha chiesto un intervento" in row.text
    assert "> Installare il programma X" in row.text
    assert "rispondete a questo messaggio" in row.text
    assert row.in_reply_to == ""  # not an answer to the employee's message


# ---------------------------------------------------------------------- RFC 3834


def test_at_most_n_automatic_messages_a_day_to_one_address(ctx, requester, clock):
    numbers = [open_(ctx, f"Guasto {i}", requester=requester).number for i in range(6)]
    for number in numbers:
        workflow.acknowledge(ctx, number)
    assert len(rows(ctx)) == 5  # auto_replies_per_day = 5
    [why] = audits(ctx, "mail.not_queued")
    assert why["reason"] == "rate_limit" and why["to"] == NICCOLO and why["number"] == numbers[5]
    reply.reply(ctx, numbers[5], "Le scrivo io: il tecnico arriva alle 15.")  # a person: no limit
    assert len(rows(ctx)) == 6
    clock.advance(hours=24, minutes=1)
    later = open_(ctx, "Guasto 7", requester=requester)
    workflow.acknowledge(ctx, later.number)
    assert len(rows(ctx)) == 7


# ---------------------------------------------------------------------- delivery


def test_claim_takes_the_oldest_due_message_once(ctx, requester, clock):
    first = open_(ctx, "Primo", requester=requester)
    second = open_(ctx, "Secondo", requester=requester)
    workflow.acknowledge(ctx, first.number)
    clock.advance(minutes=1)
    workflow.acknowledge(ctx, second.number)
    one = delivery.claim(ctx)
    two = delivery.claim(ctx)
    assert one is not None and two is not None
    assert (one.incident, two.incident) == (first.number, second.number)
    assert (one.state, one.attempts) == ("sending", 1)
    assert one.to == (Address(NICCOLO, "Niccolò Città"),)
    assert delivery.claim(ctx) is None
    sent = delivery.mark_sent(ctx, one.id)
    assert (sent.state, sent.sent_at) == ("sent", clock())
    with pytest.raises(InvalidTransition):
        delivery.mark_sent(ctx, one.id)  # only a message being sent


def test_two_senders_never_take_the_same_message(ctx, make_ctx, requester):
    for i in range(12):
        reply.reply(ctx, open_(ctx, f"Guasto {i}", requester=requester).number, f"Messaggio {i}")
    expected = {r.id for r in rows(ctx)}
    taken: list[list[int]] = [[], []]
    errors: list[BaseException] = []

    def sender(index: int) -> None:
        mine = make_ctx("anna")
        try:
            while (entry := delivery.claim(mine)) is not None:
                taken[index].append(entry.id)
        except BaseException as exc:  # pragma: no cover - said by the assertion
            errors.append(exc)

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors
    assert sorted(taken[0] + taken[1]) == sorted(expected)  # each once, none twice


def test_temporary_failures_back_off_then_fail_after_eight_attempts(ctx, requester, clock):
    workflow.acknowledge(ctx, open_(ctx, requester=requester).number)
    waits = []
    for attempt in range(1, 9):
        entry = delivery.claim(ctx)
        assert entry is not None and entry.attempts == attempt
        done = delivery.mark_failed(ctx, entry.id, "451 4.3.0 try later", permanent=False)
        if done.state == "failed":
            break
        assert done.state == "pending"
        assert done.next_attempt_at is not None
        wait = done.next_attempt_at - clock()
        waits.append(wait)
        clock.advance(seconds=wait.total_seconds() - 1)
        assert delivery.claim(ctx) is None  # not due yet
        clock.advance(seconds=1)
    assert [w.total_seconds() / 60 for w in waits] == [1, 2, 4, 8, 16, 32, 60]
    assert (done.state, done.attempts, done.last_error) == ("failed", 8, "451 4.3.0 try later")
    assert done.next_attempt_at is None
    clock.advance(hours=10)
    assert delivery.claim(ctx) is None


def test_a_permanent_failure_fails_at_once(ctx, requester):
    workflow.acknowledge(ctx, open_(ctx, requester=requester).number)
    entry = delivery.claim(ctx)
    assert entry is not None
    done = delivery.mark_failed(ctx, entry.id, "550 5.1.1 no such user\r\nX", permanent=True)
    assert (done.state, done.attempts, done.last_error) == ("failed", 1, "550 5.1.1 no such user X")
    assert [a["permanent"] for a in audits(ctx, "mail.failed")] == [True]


def test_an_interrupted_send_becomes_uncertain_and_is_never_sent_again_by_itself(
    ctx, requester, clock
):
    number = open_(ctx, requester=requester).number
    workflow.acknowledge(ctx, number)
    entry = delivery.claim(ctx)  # ...and the sender dies before marking it
    assert entry is not None
    clock.advance(minutes=5)
    assert delivery.recover(ctx) == []  # a send may still be under way
    clock.advance(minutes=6)
    [left] = delivery.recover(ctx)
    assert (left.id, left.state) == (entry.id, "uncertain")
    assert "may have received it" in left.last_error
    clock.advance(days=3)
    assert delivery.recover(ctx) == []
    assert delivery.claim(ctx) is None  # at most once: never by itself

    bruno = ctx.as_("bruno")
    with pytest.raises(NotAllowed, match="only a team lead or the incident's technician"):
        outbox.retry(bruno, entry.id)
    again = outbox.retry(ctx, entry.id)  # anna decided (she queued it, and leads)
    assert (again.state, again.attempts, again.last_error) == ("pending", 0, "")
    claimed = delivery.claim(ctx)
    assert claimed is not None and claimed.id == entry.id
    with pytest.raises(InvalidTransition, match="only a failed or uncertain message"):
        outbox.retry(ctx, entry.id)


def test_the_outbox_lists_newest_first_and_by_state(ctx, requester, clock):
    workflow.acknowledge(ctx, open_(ctx, "Uno", requester=requester).number)
    clock.advance(minutes=1)
    closing.resolve(ctx, open_(ctx, "Due", requester=requester).number, resolved=True)
    listed = outbox.list_outbox(ctx)
    assert [e.kind for e in listed] == ["resolution", "taken_in_charge"]
    entry = delivery.claim(ctx)
    assert entry is not None
    delivery.mark_sent(ctx, entry.id)
    assert [e.kind for e in outbox.list_outbox(ctx, ["sent"])] == ["taken_in_charge"]
    assert [e.kind for e in outbox.list_outbox(ctx, ["pending"])] == ["resolution"]


# ---------------------------------------------------------------------- replies and threads


def received(
    ctx: Context,
    number: str,
    message_id: str,
    references: str = "",
    sender: str = "sconosciuto@ottica.example",
) -> None:
    """A message from the customer on ``number``, as taking mail in records it."""
    with ctx.write() as session:
        incident = session.exec(select(Incident).where(Incident.number == number)).one()
        now = ctx.now()
        session.add(
            MailMessage(
                direction=store.IN,
                message_id=message_id,
                state=store.TAKEN,
                kind="request",
                incident_id=incident.id,
                customer_id=incident.customer_id,
                sender=sender,
                sender_name="Pippo",
                subject="Stampante",
                at=now,
                recorded_at=now,
                references=references,
            )
        )


def test_a_technician_writes_to_the_customer_in_the_thread(ctx, requester, clock):
    number = open_(ctx, requester=requester).number
    received(ctx, number, "first@ottica.example")
    clock.advance(minutes=1)
    received(ctx, number, "second@ottica.example", references="first@ottica.example")
    entry = reply.reply(ctx.as_("bruno"), number, "Buongiorno, passo alle 15.")
    assert entry.subject == f"Re: Stampante non stampa [{number}]"
    assert entry.to == (Address(NICCOLO, "Niccolò Città"),)
    assert entry.in_reply_to == "second@ottica.example"
    assert entry.references == ("first@ottica.example", "second@ottica.example")
    assert not entry.automatic and entry.kind == "reply"
    assert entry.text.startswith("Buongiorno, passo alle 15.\n\n-- \nBruno Neri\n")
    [told] = [e for e in incidents.show(ctx, number).timeline if e.kind == "mail_out"]
    assert told.text == "Buongiorno, passo alle 15."  # what the person typed
    assert told.actor == "bruno"
    composed = outgoing(entry, Address("aiuto@esempio.it", "Esempio"))
    assert composed.sender == Address("aiuto@esempio.it", "Esempio")
    assert composed.in_reply_to == "second@ottica.example" and not composed.automatic


def test_a_reply_without_a_requester_address_goes_to_the_request_s_sender_or_a_titolare(ctx):
    number = open_(ctx).number  # no requester
    with pytest.raises(InvalidInput, match="nobody to write to"):
        reply.reply(ctx, number, "Ciao")
    customers.add_contact(ctx, 1, "Giulia Neri", "titolare", email="giulia@ottica.example")
    assert reply.reply(ctx, number, "Ciao").to == (Address("giulia@ottica.example", "Giulia Neri"),)
    received(ctx, number, "req@ottica.example")
    assert reply.reply(ctx, number, "Ciao").to == (Address("sconosciuto@ottica.example", "Pippo"),)
    with pytest.raises(InvalidInput, match="empty"):
        reply.reply(ctx, number, "  \n")


def test_the_queued_acknowledgement_answers_the_request(ctx, requester):
    number = open_(ctx, requester=requester, severity="A", urgent=True).number
    received(ctx, number, "req@ottica.example", references="older@ottica.example")
    with ctx.write() as session:
        incident = session.exec(select(Incident).where(Incident.number == number)).one()
        mail_in = session.exec(select(MailMessage).where(MailMessage.direction == store.IN)).one()
        row = notices.queue_queued(session, ctx.policy, incident, mail_in, now=ctx.now())
        assert row is not None
        row_id = row.id
    [entry] = [e for e in outbox.list_outbox(ctx) if e.id == row_id]
    assert entry.kind == "queued"
    assert entry.to == (Address("sconosciuto@ottica.example", "Pippo"),)
    assert entry.in_reply_to == "req@ottica.example"
    assert entry.references == ("older@ottica.example", "req@ottica.example")
    assert "IN CODA" in entry.text and "A – grave" in entry.text and "URGENTE" in entry.text
    assert outgoing(entry).auto_submitted == "auto-replied"
    assert entry.actor == "mail"


def test_notices_of_our_own_are_auto_generated(ctx, requester):
    workflow.acknowledge(ctx, open_(ctx, requester=requester).number)
    [entry] = outbox.list_outbox(ctx)
    assert outgoing(entry).auto_submitted == "auto-generated"
    assert outgoing(entry).sender == Address(
        "assistenza@example.invalid", "La Vostra Assistenza S.r.l."
    )


def test_the_mail_service_queues_without_a_technician(ctx, requester):
    with ctx.write() as session:
        incident = session.get(Incident, open_(ctx, requester=requester).id)
        assert incident is not None
        assert session.exec(select(Technician)).first() is not None
        row = notices.on_acknowledged(session, ctx.policy, incident, None, ctx.now())
        assert row is not None and row.actor == "mail"
        count = session.execute(text("SELECT COUNT(*) FROM mail_message")).scalar_one()
    assert count == 1


def test_a_notice_answers_the_last_message_of_its_recipient(ctx, requester, clock):
    number = open_(ctx, requester=requester).number
    received(ctx, number, "from-niccolo@ottica.example", sender=NICCOLO)
    clock.advance(minutes=1)
    received(ctx, number, "from-the-titolare@ottica.example", sender="maria@ottica.example")
    closing.resolve(ctx, number, resolved=True)
    [entry] = outbox.list_outbox(ctx)
    assert entry.to == (Address(NICCOLO, "Niccolò Città"),)
    assert entry.in_reply_to == "from-niccolo@ottica.example"
