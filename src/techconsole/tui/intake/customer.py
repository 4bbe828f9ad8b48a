"""Finding the customer as you type: a line to type in, the matches under it.

Typing reads ``services.customers.registry.list_customers`` in a thread worker (the newest
text wins); ``↓``/``↑`` move through the matches without leaving the line, ``enter``
(or a click) chooses one.  Typing again after a choice drops it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from techconsole.domain.display import plan_words
from techconsole.domain.policy import Policy
from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.views import CustomerView
from techconsole.tui.keys import named
from techconsole.tui.speak import speak
from techconsole.tui.widgets.text import cell, markup_safe, plain

#: how long typing pauses before the customers are read (seconds)
DELAY = 0.15
#: at most this many matches are listed
SHOWN = 50


def customer_line(customer: CustomerView, policy: Policy) -> Text:
    """``Ottica Zampieri S.r.l.  · Professional 8×7``: the plan by its label."""
    line = cell(customer.name)
    line.append(f"  · {plain(plan_words(policy, customer.plan, customer.contract))}", style="dim")
    return line


class CustomerPicker(Vertical, can_focus=False):
    """An input and the customers that match it."""

    HELP_TITLE = N_("Customer")
    BINDINGS: ClassVar[list[BindingType]] = named(
        "intake",
        [
            Binding("down", "move(1)", N_("Next customer"), show=False),
            Binding("up", "move(-1)", N_("Previous customer"), show=False),
        ],
    )

    class Found(Message):
        def __init__(self, text: str, found: list[CustomerView] | None, error: str = "") -> None:
            super().__init__()
            self.text, self.found, self.error = text, found, error

    class Chosen(Message):
        """A customer was chosen (``None``: the choice was dropped)."""

        def __init__(self, customer: CustomerView | None) -> None:
            super().__init__()
            self.customer = customer

    def __init__(self, ctx: Context, *, id: str | None = None) -> None:
        super().__init__(id=id)
        speak(self)
        self.ctx = ctx
        self.found: list[CustomerView] = []
        #: the text ``found`` was read for (``None``: not read yet)
        self.found_for: str | None = None
        self.chosen: CustomerView | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_("type part of the name"), id="customer-search", compact=True)
        yield OptionList(id="customer-matches", compact=True)

    @property
    def search(self) -> Input:
        return self.query_one("#customer-search", Input)

    @property
    def matches(self) -> OptionList:
        return self.query_one("#customer-matches", OptionList)

    def on_mount(self) -> None:
        self._read("")

    def focus(self, scroll_visible: bool = True) -> CustomerPicker:
        self.search.focus(scroll_visible)
        return self

    # ------------------------------------------------------------------ reading
    @on(Input.Changed, "#customer-search")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self.chosen is not None and event.value == self.chosen.name:
            return  # the name put there by the choice itself
        if self.chosen is not None:
            self.chosen = None
            self.post_message(self.Chosen(None))
        self.matches.display = True
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DELAY, lambda: self._read(event.value))

    @work(thread=True, exclusive=True, group="customer-search", exit_on_error=False)
    def _read(self, text: str) -> None:
        try:
            found = customers.list_customers(self.ctx, plain(text).strip() or None)
        except Exception as error:
            self.post_message(self.Found(text, None, str(error) or type(error).__name__))
        else:
            self.post_message(self.Found(text, found[:SHOWN]))

    @on(Found)
    def _found(self, message: Found) -> None:
        message.stop()
        if message.text != self.search.value or self.chosen is not None:
            return  # typed on meanwhile, or already chosen
        if message.found is None:
            self.app.notify(markup_safe(message.error), title=_("Customers"), severity="error")
            return
        self.found, self.found_for = message.found, message.text
        options = [Option(customer_line(c, self.ctx.policy), id=str(c.id)) for c in self.found]
        nothing = Option(Text(_("no customer matches")), disabled=True)
        self.matches.set_options(options or [nothing])
        # as many lines as options, up to the CSS's max-height: said outright, not left to
        # its height ``auto`` (on a loaded machine the list was seen, rarely, with its 30
        # options and a height of 0, and asking for the layout again did not mend it)
        self.matches.styles.height = max(len(options), 1)
        if self.found:
            self.matches.highlighted = 0

    # ------------------------------------------------------------------ choosing
    def action_move(self, step: int) -> None:
        if self.found:
            current = self.matches.highlighted or 0
            self.matches.highlighted = max(0, min(len(self.found) - 1, current + step))

    @on(Input.Submitted, "#customer-search")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        if self.chosen is None and self.found and self.matches.highlighted is not None:
            self.choose(self.found[self.matches.highlighted])
        self.screen.focus_next()

    @on(OptionList.OptionSelected, "#customer-matches")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.found):
            self.choose(self.found[event.option_index])
            self.screen.focus_next()

    def choose(self, customer: CustomerView) -> None:
        self.chosen = customer
        self.search.value = customer.name
        self.matches.display = False
        self.post_message(self.Chosen(customer))
