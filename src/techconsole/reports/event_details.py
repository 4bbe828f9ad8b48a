"""A timeline event's fields worded beside what it says: ``9 min · 1 scatto · telefono``
(:func:`details`), and what it changed with the old values, ``severity A (was C)``
(:func:`changes`). :mod:`.event_words` puts them together.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

from techconsole import i18n
from techconsole.domain import events
from techconsole.domain.instants import format_span
from techconsole.i18n import NP_
from techconsole.reports.blocks import clean
from techconsole.reports.event_terms import (
    INSTALLED,
    PART_STATES,
    RESOLVED,
    channel,
    role,
    translations,
    words,
)

#: the fields shown as details, in this order, each with its template (``{v}``: the
#: value as worded; ``None``: the value alone)
DETAILS: Mapping[str, str | None] = {
    "minutes": None,
    "seconds": None,
    "units": None,
    "session_kind": None,
    "state": None,  # a part proposed to the customer (seed 003)
    "quantity": NP_("event detail", "qty {v}"),
    "unit_price": NP_("event detail", "{v} each"),
    "contact": None,  # who authorised, who gave a server account
    "role": None,
    "via": NP_("event detail", "by {v}"),
    "resolved": None,
    "severity": NP_("event detail", "severity {v}"),
    "assignee": NP_("event detail", "to {v}"),
    "report": None,
    "revision": NP_("event detail", "rev. {v}"),
    "follow_up": NP_("event detail", "follow-up {v}"),
    "sender": NP_("event detail", "from {v}"),
    "to": NP_("event detail", "to {v}"),
    "asset": NP_("event detail", "machine {v}"),
    "program": NP_("event detail", "program {v}"),
    "health_check": NP_("event detail", "from health check {v}"),
    "software": None,  # a verification on a machine: the software and what was found
    "installed": None,
}

#: details the sentence of an event of this kind says already
_SAID = {
    events.REPORT: ("report", "revision"),
    events.FOLLOW_UP: ("follow_up",),
    events.ACCOUNT_PROVIDED: ("contact",),
    events.PAUSE: ("contact", "role"),
    events.CLAIMED: ("assignee",),  # the one who claims is the actor
}

#: the fields an event says with their old value (``triage``: ``old_severity``...)
CHANGED: Mapping[str, str] = {
    "severity": NP_("changed field", "severity"),
    "urgent": NP_("changed field", "urgent"),
    "level": NP_("changed field", "level"),
    "category": NP_("changed field", "category"),
    "urgent_on_request": NP_("changed field", "urgent on request"),
    "warranty": NP_("changed field", "warranty"),
    "asset": NP_("changed field", "machine"),
    "program": NP_("changed field", "program"),
}


def changes(data: Mapping[str, Any], lang: str | None = None) -> str:
    """``severity A (was C), urgent yes (was no)``: each field an event changed (those
    stored with an ``old_`` value beside them), with its old value; ``""`` for none."""
    t = translations(lang)
    parts = []
    for key, value in data.items():
        before = f"old_{key}"
        if key.startswith("old_") or before not in data:
            continue
        old = data[before]
        if value is None and old is None:
            continue
        name = CHANGED.get(key)
        label = key.replace("_", " ") if name is None else i18n.translate(t, name)
        part = f"{label} {_changed(value, lang)}"
        if old is not None:
            part += " " + t.gettext("(was {old})").format(old=_changed(old, lang))
        parts.append(part)
    return ", ".join(parts)


def _changed(value: Any, lang: str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        t = translations(lang)
        return t.gettext("yes") if value else t.gettext("no")
    return clean(str(value), one_line=True)


def details(kind: str, data: Mapping[str, Any], lang: str | None = None) -> str:
    """``9 min · 1 scatto · telefono``: the event's fields worded, in a fixed order,
    except those its sentence says already."""
    skip = _SAID.get(kind, ())
    parts = []
    for name, template in DETAILS.items():
        raw = data.get(name)
        if name in skip or raw is None or raw == "":
            continue
        worded = _value(name, clean(str(raw), one_line=True), lang)
        if template is not None:
            worded = i18n.translate(translations(lang), template).format(v=worded)
        if worded:
            parts.append(worded)
    return " · ".join(parts)


def _value(name: str, value: str, lang: str | None) -> str:
    w = words(lang or i18n.language())
    try:
        if name == "minutes":
            return w.duration(int(value))
        if name == "seconds":
            return format_span(timedelta(seconds=int(value)))
        if name == "units":
            return w.units(int(value))
        if name == "quantity":
            return w.number(Decimal(value))
        if name == "unit_price":
            return w.money(Decimal(value))
    except (ArithmeticError, ValueError):
        return value
    if name == "session_kind":
        return w.kind(value)
    if name == "resolved":
        return i18n.translate(translations(lang), RESOLVED[value == "True"])
    if name == "state":
        state = PART_STATES.get(value)
        return value if state is None else i18n.translate(translations(lang), state)
    if name == "installed":
        return i18n.translate(translations(lang), INSTALLED[value == "True"])
    if name == "role":
        return role(value, lang)
    if name == "via":
        return channel(value, lang)
    return value
