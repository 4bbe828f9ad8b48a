"""How every front end words a timeline event, in Italian or English, from the catalogue.

The timeline stores what happened as data (:mod:`techconsole.domain.events`): a kind,
its fields and the text a person typed. Here, once for the command line, the console,
the work report and the activity report: the kind's name (:func:`action`), the
program's own sentence for its fields (:func:`sentence`: "waiting on the customer"),
what the event says (:func:`text`, :func:`describe`: the person's text as written, else
that sentence) and its other fields worded (:func:`details`).

The sentences are made in :mod:`.event_sentences`, the fields worded in
:mod:`.event_details`, the words of the codes the fields hold (a role, a channel, a
part's state) are :mod:`.event_terms`: this module puts them together, and is where the
front ends read them all.

Every word is a catalogue message (``techconsole`` domain): the short words with a
context (``pgettext``), the sentences by themselves. A language other than the
process's is read through :func:`techconsole.i18n.translator`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from techconsole import i18n
from techconsole.domain import events
from techconsole.i18n import NP_
from techconsole.reports.blocks import clean
from techconsole.reports.event_details import changes, details
from techconsole.reports.event_sentences import beside, sentence
from techconsole.reports.event_terms import channel, part_state, role, role_short, translations

__all__ = [
    "ACTIONS",
    "Event",
    "action",
    "changes",
    "channel",
    "describe",
    "details",
    "part_state",
    "role",
    "role_short",
    "sentence",
    "summary",
    "text",
]

#: the names of the timeline's kinds and of the audit actions of the activity report
ACTIONS: Mapping[str, str] = {
    events.OPENED: NP_("event", "Request received"),
    events.CLAIMED: NP_("event", "Claimed"),
    events.ASSIGNED: NP_("event", "Assigned"),
    events.TRIAGE: NP_("event", "Triaged"),
    events.ACKNOWLEDGED: NP_("event", "Taken in charge"),
    events.PAUSE: NP_("event", "Paused"),
    events.RESUME: NP_("event", "Resumed"),
    events.ON_SITE: NP_("event", "Arrived on site"),
    events.NOTE: NP_("event", "Note"),
    events.AUTHORISED: NP_("event", "Authorisation received"),
    events.ACCOUNT_PROVIDED: NP_("event", "Server account"),
    events.TIMER_STARTED: NP_("event", "Work started"),
    events.TIMER_STOPPED: NP_("event", "Work stopped"),
    events.SESSION_EDITED: NP_("event", "Session corrected"),
    events.SESSION_ADDED: NP_("event", "Work recorded afterwards"),
    events.TIMER_DISCARDED: NP_("event", "Work discarded"),
    events.MATERIAL_ADDED: NP_("event", "Material"),
    events.MATERIAL_APPROVED: NP_("event", "Part approved by the customer"),
    events.MATERIAL_DECLINED: NP_("event", "Part declined by the customer"),
    events.RESOLVED: NP_("event", "Resolved"),
    events.FOLLOW_UP: NP_("event", "Follow-up"),
    events.CLOSED: NP_("event", "Closed"),
    events.REOPENED: NP_("event", "Reopened"),
    events.REPORT: NP_("event", "Work report"),
    events.MAIL_IN: NP_("event", "Mail received"),
    events.MAIL_OUT: NP_("event", "Mail to the customer"),
    events.ESTIMATED: NP_("event", "Repair estimate"),
    events.LOANER_LENT: NP_("event", "Loaner PC lent"),
    events.LOANER_RETURNED: NP_("event", "Loaner PC returned"),
    events.RELEASE: NP_("event", "Fix in a release"),
    "customer.add": NP_("event", "Customer added"),
    "contact.add": NP_("event", "Contact added"),
    "contract.add": NP_("event", "Contract added"),
    "asset.add": NP_("event", "Machine added"),
    "asset.edit": NP_("event", "Machine changed"),
    "asset.retire": NP_("event", "Machine retired"),
    "asset.verify": NP_("event", "Software verified"),
    "asset.inspect": NP_("event", "Inspection at acceptance"),
    "loaner.add": NP_("event", "Loaner PC added"),
    "loaner.edit": NP_("event", "Loaner PC changed"),
    "loaner.retire": NP_("event", "Loaner PC retired"),
    "loaner.lend": NP_("event", "Loaner PC lent"),
    "loaner.return": NP_("event", "Loaner PC returned"),
    "check.record": NP_("event", "Health check"),
    "check.incident": NP_("event", "Incident from a health check"),
    "check.schedule": NP_("event", "Health-check day agreed"),
    "change.add": NP_("event", "Customisation requested"),
    "change.schedule": NP_("event", "Customisation dates agreed"),
    "change.develop": NP_("event", "Customisation developed"),
    "change.deliver": NP_("event", "Customisation delivered"),
    "change.test": NP_("event", "Customisation tested"),
    "change.accept": NP_("event", "Customisation accepted"),
    "change.contest": NP_("event", "Customisation contested"),
    "ads.cadence": NP_("event", "Cadence of the reports agreed"),
    "customer.program": NP_("event", "Program added"),
    "ads.report": NP_("event", "Report delivered to the data controller"),
}


class Event(Protocol):
    """What a timeline entry offers (``services.views.EventView``)."""

    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def data(self) -> Mapping[str, Any]: ...


def action(kind: str, lang: str | None = None) -> str:
    """``timer_stopped`` → ``Fine lavoro``; an unknown code as it is, readable."""
    message = ACTIONS.get(kind)
    if message is None:
        return kind.replace("_", " ").replace(".", " ")
    return i18n.translate(translations(lang), message)


def text(kind: str, typed: str, data: Mapping[str, Any], lang: str | None = None) -> str:
    """What an event says on one line: the person's text as written (``typed``), else
    the program's sentence for its kind and fields (an acknowledgement's agreement to a
    later arrival, a fix's release, is said beside the person's text)."""
    said = clean(typed, one_line=True)
    if not said.strip():
        return sentence(kind, data, lang)
    extra = beside(kind, data, lang)
    return f"{said} · {extra}" if extra else said


def describe(event: Event, lang: str | None = None) -> str:
    """What ``event`` says: the person's text as written (lines kept), else the program's
    sentence in ``lang`` (default: the process language); an acknowledgement's agreement
    to a later arrival, a fix's release, on a line of its own after the text."""
    if event.text.strip():
        extra = beside(event.kind, event.data, lang)
        return f"{event.text}\n{extra}" if extra else event.text
    return sentence(event.kind, event.data, lang)


def summary(event: Event, lang: str | None = None) -> str:
    """What ``event`` says on a timeline (:func:`describe`), else what it changed
    (:func:`changes`), else its fields worded (:func:`details`); never its raw data."""
    return (
        describe(event, lang) or changes(event.data, lang) or details(event.kind, event.data, lang)
    )
