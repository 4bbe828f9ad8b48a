"""The queue's columns: what each cell shows, how wide it is, and how it sorts.

Pure functions of a :class:`QueueRow` and an instant, so the table, the tests and the
benchmark agree.  On a narrow terminal the plan, age and assignee columns are left out
(in that order) and the customer and subject share what is left; the number, severity,
subject, status and SLA countdown always show.  At 80 columns the queue still reads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text

from techconsole.domain import display, statuses
from techconsole.domain.sla import ClockState, ClockStatus
from techconsole.i18n import N_, NP_, _, language, translate, translator
from techconsole.tui.widgets.text import TONE_STYLES, cell, clock_text

if TYPE_CHECKING:
    from techconsole.domain.policy import Policy
    from techconsole.services.views import QueueRow

#: horizontal padding DataTable puts around every cell (``cell_padding=1``: one each side)
PAD = 2
#: room kept for a countdown whatever the lines show now: "✖ −99h 59m"; a wider text
#: (an "opens Mon 09:00" that a tick brings) widens the column (``QueueTable.tick``)
SLA_WIDTH = 10
LONG_STATUS = {
    "open": N_("open"),
    "in_progress": N_("in progress"),
    "waiting": N_("waiting"),
    "awaiting_authorisation": N_("awaiting auth."),
}
SHORT_STATUS = {"in_progress": N_("in prog."), "awaiting_authorisation": N_("auth.")}
#: below this width the short status words are used
WIDE = 140
#: the columns left out first when the terminal is narrow; the assignee last of all, the
#: key column of a shared queue (the status shows on the incident, and in view 4 waiting):
#: before it goes, the customer narrows and then goes too (``layout``)
DROP_ORDER = ("plan", "age", "loaner", "status", "assignee")
#: shown only when a line has something in it: the loaner-PC countdown (seed 004)
OPTIONAL = frozenset({"loaner"})
FLEX_MIN = {"customer": 10, "subject": 20}
FLEX_MAX = {"customer": 32, "subject": 90}
CUSTOMER_LEAST, SUBJECT_LEAST = 6, 12


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    width: int


#: column headings (English msgids: :func:`label` gives them in the language in use)
LABELS = {
    "number": N_("Number"),
    "severity": N_("Sev"),
    "customer": N_("Customer"),
    "plan": N_("Plan"),
    "subject": N_("Subject"),
    "status": N_("Status"),
    "assignee": NP_("queue column", "Assignee"),  # short: "Tecnico"
    "age": N_("Age"),
    "sla": N_("SLA"),
    "loaner": NP_("queue column", "Loaner"),  # short: "Muletto"
}
ORDER = tuple(LABELS)
#: what ``s`` cycles through; None is the policy's own order
SORTS: tuple[str | None, ...] = (
    None,
    "sla",
    "loaner",
    "age",
    "severity",
    "customer",
    "status",
    "number",
)


def clock_of(row: QueueRow, policy: Policy, now: datetime) -> ClockState | None:
    """The clock a queue line shows now: the running one due first, else the last met."""
    state = row.clocks.primary(policy, now)
    if state is not None:
        return state
    return display.headline(row.clocks.states(policy, now))


def label(key: str) -> str:
    """A column's heading in the language in use."""
    return translate(translator(language()), LABELS[key])


def status_word(status: str, *, short: bool) -> str:
    """An incident's status in the language in use; an unknown code as it is, readable."""
    word = LONG_STATUS.get(status)
    if short:
        word = SHORT_STATUS.get(status, word)
    # the recent view's resolved and closed: the words every front end uses
    return _(word) if word else statuses.status_word(status)


def cells(
    row: QueueRow,
    state: ClockState | None,
    policy: Policy,
    now: datetime,
    *,
    short: bool,
    styles: Mapping[str, str] = TONE_STYLES,
) -> dict[str, Text]:
    """Every cell of one line, as literal text (customer text is never markup)."""
    severity = Text(row.severity, no_wrap=True)
    if row.urgent:
        severity.append("!", style=styles["urgent"])
    return {
        "number": cell(row.number),
        "severity": severity,
        "customer": cell(row.customer),
        "plan": cell(display.plan_label(policy, row.plan), "" if row.contract else "dim"),
        "subject": cell(row.subject),
        "status": cell(status_word(row.status, short=short)),
        "assignee": cell(row.assignee) if row.assignee else cell(display.NONE, "dim"),
        "age": age_text(display.age(row.arrived_at, now)),
        "sla": clock_text(state, now, policy.zone, styles),
        "loaner": loaner_text(row, policy, now, styles),
    }


def loaner_text(
    row: QueueRow, policy: Policy, now: datetime, styles: Mapping[str, str] = TONE_STYLES
) -> Text:
    """The loaner-PC countdown of a line (seed 004), like the SLA's; empty when none is due."""
    state = row.clocks.loaner_state(policy, now)
    if state is None:
        return Text("", no_wrap=True)
    return clock_text(state, now, policy.zone, styles)


def age_text(age: str) -> Text:
    return Text(age, justify="right", no_wrap=True)


def layout(
    width: int, rows: Iterable[dict[str, Text]], order: Sequence[str] = ORDER
) -> list[Column]:
    """The columns that fit in ``width`` cells, with their widths, in ``order`` (the
    person's choice: those it leaves out are not shown)."""
    natural = {key: len(label(key)) for key in LABELS}
    used: set[str] = set()
    for line in rows:
        for key, text in line.items():
            natural[key] = max(natural[key], text.cell_len)
            if text.cell_len:
                used.add(key)
    natural["sla"] = max(natural["sla"], SLA_WIDTH)
    if "loaner" in used:
        natural["loaner"] = max(natural["loaner"], SLA_WIDTH)
    fixed = {key: w for key, w in natural.items() if key not in FLEX_MIN}
    flex_min = {key: min(FLEX_MIN[key], natural[key]) for key in FLEX_MIN}
    shown = [key for key in order if key in LABELS and (key not in OPTIONAL or key in used)]

    def room() -> int:
        used = sum(fixed[k] + PAD for k in shown if k in fixed)
        return width - used - PAD * sum(1 for k in shown if k in FLEX_MIN)

    for key in DROP_ORDER:
        if room() >= sum(flex_min.values()):
            break
        if key == "assignee" and "customer" in shown and room() + PAD >= SUBJECT_LEAST:
            break  # the customer narrows, then goes (below), before the assignee does
        if key in shown:
            shown.remove(key)
    left = room()
    customer_cap = min(natural["customer"], FLEX_MAX["customer"])
    subject_cap = min(natural["subject"], FLEX_MAX["subject"])
    if left >= sum(flex_min.values()):
        customer = max(flex_min["customer"], min(customer_cap, left // 3))
        subject = max(flex_min["subject"], min(subject_cap, left - customer))
        customer = max(customer, min(customer_cap, left - subject))
    else:  # still too narrow: the customer gives way to the subject, then goes
        customer = max(CUSTOMER_LEAST, left - flex_min["subject"])
        subject = left - customer
        if subject < SUBJECT_LEAST and "customer" in shown:
            shown.remove("customer")
            subject = left + PAD
    widths = {**fixed, "customer": customer, "subject": max(subject, 1)}
    return [Column(key, label(key), widths[key]) for key in shown]


_STATUS_RANK = {
    ClockStatus.BREACHED: 0,
    ClockStatus.WARNING: 1,
    ClockStatus.OK: 2,
    ClockStatus.CLOSED: 3,
    ClockStatus.PAUSED: 4,
    ClockStatus.MET: 5,
    ClockStatus.MISSED: 5,  # stopped, like met: nothing left to do against it
    ClockStatus.NO_TARGET: 6,
}


#: the columns whose order moves with time (a clock's remaining time)
CLOCK_SORTS = frozenset({"sla", "loaner"})


def sort_key(
    column: str, row: QueueRow, state: ClockState | None, severity_rank: dict[str, int]
) -> Any:
    """Ascending order of a column: the SLA sorts most urgent first, age oldest first.

    ``state`` is the clock of the column sorted by: the SLA's, or the loaner PC's."""
    if column in CLOCK_SORTS:
        if state is None:
            return (9, timedelta(0))
        return (_STATUS_RANK[state.status], state.remaining or timedelta(0))
    if column == "age":
        return row.arrived_at
    if column == "severity":
        return (severity_rank.get(row.severity, 99), not row.urgent)
    if column == "customer":
        return row.customer.casefold()
    if column == "status":
        return row.status
    if column == "assignee":
        return (row.assignee is None, (row.assignee or "").casefold())
    if column == "plan":
        return row.plan
    if column == "subject":
        return row.subject.casefold()
    return row.number


#: columns whose first sort runs from the largest value down (the oldest, the longest age)
LARGEST_FIRST = frozenset({"age"})


def arrow(column: str, reverse: bool) -> str:
    """The arrow of a sorted column: ▲ when its values grow down the list, ▼ when they
    shrink (age sorts oldest first: the ages shrink, ▼)."""
    return "▼" if reverse != (column in LARGEST_FIRST) else "▲"


def severity_ranks(policy: Policy) -> dict[str, int]:
    return {severity.code: severity.rank for severity in policy.severities}


def next_sort(current: str | None, shown: Sequence[str]) -> str | None:
    """The sort after ``current`` among the shown columns (then the policy order again)."""
    choices = [key for key in SORTS if key is None or key in shown]
    position = choices.index(current) if current in choices else 0
    return choices[(position + 1) % len(choices)]
