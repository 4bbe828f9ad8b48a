"""The queue's keys line on an 80-column terminal: quitting and the help stay in sight,
whole, in Italian and in English (the mail key and refresh give way: ``?`` and the
palette still have them)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets._footer import FooterKey

from techconsole.i18n import set_language
from techconsole.tui.app import TechConsole

from .conftest import loaded, until

pytestmark = pytest.mark.asyncio


@pytest.mark.parametrize(
    ("lang", "quit_", "help_"), [("it", "Esci", "Aiuto"), ("en", "Quit", "Help")]
)
@pytest.mark.parametrize("width", [80, 120])
async def test_quit_and_help_stay_whole_in_the_footer(
    make_app: Callable[..., TechConsole], lang: str, quit_: str, help_: str, width: int
):
    set_language(lang)
    app = make_app()
    async with app.run_test(size=(width, 24)) as pilot:
        await loaded(pilot)

        def shown() -> dict[str, FooterKey]:
            return {key.description: key for key in app.screen.query(FooterKey)}

        await until(pilot, lambda: {quit_, help_} <= shown().keys())  # composed
        keys = shown()
        for word in (quit_, help_):
            assert keys[word].region.right <= width, (word, keys[word].region)
