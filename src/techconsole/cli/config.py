"""``techconsole config``: the settings in force and where each comes from; the files read."""

from __future__ import annotations

import os
from typing import Any

import typer
from rich.table import Table

from techconsole.cli.options import settings, wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.i18n import _
from techconsole.settings import DEFAULT_SOURCE, KEYS, Settings, attr, config_files

app = typer.Typer(help=_("Your settings: what they are and where from."), no_args_is_help=True)


def _default_db() -> str:
    from platformdirs import user_data_dir

    return os.path.join(user_data_dir("techconsole", appauthor=False), "techconsole.db")


def _rows(chosen: Settings) -> list[dict[str, Any]]:
    rows = []
    for key in KEYS:
        value = getattr(chosen, attr(key.name))
        if isinstance(value, tuple):
            value = list(value)
        if key.name == "db" and value is None:
            value = _default_db()
        source = chosen.source(key.name)
        rows.append({"key": key.name, "value": value, "source": source, "env": key.env})
    return rows


@app.command(
    help=_("Every setting, its value and where it came from (flag, environment, file, default).")
)
def show() -> None:
    """Every setting, its value and where it came from (flag, environment, file, default)."""
    chosen = settings()
    rows = _rows(chosen)
    if wants_json():
        emit_json(rows)
        return
    table = Table(_("Key"), _("Value"), _("From"), _("Variable"))
    for row in rows:
        value = row["value"]
        if value is None:
            shown = {"user": _("(your OS login)"), "workers": _("(one per core)")}.get(
                row["key"], _("(not set)")
            )
        elif isinstance(value, list):
            shown = ", ".join(map(str, value)) or _("(none)")
        elif isinstance(value, bool):  # as the config file writes it
            shown = "true" if value else "false"
        else:
            shown = str(value)
        source = row["source"]
        table.add_row(
            row["key"],
            safe(shown, one_line=True),
            _("default") if source == DEFAULT_SOURCE else safe(source, one_line=True),
            f"${row['env']}" if row["env"] else "—",
        )
    out.print(table)


@app.command(
    help=_("The config files looked at, the one that wins first, and whether each exists.")
)
def path() -> None:
    """The config files looked at, the one that wins first, and whether each exists."""
    found = config_files(os.environ)
    if wants_json():
        emit_json([{"path": str(f.path), "kind": f.kind, "exists": f.exists} for f in found])
        return
    for f in found:
        mark = "[green]✓[/green]" if f.exists else "[dim]·[/dim]"
        what = _("found") if f.exists else _("not found")
        out.print(f"{mark} {safe(str(f.path), one_line=True)} [dim]({f.kind}, {what})[/dim]")


@app.command(
    help=_(
        "The console's keys: each binding's id, its keys (yours from [keys] in the config "
        "file, else the default) and what it does."
    )
)
def keys() -> None:
    """The console's keys: each binding's id, its keys and what it does."""
    from techconsole.tui.keys import all_bindings  # the console's screens: only here

    chosen = settings().keys
    rows = [
        {
            "id": binding_id,
            "keys": chosen.get(binding_id, binding.key),
            "default": binding.key,
            "does": _(binding.description) if binding.description else "",
        }
        for binding_id, binding in all_bindings().items()
    ]
    unknown = sorted(set(chosen) - {row["id"] for row in rows})
    if wants_json():
        emit_json({"bindings": rows, "unknown": unknown})
        return
    table = Table(_("Id"), _("Keys"), _("Does"))
    for row in rows:
        mine = row["keys"] != row["default"]
        table.add_row(
            row["id"],
            f"[bold]{safe(row['keys'])}[/bold]" if mine else safe(row["keys"]),
            row["does"],
        )
    out.print(table)
    for name in unknown:
        out.print(
            "[yellow]"
            + safe(_("{name} in [keys] is no binding of the console").format(name=name))
            + "[/yellow]"
        )
