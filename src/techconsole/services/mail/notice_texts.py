"""The words of the messages the customer is sent, in Italian (the default) or English.

Plain text, from the catalogue (English msgids, the Italian in the ``.po``), dates in the
policy's zone with the weekday (``ven 27/11/2026 17:00``).  Every subject ends with the
incident's number in brackets, ``[2026-000123]``, whatever its length, so that the
customer's replies find their incident.  Customer text (a subject, a name, a
description) goes in as written: the headers are made single-line when the message is
composed (:func:`techconsole.domain.mail.header_text`).
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import datetime, timedelta

from techconsole.domain.mail import header_text
from techconsole.domain.policy import Policy
from techconsole.i18n import translator
from techconsole.i18n.formats import weekday_datetime

#: how much of a subject of the customer's goes in ours (the number is added after it)
SUBJECT_ROOM = 200
#: how much of a request's description an authorisation request quotes
QUOTED = 1500


@dataclass(frozen=True, slots=True)
class Letter:
    subject: str
    text: str


@dataclass(frozen=True, slots=True)
class Facts:
    """What the messages say about an incident."""

    number: str
    subject: str
    customer: str
    severity: str  # the severity's label in the policy ("A – grave")
    urgent: bool
    level: int  # 1 remote, 2 on site


class Writer:
    """The messages of one policy in one language."""

    def __init__(self, policy: Policy, lang: str = "it") -> None:
        self.policy = policy
        self.lang = lang
        self.t: gettext.NullTranslations = translator(lang)

    # ------------------------------------------------------------------ pieces
    def when(self, value: datetime) -> str:
        return weekday_datetime(value, self.policy.zone, self.lang)

    def subject(self, title: str, facts: Facts) -> str:
        head = header_text(f"{title}: {facts.subject}", SUBJECT_ROOM)
        return f"{head} [{facts.number}]"

    def greeting(self, name: str) -> str:
        name = header_text(name, 120)
        if not name:
            return self.t.gettext("Dear customer,")
        return self.t.gettext("Dear {name},").format(name=name)

    def closing(self, facts: Facts, *, automatic: bool = True) -> str:
        company = self.policy.company
        lines = [self.t.gettext("Kind regards,"), company.name]
        lines += [line for line in (company.phone, company.email) if line]
        if automatic:
            lines += [
                "",
                self.t.gettext(
                    "This message was sent automatically: to add information, reply to it "
                    "keeping [{number}] in the subject."
                ).format(number=facts.number),
            ]
        return "\n".join(line for line in lines if line is not None)

    def duration(self, span: timedelta) -> str:
        minutes = max(int(span.total_seconds() // 60), 1)
        hours, rest = divmod(minutes, 60)
        if not hours:
            return f"{rest} min"
        return f"{hours} h" if not rest else f"{hours} h {rest} min"

    def letter(self, title: str, facts: Facts, name: str, *paragraphs: str) -> Letter:
        body = [self.greeting(name), *(p for p in paragraphs if p), self.closing(facts)]
        return Letter(self.subject(title, facts), "\n\n".join(body) + "\n")

    # ------------------------------------------------------------------ notices
    def queued(self, facts: Facts, name: str) -> Letter:
        """000: the request is IN CODA; the severity says how soon."""
        t = self.t
        urgent = t.gettext("It was registered as URGENT.") if facts.urgent else ""
        return self.letter(
            t.gettext("Request queued"),
            facts,
            name,
            t.gettext("we have received your request and registered it as number {number}.").format(
                number=facts.number
            ),
            " ".join(
                part
                for part in (
                    t.gettext(
                        "Your request is IN THE QUEUE. As the severity assigned to it allows "
                        "({severity}), you will be contacted as soon as possible."
                    ).format(severity=facts.severity),
                    urgent,
                )
                if part
            ),
        )

    def taken_in_charge(
        self, facts: Facts, name: str, technician: str, estimate: datetime | None, message: str
    ) -> Letter:
        """002: taken in charge, by whom, and the estimated resolution when foreseeable."""
        t = self.t
        if estimate is not None:
            forecast = t.gettext("Estimated resolution: {when}.").format(when=self.when(estimate))
        else:
            forecast = t.gettext(
                "The time of the resolution cannot be foreseen yet: we will tell you when the "
                "problem is resolved."
            )
        return self.letter(
            t.gettext("Request taken in charge"),
            facts,
            name,
            t.gettext("your request {number} has been taken in charge by {technician}.").format(
                number=facts.number, technician=technician
            ),
            forecast,
            message.strip(),
        )

    def confirmation(
        self,
        facts: Facts,
        name: str,
        technician: str,
        *,
        start: datetime,
        on_site_by: datetime | None,
        estimate: datetime | None,
        message: str,
    ) -> Letter:
        """003, the Conferma d'intervento: when and how we will do it, and how long."""
        t = self.t
        if on_site_by is not None:
            how = t.gettext("How: at your premises, by {when}.").format(when=self.when(on_site_by))
        elif facts.level == 2:
            how = t.gettext("How: at your premises; we will agree the time with you.")
        else:
            how = t.gettext("How: remotely (remote assistance), from {when}.").format(
                when=self.when(start)
            )
        lines = [how, t.gettext("Technician: {technician}.").format(technician=technician)]
        if estimate is not None:
            begins = on_site_by or start
            end = t.gettext("Expected completion: {when}.").format(when=self.when(estimate))
            if timedelta(0) < estimate - begins <= timedelta(hours=24):
                end += " " + t.gettext("Expected duration: about {duration}.").format(
                    duration=self.duration(estimate - begins)
                )
            lines.append(end)
        return self.letter(
            t.gettext("Intervention confirmed"),
            facts,
            name,
            t.gettext("we confirm that we will handle your request {number}.").format(
                number=facts.number
            ),
            "\n".join(lines),
            message.strip(),
        )

    def resolution(
        self,
        facts: Facts,
        name: str,
        *,
        resolved: bool,
        when: datetime,
        note: str,
        follow_up: str | None,
        report: bool,
    ) -> Letter:
        """002: the definitive resolution, the technician's note, the work report attached."""
        t = self.t
        if resolved:
            title = t.gettext("Request resolved")
            said = t.gettext("your request {number} was resolved on {when}.")
        else:
            title = t.gettext("Intervention concluded")
            said = t.gettext(
                "the intervention on your request {number} ended on {when}, but the problem "
                "is not solved yet."
            )
        follow = ""
        if follow_up:
            follow = t.gettext("We have opened request {follow_up} to complete the work.").format(
                follow_up=follow_up
            )
        noted = t.gettext("The technician's notes:") + "\n" + note.strip() if note.strip() else ""
        attached = t.gettext("The work report is attached.") if report else ""
        return self.letter(
            title,
            facts,
            name,
            " ".join(
                p for p in (said.format(number=facts.number, when=self.when(when)), follow) if p
            ),
            noted,
            attached,
        )

    def authorisation_request(
        self, facts: Facts, name: str, requester: str, description: str
    ) -> Letter:
        """001: an employee asked for an intervention; the titolare authorises by replying."""
        t = self.t
        asked = description.strip()
        if len(asked) > QUOTED:
            asked = asked[:QUOTED].rstrip() + " […]"
        quoted = "\n".join(f"> {line}" for line in (facts.subject, *asked.splitlines()) if line)
        return self.letter(
            t.gettext("Authorisation requested"),
            facts,
            name,
            t.gettext(
                "{requester} ({customer}) has asked us for an intervention (request {number}):"
            ).format(requester=requester, customer=facts.customer, number=facts.number),
            quoted,
            t.gettext(
                "As agreed, we need the authorisation of a titolare or of the system "
                "administrator before we start. To authorise it, reply to this message "
                "(keep [{number}] in the subject); until then the request waits."
            ).format(number=facts.number),
            t.gettext("If you do not authorise it, you may ignore this message."),
        )

    def reply(self, facts: Facts, text: str, technician: str) -> Letter:
        """A technician's own message on the incident: ``Re: <subject> [number]``."""
        company = self.policy.company
        signature = "\n".join(line for line in ("-- ", technician, company.name) if line)
        subject = "Re: " + header_text(facts.subject, SUBJECT_ROOM) + f" [{facts.number}]"
        return Letter(subject, f"{text.rstrip()}\n\n{signature}\n")
