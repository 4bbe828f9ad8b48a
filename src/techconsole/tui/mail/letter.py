"""A message to the customer as the console shows it before it is queued: who it goes
to, its subject, its text (:class:`~techconsole.services.mail.previews.Preview`)."""

from __future__ import annotations

from rich.text import Text

from techconsole.domain.mail import Address
from techconsole.i18n import _
from techconsole.reports import event_words
from techconsole.services.mail.previews import Preview
from techconsole.tui.widgets.text import plain


def address(found: Address | None) -> str:
    """``Maria Bianchi <maria@esempio.it>``, or the address alone (one line, safe)."""
    if found is None:
        return ""
    name = plain(found.name)
    return f"{name} <{plain(found.email)}>" if name else plain(found.email)


def kind_word(kind: str) -> str:
    """What the message is (``confirmation``: conferma d'intervento), as the timeline says."""
    return event_words.sentence("mail_out", {"notice": kind}) or kind


def head(preview: Preview) -> Text:
    """``To: …`` and ``Subject: …``, and why it would not be sent when it would not."""
    said = Text()
    said.append(_("To") + ": ", style="bold")
    if preview.to is not None:
        said.append(address(preview.to))
    else:
        said.append(_("nobody"), style="italic")
    said.append("\n" + _("Subject") + ": ", style="bold")
    said.append(plain(preview.subject))
    if preview.why_not:
        said.append("\n⚠ " + _("not sent: {why}").format(why=plain(preview.why_not)), style="bold")
    return said


def letter(preview: Preview | None) -> Text:
    """The whole message (head, then its text), or that the policy sends none."""
    if preview is None:
        return Text(_("No message is sent to the customer (policy)."), style="italic")
    word = kind_word(preview.kind)
    said = Text(word[:1].upper() + word[1:], style="bold underline")
    said.append("\n")
    said.append_text(head(preview))
    said.append("\n\n")
    said.append(plain(preview.text, one_line=False).rstrip())
    return said
