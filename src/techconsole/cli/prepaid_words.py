"""How prepaid hours ("monte ore") and the training a contract includes read on the command
line (seed 000): a balance, the customers running out, what a bill took."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from rich.table import Table

from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.domain.prepaid import block_words, scatti_words, training_words
from techconsole.i18n import _
from techconsole.services.views import PrepaidBalance, PrepaidUse


def use_lines(uses: tuple[PrepaidUse, ...]) -> list[str]:
    """What a bill took from each contract's prepaid hours and included training."""
    said = []
    for use in uses:
        if use.block:
            said.append(block_words(use.used, use.left, use.block))
        if use.allowance:
            said.append(training_words(use.training_used, use.training_left, use.allowance))
    return said


def use_json(uses: tuple[PrepaidUse, ...]) -> list[dict[str, Any]]:
    return [asdict(u) for u in uses]


def balance_json(found: PrepaidBalance) -> dict[str, Any]:
    data = asdict(found)
    data["starts_on"] = found.starts_on.isoformat()
    data["ends_on"] = found.ends_on.isoformat()
    data["lines"] = [
        {**asdict(line), "started_at": line.started_at.isoformat()} for line in found.lines
    ]
    return data


def balance_table(found: list[PrepaidBalance], *, title: str) -> None:
    """Customers' prepaid hours and included training, used and left: JSON, or a table."""
    if wants_json():
        emit_json([balance_json(b) for b in found])
        return
    table = Table(
        _("Customer"),
        _("Plan"),
        _("Contract"),
        _("Prepaid hours"),
        _("Used"),
        _("Left"),
        _("Training used"),
        title=title,
        title_justify="left",
    )
    for b in found:
        left = scatti_words(b.left, b.unit_minutes)
        table.add_row(
            f"#{b.customer_id} {safe(b.customer, one_line=True)}",
            safe(b.plan_label, one_line=True),
            f"{b.starts_on:%d/%m/%Y}–{b.ends_on:%d/%m/%Y}",
            scatti_words(b.block, b.unit_minutes),
            scatti_words(b.used),
            f"[yellow]{left}[/yellow]" if b.low else left,
            f"{b.training_used}/{b.allowance}" if b.allowance else "",
        )
    out.print(table)
