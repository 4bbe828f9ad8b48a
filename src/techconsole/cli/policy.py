"""``techconsole policy``: list the presets, check and summarise a policy file."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer
from rich.table import Table

from techconsole.cli.options import settings, wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.domain.instants import format_duration, format_span
from techconsole.domain.policy import Policy
from techconsole.domain.policy_keys import not_applied
from techconsole.domain.prices import of_plan
from techconsole.i18n import _, ngettext, pgettext
from techconsole.reports.queue_words import order_words
from techconsole.services import policies

app = typer.Typer(help=_("Support policies: presets and your own files."), no_args_is_help=True)


@app.command("list", help=_("The policy presets shipped with techconsole."))
def list_presets() -> None:
    """The policy presets shipped with techconsole."""
    infos = policies.presets()
    if wants_json():
        emit_json(
            [
                {
                    "name": i.name,
                    "title": i.title,
                    "description": i.description,
                    "path": str(i.path),
                }
                for i in infos
            ]
        )
        return
    table = Table(pgettext("policy", "Name"), _("Title"), _("Description"))
    for info in infos:
        table.add_row(info.name, safe(info.title), safe(info.description))
    out.print(table)
    out.print(
        "[dim]"
        + _(
            "Choose one with --policy NAME, $TECHCONSOLE_POLICY or policy in the config file; "
            "copy one as a start for your own file."
        )
        + "[/dim]"
    )


@app.command(
    help=_("Validate a policy and summarise it (exit code 2 with every problem if broken).")
)
def check(
    name: Annotated[
        str | None,
        typer.Argument(help=_("Preset name or path of a .toml file \\[default: the active one].")),
    ] = None,
) -> None:
    """Validate a policy and summarise it (exit code 2 with every problem if broken)."""
    name = name or settings().policy
    path = policies.resolve(name)
    policy = policies.load(name)
    if wants_json():
        emit_json(_summary(policy, str(path)))
        return
    valid = _("{path} is valid: {title} ({zone})").format(
        path=safe(str(path)), title=f"[bold]{safe(policy.title)}[/bold]", zone=policy.zone.key
    )
    out.print(f"[green]✓[/green] {valid}")
    table = Table(
        _("Plan"),
        _("Label"),
        _("Calendar"),
        _("Holidays"),
        _("Contract"),
        *[f"{c.name} ({c.applies.value})" for c in policy.clocks],
    )
    for plan in policy.plans.values():
        cells = []
        for clock in policy.clocks:
            target = plan.targets.get(clock.name)
            if target is None:
                cells.append("—")
                continue
            text = " ".join(f"{sev}={format_duration(d)}" for sev, d in target.by_severity.items())
            if target.urgent is not None:
                text += " " + _("urgent") + f"={format_duration(target.urgent)}"
            cells.append(text)
        table.add_row(
            plan.name,
            safe(plan.label),
            plan.calendar_name,
            _("covered") if plan.holidays_covered else _("closed"),
            _("yes") if plan.contract else _("no"),
            *cells,
        )
    out.print(table)
    intake, billing = policy.intake, policy.billing
    refused = ", ".join(intake.refused) or _("none")
    channels = _("Channels: {channels} (refused: {refused}); urgent keyword: {keyword}")
    out.print(
        channels.format(
            channels=", ".join(intake.channels),
            refused=refused,
            keyword=safe(intake.urgent_keyword or "—"),
        )
    )
    said = _(
        "Billing: {minutes}-minute scatti at {price} €, rounding {rounding} per {scope}, "
        "IVA {vat} %, call-out {callout} €"
    )
    out.print(
        said.format(
            minutes=billing.unit_minutes,
            price=billing.unit_price,
            rounding=billing.rounding,
            scope=billing.rounding_scope,
            vat=billing.vat_percent,
            callout=billing.callout_fee,
        )
    )
    for plan in policy.plans.values():
        if plan.unit_price is not None or plan.callout_fee is not None:
            own = of_plan(billing, plan)
            said = _("Prices of plan {plan}: scatto {price} €, call-out {callout} €")
            out.print(said.format(plan=plan.name, price=own.unit_price, callout=own.callout_fee))
    out.print(_contract_rules(policy))
    changes = _change_rules(policy)
    if changes:
        out.print(changes)
    said = _(
        "Timer: a timer running over {stale} looks forgotten; "
        "a session over {longest} needs --force; one of {grace} or less may be discarded"
    )
    out.print(
        said.format(
            stale=format_duration(policy.stale_timer_after),
            longest=format_duration(policy.max_session),
            grace=format_span(policy.discard_within),
        )
    )
    said = _("Queue order: {order}; warning at {percent} % left")
    out.print(
        said.format(
            order=" → ".join(
                f"category ({', '.join(policy.priority_categories)})" if k == "category" else k
                for k in policy.queue_order
            ),
            percent=f"{policy.warning_left * 100:.0f}",
        )
    )
    out.print("  " + _("Order: {order}").format(order=order_words(policy)))
    _print_not_applied(policy)


def _contract_rules(policy: Policy) -> str:
    rules = policy.contracts
    length = (
        ngettext("at least {n} month", "at least {n} months", rules.minimum_months).format(
            n=rules.minimum_months
        )
        if rules.minimum_months
        else _("no minimum length")
    )
    paid = _("paid in advance") if rules.paid_in_advance else _("no payment terms")
    soon = ngettext(
        "listed {n} day before they end", "listed {n} days before they end", rules.expiring_days
    ).format(n=rules.expiring_days)
    return _("Contracts: {length}, {paid}; {soon}").format(length=length, paid=paid, soon=soon)


def _change_rules(policy: Policy) -> str:
    """``Customisations: none worked on or delivered March to August; …`` (seeds 000,
    001); ``""`` when the policy sets none of the changes' rules."""
    from techconsole.domain import change_calendar

    rules, parts = policy.changes, []
    if rules.freeze_months:
        said = _("none worked on or delivered {period}")
        parts.append(said.format(period=change_calendar.period_words(rules)))
    if rules.contest_days is not None:
        said = ngettext(
            "contested up to {n} day after delivery",
            "contested up to {n} days after delivery",
            rules.contest_days,
        )
        parts.append(said.format(n=rules.contest_days))
    if rules.acceptance_test_days is not None:
        said = ngettext(
            "heavy ones tested within {n} day",
            "heavy ones tested within {n} days",
            rules.acceptance_test_days,
        )
        parts.append(said.format(n=rules.acceptance_test_days))
    days = change_calendar.release_days(rules)
    if days:
        said = ngettext("{n} release a year ({days})", "{n} releases a year ({days})", len(days))
        listed = ", ".join(f"{d:02d}/{m:02d}" for m, d in days)
        parts.append(said.format(n=len(days), days=listed))
    if not parts:
        return ""
    return _("Customisations: {rules}").format(rules="; ".join(parts))


def _print_not_applied(policy: Policy) -> None:
    """The keys this policy sets that no rule applies yet: parsed and checked, not enforced."""
    pending = not_applied(policy)
    if not pending:
        out.print(_("Every key this policy sets is applied by a rule."))
        return
    said = _("Parsed, not applied yet (no rule enforces these keys):")
    out.print(f"[yellow]{safe(said)}[/yellow] {', '.join(p.key for p in pending)}")
    for p in pending:
        line = _("{key}: seed {seed}, {rule}").format(key=p.key, seed=p.seed, rule=_(p.rule))
        out.print(f"  {safe(line)}")


def _minutes(value: timedelta | None) -> int | None:
    return None if value is None else value // timedelta(minutes=1)


def _summary(policy: Policy, path: str) -> dict[str, object]:
    return {
        "valid": True,
        "path": path,
        "name": policy.name,
        "title": policy.title,
        "timezone": policy.zone.key,
        "clocks": [
            {"name": c.name, "label": c.label, "applies": c.applies.value, "stops_on": c.stops_on}
            for c in policy.clocks
        ],
        "severities": [s.code for s in policy.severities],
        "plans": {
            p.name: {
                "label": p.label,
                "calendar": p.calendar_name,
                "contract": p.contract,
                "holidays_covered": p.holidays_covered,
                "unit_price": str(of_plan(policy.billing, p).unit_price),
                "callout_fee": str(of_plan(policy.billing, p).callout_fee),
                "target_minutes": {
                    clock: {
                        **{s: _minutes(d) for s, d in t.by_severity.items()},
                        "urgent": _minutes(t.urgent),
                    }
                    for clock, t in p.targets.items()
                },
            }
            for p in policy.plans.values()
        },
        "no_contract_plan": policy.no_contract_plan,
        "queue_order": list(policy.queue_order),
        "priority_categories": list(policy.priority_categories),
        "contracts": {
            "minimum_months": policy.contracts.minimum_months,
            "paid_in_advance": policy.contracts.paid_in_advance,
            "expiring_days": policy.contracts.expiring_days,
        },
        "changes": _changes_json(policy),
        "timer": {
            "stale_after_minutes": _minutes(policy.stale_timer_after),
            "max_session_minutes": _minutes(policy.max_session),
            "discard_within_seconds": policy.discard_within // timedelta(seconds=1),
        },
        "not_applied": [p.key for p in not_applied(policy)],
    }


def _changes_json(policy: Policy) -> dict[str, object]:
    from techconsole.domain import change_calendar

    rules = policy.changes
    return {
        "freeze_months": list(rules.freeze_months),
        "contest_days": rules.contest_days,
        "acceptance_test_days": rules.acceptance_test_days,
        "releases_per_year": len(change_calendar.release_days(rules)) or None,
        "release_dates": [f"{m:02d}-{d:02d}" for m, d in change_calendar.release_days(rules)],
    }
