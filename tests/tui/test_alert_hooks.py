"""Hooks: a command of the person's, given the alert as JSON on stdin, stopped in time."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from techconsole.domain.alerts import Alert
from techconsole.services.incidents.alerts import Line
from techconsole.tui.alerts.hooks import AlertSettings, HookRunner, payload, run_hook

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The reasons a hook failed are read in English here."""


LINE = Line(
    "2026-000123",
    "Stampante «ufficio» [bold]rotta[/bold]",
    "Città di Prova",
    None,
    "open",
    "basic",
    "response",
    "breached",
    datetime(2026, 11, 23, 8, 0, tzinfo=UTC),
)


def test_the_payload_is_the_incident_as_the_queue_shows_it():
    data = payload(Alert("breach", LINE.number, "response"), LINE, NOW)
    assert data == {
        "event": "breach",
        "at": "2026-11-23T09:00:00+00:00",
        "number": "2026-000123",
        "subject": "Stampante «ufficio» [bold]rotta[/bold]",
        "customer": "Città di Prova",
        "assignee": None,
        "status": "open",
        "plan": "basic",
        "clock": "response",
        "due": "2026-11-23T08:00:00+00:00",
    }


def test_a_hook_reads_the_json_on_its_stdin(tmp_path):
    out = tmp_path / "got.json"
    assert run_hook(f"cat > '{out}'", {"number": "2026-000123", "subject": "è"}, 30) is None
    assert json.loads(out.read_text(encoding="utf-8")) == {
        "number": "2026-000123",
        "subject": "è",
    }


def test_a_failing_hook_says_why_and_a_slow_one_is_stopped():
    assert run_hook("echo 'no such pager' >&2; exit 3", {}, 30) == "exit code 3: no such pager"
    assert run_hook("sleep 30", {}, 0.5) == "stopped after 0.5 s"


def test_a_failing_hook_is_said_once_until_it_works_again(tmp_path):
    said: list[tuple[str, str]] = []
    flag = tmp_path / "works"
    command = f"test -e '{flag}'"
    runner = HookRunner(
        AlertSettings(hooks={"breach": command}), lambda kind, why: said.append((kind, why))
    )
    alert = Alert("breach", LINE.number, "response")
    runner.run(alert, LINE, NOW)
    runner.run(alert, LINE, NOW)
    assert said == [("breach", "exit code 1")]
    flag.touch()
    runner.run(alert, LINE, NOW)
    flag.unlink()
    runner.run(alert, LINE, NOW)
    assert said == [("breach", "exit code 1"), ("breach", "exit code 1")]
    runner.run(Alert("warning", LINE.number, "response"), LINE, NOW)  # no hook for it
    assert len(said) == 2
