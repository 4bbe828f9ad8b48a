"""The program's own sentences for timeline events, from their fields: "waiting on the
customer", "loaner PC PC-03 returned", "work report RL-2026-0007 issued"…

Said when the person typed nothing (:func:`sentence`), or beside what they typed
(:func:`beside`: an agreement to a later arrival, the release a fix comes with). Names in
them (a contact, a number) are said as stored. :mod:`.event_words` puts them together.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from datetime import date
from typing import Any

from techconsole import i18n
from techconsole.domain import events
from techconsole.i18n import NP_
from techconsole.reports.blocks import clean
from techconsole.reports.event_terms import role, translations, words

#: the messages the customer is sent (``mail_out``'s ``notice``)
NOTICES: Mapping[str, str] = {
    "queued": NP_("mail notice", "acknowledgement: the request is in the queue"),
    "taken_in_charge": NP_("mail notice", "taken in charge, with the estimated resolution"),
    "confirmation": NP_("mail notice", "intervention confirmation"),
    "resolution": NP_("mail notice", "resolution notice"),
    "authorisation_request": NP_("mail notice", "request for the titolare's authorisation"),
    "reply": NP_("mail notice", "reply"),
}


def sentence(kind: str, data: Mapping[str, Any], lang: str | None = None) -> str:
    """The program's own sentence for an event of ``kind`` with these fields; ``""`` for
    a kind that has none. Names in it (a contact, a number) are said as stored."""
    t = translations(lang)

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
            span = words(lang or i18n.language()).duration(int(data["minutes"]))
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
    said = translations(lang).gettext(
        "on site later than the guarantee, agreed by the customer: {how}"
    )
    return said.format(how=how)


def beside(kind: str, data: Mapping[str, Any], lang: str | None = None) -> str:
    """What is said beside a person's text on an event: an acknowledgement's agreement to
    a later arrival, the release a fix comes with; ``""`` for other kinds."""
    if kind == events.ACKNOWLEDGED:
        return agreement(data, lang)
    if kind == events.RELEASE:
        return release_sentence(data, translations(lang))
    return ""
