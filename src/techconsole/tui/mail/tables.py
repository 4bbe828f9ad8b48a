"""The mail screen's two tables: the unmatched mail and the outbox, one line a message.

Each column has a width, and the text columns (sender, subject, error) share what the
terminal has left, so that a line fits an 80-column terminal; every text a customer or a
server wrote is a :func:`~techconsole.tui.widgets.text.cell`, cut with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.widgets import DataTable

from techconsole.i18n import N_, _, ngettext
from techconsole.i18n.formats import day_month_time
from techconsole.services.mail.outbox_views import OutboxEntry
from techconsole.services.mail.views import MailView
from techconsole.tui.keys import named
from techconsole.tui.speak import speak
from techconsole.tui.widgets.text import cell, plain

#: the states of a message we send, as people read them (the command line's words)
STATE_WORDS = {
    "pending": N_("to be tried again"),
    "sending": N_("being sent"),
    "sent": N_("sent"),
    "failed": N_("failed"),
    "uncertain": N_("uncertain"),
}
#: the states a person may send again (``r``)
RETRIED = ("failed", "uncertain")
STATE_STYLES = {"sent": "green", "failed": "bold red", "uncertain": "bold yellow"}


def sender(view: MailView) -> str:
    """``Maria Bianchi <maria@esempio.it>``, or the address alone."""
    name = plain(view.sender_name)
    return f"{name} <{plain(view.sender)}>" if name else plain(view.sender)


def state_word(entry: OutboxEntry) -> str:
    """``queued`` before any attempt, else the state's word."""
    if entry.state == "pending" and not entry.attempts:
        return _("queued")
    word = STATE_WORDS.get(entry.state)
    return _(word) if word else entry.state


def state_cell(entry: OutboxEntry) -> Text:
    glyph = {"sent": "✓ ", "failed": "✖ ", "uncertain": "? "}.get(entry.state, "· ")
    return Text(glyph + state_word(entry), style=STATE_STYLES.get(entry.state, ""))


def attachments_word(view: MailView) -> str:
    count = len(view.attachments)
    if not count:
        return ""
    return ngettext("{n} attachment", "{n} attachments", count).format(n=count)


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str  # a msgid
    width: int  # a fixed column's width; a flexible one's least width
    weight: int = 0  # a flexible column's share of the room left (0: fixed)


INBOX_COLUMNS = (
    Column("at", N_("Received"), 11),
    Column("from", N_("From"), 14, weight=2),
    Column("subject", N_("Subject"), 14, weight=3),
    Column("attachments", N_("Attachments"), 10),
)
OUTBOX_COLUMNS = (
    Column("state", N_("State"), 14),
    Column("incident", N_("Incident"), 11),
    Column("to", N_("To"), 10, weight=2),
    Column("subject", N_("Subject"), 10, weight=3),
    Column("attempts", N_("Attempts"), 9),
    Column("error", N_("Last error"), 10, weight=2),
)


def widths(columns: Sequence[Column], width: int) -> list[int]:
    """Each column's width at ``width`` cells (a cell of padding each side, and one for
    the scroll bar): the fixed ones as they are, the flexible ones sharing the rest."""
    room = width - 2 * len(columns) - 1 - sum(c.width for c in columns)
    extra = max(room, 0)
    weights = sum(c.weight for c in columns) or 1
    shares = [c.width + extra * c.weight // weights for c in columns]
    widest = max(range(len(columns)), key=lambda i: columns[i].weight)
    shares[widest] += extra - sum(extra * c.weight // weights for c in columns)
    return shares


class MailTable(DataTable[Text]):
    """A table of messages: one line each, ``enter`` reads the one under the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = named(
        "mail",
        [
            Binding("enter", "select_cursor", N_("Read")),
            Binding("j", "cursor_down", N_("Down"), show=False),
            Binding("k", "cursor_up", N_("Up"), show=False),
        ],
    )
    HELP_TITLE = N_("Messages")

    def __init__(self, columns: Sequence[Column], *, id: str | None = None) -> None:
        super().__init__(cursor_type="row", cell_padding=1, zebra_stripes=False, id=id)
        speak(self)
        self.layout_ = tuple(columns)
        self.lines: list[tuple[str, Sequence[Text]]] = []
        self._width = 0

    def fill(self, lines: Sequence[tuple[str, Sequence[Text]]]) -> None:
        """Show ``lines`` (key, cells); the cursor stays on the message it was on."""
        current = self.cursor_key()
        self.lines = list(lines)
        self.clear(columns=True)
        self._width = self.size.width
        for column, width in zip(self.layout_, widths(self.layout_, self._width), strict=True):
            self.add_column(_(column.label), width=width, key=column.key)
        for key, cells in lines:
            self.add_row(*cells, key=key)
        keys = [key for key, _cells in lines]
        if current in keys:
            self.move_cursor(row=keys.index(current), animate=False)

    def on_resize(self, event: Resize) -> None:
        """A hidden tab shown, a terminal resized: the columns fit the new width."""
        if event.size.width and event.size.width != self._width:
            self.fill(self.lines)

    def cursor_key(self) -> str | None:
        """The key of the line under the cursor (``None``: no line)."""
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return str(key.value) if key.value is not None else None


def inbox_lines(found: Sequence[MailView], zone: ZoneInfo) -> list[tuple[str, list[Text]]]:
    return [
        (
            str(view.id),
            [
                Text(day_month_time(view.at, zone), no_wrap=True),
                cell(sender(view)),
                cell(view.subject or _("(no subject)")),
                Text(attachments_word(view), no_wrap=True),
            ],
        )
        for view in found
    ]


def outbox_lines(found: Sequence[OutboxEntry]) -> list[tuple[str, list[Text]]]:
    return [
        (
            str(entry.id),
            [
                state_cell(entry),
                Text(entry.incident or "—", no_wrap=True),
                cell(", ".join(a.email for a in entry.to)),
                cell(entry.subject),
                Text(str(entry.attempts) if entry.attempts else "", no_wrap=True),
                cell(_(entry.last_error) if entry.last_error else "", "dim"),
            ],
        )
        for entry in found
    ]
