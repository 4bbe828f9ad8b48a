"""What taking a message did, in one line a technician reads at a glance."""

from __future__ import annotations

from techconsole.cli.output import safe
from techconsole.domain import mail as rules
from techconsole.i18n import N_, _
from techconsole.services.mail import views
from techconsole.services.mail.views import Taken

NOISE_WORDS = {
    rules.NOISE_AUTO: N_("an automatic reply"),
    rules.NOISE_BULK: N_("bulk mail"),
    rules.NOISE_LIST: N_("a mailing list"),
    rules.NOISE_BOUNCE: N_("a delivery failure notice"),
    rules.NOISE_OWN: N_("one of our own messages"),
}


def outcome_text(taken: Taken) -> str:
    number = taken.incident or ""
    if taken.outcome == views.OPENED:
        said = _("new incident {number} for {customer}").format(
            number=number, customer=taken.customer or ""
        )
        if taken.unknown_person:
            said += " " + _("(the sender is not one of their contacts)")
        return said
    if taken.outcome == views.NOTE:
        return _("note on {number}").format(number=number)
    if taken.outcome == views.RESUMED:
        return _("note on {number}: the customer answered, the clock runs again").format(
            number=number
        )
    if taken.outcome == views.AUTHORISED:
        return _("{number} authorised by the customer's reply").format(number=number)
    if taken.outcome == views.REOPENED:
        return _("{number} reopened by the customer's reply").format(number=number)
    if taken.outcome == views.FOLLOW_UP:
        return _("new incident {number}, following up a closed one").format(number=number)
    if taken.outcome == views.UNMATCHED:
        return _("unknown sender: waiting in the inbox (techconsole mail inbox)")
    if taken.outcome == views.IGNORED:
        reason = NOISE_WORDS.get(taken.reason)
        return _("ignored: {reason}").format(reason=_(reason) if reason else taken.reason)
    if taken.outcome == views.DUPLICATE:
        if number:
            return _("taken before ({number}): nothing changed").format(number=number)
        return _("taken before: nothing changed")
    return taken.outcome


def outcome_line(taken: Taken) -> str:
    """``✓ new incident 2026-000123 for Ottica ← maria@… «Stampante»`` (Rich markup)."""
    mark = {
        views.UNMATCHED: "[yellow]?[/yellow]",
        views.IGNORED: "[dim]·[/dim]",
        views.DUPLICATE: "[dim]=[/dim]",
    }.get(taken.outcome, "[green]✓[/green]")
    subject = safe(taken.subject, one_line=True)
    sender = safe(taken.sender, one_line=True)
    return f"{mark} {safe(outcome_text(taken))} [dim]← {sender} «{subject}»[/dim]"
