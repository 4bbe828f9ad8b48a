"""The lead's charts: the figures of ``team stats`` drawn under the team load."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from techconsole.domain.display import spark
from techconsole.services.context import Context
from techconsole.services.team import stats
from techconsole.tui.app import TechConsole

from .conftest import until
from .test_lead_view import opened, shown


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """The charts' headings are read in English here."""


@pytest.mark.asyncio
async def test_the_charts_draw_the_services_figures(
    make_app: Callable[..., TechConsole], ctx: Context
):
    found = stats.team_stats(ctx)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot)
        await until(pilot, lambda: screen.stats is not None)
        await pilot.pause()
        text = shown(screen, "#lead-charts")
    assert "SLA met per plan, the last 12 months" in text
    assert "Scatti per technician, the last 8 weeks" in text
    sizes = [d.open for d in found.queue]
    assert spark(list(sizes)) in text
    assert f"  {sizes[-1]}" in text
    worst = found.misses[0]
    line = next(line for line in text.splitlines() if worst.customer[:20] in line)
    assert line.rstrip().endswith(str(worst.missed))


@pytest.mark.asyncio
async def test_a_technician_sees_no_charts(
    make_app: Callable[..., TechConsole], make_ctx: Callable[..., Context]
):
    app = TechConsole(make_ctx("marco"), watch_interval=None)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await opened(pilot)
        await pilot.pause()
        assert not screen.query_one("#lead-charts").display


def test_a_sparkline_is_one_cell_a_value():
    assert spark([0, 50, 100], 100) == "▁▅█"
    assert spark([None, 4, 8]) == " ▅█"
    assert spark([]) == ""
