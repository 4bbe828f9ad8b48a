"""The console warns before a breach: a toast, the bell and the person's hook, once."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from techconsole.services.context import Context
from techconsole.tui.alerts.hooks import AlertSettings
from techconsole.tui.app import TechConsole

from .conftest import FrozenClock, first_breach, loaded, until

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The toasts' words are read in English here."""


def _watch(app: TechConsole) -> tuple[list[tuple[str, str]], list[int]]:
    """Every toast (title, message) and every bell of ``app`` from now on."""
    toasts: list[tuple[str, str]] = []
    bells: list[int] = []
    notify = app.notify

    def noted(message: str, **kwargs: Any) -> None:
        toasts.append((kwargs.get("title", ""), message))
        notify(message, **kwargs)

    app.notify = noted  # type: ignore[method-assign]
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    return toasts, bells


async def test_a_breach_is_told_once_with_the_bell_and_the_hook(
    make_app: Callable[..., TechConsole], ctx: Context, clock: FrozenClock, tmp_path: Path
):
    got = tmp_path / "hook.jsonl"
    settings = AlertSettings(hooks={"breach": f"cat >> '{got}'"}, timeout_seconds=30)
    row, breached_at = first_breach(ctx)
    app = make_app(alerts=settings)
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        toasts, bells = _watch(app)
        await until(pilot, lambda: app.alerts is not None and app.alerts.book.primed)
        assert toasts == []  # what is already so at start is not said
        clock.value = breached_at
        app.alerts.look()  # type: ignore[union-attr]
        await until(pilot, lambda: any(t[0] == "SLA breached" for t in toasts))
        breached = [m for t, m in toasts if t == "SLA breached"]
        assert any(m.startswith(f"{row.number} · {row.customer} · ") for m in breached)
        assert bells
        await until(pilot, lambda: got.exists() and row.number in got.read_text("utf-8"))
        events = [json.loads(line) for line in got.read_text("utf-8").splitlines()]
        mine = [e for e in events if e["number"] == row.number]
        assert mine[0]["event"] == "breach" and mine[0]["subject"] == row.subject
        told, reads = len(toasts), app.alerts.reads  # type: ignore[union-attr]
        app.alerts.look()  # type: ignore[union-attr]
        await until(pilot, lambda: app.alerts is not None and app.alerts.reads > reads)
        await pilot.pause()
        assert len([m for t, m in toasts[told:] if row.number in m]) == 0  # once


async def test_alerts_can_be_turned_off(make_app: Callable[..., TechConsole], clock: FrozenClock):
    app = make_app(alerts=AlertSettings(enabled=False))
    async with app.run_test(size=(120, 36)) as pilot:
        await loaded(pilot)
        await until(pilot, lambda: app.me is not None)
        assert app.alerts is None
