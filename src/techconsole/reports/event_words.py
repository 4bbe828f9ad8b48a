"""How every front end words a timeline event, in Italian or English, from the catalogue.

The timeline stores what happened as data (:mod:`techconsole.domain.events`): a kind,
its fields and the text a person typed. Here, once for the command line, the console,
the work report and the activity report: the kind's name (:func:`action`), the
program's own sentence for its fields (:func:`sentence`: "waiting on the customer"),
what the event says (:func:`text`, :func:`describe`: the person's text as written, else
that sentence) and its other fields worded (:func:`details`).

Every word is a catalogue message (``techconsole`` domain): the short words with a
context (``pgettext``), the sentences by themselves. A language other than the
process's is read through :func:`techconsole.i18n.translator`.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any, Protocol, cast

from techconsole import i18n
from techconsole.domain import events
from techconsole.domain.instants import format_span
from techconsole.i18n import NP_
from techconsole.reports.blocks import clean
from techconsole.reports.i18n import Lang, Words

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

#: the messages the customer is sent (``mail_out``'s ``notice``)
NOTICES: Mapping[str, str] = {
    "queued": NP_("mail notice", "acknowledgement: the request is in the queue"),
    "taken_in_charge": NP_("mail notice", "taken in charge, with the estimated resolution"),
    "confirmation": NP_("mail notice", "intervention confirmation"),
    "resolution": NP_("mail notice", "resolution notice"),
    "authorisation_request": NP_("mail notice", "request for the titolare's authorisation"),
    "reply": NP_("mail notice", "reply"),
}

RESOLVED: Mapping[bool, str] = {
    True: NP_("outcome", "problem solved"),
    False: NP_("outcome", "not solved"),
}

#: a part's state (domain.parts.STATES): said of a proposal on the timeline and the parts
PART_STATES: Mapping[str, str] = {
    "proposed": NP_("part", "proposed, awaiting confirmation"),
    "fitted": NP_("part", "fitted"),
    "declined": NP_("part", "declined by the customer"),
}

#: what a verification of software on a machine found
INSTALLED: Mapping[bool, str] = {
    True: NP_("software", "installed"),
    False: NP_("software", "missing"),
}

ROLES: Mapping[str, str] = {
    "titolare": NP_("contact role", "owner (titolare)"),
    "ads": NP_("contact role", "system administrator (ADS)"),
    "employee": NP_("contact role", "employee"),
}

CHANNELS: Mapping[str, str] = {
    "email": NP_("channel", "e-mail"),
    "pec": NP_("channel", "certified e-mail (PEC)"),
    "whatsapp": NP_("channel", "WhatsApp"),
    "web": NP_("channel", "web form"),
    "post": NP_("channel", "post"),
    "phone": NP_("channel", "phone"),
    "walk_in": NP_("channel", "in person"),
    "in_person": NP_("channel", "in person"),
    "health_check": NP_("channel", "health check"),
}


class Event(Protocol):
    """What a timeline entry offers (``services.views.EventView``)."""

    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def data(self) -> Mapping[str, Any]: ...


def _t(lang: str | None) -> gettext.NullTranslations:
    return i18n.translator(lang or i18n.language())


@cache
def _words(lang: str) -> Words:
    return Words(cast(Lang, lang))


def action(kind: str, lang: str | None = None) -> str:
    """``timer_stopped`` → ``Fine lavoro``; an unknown code as it is, readable."""
    message = ACTIONS.get(kind)
    if message is None:
        return kind.replace("_", " ").replace(".", " ")
    return i18n.translate(_t(lang), message)


def role(code: str, lang: str | None = None) -> str:
    message = ROLES.get(code)
    return code if message is None else i18n.translate(_t(lang), message)


def part_state(code: str, lang: str | None = None) -> str:
    """``proposed`` → ``proposto, in attesa di conferma`` (seed 003)."""
    message = PART_STATES.get(code)
    return code if message is None else i18n.translate(_t(lang), message)


def channel(code: str, lang: str | None = None) -> str:
    message = CHANNELS.get(code)
    return code if message is None else i18n.translate(_t(lang), message)


def sentence(kind: str, data: Mapping[str, Any], lang: str | None = None) -> str:
    """The program's own sentence for an event of ``kind`` with these fields; ``""`` for
    a kind that has none. Names in it (a contact, a number) are said as stored."""
    t = _t(lang)

    def value(name: str) -> str:
        return clean(str(data.get(name) or ""), one_line=True)

    reason = data.get("reason")
    if kind == events.PAUSE and reason == events.WAITING_ON_CUSTOMER:
        return t.gettext("waiting on the customer")
    if kind == events.PAUSE and reason == events.WAITING_FOR_AUTHORISATION:
        if not data.get("contact"):
            return t.gettext("waiting for the authorisation of a titolare or ADS")
        return t.gettext(
            "waiting for the authorisation of a titolare or ADS (asked by {contact}, {role})"
        ).format(contact=value("contact"), role=role(value("role"), lang))
    if kind == events.RESUME and reason == events.WAITING_FOR_AUTHORISATION:
        return t.gettext("authorisation received")
    if kind == events.ACCOUNT_PROVIDED:
        said = t.gettext("server account provided by {contact} (password not recorded)")
        if data.get("valid_until"):
            said = t.gettext(
                "server account provided by {contact} (temporary password, not recorded)"
            )
        return said.format(contact=value("contact"))
    if kind == events.ACKNOWLEDGED:
        return agreement(data, lang)
    if kind == events.MAIL_OUT:
        notice = NOTICES.get(str(data.get("notice") or ""))
        if notice:
            return i18n.translate(t, notice)
    if kind == events.MAIL_IN and data.get("resumed"):
        return t.gettext("the customer answered: the clock runs again")
    if kind == events.FOLLOW_UP:
        return t.gettext("follow-up {number} opened").format(number=value("follow_up"))
    if kind == events.ESTIMATED and data.get("minutes") is not None:
        try:
            span = _words(lang or i18n.language()).duration(int(data["minutes"]))
        except (TypeError, ValueError):
            span = value("minutes")
        return t.gettext("repair estimated to take {span}").format(span=span)
    if kind == events.LOANER_LENT and data.get("loaner"):
        return t.gettext("loaner PC {loaner} handed over, with the data of {data}").format(
            loaner=value("loaner"), data=value("data_from")
        )
    if kind == events.LOANER_RETURNED and data.get("loaner"):
        return t.gettext("loaner PC {loaner} returned").format(loaner=value("loaner"))
    if kind == events.RELEASE:
        return release_sentence(data, t)
    if kind == events.REPORT:
        revision = int(data.get("revision") or 0)
        if revision == 0:
            return t.gettext("work report {report} issued").format(report=value("report"))
        return t.gettext(
            "work report {report} rev. {revision} issued, replacing the previous revision"
        ).format(report=value("report"), revision=revision)
    return ""


def release_sentence(data: Mapping[str, Any], t: gettext.NullTranslations) -> str:
    """``the fix comes with the release of 01/07/2027`` (001), or that it no longer does."""
    try:
        day = date.fromisoformat(str(data.get("release") or ""))
    except ValueError:
        return t.gettext("no longer linked to a release")
    return t.gettext("the fix comes with the release of {day}").format(day=f"{day:%d/%m/%Y}")


def agreement(data: Mapping[str, Any], lang: str | None = None) -> str:
    """``on site later than the guarantee, agreed by the customer: by phone, Sig. Rossi``:
    an acknowledgement's promise beyond the policy's guarantee (seed 003); ``""`` when
    the event carries none. The agreement is said as the technician wrote it."""
    how = clean(str(data.get("customer_agreed") or ""), one_line=True)
    if not how.strip():
        return ""
    said = _t(lang).gettext("on site later than the guarantee, agreed by the customer: {how}")
    return said.format(how=how)


def beside(kind: str, data: Mapping[str, Any], lang: str | None = None) -> str:
    """What is said beside a person's text on an event: an acknowledgement's agreement to
    a later arrival, the release a fix comes with; ``""`` for other kinds."""
    if kind == events.ACKNOWLEDGED:
        return agreement(data, lang)
    if kind == events.RELEASE:
        return release_sentence(data, _t(lang))
    return ""


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


def changes(data: Mapping[str, Any], lang: str | None = None) -> str:
    """``severity A (was C), urgent yes (was no)``: each field an event changed (those
    stored with an ``old_`` value beside them), with its old value; ``""`` for none."""
    t = _t(lang)
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
        t = _t(lang)
        return t.gettext("yes") if value else t.gettext("no")
    return clean(str(value), one_line=True)


def summary(event: Event, lang: str | None = None) -> str:
    """What ``event`` says on a timeline (:func:`describe`), else what it changed
    (:func:`changes`), else its fields worded (:func:`details`); never its raw data."""
    return (
        describe(event, lang) or changes(event.data, lang) or details(event.kind, event.data, lang)
    )


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
            worded = i18n.translate(_t(lang), template).format(v=worded)
        if worded:
            parts.append(worded)
    return " · ".join(parts)


def _value(name: str, value: str, lang: str | None) -> str:
    w = _words(lang or i18n.language())
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
        return i18n.translate(_t(lang), RESOLVED[value == "True"])
    if name == "state":
        state = PART_STATES.get(value)
        return value if state is None else i18n.translate(_t(lang), state)
    if name == "installed":
        return i18n.translate(_t(lang), INSTALLED[value == "True"])
    if name == "role":
        return role(value, lang)
    if name == "via":
        return channel(value, lang)
    return value
