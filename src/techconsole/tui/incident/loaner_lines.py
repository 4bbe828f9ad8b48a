"""The loaner PC of an incident as its screen says it, read off its timeline: the one out
for it now, or the last one that came back (seed 004).  Pure: no widgets."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from rich.text import Text

from techconsole.domain import events
from techconsole.i18n import _
from techconsole.services.views import EventView
from techconsole.tui.widgets.text import local, plain


@dataclass(frozen=True, slots=True)
class LoanerOut:
    """A loaner lent for the incident, and its return if it came back."""

    loaner: str
    data_from: str
    lent_at: datetime
    returned_at: datetime | None = None


def loaner_of(timeline: Sequence[EventView]) -> LoanerOut | None:
    """The loaner out for the incident now, else the last one lent for it; ``None``."""
    lent: dict[object, LoanerOut] = {}
    for event in timeline:
        loan = event.data.get("loan")
        if event.kind == events.LOANER_LENT:
            lent[loan] = LoanerOut(
                str(event.data.get("loaner") or "?"),
                str(event.data.get("data_from") or ""),
                event.at,
            )
        elif event.kind == events.LOANER_RETURNED and loan in lent:
            found = lent[loan]
            lent[loan] = LoanerOut(found.loaner, found.data_from, found.lent_at, event.at)
    if not lent:
        return None
    out = [found for found in lent.values() if found.returned_at is None]
    return out[-1] if out else list(lent.values())[-1]


def loaner_fact(found: LoanerOut, zone: ZoneInfo) -> Text:
    """``Muletto-01 · since 24/11/2026 10:00 · data of PC-Reception``."""
    said = Text(plain(found.loaner), style="bold")
    if found.returned_at is None:
        said.append(" · " + _("since {when}").format(when=local(found.lent_at, zone)))
    else:
        said.append(" · " + _("returned {when}").format(when=local(found.returned_at, zone)))
    if found.data_from:
        said.append(" · " + _("data of {whose}").format(whose=plain(found.data_from)))
    return said
