"""The queue's status line: who runs the console, on which policy and database (read
only, when it is), and the view shown with its count, filter, sort and freshness.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from techconsole.i18n import _, formats, ngettext
from techconsole.tui.queue import columns
from techconsole.tui.queue.columns import label
from techconsole.tui.queue.table import QueueTable
from techconsole.tui.queue.views import VIEW_TITLES
from techconsole.tui.readonly import BANNER
from techconsole.tui.signals import console, console_state
from techconsole.tui.state import ViewState
from techconsole.tui.widgets.text import database_name, plain

if TYPE_CHECKING:
    from techconsole.services.context import Context
    from techconsole.services.views import TechnicianView
    from techconsole.tui.opening import Opening


def number(count: int) -> str:
    """``1.234`` in Italian, ``1,234`` in English (Babel loaded with the first count:
    after the first frame)."""
    return formats.count(count)


class StatusLine(Screen[None]):
    """The status line over the queue (mixed into the queue screen)."""

    _ctx: Context | None
    me: TechnicianView | None
    failed: str | None

    if TYPE_CHECKING:

        @property
        def table(self) -> QueueTable: ...
        def current(self) -> ViewState: ...

    def show_who(self, me: TechnicianView | None = None) -> None:
        self.me = me or self.me
        who = Text()
        ctx, opening = self._ctx, console(self).opening
        person: Context | Opening | None = ctx or opening
        if person is None:
            return
        name = plain(self.me.login if self.me is not None else person.actor)
        if person.on_behalf:  # a lead acting on someone's behalf
            name = _("{os_user} on behalf of {login}").format(
                os_user=plain(person.os_login), login=name
            )
        who.append(name, style="bold" if self.me is not None else "")
        if self.me is not None and self.me.is_lead:
            who.append(" " + _("(lead)"))
        if ctx is not None:
            who.append(f" · {plain(ctx.policy.name)} · {plain(database_name(ctx.db.label))}")
        elif opening is not None:  # the policy is read with the database
            who.append(f" · {plain(database_name(opening.url))}")
        if console(self).read_only:
            who.append(" · ")
            who.append(_(BANNER), style="bold reverse")
        self.query_one("#who", Static).update(who)

    def show_where(self) -> None:
        table, where = self.table, Text()
        where.append(_(VIEW_TITLES[table.query_.view]), style="bold")
        if table.page is not None:
            shown, total = len(table.rows_), table.page.total
            if table.query_.view == "recent":  # not open: resolved or closed lately
                count = ngettext("{total} finished", "{total} finished", total)
                if shown < total:
                    count = ngettext(
                        "{shown} of {total} finished", "{shown} of {total} finished", total
                    )
            elif shown >= total:
                count = ngettext("{total} open", "{total} open", total)
            else:
                count = ngettext("{shown} of {total} open", "{shown} of {total} open", total)
            where.append(" · " + count.format(shown=number(shown), total=number(total)))
            if not total:
                nothing = _("nothing matches") if table.query_.text else _("nothing here")
                where.append(" · " + nothing)
        if table.query_.text:
            where.append(" · " + _("filter") + " “")
            where.append(plain(table.query_.text), style="italic")
            where.append("”")
        if table.sort_column is not None:
            arrow = columns.arrow(table.sort_column, table.sort_reverse)
            by = _("by {column}").format(column=label(table.sort_column))
            where.append(f" · {by} {arrow}")
        if self.failed:
            where.append(" · ⚠ " + _("not refreshed"), style="bold red")
        self.query_one("#where", Static).update(where)
        console_state(self).remember(self.current())
