"""How the mail on an incident reads in its timeline: who wrote, the subject and the
customer's text for a message received (``mail_in``); what was sent and to whom, and
the text a technician typed, for a message to the customer (``mail_out``).

The sender's name, the subject and the text are the customer's words: shown as written,
in a :class:`~rich.text.Text`, without control characters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text

from techconsole.domain import events
from techconsole.i18n import _
from techconsole.reports import event_words
from techconsole.services.views import EventView
from techconsole.tui.widgets.text import plain


def _field(data: Mapping[str, Any], name: str) -> str:
    return plain(str(data.get(name) or ""))


def who(event: EventView) -> str:
    """The customer who wrote a message received (the technicians' column names people);
    for the rest of what the mail service recorded (a request opened from a message, a
    notice queued), the mail service."""
    if event.actor:
        return ""
    if event.kind == events.MAIL_IN:
        return _field(event.data, "sender_name") or _field(event.data, "sender")
    if "mail" in event.data:
        return _("mail")
    return ""


def note(event: EventView) -> Text | None:
    """The timeline's note for a mail event; ``None`` for any other kind."""
    data = event.data
    if event.kind == events.MAIL_IN:
        sender, name = _field(data, "sender"), _field(data, "sender_name")
        said = Text(_("from {sender}").format(sender=f"{name} <{sender}>" if name else sender))
        subject = _field(data, "subject")
        if subject:
            said.append(" · ")
            said.append(subject, style="bold")
        if data.get("resumed"):
            said.append("\n" + event_words.sentence(event.kind, data), style="italic")
        body = plain(event.text, one_line=False).strip()
        if body:
            said.append("\n" + body)
        _clip(said, data)
        return said
    if event.kind == events.MAIL_OUT:
        kind = event_words.sentence(event.kind, data) or _field(data, "notice")
        said = Text(kind, style="italic")
        to = _field(data, "to")
        if to:
            said.append(" · " + _("to {to}").format(to=to))
        typed = plain(event.text, one_line=False).strip()
        if typed:
            said.append("\n" + typed)
        return said
    if event.kind == events.OPENED and data.get("attachments"):
        said = Text(plain(event_words.describe(event), one_line=False))
        _clip(said, data)
        return said
    return None


def _clip(said: Text, data: Mapping[str, Any]) -> None:
    """The files that came with the message, by their safe names (never opened here)."""
    names = data.get("attachments")
    if isinstance(names, list) and names:
        listed = ", ".join(plain(str(name)) for name in names)
        said.append("\n📎 " + listed, style="dim")
