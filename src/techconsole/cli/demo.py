"""``techconsole demo``: fill an empty database with a realistic team, customers and queue."""

from __future__ import annotations

import shlex
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from techconsole import demo as demo_service
from techconsole.cli import console
from techconsole.cli.common import services_context
from techconsole.cli.options import settings, wants_json
from techconsole.cli.output import emit_json, err, out, safe
from techconsole.i18n import _
from techconsole.i18n.formats import count
from techconsole.settings import DEFAULT_SOURCE
from techconsole.store.defaults import demo_path
from techconsole.store.engine import remove_sqlite_file

app = typer.Typer()


@app.command(
    help=_(
        "Fill a database with demo data: a team (you as lead), customers, incidents.\n\n"
        "Without --db (and without $TECHCONSOLE_DB or db in the config file) the demo gets a "
        "database of its own, rebuilt from scratch each time; a database you name must be "
        "empty. The same seed gives the same data."
    )
)
def demo(
    incidents: Annotated[
        int,
        typer.Option(
            "--incidents", min=0, max=demo_service.MAX_INCIDENTS, help=_("How many incidents.")
        ),
    ] = 300,
    seed: Annotated[int, typer.Option("--seed", help=_("Same seed, same data."))] = 1,
    customers: Annotated[
        int | None,
        typer.Option(
            "--customers",
            min=1,
            max=demo_service.MAX_CUSTOMERS,
            help=_("How many customers \\[default: a tenth of the incidents, 8 to 5,000]."),
            show_default=False,
        ),
    ] = None,
    maildir: Annotated[
        Path | None,
        typer.Option(
            "--maildir",
            help=_(
                "Where to write the last days' incoming mail \\[default: a Maildir beside "
                "the demo's database]."
            ),
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    open_console: Annotated[
        bool, typer.Option("--open", help=_("Open the console on the demo data afterwards."))
    ] = False,
    reports: Annotated[
        bool,
        typer.Option(
            "--reports/--no-reports",
            help=_(
                "Issue the work report of every finished incident. --no-reports leaves them "
                "to 'techconsole report issue --all': a benchmark database of a million "
                "incidents then fills in minutes instead of hours."
            ),
        ),
    ] = True,
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
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # yours alone
        remove_sqlite_file(path)
        db = str(path)
    with (
        services_context(db=db, first_lead_said=False) as ctx,
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress,
    ):
        task = progress.add_task(_("Demo incidents"), total=incidents)
        reports_task = progress.add_task(_("Work reports"), total=None, visible=False)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)
            progress.update(reports_task, visible=reports and done >= total)  # they come next

        def issued(done: int, total: int) -> None:
            progress.update(reports_task, completed=done, total=total, visible=True)

        summary = demo_service.generate(
            ctx,
            incidents=incidents,
            seed=seed,
            customers=customers,
            progress=tick,
            reports=reports,
            reports_progress=issued,
        )
        mail_folder = maildir or _maildir_beside(db)
        mails = 0
        if mail_folder is not None:
            from techconsole.demo import maildir as demo_mail

            if maildir is None:
                shutil.rmtree(mail_folder, ignore_errors=True)  # rebuilt with the database
            mails = demo_mail.fill(ctx, mail_folder, seed=seed)
    facts = asdict(summary)
    facts["maildir"] = str(mail_folder) if mail_folder is not None else None
    facts["mail_messages"] = mails
    # a policy given as --policy must be given again: the database does not keep it
    policy = (
        f" --policy {shlex.quote(chosen.policy)}" if chosen.source("policy") == "--policy" else ""
    )
    if wants_json():
        emit_json(facts)
    else:
        _summary(summary, db, own, policy)
        if mail_folder is not None and mails:
            _mail_hint(mail_folder, mails, db, own, policy)
    if open_console:
        inbox = (mail_folder,) if mail_folder is not None and mails else ()
        console.open_console(chosen, db=db, maildirs=inbox)


def _maildir_beside(db: str | None) -> Path | None:
    """``Maildir`` in the folder of a SQLite demo database (none beside a server's)."""
    if db is None or ("://" in db and not db.startswith("sqlite:///")):
        return None
    path = Path(db.removeprefix("sqlite:///"))
    return path.parent / "Maildir"


def _mail_hint(folder: Path, count: int, db: str | None, own: bool, policy: str) -> None:
    target = f" --db {shlex.quote(str(db))}" if db else ""  # as the queue's hint: pasted as is
    command = f"techconsole mail fetch{target}{policy} --maildir {shlex.quote(str(folder))}"
    said = _("mail: {count} messages of the last days waiting in {folder}; take them with:").format(
        count=count, folder=safe(str(folder))
    )
    out.print(f"  {said}\n    [bold]{safe(command)}[/bold]")


def _counted(text: str, **values: object) -> str:
    """``text`` filled with ``values``, the counts written as the language writes them
    (28.355 in Italian, 28,355 in English)."""
    return text.format(**{key: count(v) if type(v) is int else v for key, v in values.items()})


def _summary(summary: demo_service.DemoSummary, db: str | None, own: bool, policy: str) -> None:
    s = summary
    numbers = f" ({s.first_number} … {s.last_number})" if s.incidents else ""
    said = _counted(
        _(
            "demo data (seed {seed}): {technicians} technicians ({lead} is a lead), {customers} "
            "customers with {contacts} contacts and {contracts} contracts, {incidents} incidents"
        ),
        seed=str(s.seed),
        technicians=s.team,
        lead=safe(s.lead),
        customers=s.customers,
        contacts=s.contacts,
        contracts=s.contracts,
        incidents=s.incidents,
    )
    out.print(f"[green]✓[/green] {said}{numbers}")
    said = _counted(
        _(
            "open {open}: {unassigned} unassigned, {in_progress} in progress, {waiting} waiting, "
            "{awaiting} awaiting authorisation; {breached} past due, {urgent} urgent"
        ),
        open=s.open_incidents,
        unassigned=s.unassigned,
        in_progress=s.in_progress,
        waiting=s.waiting,
        awaiting=s.awaiting_authorisation,
        breached=s.breached,
        urgent=s.urgent_open,
    )
    out.print(f"  {said}")
    said = _counted(
        _(
            "done: {resolved} resolved, {closed} closed, {follow_ups} follow-ups; "
            "{events} timeline events"
        ),
        resolved=s.resolved,
        closed=s.closed,
        follow_ups=s.follow_ups,
        events=s.events,
    )
    out.print(f"  {said}")
    said = _counted(
        _(
            "work: {sessions} timer sessions ({running} running), {materials} parts, "
            "{reports} work reports"
        ),
        sessions=s.work_sessions,
        running=s.running_timers,
        materials=s.materials,
        reports=s.reports,
    )
    out.print(f"  {said}")
    if s.reports < s.resolved + s.closed:
        said = _("work reports not issued yet: techconsole report issue --all issues them")
        out.print(f"  {said}")
    if s.machines:
        said = _counted(
            _(
                "machines: {machines} of the customers under contract, named by {incidents} "
                "incidents (see: techconsole asset list)"
            ),
            machines=s.machines,
            incidents=s.incidents_on_machines,
        )
        out.print(f"  {said}")
    if s.loaners:
        said = _counted(
            _("loaner PCs: {loaners}, {out} out (see: techconsole loaner list)"),
            loaners=s.loaners,
            out=s.loaners_out,
        )
        out.print(f"  {said}")
    if s.health_checks:
        said = _counted(
            _("health checks: {checks} done (see: techconsole checks due)"), checks=s.health_checks
        )
        out.print(f"  {said}")
    where = f"--db {shlex.quote(str(db))}" if db else _("the same --db")  # as typed: quoted
    if own:
        said = _("The demo database is {path}; a new demo replaces it.").format(path=safe(str(db)))
        out.print(f"[dim]{said}[/dim]")
    said = _("Next: techconsole queue {where}").format(where=safe(where + policy))
    out.print(f"[dim]{said}[/dim]")
