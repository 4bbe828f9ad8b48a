"""A Maildir of the last days' incoming mail for the demo database.

Requests from the demo customers' contacts (one urgent), replies to open incidents
(threaded by the number in the subject), a message from someone nobody knows, an
out-of-office reply and a delivery failure: what ``techconsole mail fetch`` meets on a
real morning.  The messages are written with the standard library, as a mail server
delivers them (``new/``, through ``tmp/``); they point at nobody.
"""

from __future__ import annotations

import os
import random
import socket
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from sqlmodel import col, select

from techconsole.services.context import Context
from techconsole.store.models import Contact, Incident

REQUESTS = (
    (
        "Il PC della reception non si accende",
        "Buongiorno,\nda stamattina il PC della "
        "reception non si accende: la spia lampeggia arancione.\nGrazie",
    ),
    (
        "Stampante di rete offline",
        "Salve, la stampante del primo piano risulta offline per tutti.\nCordiali saluti",
    ),
    (
        "URGENTE: il gestionale non parte",
        "Il gestionale si blocca all'avvio con un errore "
        "di database: siamo fermi con la fatturazione.",
    ),
    (
        "Richiesta nuova casella e-mail",
        "Vi chiediamo di creare una casella per la nuova collega che inizia lunedì.\nGrazie mille",
    ),
    (
        "Wi-Fi lentissimo in sala riunioni",
        "Da ieri il Wi-Fi in sala riunioni è lentissimo, le videochiamate cadono.",
    ),
)
REPLIES = (
    "Buongiorno, vi confermo che il problema si ripresenta anche oggi.",
    "Grazie, ora funziona. Restiamo in attesa del rapporto.",
    "Ecco il modello richiesto: HP LaserJet Pro M404dn.",
)


def _message(sender: tuple[str, str], subject: str, body: str, at: datetime) -> EmailMessage:
    msg = EmailMessage()
    msg["Received"] = f"from mua.demo.invalid by mx.assistenza.invalid; {format_datetime(at)}"
    msg["From"] = f"{sender[0]} <{sender[1]}>" if sender[0] else sender[1]
    msg["To"] = "assistenza@esempio.invalid"
    msg["Subject"] = subject
    msg["Date"] = format_datetime(at)
    msg["Message-ID"] = make_msgid(domain=sender[1].rpartition("@")[2] or "demo.invalid")
    msg.set_content(body + "\n\n-- \n" + (sender[0] or sender[1]) + "\n")
    return msg


def fill(ctx: Context, folder: Path, *, seed: int = 1, days: int = 3) -> int:
    """Write the last ``days`` days of mail into the Maildir ``folder`` (made if missing);
    how many messages."""
    rng = random.Random(seed)
    now = ctx.now()
    with ctx.db.read() as session:
        contacts = session.exec(
            select(Contact).where(Contact.email != "").order_by(col(Contact.id)).limit(200)
        ).all()
        open_ones = session.exec(
            select(Incident, Contact)
            .join(Contact, col(Incident.requester_id) == Contact.id)
            .where(col(Incident.is_open).is_(True), Contact.email != "")
            .order_by(col(Incident.id))
            .limit(50)
        ).all()
    if not contacts:
        return 0
    messages: list[EmailMessage] = []
    start = now - timedelta(days=days)
    for subject, body in REQUESTS:
        person = rng.choice(contacts)
        at = start + timedelta(minutes=rng.randint(0, days * 24 * 60))
        messages.append(_message((person.name, person.email), subject, body, at))
    for text, (incident, person) in zip(
        REPLIES, rng.sample(open_ones, min(3, len(open_ones))), strict=False
    ):
        at = max(incident.arrived_at, start) + timedelta(minutes=rng.randint(30, 600))
        subject = f"Re: [{incident.number}] {incident.subject}"
        messages.append(_message((person.name, person.email), subject, text, min(at, now)))
    late = now - timedelta(hours=2)
    messages.append(
        _message(
            ("Ufficio Acquisti", "acquisti@nuovo-cliente.invalid"),
            "Preventivo assistenza",
            "Buongiorno, vorremmo un preventivo per l'assistenza annuale di 12 postazioni.",
            late,
        )
    )
    away = _message(
        (contacts[0].name, contacts[0].email),
        "Risposta automatica: fuori sede",
        "Sono fuori sede fino a lunedì.",
        late,
    )
    away["Auto-Submitted"] = "auto-replied"
    messages.append(away)
    bounce = _message(
        ("", "mailer-daemon@mx.assistenza.invalid"),
        "Undelivered Mail",
        "The message could not be delivered.",
        late,
    )
    messages.append(bounce)
    for sub in ("tmp", "new", "cur"):
        (folder / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
    host = socket.gethostname().replace("/", "_").replace(":", "_")
    for count, msg in enumerate(messages):
        name = f"{int(now.timestamp())}.demo{seed}_{count}.{host}"
        temporary = folder / "tmp" / name
        temporary.write_bytes(msg.as_bytes())
        os.replace(temporary, folder / "new" / name)  # delivered whole, as a server does
    return len(messages)
