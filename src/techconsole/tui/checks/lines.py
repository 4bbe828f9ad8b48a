"""The health-check screen's lines: the checks to do, the machines left out, the checks
done; every text a person typed is a :func:`~techconsole.tui.widgets.text.cell`."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich.text import Text

from techconsole.domain import check_items
from techconsole.i18n import NP_, _, language, translate, translator
from techconsole.services.checks.views import CheckView, DueCheck, Uncovered
from techconsole.tui.widgets.text import cell, local

#: a check's state: its words (the command line's) and how it shows (glyph for NO_COLOR)
STATES = {
    "overdue": (NP_("check state", "overdue"), "✖ ", "bold red"),
    "due": (NP_("check state", "due"), "● ", "bold yellow"),
    "upcoming": (NP_("check state", "upcoming"), "◌ ", "dim"),
}
KINDS = {"monthly": NP_("check kind", "monthly"), "repeat": NP_("check kind", "repeat")}
SIGNS = {
    check_items.OK: ("✓ ", "green"),
    check_items.FIXED: ("✓ ", "cyan"),
    check_items.PROBLEM: ("! ", "bold yellow"),
    check_items.DANGER: ("⚠ ", "bold red"),
    check_items.NOT_APPLICABLE: ("– ", "dim"),
}
#: the columns of each table (English msgids)
DUE_COLUMNS = (NP_("column", "State"), NP_("column", "Day"),
               NP_("column", "Customer"), NP_("column", "Machine"), NP_("column", "Check"),
               NP_("column", "Last done"), NP_("column", "Technician"))  # fmt: skip
DONE_COLUMNS = (NP_("column", "Check"), NP_("column", "Done"), NP_("column", "Customer"),
                NP_("column", "Machine"), NP_("column", "Outcome"),
                NP_("column", "Technician"))  # fmt: skip


def word(marked: str) -> str:
    return translate(translator(language()), marked)


def state_cell(state: str) -> Text:
    marked, glyph, style = STATES.get(state, (state, "", ""))
    return Text(glyph + word(marked), style=style, no_wrap=True)


def outcome_cell(code: str) -> Text:
    glyph, style = SIGNS.get(code, ("", ""))
    return Text(glyph + _(check_items.OUTCOME_NAMES.get(code, code)), style=style, no_wrap=True)


def due_lines(found: Sequence[DueCheck]) -> list[tuple[str, list[Text]]]:
    lines = []
    for c in found:
        what = word(KINDS.get(c.kind, c.kind))
        if c.repeat_of:
            what += " " + _("(after {number})").format(number=c.repeat_of)
        machine = cell(f"#{c.asset_id} {c.asset}")
        if c.reasons():
            machine.append(" ⚠ " + _("not covered now"), style="yellow")
        lines.append(
            (
                f"{c.asset_id}:{c.kind}",
                [
                    state_cell(c.state),
                    Text(f"{c.day:%d/%m/%Y}", no_wrap=True),
                    cell(c.customer),
                    machine,
                    Text(what, no_wrap=True),
                    Text(f"{c.last_done:%d/%m/%Y}" if c.last_done else _("never"), no_wrap=True),
                    cell(c.technician or "—"),
                ],
            )
        )
    return lines


def done_lines(found: Sequence[CheckView], zone: ZoneInfo) -> list[tuple[str, list[Text]]]:
    return [
        (
            c.number,
            [
                Text(c.number, no_wrap=True),
                Text(local(c.done_at, zone), no_wrap=True),
                cell(c.customer),
                cell(f"#{c.asset_id} {c.asset}"),
                outcome_cell(c.outcome),
                cell(c.done_by),
            ],
        )
        for c in found
    ]


def left_out(found: Sequence[Uncovered]) -> Text:
    """``Not covered, no check: #2 PC-Ufficio (Studio Rossi): backup not installed…``."""
    if not found:
        return Text("")
    text = Text(_("Not covered, so no check:") + " ", style="bold")
    for i, u in enumerate(found):
        text.append("\n  " if i else "")
        text.append_text(cell(f"#{u.asset_id} {u.asset} ({u.customer}): "))
        text.append_text(cell("; ".join(u.reasons()), "yellow"))
    return text
