"""Machines for people (``asset list``, ``asset show``): Rich tables, imported only when
one is drawn (``--json`` needs none of this)."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich.table import Table

from techconsole.cli.asset_words import coverage_words, kind_word
from techconsole.cli.output import out, safe
from techconsole.cli.render import local
from techconsole.i18n import _, pgettext
from techconsole.services.assets.views import AssetDetail, AssetView


def print_list(views: Sequence[AssetView], zone: ZoneInfo) -> None:
    table = Table(
        _("Id"),
        _("Customer"),
        pgettext("machine", "Name"),
        _("Kind"),
        _("Location"),
        _("Remote id"),
        _("Coverage"),
    )
    for v in views:
        name = safe(v.name, one_line=True)
        if v.retired:
            retired = _("retired {when}").format(when=local(v.retired_at, zone))
            name += f" [dim]({retired})[/dim]"
        table.add_row(
            str(v.id),
            safe(v.customer, one_line=True),
            name,
            kind_word(v.kind),
            safe(v.location, one_line=True),
            safe(v.remote_id, one_line=True),
            coverage_words(v),
        )
    out.print(table)


def _facts(v: AssetView, zone: ZoneInfo) -> list[tuple[str, str]]:
    rows = [
        (_("Customer"), safe(v.customer, one_line=True)),
        (_("Kind"), kind_word(v.kind)),
        (_("Coverage"), coverage_words(v)),
        (_("Under contract since"), f"{v.covered_since:%d/%m/%Y}" if v.covered_since else "—"),
        (_("Receives live data"), _("yes") if v.synced else _("no")),
        (_("In the package"), _("yes") if v.in_package else _("no")),
    ]
    for label, value in (
        (_("Serial no."), v.serial),
        (_("Operating system"), v.os),
        (_("Location"), v.location),
        (_("Remote id"), v.remote_id),
    ):
        rows.append((label, safe(value, one_line=True) or "—"))
    if v.retired_at is not None:
        rows.append((_("Retired"), local(v.retired_at, zone)))
    return rows


def print_detail(found: AssetDetail, zone: ZoneInfo) -> None:
    v = found.asset
    out.print(f"[bold]#{v.id} {safe(v.name, one_line=True)}[/bold]")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    for label, value in _facts(v, zone):
        facts.add_row(label, value)
    out.print(facts)
    if v.notes.strip():
        out.print()
        out.print(safe(v.notes))
    software = Table(
        _("Software"),
        _("Product"),
        _("Installed"),
        _("Verified"),
        _("By"),
        _("Note"),
        title=_("Software as last verified"),
    )
    shown = {s.name for s in found.software}
    for s in found.software:
        software.add_row(
            safe(s.name, one_line=True),
            safe(s.product, one_line=True),
            f"[green]{_('yes')}[/green]" if s.installed else f"[yellow]{_('no')}[/yellow]",
            local(s.verified_at, zone),
            safe(s.verified_by),
            safe(s.note, one_line=True),
        )
    for name in found.required:  # required by the policy, never verified
        if name not in shown:
            never = _("never verified")
            software.add_row(safe(name), "", f"[yellow]{never}[/yellow]", "—", "", "")
    out.print(software)
    if len(found.history) > len(found.software):
        history = Table(
            _("When"), _("Software"), _("Installed"), _("By"), title=_("Every verification")
        )
        for s in found.history:
            history.add_row(
                local(s.verified_at, zone),
                safe(s.name, one_line=True),
                _("yes") if s.installed else _("no"),
                safe(s.verified_by),
            )
        out.print(history)
    inspection = found.inspection
    if inspection is None:
        out.print(_("Inspection at acceptance: not recorded (techconsole asset inspect)"))
    else:
        heading = _("Inspection at acceptance: {when}, {who}").format(
            when=local(inspection.inspected_at, zone), who=safe(inspection.inspected_by)
        )
        out.print(f"[bold]{heading}[/bold]")
        out.print(safe(inspection.findings))
    if found.incidents:
        out.print(_("Incidents: {numbers}").format(numbers=", ".join(found.incidents)))
