"""Delivering the outbox once: ``techconsole mail send``.

First the messages an interrupted run left ``sending`` become ``uncertain`` (never sent
again without a person), then each due message in turn is claimed, composed (with its
work report, rendered by ``render_report``, or the report to a customer's data
controller, rendered by ``render_ads``), handed to the server, and marked sent,
deferred, failed or uncertain.  An ADS report counts as delivered when its message is
marked sent (:func:`techconsole.services.mail.delivery.mark_sent`).  A failure of the
server itself (connection, TLS, login) ends the run: the other messages wait for the
next one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from techconsole.domain.mail import Address, OutgoingAttachment
from techconsole.i18n import _
from techconsole.mail import smtp
from techconsole.mail.compose import compose
from techconsole.mail.smtp import MailFailure, PermanentFailure, SmtpTarget, UncertainDelivery
from techconsole.services.context import Context
from techconsole.services.mail import delivery
from techconsole.services.mail.outbox_views import OutboxEntry, outgoing

#: renders the current work report of an incident (its number) as a file, or None
RenderReport = Callable[[str], OutgoingAttachment | None]
#: renders the ADS report a message carries (its customer and period) as a file; raises,
#: with the reason, when it is not to be sent (the period was delivered meanwhile)
RenderAds = Callable[[OutboxEntry], OutgoingAttachment]
Transport = Callable[..., dict[str, str]]


@dataclass(frozen=True, slots=True)
class Outcome:
    id: int
    incident: str | None
    to: str
    state: str  # sent | pending (deferred) | failed | uncertain
    error: str = ""


@dataclass(frozen=True, slots=True)
class SendSummary:
    outcomes: tuple[Outcome, ...] = ()
    #: messages an interrupted run had left sending, now uncertain
    recovered: tuple[Outcome, ...] = ()
    #: why the run stopped before the outbox was empty (the server's failure), or ""
    stopped: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def all_sent(self) -> bool:
        return not self.recovered and all(o.state == "sent" for o in self.outcomes)


def _prepare(
    entry: OutboxEntry,
    sender: Address | None,
    render_report: RenderReport,
    render_ads: RenderAds | None,
) -> bytes:
    files: list[OutgoingAttachment] = []
    if entry.attach_ads_report:
        if render_ads is None:
            raise PermanentFailure(_("this sender cannot render the report to a data controller"))
        files.append(render_ads(entry))
    if entry.attach_report:
        found = render_report(entry.incident) if entry.incident else None
        if found is None:
            raise PermanentFailure(
                _("the work report of {number} to attach was not found").format(
                    number=entry.incident or "?"
                )
            )
        files.append(found)
    return compose(outgoing(entry, sender, files))


def _outcome(entry: OutboxEntry, state: str, error: str = "") -> Outcome:
    to = ", ".join(a.email for a in entry.to)
    return Outcome(entry.id, entry.incident, to, state, error)


def send_pending(
    ctx: Context,
    target: SmtpTarget,
    password: str | None,
    *,
    sender: Address | None,
    render_report: RenderReport,
    render_ads: RenderAds | None = None,
    max_messages: int | None = None,
    ca_file: str | None = None,
    timeout: float = 60.0,
    transport: Transport = smtp.send,
) -> SendSummary:
    """Send what is due, once; ``sender`` is the From (default: the address each message
    was queued with), ``transport`` the SMTP step (:func:`techconsole.mail.smtp.send`);
    ``render_ads`` draws the ADS reports (without it, a message with one fails)."""
    recovered = tuple(_outcome(e, e.state, e.last_error) for e in delivery.recover(ctx))
    outcomes: list[Outcome] = []
    stopped = ""
    while max_messages is None or len(outcomes) < max_messages:
        entry = delivery.claim(ctx)
        if entry is None:
            break
        try:
            raw = _prepare(entry, sender, render_report, render_ads)
        except MailFailure as exc:
            done = delivery.mark_failed(ctx, entry.id, str(exc), permanent=True)
            outcomes.append(_outcome(entry, done.state, done.last_error))
            continue
        except Exception as exc:  # a report that cannot be drawn, an address that is none
            error = _("the message could not be prepared: {error}").format(error=exc)
            done = delivery.mark_failed(ctx, entry.id, error, permanent=True)
            outcomes.append(_outcome(entry, done.state, done.last_error))
            continue
        envelope = sender.email if sender is not None else entry.sender
        try:
            refused = transport(
                target,
                password,
                raw,
                envelope,
                [a.email for a in entry.to],
                ca_file=ca_file,
                timeout=timeout,
            )
        except UncertainDelivery as exc:
            done = delivery.mark_uncertain(ctx, entry.id, str(exc))
        except MailFailure as exc:
            done = delivery.mark_failed(ctx, entry.id, str(exc), permanent=exc.permanent)
            if exc.server:
                stopped = str(exc)
        else:
            listed = "; ".join(f"{a}: {why}" for a, why in refused.items())
            done = delivery.mark_sent(ctx, entry.id, refused=listed, refused_to=tuple(refused))
        outcomes.append(_outcome(entry, done.state, done.last_error))
        if stopped:
            break
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.state] = counts.get(outcome.state, 0) + 1
    return SendSummary(tuple(outcomes), recovered, stopped, counts)
