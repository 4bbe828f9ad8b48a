"""What the queue's keys do besides choosing a view and filtering: open another screen
(an incident by number, a new incident, the highlighted incident's work report, the
mail, a customer's machines or customisations, the health checks, the columns to
show), copy the highlighted incident's number or subject, sort, read again.

The screens are imported when first opened: the queue's first frame comes before them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from techconsole.i18n import _
from techconsole.tui.queue.table import QueueTable
from techconsole.tui.signals import console_state
from techconsole.tui.widgets.copy import copy

if TYPE_CHECKING:
    from techconsole.services.context import Context
    from techconsole.services.incidents import queue as queue_service
    from techconsole.services.views import QueueRow


class QueueActions(Screen[None]):
    """The queue screen's keys that act on its table or open another screen (mixed into
    the queue screen)."""

    view: queue_service.View
    go_to: str | None

    if TYPE_CHECKING:

        @property
        def ctx(self) -> Context: ...
        @property
        def table(self) -> QueueTable: ...
        def show_where(self) -> None: ...

    def action_choose_columns(self) -> None:
        """Which columns the queue shows, in which order; kept for the next start."""
        from techconsole.tui.queue.columns_dialog import ColumnsDialog  # on first use

        def chosen(order: tuple[str, ...] | None) -> None:
            if order:
                self.table.choose_columns(order)
                console_state(self).remember_columns(self.table.order)

        shown = tuple(self.table.shown) or self.table.order
        self.app.push_screen(ColumnsDialog(shown), chosen)

    def _highlighted(self) -> QueueRow | None:
        rows, index = self.table.rows_, self.table.cursor_row
        return rows[index] if rows and 0 <= index < len(rows) else None

    def action_work_report(self) -> None:
        """The highlighted incident's work report (the recent view's finished work)."""
        from techconsole.tui.report.screen import ReportScreen  # on first use: a fast start

        row = self._highlighted()
        if row is not None:
            self.app.push_screen(ReportScreen(self.ctx, row.number))

    def action_copy_number(self) -> None:
        """The highlighted incident's number on the terminal's clipboard (OSC 52)."""
        row = self._highlighted()
        if row is not None:
            copy(self.app, row.number, _("incident number"))

    def action_copy_subject(self) -> None:
        row = self._highlighted()
        if row is not None:
            copy(self.app, row.subject, _("subject"))

    def action_refresh(self) -> None:
        self.table.reload()

    def action_new_incident(self) -> None:
        from techconsole.tui.intake.form import NewIncidentForm  # on first use: a fast start

        self.app.push_screen(NewIncidentForm(self.ctx), self._opened)

    def action_open_number(self) -> None:
        """Any incident by number, open or not: its screen says if there is none."""
        from techconsole.tui.queue.goto import GoToIncident

        self.app.push_screen(GoToIncident(), self._go)

    def action_mail(self) -> None:
        """The unmatched mail and the outbox."""
        from techconsole.tui.mail.screen import MailScreen  # on first use: a fast start

        self.app.push_screen(MailScreen(self.ctx))

    def action_machines(self) -> None:
        """A customer's machines: the customer is asked first."""
        from techconsole.tui.machines.forms import CustomerDialog  # on first use
        from techconsole.tui.machines.screen import MachinesScreen

        def chosen(customer: int | None) -> None:
            if customer is not None:
                self.app.push_screen(MachinesScreen(self.ctx, customer))

        self.app.push_screen(CustomerDialog(self.ctx), chosen)

    def action_changes(self) -> None:
        """A customer's customisations (seeds 000, 001): the customer is asked first."""
        from techconsole.tui.changes.forms import ChangesCustomerDialog  # on first use
        from techconsole.tui.changes.screen import ChangesScreen

        def chosen(customer: int | None) -> None:
            if customer is not None:
                self.app.push_screen(ChangesScreen(self.ctx, customer))

        self.app.push_screen(ChangesCustomerDialog(self.ctx), chosen)

    def action_checks(self) -> None:
        """The monthly health checks due and done (seed 004); on the view of one's own
        incidents, one's own checks."""
        from techconsole.tui.checks.screen import ChecksScreen  # on first use: a fast start

        self.app.push_screen(ChecksScreen(self.ctx, mine=self.view == "mine"))

    def _go(self, number: str | None) -> None:
        if number:
            self.post_message(QueueTable.IncidentSelected(number))

    def _opened(self, number: str | None) -> None:
        """The form closed; with a new incident, show it in the queue."""
        if number:
            self.go_to = number
            self.table.reload()

    def action_sort(self) -> None:
        self.table.cycle_sort()
        self.show_where()

    def action_policy_order(self) -> None:
        self.table.sort_by(None)
        self.show_where()

    def action_reverse_sort(self) -> None:
        if self.table.sort_column is not None:
            self.table.sort_by(self.table.sort_column, reverse=not self.table.sort_reverse)
            self.show_where()
