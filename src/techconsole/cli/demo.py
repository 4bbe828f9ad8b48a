"""``techconsole demo``: fill an empty database with a realistic team, customers and queue."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from techconsole import demo as demo_service
from techconsole.cli import console
from techconsole.cli.common import services_context
from techconsole.cli.options import settings, wants_json
from techconsole.cli.output import emit_json, err, out, safe
from techconsole.settings import DEFAULT_SOURCE
from techconsole.store.engine import demo_path, remove_sqlite_file

app = typer.Typer()


@app.command()
def demo(
    incidents: Annotated[
        int,
        typer.Option(
            "--incidents", min=0, max=demo_service.MAX_INCIDENTS, help="How many incidents."
        ),
    ] = 300,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same data.")] = 1,
    customers: Annotated[
        int | None,
        typer.Option(
            "--customers",
            min=1,
            max=demo_service.MAX_CUSTOMERS,
            help="How many customers \\[default: a tenth of the incidents, 8 to 5,000].",
            show_default=False,
        ),
    ] = None,
    open_console: Annotated[
        bool, typer.Option("--open", help="Open the console on the demo data afterwards.")
    ] = False,
) -> None:
    """Fill a database with demo data: a team (you as lead), customers, incidents.

    Without --db (and without $TECHCONSOLE_DB or db in the config file) the demo gets a
    database of its own, rebuilt from scratch each time; a database you name must be
    empty. The same seed gives the same data.
    """
    chosen = settings()
    db = chosen.db
    own = chosen.source("db") == DEFAULT_SOURCE
    if own:
        path = demo_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_sqlite_file(path)
        db = str(path)
    with (
        services_context(db=db) as ctx,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task("Demo incidents", total=incidents)
        reports = progress.add_task("Work reports", total=None, visible=False)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)
            progress.update(reports, visible=done >= total)  # they come next

        def issued(done: int, total: int) -> None:
            progress.update(reports, completed=done, total=total, visible=True)

        summary = demo_service.generate(
            ctx,
            incidents=incidents,
            seed=seed,
            customers=customers,
            progress=tick,
            reports_progress=issued,
        )
    facts = asdict(summary)
    if wants_json():
        emit_json(facts)
    else:
        _summary(summary, db, own)
    if open_console:
        console.open_console(chosen, db=db)


def _summary(summary: demo_service.DemoSummary, db: str | None, own: bool) -> None:
    s = summary
    numbers = f" ({s.first_number} … {s.last_number})" if s.incidents else ""
    out.print(
        f"[green]✓[/green] demo data (seed {s.seed}): {s.technicians} technicians "
        f"({safe(s.lead)} is a lead), {s.customers} customers with {s.contacts} contacts "
        f"and {s.contracts} contracts, {s.incidents} incidents{numbers}"
    )
    out.print(
        f"  open {s.open_incidents}: {s.unassigned} unassigned, {s.in_progress} in progress, "
        f"{s.waiting} waiting, {s.awaiting_authorisation} awaiting authorisation; "
        f"{s.breached} past due, {s.urgent_open} urgent"
    )
    out.print(
        f"  done: {s.resolved} resolved, {s.closed} closed, {s.follow_ups} follow-ups; "
        f"{s.events} timeline events"
    )
    out.print(
        f"  work: {s.work_sessions} timer sessions ({s.running_timers} running), "
        f"{s.materials} parts, {s.reports} work reports"
    )
    where = f"--db {db}" if db else "the same --db"
    if own:
        out.print(f"[dim]The demo database is {safe(str(db))}; a new demo replaces it.[/dim]")
    out.print(f"[dim]Next: techconsole queue {safe(where)}[/dim]")
