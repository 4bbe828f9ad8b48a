"""``techconsole bill`` and ``techconsole month``: what an incident costs; closing months."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from techconsole.cli.common import services_context
from techconsole.cli.incident_actions import IncidentArg
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.prepaid_words import use_json, use_lines
from techconsole.cli.render import iso, level_json, level_lines, local, machine_json, machine_words
from techconsole.domain.display import plan_words
from techconsole.domain.free import reason_text
from techconsole.domain.money import eur, number, plain, plain_number
from techconsole.domain.policy import Policy
from techconsole.domain.prices import Prices
from techconsole.i18n import _, language, ngettext
from techconsole.reports import late_words
from techconsole.reports.i18n import Words
from techconsole.services.work import billing, months
from techconsole.services.work.billing import IncidentBill

bill_app = typer.Typer(help=_("What an intervention costs."), no_args_is_help=True)
month_app = typer.Typer(help=_("Months closed for invoicing (leads)."), no_args_is_help=True)


def bill_json(b: IncidentBill, zone: ZoneInfo) -> dict[str, Any]:
    r = b.bill
    return {
        "incident": b.number,
        "customer": b.customer,
        "plan": b.plan,
        "contract": b.contract,
        "units": r.units,
        # in the language in use, as the human output says it; the code and its arguments
        # are the same in every language
        "free_reason": None if r.free_code is None else reason_text(r.free_code, r.free_args),
        "free_code": r.free_code,
        "free_args": dict(r.free_args),
        "level_check": level_json(r.level_check),
        "late_minutes": None if r.late_by is None else r.late_by // timedelta(minutes=1),
        "late_term": None if r.late is None else r.late.term.kind,
        "late_term_at": None if r.late is None else iso(r.late.term.at, zone),
        "late_hours": None if r.late is None else r.late.hours,
        "discount_percent": str(r.discount_percent),
        "lines": [
            {
                "kind": ln.kind,
                "description": ln.description,
                "quantity": plain_number(ln.quantity),
                "unit_price": plain(ln.unit_price),
                "amount": plain(ln.amount),
                "reason": ln.reason,
                **codes,
            }
            for ln, codes in zip(r.lines, line_codes(b), strict=True)
        ],
        "taxable": plain(r.taxable),
        "vat_percent": str(r.vat_percent),
        "vat": plain(r.vat),
        "total": plain(r.total),
        "running_sessions": r.running_sessions,
        "proposed_parts": b.proposed,
        "prices": [
            {
                "plan": p.plan or None,
                "unit_price": plain(p.unit_price),
                "callout_fee": plain(p.callout_fee),
            }
            for p in r.prices
        ],
        "machine": machine_json(b.machine),
        "outside_contract": b.outside_contract,
        "prepaid": use_json(b.prepaid),
    }


class _Words(Words):
    """The report's words, with the amounts as the rest of the command line writes them."""

    def money(self, value: Decimal) -> str:
        return eur(value)


def line_codes(b: IncidentBill) -> list[dict[str, Any]]:
    """What each line of the bill is, as codes (those the work report words): ``label``
    and ``label_args``, ``reason_code`` and ``reason_args``; a part's label is
    ``material``, its reason ``warranty`` when it is not charged."""
    coded = iter(b.lines)
    found: list[dict[str, Any]] = []
    for ln in b.bill.lines:
        if ln.kind == "material":
            why = "warranty" if ln.reason else ""
            codes = {"label": "material", "label_args": {}, "reason_code": why, "reason_args": {}}
            found.append(codes)
            continue
        c = next(coded)
        found.append(
            {
                "label": c.label,
                "label_args": dict(c.args),
                "reason_code": c.reason,
                "reason_args": dict(c.reason_args),
            }
        )
    return found


def line_rows(b: IncidentBill) -> list[tuple[str, str, str, str, str]]:
    """The bill's lines as the table shows them: charges worded from their codes in the
    language spoken (as the work report words them), then the parts, their descriptions
    verbatim."""
    r, w = b.bill, _Words("en" if language() == "en" else "it")
    rows = []
    for ln in b.lines:
        # a discount or surcharge is a percentage (its quantity) of a base (its unit)
        percent = ln.kind in ("discount", "surcharge")
        if ln.reason == "free" and r.free_code:
            why = reason_text(r.free_code, r.free_args)
        else:
            why = w.line_reason(ln.reason, ln.reason_args)
        rows.append(
            (
                w.line_label(ln.label, ln.args, ln.unit_price),
                f"{number(ln.quantity)} %" if percent else number(ln.quantity),
                eur(ln.unit_price),
                eur(ln.amount),
                safe(why),
            )
        )
    for part in r.lines:
        if part.kind == "material":
            rows.append(
                (
                    safe(part.description, one_line=True),
                    number(part.quantity),
                    eur(part.unit_price),
                    eur(part.amount),
                    w.free_reason("warranty", {}) if part.reason else "",
                )
            )
    return rows


def prices_words(used: tuple[Prices, ...], policy: Policy) -> str:
    """The prices the bill used: a plan's own (seed 003), or the policy's [billing]."""
    said = []
    for p in used:
        figures = _("scatto {price}, call-out {callout}").format(
            price=eur(p.unit_price), callout=eur(p.callout_fee)
        )
        if p.plan:
            plan = policy.plans[p.plan].label if p.plan in policy.plans else p.plan
            said.append(_("{figures} (prices of plan {plan})").format(figures=figures, plan=plan))
        else:
            said.append(_("{figures} (the policy's prices)").format(figures=figures))
    return _("Prices: {prices}").format(prices="; ".join(said))


@bill_app.command(
    "incident",
    help=_("Labour in scatti, call-out, discounts with their reasons, materials, IVA, total."),
)
def bill_incident(
    incident: IncidentArg,
) -> None:
    """Labour in scatti, call-out, discounts with their reasons, materials, IVA, total."""
    with services_context() as ctx:
        b = billing.bill_incident(ctx, incident)
        if wants_json():
            emit_json(bill_json(b, ctx.policy.zone))
            return
        r = b.bill
        plan = plan_words(ctx.policy, b.plan, b.contract)
        table = Table(
            _("Line"),
            _("Qty"),
            _("Unit"),
            _("Amount"),
            _("Note"),
            title=f"{b.number} — {safe(b.customer)} · {safe(plan)}",
            title_justify="left",
        )
        for row in line_rows(b):
            table.add_row(*row)
        table.add_section()
        taxable, total = _("Taxable amount"), _("Total")
        vat = _("VAT {percent}").format(percent=f"{number(r.vat_percent)} %")
        table.add_row(f"[bold]{taxable}[/bold]", "", "", f"[bold]{eur(r.taxable)}[/bold]", "")
        table.add_row(vat, "", "", eur(r.vat), "")
        table.add_row(f"[bold]{total}[/bold]", "", "", f"[bold]{eur(r.total)}[/bold]", "")
        out.print(table)
        out.print(prices_words(r.prices, ctx.policy))
        for line in use_lines(b.prepaid):
            out.print(line)
        if b.machine is not None:
            out.print(_("Machine: {machine}").format(machine=machine_words(b.machine)))
        if b.outside_contract and b.machine is not None:
            why = safe("; ".join(b.machine.reasons()), one_line=True)
            said = _("Billed outside the contract: the machine was not covered ({reasons})")
            out.print(f"[yellow]⚠ {said.format(reasons=why)}[/yellow]")
        if r.late is not None:
            late = late_words.sentence(r.late, local(r.late.term.at, ctx.policy.zone))
            out.print(f"[yellow]⚠ {late}[/yellow]")
        for line in level_lines(r.level_check):
            out.print(line)
        if r.free_code:
            said = reason_text(r.free_code, r.free_args)
            out.print(_("Free of charge: {reason}").format(reason=safe(said)))
        if b.proposed:
            waiting = ngettext(
                "{n} part proposed to the customer, awaiting confirmation, is not billed",
                "{n} parts proposed to the customer, awaiting confirmation, are not billed",
                b.proposed,
            ).format(n=b.proposed)
            out.print(f"[yellow]⏳ {waiting}[/yellow]")
        if r.running_sessions:
            running = ngettext(
                "{n} session still running is not billed yet",
                "{n} sessions still running are not billed yet",
                r.running_sessions,
            ).format(n=r.running_sessions)
            out.print(f"[yellow]⚠ {running}[/yellow]")


@month_app.command(
    "close",
    help=_("Close a month for invoicing: its sessions and materials can no longer change."),
)
def close(
    month: Annotated[str, typer.Argument(metavar="YYYY-MM", help=_("The month, e.g. 2026-11."))],
) -> None:
    """Close a month for invoicing: its sessions and materials can no longer change."""
    with services_context() as ctx:
        view = months.close_month(ctx, month)
        if wants_json():
            emit_json({"month": view.month, "closed": True, "closed_by": view.closed_by})
        else:
            text = _("{month} closed for invoicing").format(month=view.month)
            out.print(f"[green]✓[/green] {text}")


@month_app.command("reopen", help=_("Reopen a closed month (audited)."))
def reopen(
    month: Annotated[str, typer.Argument(metavar="YYYY-MM", help=_("The month, e.g. 2026-11."))],
) -> None:
    """Reopen a closed month (audited)."""
    with services_context() as ctx:
        view = months.reopen_month(ctx, month)
        if wants_json():
            emit_json({"month": view.month, "closed": False})
        else:
            text = _("{month} reopened").format(month=view.month)
            out.print(f"[green]✓[/green] {text}")


@month_app.command("list", help=_("Months closed for invoicing."))
def list_closed() -> None:
    """Months closed for invoicing."""
    with services_context() as ctx:
        rows = months.closed_months(ctx)
        if wants_json():
            emit_json(
                [
                    {"month": m.month, "closed_at": m.closed_at, "closed_by": m.closed_by}
                    for m in rows
                ]
            )
            return
        for m in rows:
            text = _("{month} closed by {who}").format(month=m.month, who=safe(m.closed_by or ""))
            out.print(text)
        if not rows:
            out.print(_("No month is closed."))
