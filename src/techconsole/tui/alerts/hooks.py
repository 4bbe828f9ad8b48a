"""A team's own notifications: a command per kind of alert, given the incident as JSON.

``[hooks] on_warning = "notify-send 'techconsole' \\"$(jq -r .subject)\\""`` in the config
file: the command runs with ``/bin/sh -c``, the alert as one JSON object on its standard
input, in a thread of its own (the console never waits for it), and is stopped after
``hooks.timeout_seconds``.  A hook that fails is said once, until it works again.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from techconsole.i18n import _

if TYPE_CHECKING:
    from techconsole.domain.alerts import Alert
    from techconsole.services.incidents.alerts import Line


@dataclass(frozen=True, slots=True)
class AlertSettings:
    """What the person's settings say about alerts (read by the entry point)."""

    enabled: bool = True
    bell: bool = True
    #: alert kind (``warning``, ``breach``, ``new_incident``, ``resolved``) → command
    hooks: Mapping[str, str] = field(default_factory=dict)
    timeout_seconds: int = 10


def payload(alert: Alert, line: Line, now: datetime) -> dict[str, Any]:
    """The JSON object a hook reads: the event and the incident as the queue shows it."""
    return {
        "event": alert.kind,
        "at": now.isoformat(),
        "number": line.number,
        "subject": line.subject,
        "customer": line.customer,
        "assignee": line.assignee,
        "status": line.status,
        "plan": line.plan,
        "clock": line.clock or None,
        "due": line.due.isoformat() if line.due else None,
    }


def run_hook(command: str, data: Mapping[str, Any], timeout: float) -> str | None:
    """Run ``command`` with ``data`` on its stdin; ``None`` when it worked, else why not."""
    text = json.dumps(data, ensure_ascii=False) + "\n"
    try:
        done = subprocess.run(
            ["/bin/sh", "-c", command],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return _("stopped after {seconds} s").format(seconds=f"{timeout:g}")
    except OSError as error:
        return str(error)
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        why = _("exit code {code}").format(code=done.returncode)
        return f"{why}: {said[-1]}" if said else why
    return None


class HookRunner:
    """Runs the hooks of alerts, remembering which ones fail so each is said once."""

    def __init__(self, settings: AlertSettings, say: Callable[[str, str], None]) -> None:
        self.settings, self.say = settings, say
        self.failing: set[str] = set()

    def run(self, alert: Alert, line: Line, now: datetime) -> None:
        """Run the hook of ``alert`` (in the caller's thread: call it from a worker)."""
        command = self.settings.hooks.get(alert.kind)
        if not command:
            return
        problem = run_hook(command, payload(alert, line, now), self.settings.timeout_seconds)
        if problem is None:
            self.failing.discard(alert.kind)
        elif alert.kind not in self.failing:
            self.failing.add(alert.kind)
            self.say(alert.kind, problem)
