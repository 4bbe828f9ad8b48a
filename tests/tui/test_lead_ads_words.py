"""The lines of the reports due on the team load, in Italian (the default language)."""

from __future__ import annotations

from datetime import date

from rich.console import Console

from techconsole.domain.ads_cadence import Period
from techconsole.services.documents.ads_reports import AdsStanding
from techconsole.tui.lead.ads import ads_due


def _plain(renderable: object) -> str:
    console = Console(width=120, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_the_key_hint_does_not_read_as_the_word_e():
    """``e`` is the key: "e invia un resoconto per e-mail" read as "and sends a report"."""
    october = Period(date(2026, 10, 1), date(2026, 10, 31))
    hotel = AdsStanding(1, "Hotel Mare", "monthly", date(2026, 10, 1), None, (october,), None)
    shown = _plain(ads_due([hotel]))
    assert "⚠ Hotel Mare · 01/10/2026–31/10/2026 · dovuto dal 01/11/2026" in shown
    assert "premi e per inviarne uno per e-mail" in shown
    assert "\ne invia" not in shown
