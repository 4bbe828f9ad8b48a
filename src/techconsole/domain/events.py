"""The timeline's vocabulary: every kind of event and the fields it carries.

An event is stored as data: its kind, its fields (names below, JSON values) and the
text a person typed with it (a note, a reason, the message to the customer, a
subject), verbatim. A sentence the program would say about the event ("waiting on the
customer", "work report RL-2026-0001 issued") is never stored: each front end words the
kind and fields in its language (:mod:`techconsole.reports.event_words`).

Pure: no I/O, no database, no words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

OPENED: Final = "opened"
CLAIMED: Final = "claimed"
ASSIGNED: Final = "assigned"
TRIAGE: Final = "triage"
ACKNOWLEDGED: Final = "acknowledged"
PAUSE: Final = "pause"
RESUME: Final = "resume"
ON_SITE: Final = "on_site"
NOTE: Final = "note"
AUTHORISED: Final = "authorised"
ACCOUNT_PROVIDED: Final = "account_provided"
TIMER_STARTED: Final = "timer_started"
TIMER_STOPPED: Final = "timer_stopped"
SESSION_EDITED: Final = "session_edited"
SESSION_ADDED: Final = "session_added"
TIMER_DISCARDED: Final = "timer_discarded"
MATERIAL_ADDED: Final = "material_added"
MATERIAL_APPROVED: Final = "material_approved"
MATERIAL_DECLINED: Final = "material_declined"
RESOLVED: Final = "resolved"
FOLLOW_UP: Final = "follow_up"
CLOSED: Final = "closed"
REOPENED: Final = "reopened"
REPORT: Final = "report"
MAIL_IN: Final = "mail_in"
MAIL_OUT: Final = "mail_out"
ESTIMATED: Final = "estimated"
LOANER_LENT: Final = "loaner_lent"
LOANER_RETURNED: Final = "loaner_returned"
RELEASE: Final = "release"

#: why an incident waits (``pause``'s ``reason``; ``resume`` after an authorisation)
WAITING_ON_CUSTOMER: Final = "customer"
WAITING_FOR_AUTHORISATION: Final = "authorisation"
REASONS: Final = (WAITING_ON_CUSTOMER, WAITING_FOR_AUTHORISATION)

#: ``asset``: the name of the machine the incident is about (``None``: none)
_TRIAGED = (
    "severity",
    "urgent",
    "level",
    "category",
    "urgent_on_request",
    "warranty",
    "asset",
    "program",  # the customer's program it is about (seed 001: "per ogni programma")
)


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of event: its fields and what the person's text is, if any."""

    name: str
    fields: tuple[str, ...] = ()
    #: what the stored ``text`` holds ("" when the kind has no text of a person)
    text: str = ""


KINDS: Final[Mapping[str, Kind]] = {
    k.name: k
    for k in (
        Kind(
            OPENED,
            (
                "plan",
                "severity",
                "urgent",
                "channel",
                "customer",
                "recorded_at",
                "arrived_at",
                "follow_up_of",
                "mail",
                "attachments",
                "asset",
                "health_check",  # the check whose finding it is about (CP-2026-0001)
                "program",  # the customer's program it is about (seed 001)
            ),
            "subject",
        ),
        Kind(CLAIMED, ("assignee",)),
        Kind(ASSIGNED, ("assignee", "old_assignee_id")),
        Kind(TRIAGE, (*_TRIAGED, *(f"old_{name}" for name in _TRIAGED))),
        # customer_agreed: who agreed to an on-site time (on_site_by) later than the
        # policy's guarantee (guaranteed_by), and how, as the technician wrote it (003)
        Kind(
            ACKNOWLEDGED,
            ("estimate", "on_site_by", "guaranteed_by", "customer_agreed"),
            "message to the customer",
        ),
        # reason: WAITING_ON_CUSTOMER, or WAITING_FOR_AUTHORISATION with the requester
        # (contact) who may not authorise and their role
        Kind(PAUSE, ("reason", "contact", "role"), "reason"),
        # reason: WAITING_FOR_AUTHORISATION when the authorisation ended the wait
        Kind(RESUME, ("reason",), "note"),
        Kind(ON_SITE),
        Kind(NOTE, (), "note"),
        Kind(AUTHORISED, ("contact", "role", "via", "until"), "note"),
        # the password is never recorded; valid_until: when the temporary one ends (000)
        Kind(ACCOUNT_PROVIDED, ("contact", "valid_until")),
        Kind(TIMER_STARTED, ("session_id", "session_kind")),
        Kind(TIMER_STOPPED, ("session_id", "minutes", "units"), "note"),
        Kind(
            SESSION_EDITED,
            ("session_id", "old_start", "old_end", "old_kind", "start", "end", "session_kind"),
        ),
        # a session recorded after the fact, done without the timer (the note is typed)
        Kind(
            SESSION_ADDED,
            ("session_id", "session_kind", "start", "end", "minutes", "units"),
            "note",
        ),
        # a session stopped within the policy's grace time and taken back (a start by
        # mistake): its row is gone, so it is neither billed nor on the work report
        Kind(TIMER_DISCARDED, ("session_id", "session_kind", "start", "end", "seconds")),
        # state "proposed" (domain.parts) with its reason when the part waits for the
        # customer's OK (seed 003); ``notice``: the English warning of older events
        Kind(
            MATERIAL_ADDED,
            ("material_id", "quantity", "unit_price", "warranty", "notice", "state", "reason"),
            "description",
        ),
        # the customer's answer to a proposed part: who (``contact``), how (``via``,
        # domain.parts.VIA); approved, it is fitted and billed
        Kind(MATERIAL_APPROVED, ("material_id", "contact", "via"), "description"),
        Kind(MATERIAL_DECLINED, ("material_id", "contact", "via"), "description"),
        Kind(RESOLVED, ("resolved",), "note"),
        Kind(FOLLOW_UP, ("follow_up",)),  # the follow-up incident's number
        Kind(CLOSED, (), "note"),
        Kind(REOPENED, (), "reason"),
        Kind(REPORT, ("report", "revision")),  # the report's number; revision 0 is the first
        # a message from the customer on this incident (a reply, an authorisation…):
        # ``mail`` is the message's row, ``sender`` its address; the text is the message
        # with the quoted reply and the signature trimmed (the whole is kept with the mail)
        # ``attachments``: the names of the files that came with it (kept with the mail)
        Kind(
            MAIL_IN,
            ("mail", "sender", "sender_name", "subject", "resumed", "attachments"),
            "the message",
        ),
        # a message queued for the customer: ``notice`` the kind (queued, taken_in_charge,
        # confirmation, resolution, authorisation_request) or ``reply`` with the text typed
        Kind(MAIL_OUT, ("mail", "notice", "to"), "the message"),
        # a repair estimate given after the incident was taken in charge (seed 004's "in
        # prima analisi"): ``estimate`` the estimated resolution (``None``: withdrawn),
        # ``previous`` the one it replaces, ``minutes`` how long the repair would take
        # from this moment
        Kind(ESTIMATED, ("estimate", "previous", "minutes"), "note"),
        # a loaner PC of ours handed over for this incident (``loan`` its record), with the
        # data of ``data_from`` copied onto it; and given back
        Kind(LOANER_LENT, ("loan", "loaner", "data_from"), "note"),
        Kind(LOANER_RETURNED, ("loan", "loaner"), "note"),
        # the fix comes with the release of ``release`` (a day, YYYY-MM-DD; ``None``: no
        # longer linked), which replaces ``old_release`` (001: "in seguito al rilascio
        # della versione aggiornata")
        Kind(RELEASE, ("release", "old_release"), "note"),
    )
}


class UnknownField(ValueError):
    """An event of a kind that does not exist, or with a field its kind does not carry."""


def check(kind: str, data: Mapping[str, Any]) -> None:
    """Refuse an event the vocabulary does not know (a programming error)."""
    found = KINDS.get(kind)
    if found is None:
        raise UnknownField(f"unknown event kind {kind!r}")
    extra = sorted(set(data) - set(found.fields))
    if extra:
        raise UnknownField(f"an event {kind!r} has no field {', '.join(extra)}")


def fields(kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of the kind present in ``data``, in the vocabulary's order (an unknown
    kind keeps all its data)."""
    found = KINDS.get(kind)
    if found is None:
        return dict(data)
    return {name: data[name] for name in found.fields if name in data}
