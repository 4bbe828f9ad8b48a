"""Delivering the outbox: each step is its own short transaction, so that a message is
sent at most once.

A sender :func:`claim` s the oldest pending message that is due: it is marked ``sending``
and the claim is committed before anything goes to the SMTP server, so a second sender
never takes the same row (SQLite's write transaction serialises the claims; PostgreSQL
skips a row another sender holds, ``FOR UPDATE SKIP LOCKED``).  Then :func:`mark_sent`,
or :func:`mark_failed`: a temporary failure is tried again later (1, 2, 4 … minutes, at
most an hour apart; failed after :data:`MAX_ATTEMPTS`), a permanent one fails at once.
A row still ``sending`` long after its claim was interrupted mid-send (a crash, a
power cut): :func:`recover` makes it ``uncertain`` — the server may have it — and only a
person sends it again (:func:`techconsole.services.mail.outbox.retry`).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlmodel import col, or_, select

from techconsole.domain.mail import header_text
from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.services.errors import InvalidTransition
from techconsole.services.mail import ads_sent
from techconsole.services.mail.outbox import find_out
from techconsole.services.mail.outbox_views import OutboxEntry, entries, split_recipients
from techconsole.services.records import audit
from techconsole.store import mail as store
from techconsole.store.mail import MailMessage

MAX_ATTEMPTS = 8
MAX_BACKOFF = timedelta(hours=1)
#: a claim older than this, still ``sending``, was interrupted (a send takes a minute or
#: two at most: the SMTP timeout is far shorter)
STALE_SENDING = timedelta(minutes=10)
#: the error of an uncertain message: kept in English, worded with ``_()`` when shown
INTERRUPTED = N_(
    "the send was interrupted: the server may have received it; "
    "check with the recipient, then send it again (mail retry) or leave it"
)
#: how long an error may be in the outbox (the server's answer, one line)
MAX_ERROR = 500


#: deliveries are the mail service's, whoever runs the sender (the OS user is audited too)
SERVICE = "mail"


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed try: 1, 2, 4 … minutes, ≤ 1 h."""
    return min(timedelta(minutes=2 ** min(max(attempts - 1, 0), 10)), MAX_BACKOFF)


def claim(ctx: Context, now: datetime | None = None) -> OutboxEntry | None:
    """Take the oldest pending message that is due: it is ``sending`` (one more attempt)
    once this returns; ``None`` when none is due."""
    with ctx.write() as session:
        now = now or ctx.now()
        query = (
            select(MailMessage)
            .where(MailMessage.direction == store.OUT, MailMessage.state == store.PENDING)
            .where(
                or_(
                    col(MailMessage.next_attempt_at).is_(None),
                    col(MailMessage.next_attempt_at) <= now,
                )
            )
            .order_by(col(MailMessage.at), col(MailMessage.id))
            .limit(1)
            .with_for_update(skip_locked=True)
        )
        row = session.exec(query).first()
        if row is None:
            return None
        row.state = store.SENDING
        row.attempts += 1
        row.next_attempt_at = now  # while sending: when the send began (see recover)
        session.add(row)
        session.flush()
        return entries(session, [row])[0]


def mark_sent(
    ctx: Context,
    mail_id: int,
    now: datetime | None = None,
    *,
    refused: str = "",
    refused_to: Collection[str] = (),
) -> OutboxEntry:
    """The server accepted the message: it is ``sent`` (also one made uncertain
    meanwhile); ``refused`` says which recipients it refused while taking it for others
    (``refused_to``: their addresses).  An ADS report it carries is delivered now, to
    the others (:mod:`.ads_sent`)."""
    with ctx.write() as session:
        row = find_out(session, mail_id, lock=True)
        _require_sending(row)
        now = now or ctx.now()
        row.state, row.sent_at, row.next_attempt_at = store.SENT, now, None
        row.last_error = header_text(refused, MAX_ERROR)
        session.add(row)
        if row.attachment == store.ADS_REPORT:
            gone = {a.strip().lower() for a in refused_to}
            accepted = tuple(a for a in split_recipients(row.recipients) if a not in gone)
            ads_sent.record(session, row, now, accepted)
        audit(
            session,
            SERVICE,
            "mail.sent",
            "mail",
            row.id,
            now,
            attempts=row.attempts,
            refused=refused,
        )
        session.flush()
        return entries(session, [row])[0]


def mark_uncertain(
    ctx: Context, mail_id: int, error: str, now: datetime | None = None
) -> OutboxEntry:
    """The connection broke once the message was handed over: the server may have it, so
    it is ``uncertain`` and only a person sends it again."""
    with ctx.write() as session:
        row = find_out(session, mail_id, lock=True)
        _require_sending(row)
        now = now or ctx.now()
        row.state, row.next_attempt_at = store.UNCERTAIN, None
        row.last_error = header_text(error, MAX_ERROR)
        session.add(row)
        audit(session, SERVICE, "mail.uncertain", "mail", row.id, now, error=row.last_error)
        session.flush()
        return entries(session, [row])[0]


def mark_failed(
    ctx: Context, mail_id: int, error: str, now: datetime | None = None, *, permanent: bool
) -> OutboxEntry:
    """The send failed with ``error`` (one line, said to people): a temporary failure is
    pending again after :func:`backoff`, unless it was the last attempt; a permanent one
    (the server refused it, 5xx) is ``failed`` at once."""
    with ctx.write() as session:
        row = find_out(session, mail_id, lock=True)
        _require_sending(row)
        now = now or ctx.now()
        row.last_error = header_text(error, MAX_ERROR)
        if permanent or row.attempts >= MAX_ATTEMPTS:
            row.state, row.next_attempt_at = store.FAILED, None
        else:
            row.state, row.next_attempt_at = store.PENDING, now + backoff(row.attempts)
        session.add(row)
        audit(
            session,
            SERVICE,
            "mail.failed" if row.state == store.FAILED else "mail.deferred",
            "mail",
            row.id,
            now,
            attempts=row.attempts,
            permanent=permanent,
            error=row.last_error,
            next_attempt_at=row.next_attempt_at,
        )
        session.flush()
        return entries(session, [row])[0]


def _require_sending(row: MailMessage) -> None:
    if row.state not in (store.SENDING, store.UNCERTAIN):
        raise InvalidTransition(
            _("message {id} is {state}, not being sent").format(id=row.id, state=row.state)
        )


def recover(
    ctx: Context, now: datetime | None = None, *, stale: timedelta = STALE_SENDING
) -> list[OutboxEntry]:
    """Messages left ``sending`` by an interrupted sender (claimed more than ``stale``
    ago) become ``uncertain``: never sent again without a person deciding."""
    with ctx.write() as session:
        now = now or ctx.now()
        rows = session.exec(
            select(MailMessage)
            .where(MailMessage.direction == store.OUT, MailMessage.state == store.SENDING)
            .where(
                or_(
                    col(MailMessage.next_attempt_at).is_(None),
                    col(MailMessage.next_attempt_at) <= now - stale,
                )
            )
            .order_by(col(MailMessage.id))
            .with_for_update(skip_locked=True)
        ).all()
        for row in rows:
            row.state, row.next_attempt_at = store.UNCERTAIN, None
            row.last_error = INTERRUPTED
            session.add(row)
            audit(session, SERVICE, "mail.uncertain", "mail", row.id, now, attempts=row.attempts)
        session.flush()
        return entries(session, rows)
