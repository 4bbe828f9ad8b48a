"""How a customer's machines read on the Postazioni screen: one table line each, and the
selected machine in full (Rich renderables).

Covered or not reads without colour too: ``✓`` covered, ``✗`` and the reasons.  Every
text a person typed (names, notes, findings) goes through :func:`plain`/:func:`cell`
into a :class:`~rich.text.Text`, never into markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from zoneinfo import ZoneInfo

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from techconsole.domain import display
from techconsole.domain.coverage import software_key
from techconsole.domain.machine_words import kind_word
from techconsole.i18n import N_, _, pgettext
from techconsole.services.assets.roster import Roster
from techconsole.services.assets.views import AssetDetail, AssetView, SoftwareView
from techconsole.tui.mail.tables import Column
from techconsole.tui.widgets.text import cell, local, plain

COVERED, NOT_COVERED = "✓", "✗"
#: a device that receives the customer's data and is not in the support package (seed 004)
FLAGGED = "⚠"
#: the mark of the incident's own machine (the screen opened from an incident)
THIS_ONE = "◆"
#: at most this many pieces of software get a column of their own
SOFTWARE_COLUMNS = 3
#: below this many columns the table leaves out the kind, the system and the remote id
ROOMY = 110


def day(value: date | None) -> str:
    return display.NONE if value is None else f"{value:%d/%m/%Y}"


def coverage_text(view: AssetView, styles: Mapping[str, str]) -> Text:
    """``✓ covered``, ``✗ backup not installed since 12/11/2026``, or ``⚠ receives the
    data but is not in the support package``."""
    if view.covered:
        return Text(f"{COVERED} {pgettext('machine', 'covered')}", style=styles["ok"])
    mark = FLAGGED if view.flagged else NOT_COVERED
    return Text(f"{mark} {plain('; '.join(view.reasons()))}", style=styles["warning"])


def software_names(roster: Roster) -> tuple[str, ...]:
    """The software the table has a column for: the policy's required ones, then the
    others verified on these machines (by name), at most :data:`SOFTWARE_COLUMNS`."""
    others = sorted(
        {software_key(s.name) for m in roster.machines for s in m.software} - set(roster.required)
    )
    return (*roster.required, *others)[:SOFTWARE_COLUMNS]


def last_check(machine: AssetDetail, name: str) -> SoftwareView | None:
    return next((s for s in machine.software if software_key(s.name) == name), None)


def known_product(machine: AssetDetail, name: str) -> str:
    """The product last named for ``name`` on the machine (a verification may name none)."""
    key = software_key(name)
    return next(
        (s.product for s in machine.history if software_key(s.name) == key and s.product), ""
    )


def software_cell(
    machine: AssetDetail, name: str, zone: ZoneInfo, styles: Mapping[str, str]
) -> Text:
    """``✓ 12/11/2026`` (installed as last verified that day), ``✗ 12/11/2026`` (found
    missing), ``✗ never verified`` (required, never verified), or ``—``."""
    found = last_check(machine, name)
    if found is None:
        if name in machine.required:
            return Text(f"{NOT_COVERED} {_('never verified')}", style=styles["warning"])
        return Text(display.NONE, style=styles["muted"])
    when = f"{found.verified_at.astimezone(zone):%d/%m/%Y}"
    if found.installed:
        return Text(f"{COVERED} {when}", style=styles["ok"])
    return Text(f"{NOT_COVERED} {when}", style=styles["warning"])


def columns(roster: Roster, width: int) -> tuple[Column, ...]:
    """The table's columns at ``width`` cells; a piece of software's label is its name.
    A narrow terminal leaves out the kind, the system and the remote id (the pane under
    the table has them)."""
    roomy = width >= ROOMY
    out = [Column("name", N_("Name"), 12, weight=1)]
    if roomy:
        out.append(Column("kind", N_("Kind"), 10))
    out.append(Column("location", N_("Location / user"), 10, weight=1))
    if roomy:
        out.append(Column("os", N_("System"), 10, weight=1))
    out.append(Column("coverage", N_("Coverage"), 16, weight=4))
    out += [Column(f"sw:{name}", name, 12) for name in software_names(roster)]
    if roomy:
        out.append(Column("remote", N_("Remote id"), 11))
    return tuple(out)


def label(column: Column) -> str:
    """A column's heading: a piece of software is named as the policy names it."""
    return column.label if column.key.startswith("sw:") else _(column.label)


def line(
    machine: AssetDetail,
    layout: Sequence[Column],
    zone: ZoneInfo,
    styles: Mapping[str, str],
    incident_machine: int | None = None,
) -> list[Text]:
    """One machine's cells, in ``layout``'s order."""
    view = machine.asset
    name = Text(f"{THIS_ONE} " if view.id == incident_machine else "", style="bold")
    name.append_text(cell(view.name, "bold" if view.id == incident_machine else ""))
    name.no_wrap = True
    values = {
        "name": name,
        "kind": Text(kind_word(view.kind), no_wrap=True),
        "location": cell(view.location or display.NONE),
        "os": cell(view.os or display.NONE),
        "coverage": coverage_text(view, styles),
        "remote": cell(view.remote_id or display.NONE),
    }
    for column in layout:
        if column.key.startswith("sw:"):
            values[column.key] = software_cell(machine, column.key[3:], zone, styles)
    cells = [values[column.key] for column in layout]
    for text in cells:
        text.no_wrap, text.overflow = True, "ellipsis"
    return cells


# ---------------------------------------------------------------------- the pane
def _facts(view: AssetView, zone: ZoneInfo, styles: Mapping[str, str]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    rows: list[tuple[str, Text]] = [
        (_("Coverage"), coverage_text(view, styles)),
        (_("Kind"), Text(kind_word(view.kind))),
        (_("Location / user"), cell(view.location or display.NONE)),
        (_("Operating system"), cell(view.os or display.NONE)),
        (_("Serial no."), cell(view.serial or display.NONE)),
        (_("Remote id"), cell(view.remote_id or display.NONE)),
        (_("Under contract since"), Text(day(view.covered_since))),
        (_("Receives live data"), Text(_("yes") if view.synced else _("no"))),
        (_("In the package"), _package(view, styles)),
    ]
    if view.retired_at is not None:
        rows.append((_("Retired"), Text(local(view.retired_at, zone))))
    if view.notes.strip():
        rows.append((_("Notes"), Text(plain(view.notes, one_line=False))))
    for label_, value in rows:
        grid.add_row(label_, value)
    return grid


def _package(view: AssetView, styles: Mapping[str, str]) -> Text:
    if view.in_package:
        return Text(_("yes"))
    return Text(f"{FLAGGED if view.synced else NOT_COVERED} {_('no')}", style=styles["warning"])


def _yes_no(installed: bool, styles: Mapping[str, str]) -> Text:
    if installed:
        return Text(f"{COVERED} {_('installed')}", style=styles["ok"])
    return Text(f"{NOT_COVERED} {_('missing')}", style=styles["warning"])


def _software(machine: AssetDetail, zone: ZoneInfo, styles: Mapping[str, str]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    for heading in (_("Software"), _("Product"), _("Found"), _("Verified"), _("By")):
        table.add_column(heading, no_wrap=True)
    table.add_column(_("Note"), ratio=1)
    for s in machine.software:
        product = cell(s.product) if s.product else cell(known_product(machine, s.name), "dim")
        table.add_row(
            cell(s.name),
            product if product.plain else Text(display.NONE),
            _yes_no(s.installed, styles),
            local(s.verified_at, zone),
            cell(s.verified_by),
            cell(s.note),
        )
    shown = {software_key(s.name) for s in machine.software}
    for name in machine.required:  # required by the policy, never verified
        if name not in shown:
            never = Text(f"{NOT_COVERED} {_('never verified')}", style=styles["warning"])
            table.add_row(cell(name), "", never, display.NONE, "", "")
    if not table.row_count:
        table.add_row(Text(_("no software verified yet (v records it)"), style="dim"))
    return table


def _history(machine: AssetDetail, zone: ZoneInfo, styles: Mapping[str, str]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False)
    for heading in (_("When"), _("Software"), _("Found"), _("By")):
        table.add_column(heading, no_wrap=True)
    table.add_column(_("Note"), ratio=1)
    for s in machine.history:
        table.add_row(
            local(s.verified_at, zone),
            cell(s.name),
            _yes_no(s.installed, styles),
            cell(s.verified_by),
            cell(s.note),
        )
    if not table.row_count:
        table.add_row(Text(_("none yet"), style="dim"))
    return table


def _inspection(machine: AssetDetail, zone: ZoneInfo) -> list[RenderableType]:
    found = machine.inspection
    if found is None:
        heading = _("Inspection at acceptance: not recorded (i records it)")
        return [Text(heading, style="bold")]
    heading = _("Inspection at acceptance: {when}, {who}").format(
        when=local(found.inspected_at, zone), who=plain(found.inspected_by)
    )
    return [Text(heading, style="bold"), Text(plain(found.findings, one_line=False))]


def detail(machine: AssetDetail, zone: ZoneInfo, styles: Mapping[str, str]) -> Group:
    """The machine in full: its facts, its software as last verified, the inspection at
    acceptance, every verification, the incidents that name it."""
    view = machine.asset
    heading = Text(f"#{view.id} ", style="bold")
    heading.append_text(cell(view.name, "bold"))
    parts: list[RenderableType] = [heading, _facts(view, zone, styles), Text()]
    parts += [Text(_("Software as last verified"), style="bold"), _software(machine, zone, styles)]
    parts += _inspection(machine, zone)
    parts += [Text(), Text(_("Every verification"), style="bold"), _history(machine, zone, styles)]
    if machine.incidents:
        said = _("Incidents: {numbers}").format(numbers=", ".join(machine.incidents))
        parts.append(Text(plain(said)))
    return Group(*parts)
