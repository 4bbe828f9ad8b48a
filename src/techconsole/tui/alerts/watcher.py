"""The console's alerts: a read every few seconds (and at each change of the database) of
what concerns its person, told once with a toast, the bell and the person's hooks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from textual.app import App

from techconsole.domain.alerts import Alert, AlertBook
from techconsole.i18n import N_, _
from techconsole.services.context import Context
from techconsole.services.incidents import alerts as alert_service
from techconsole.services.incidents.alerts import Line, Scan
from techconsole.tui.alerts.hooks import AlertSettings, HookRunner
from techconsole.tui.widgets.text import plain

#: how often the clocks are looked at when nothing in the database changes (seconds)
INTERVAL = 15.0
#: how long an alert's toast stays up (seconds)
TOAST_SECONDS = 10
#: each kind's toast: title (English msgid) and severity
TOASTS = {
    "breach": (N_("SLA breached"), "error"),
    "warning": (N_("SLA at risk"), "warning"),
    "new_incident": (N_("New incident"), "information"),
    "resolved": (N_("Incident resolved"), "information"),
}
HOOK_KEYS = {
    "breach": "on_breach",
    "warning": "on_warning",
    "new_incident": "on_new_incident",
    "resolved": "on_resolved",
}


class AlertWatcher:
    """Looks, tells, remembers what it told (:class:`AlertBook`)."""

    def __init__(self, app: App[Any], ctx: Context, settings: AlertSettings, *, team: bool) -> None:
        self.app, self.ctx, self.settings, self.team = app, ctx, settings, team
        self.book = AlertBook()
        self.after_id: int | None = None
        self.since: datetime | None = None
        self.hooks = HookRunner(settings, self._hook_failed)
        #: how many reads were told so far
        self.reads = 0

    def start(self, interval: float = INTERVAL) -> None:
        self.look()
        self.app.set_interval(interval, self.look, name="alerts")

    def look(self) -> None:
        """Read in a thread; a read still running is replaced by this one."""
        self.app.run_worker(
            self._read, thread=True, group="alerts", exclusive=True, exit_on_error=False
        )

    def _read(self) -> None:
        scan = alert_service.scan(
            self.ctx, team=self.team, after_id=self.after_id, since=self.since, now=self.ctx.now()
        )
        self.app.call_from_thread(self._tell, scan)

    def _tell(self, scan: Scan) -> None:
        self.after_id, self.since = scan.last_id, scan.now
        self.reads += 1
        lines = {line.number: line for line in (*scan.resolved, *scan.opened, *scan.clocks)}
        said = self.book.fresh(
            (line.seen() for line in scan.clocks),
            (line.number for line in scan.opened),
            (line.number for line in scan.resolved),
        )
        for alert in said:
            self._toast(alert, lines[alert.number])
        if said and self.settings.bell:
            self.app.bell()
        hooked = [(a, lines[a.number]) for a in said if self.settings.hooks.get(a.kind)]
        if hooked:
            self.app.run_worker(lambda: self._hooks(hooked, scan.now), thread=True, group="hooks")

    def _toast(self, alert: Alert, line: Line) -> None:
        title, severity = TOASTS[alert.kind]
        text = f"{line.number} · {plain(line.customer)} · {plain(line.subject)}"
        if alert.kind in ("breach", "warning") and line.due is not None:
            due = line.due.astimezone(self.ctx.policy.zone)
            text += " · " + _("due {time}").format(time=f"{due:%d/%m %H:%M}")
        self.app.notify(
            text,
            title=_(title),
            severity=severity,  # type: ignore[arg-type]
            timeout=TOAST_SECONDS,
            markup=False,
        )

    def _hooks(self, hooked: list[tuple[Alert, Line]], now: datetime) -> None:
        for alert, line in hooked:
            self.hooks.run(alert, line, now)

    def _hook_failed(self, kind: str, problem: str) -> None:
        message = _("the hook {key} did not work: {problem}").format(
            key=f"hooks.{HOOK_KEYS[kind]}", problem=problem
        )
        self.app.call_from_thread(
            self.app.notify, message, severity="warning", timeout=10, markup=False
        )
