"""The customers about to be without a contract, on the team load (seed 001): a heading
and one line each, the soonest first (``customer contracts --expiring`` lists them all);
and those whose prepaid hours are running out (seed 000, ``customer contracts
--prepaid-low``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from rich.console import Group
from rich.text import Text

from techconsole.domain.contracts import ends_words
from techconsole.domain.money import number
from techconsole.i18n import _, ngettext
from techconsole.services.views import ContractCover, PrepaidBalance
from techconsole.tui.widgets.text import TONE_STYLES, cell, plain

#: at most this many lines; the rest are counted, with the command that lists them
SHOWN = 8


def expiring(
    found: Sequence[ContractCover], days: int, styles: Mapping[str, str] = TONE_STYLES
) -> Group:
    heading = Text(
        ngettext(
            "Contracts ending within {n} day", "Contracts ending within {n} days", days
        ).format(n=days),
        style="bold",
    )
    if not found:
        none = ngettext(
            "No customer's contract ends within {n} day.",
            "No customer's contract ends within {n} days.",
            days,
        ).format(n=days)
        return Group(heading, Text(none, style="dim"))
    lines = [heading]
    for cover in found[:SHOWN]:
        line = Text("⚠ ", style=styles["warning"])
        line.append_text(cell(cover.customer))
        line.append(f" · {plain(cover.plan_label)} · ")
        line.append(ends_words(cover.ends_on, cover.days_left), style=styles["warning"])
        if cover.unpaid:
            line.append(" · " + _("not paid yet"), style="dim")
        lines.append(line)
    more = len(found) - SHOWN
    if more > 0:
        said = ngettext(
            "and {n} more: techconsole customer contracts --expiring",
            "and {n} more: techconsole customer contracts --expiring",
            more,
        ).format(n=more)
        lines.append(Text(said, style="dim"))
    return Group(*lines)


def prepaid_low(
    found: Sequence[PrepaidBalance], percent: Decimal, styles: Mapping[str, str] = TONE_STYLES
) -> Group:
    """The customers whose prepaid block of hours is down to ``percent`` % or less, the
    least left first."""
    heading = Text(
        _("Prepaid hours down to {percent} % or less").format(percent=number(percent)),
        style="bold",
    )
    lines = [heading]
    for balance in found[:SHOWN]:
        line = Text("⚠ ", style=styles["warning"])
        line.append_text(cell(balance.customer))
        line.append(f" · {plain(balance.plan_label)} · ")
        left = ngettext(
            "{left} scatto left of {block}", "{left} scatti left of {block}", balance.left
        ).format(left=balance.left, block=balance.block)
        line.append(left, style=styles["warning"])
        lines.append(line)
    more = len(found) - SHOWN
    if more > 0:
        said = ngettext(
            "and {n} more: techconsole customer contracts --prepaid-low",
            "and {n} more: techconsole customer contracts --prepaid-low",
            more,
        ).format(n=more)
        lines.append(Text(said, style="dim"))
    return Group(*lines)
