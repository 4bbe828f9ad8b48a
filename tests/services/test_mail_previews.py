"""What the customer would be sent, shown before the step: the very words the step then
queues, nothing written by looking."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlmodel import select

from techconsole.domain.mail import Address
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import workflow
from techconsole.services.mail import previews, reply
from techconsole.services.policies import load
from techconsole.store.mail import MailMessage

from .support import contact, open_, rome, snapshot

NICCOLO = "niccolo@ottica.example"


@pytest.fixture
def requester(ctx: Context) -> int:
    return customers.add_contact(ctx, 1, "Niccolò Città", "ads", email="Niccolo@Ottica.example").id


def with_policy(ctx: Context, name: str) -> Context:
    return Context(ctx.db, load(name), ctx.actor, ctx.clock)


def outbox_rows(ctx: Context) -> list[MailMessage]:
    with ctx.db.read() as session:
        found = list(session.exec(select(MailMessage).order_by(MailMessage.id)).all())
        for row in found:
            session.expunge(row)
        return found


def test_the_preview_is_the_notice_taking_in_charge_then_queues(ctx, requester):
    number = open_(ctx, requester=requester).number
    estimate = rome(2026, 11, 24, 17, 0)
    before = snapshot(ctx)
    shown = previews.preview_acknowledgement(ctx, number, estimate=estimate, message="Passo io.")
    assert snapshot(ctx) == before and outbox_rows(ctx) == []  # looking writes nothing
    assert shown is not None and shown.sent
    assert shown.kind == "taken_in_charge"
    assert shown.to == Address(NICCOLO, "Niccolò Città")
    workflow.acknowledge(ctx, number, estimate=estimate, message="Passo io.")
    [row] = outbox_rows(ctx)
    assert (row.kind, row.subject, row.text) == (shown.kind, shown.subject, shown.text)


def test_the_conferma_d_intervento_follows_the_times_typed(ctx, requester):
    onsite = with_policy(ctx, "onsite-tech")  # on_acknowledge = "confirmation"
    number = open_(onsite, requester=requester, level=2).number
    without = previews.preview_acknowledgement(onsite, number)
    assert without is not None and without.kind == "confirmation"
    assert "concorderemo con voi l'orario" in without.text  # the customer's language
    shown = previews.preview_acknowledgement(
        onsite, number, on_site_by=rome(2026, 11, 23, 15, 0), estimate=rome(2026, 11, 23, 16, 30)
    )
    assert shown is not None
    assert shown.subject.startswith("Conferma d'intervento: ")
    assert "Modalità: presso la vostra sede, entro lun 23/11/2026 15:00." in shown.text
    assert "Durata prevista: circa 1 h 30 min." in shown.text


def test_a_policy_that_sends_nothing_has_nothing_to_show(ctx, requester):
    quiet = with_policy(ctx, "istes")  # on_acknowledge = "none"
    number = open_(quiet, requester=requester).number
    assert previews.preview_acknowledgement(quiet, number) is None


def test_no_address_or_no_room_today_says_why_it_is_not_sent(ctx, requester):
    nobody = open_(ctx, requester=contact(ctx, "Maria Bianchi").id)  # no e-mail
    shown = previews.preview_acknowledgement(ctx, nobody.number)
    assert shown is not None and shown.to is None
    assert shown.why_not == "the requester has no e-mail address: no message can be sent"
    policy = replace(ctx.policy, mail=replace(ctx.policy.mail, auto_replies_per_day=0))
    strict = Context(ctx.db, policy, ctx.actor, ctx.clock)
    number = open_(strict, requester=requester).number
    held = previews.preview_acknowledgement(strict, number)
    assert held is not None and not held.sent
    assert NICCOLO in held.why_not and "not sent" in held.why_not


def test_the_reply_preview_names_its_recipient_and_subject(ctx, requester):
    number = open_(ctx, requester=requester).number
    shown = previews.preview_reply(ctx, number, "Buongiorno")
    assert shown.to == Address(NICCOLO, "Niccolò Città")
    assert shown.subject == f"Re: Stampante non stampa [{number}]"
    queued = reply.reply(ctx, number, "Buongiorno")
    assert (queued.subject, queued.text) == (shown.subject, shown.text)


def test_the_reply_preview_says_when_there_is_nobody_to_write_to(ctx):
    number = open_(ctx).number  # no requester, no titolare with an e-mail
    shown = previews.preview_reply(ctx, number)
    assert shown.to is None and "nobody to write to" in shown.why_not
    assert shown.subject.endswith(f"[{number}]")


def test_the_preview_speaks_italian_by_default(ctx, requester, italian):
    onsite = with_policy(ctx, "onsite-tech")
    number = open_(onsite, requester=requester).number
    shown = previews.preview_acknowledgement(onsite, number)
    assert shown is not None
    assert shown.subject.startswith("Conferma d'intervento: ")
