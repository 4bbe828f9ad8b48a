"""``techconsole mail send|outbox|retry|reply``: the notices the incident commands queue
reach a real SMTP server (aiosmtpd on 127.0.0.1) with the work report attached; what
failed is shown and can be sent again; a missing setting is said, not a traceback."""

from __future__ import annotations

import email
import email.policy
import os
import re
from pathlib import Path

import pytest

from smtp_server import Server
from techconsole import __version__

NICCOLO = "niccolo@ottica.example"


def ok(result):
    assert result.code == 0, result.err
    return result


@pytest.fixture
def mail_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("TECHCONSOLE_SMTP_URL", "TECHCONSOLE_SMTP_PASSWORD", "TECHCONSOLE_MAIL_FROM"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def incident(tc, office, mail_env) -> str:
    """2026-000001 for Niccolò (an ADS of Ottica with an e-mail), taken in charge by anna:
    the default policy queued the presa in carico."""
    ok(tc("customer", "contact-add", "1", "Niccolò Città", "--role", "ads", "--email", NICCOLO))
    ok(tc("incident", "add", "Stampante in Città", "-c", "1", "--requester", "3"))
    ok(tc("incident", "ack", "1", "--estimate", "2099-01-05T17:00"))
    return ok(tc("incident", "show", "1", "--json")).json()["number"]


@pytest.fixture
def server(mail_env):
    with Server() as running:
        mail_env.setenv("TECHCONSOLE_SMTP_URL", f"smtp://127.0.0.1:{running.port}")
        yield running


def parsed(data: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def test_send_delivers_the_notices_with_the_work_report(tc, incident, server):
    ok(tc("incident", "resolve", "1", "--yes", "--note", "Sostituito il toner."))
    outbox = ok(tc("mail", "outbox", "--json")).json()
    assert [(m["kind"], m["state"]) for m in outbox] == [
        ("resolution", "pending"),
        ("taken_in_charge", "pending"),
    ]
    assert all(m["to"] == [NICCOLO] for m in outbox)

    sent = ok(tc("mail", "send", "--json")).json()
    assert sent["counts"] == {"sent": 2}
    assert [m["state"] for m in sent["messages"]] == ["sent", "sent"]
    taken, resolved = (parsed(r.data) for r in server.handler.received)
    assert taken["Subject"] == f"Presa in carico: Stampante in Città [{incident}]"  # Italian
    assert taken["Auto-Submitted"] == "auto-generated"
    assert taken["X-Techconsole"] == __version__
    assert taken["From"].addresses[0].addr_spec == "assistenza@example.invalid"
    assert taken["To"].addresses[0].display_name == "Niccolò Città"
    assert "Risoluzione prevista: lun 05/01/2099 17:00." in taken.get_body(("plain",)).get_content()
    [report] = list(resolved.iter_attachments())
    # the customer is written to in Italian: the Italian report, named as its export
    assert re.fullmatch(r"RL-\d{4}-0001\.pdf", report.get_filename() or "")
    assert report.get_content().startswith(b"%PDF")
    assert "In allegato il rapporto di lavoro." in resolved.get_body(("plain",)).get_content()

    listed = ok(tc("mail", "outbox", "--state", "sent", "--json")).json()
    assert [m["state"] for m in listed] == ["sent", "sent"]
    assert all(m["sent_at"] for m in listed)
    again = ok(tc("mail", "send"))
    assert "Nothing to send." in again.out
    assert len(server.handler.received) == 2


def test_a_refused_recipient_fails_and_can_be_sent_again(tc, incident, server):
    server.handler.refuse[NICCOLO] = "550 5.1.1 mailbox unavailable"
    failed = tc("mail", "send")
    assert failed.code == 1
    assert "550 5.1.1 mailbox unavailable" in failed.err
    table = ok(tc("mail", "outbox", "--state", "failed"))
    assert "Presa in carico" in table.out
    assert "550 5.1.1 mailbox unavailable" in table.out

    del server.handler.refuse[NICCOLO]
    [entry] = ok(tc("mail", "outbox", "--json")).json()
    retried = ok(tc("mail", "retry", str(entry["id"]), "--json")).json()
    assert (retried["state"], retried["attempts"]) == ("pending", 0)
    ok(tc("mail", "send"))
    assert len(server.handler.received) == 1
    refused_again = tc("mail", "retry", str(entry["id"]))
    assert refused_again.code == 1
    assert "only a failed or uncertain message" in refused_again.err


def test_a_451_leaves_the_message_to_be_tried_again(tc, incident, server):
    server.handler.data_answer = "451 4.3.0 greylisted, try later"
    result = tc("mail", "send", "--json")
    assert result.code == 1
    [message] = result.json()["messages"]
    assert message["state"] == "pending"
    assert "451 4.3.0 greylisted" in message["error"]
    [entry] = ok(tc("mail", "outbox", "--json")).json()
    assert (entry["state"], entry["attempts"]) == ("pending", 1)
    assert entry["next_attempt_at"] > entry["queued_at"]


def test_reply_writes_to_the_customer(tc, incident, server):
    queued = ok(tc("mail", "reply", "1", "--text", "Buongiorno, passo alle 15.", "--json")).json()
    assert queued["kind"] == "reply" and queued["to"] == [NICCOLO]
    assert queued["subject"] == f"Re: Stampante in Città [{incident}]"
    ok(tc("mail", "send"))
    replies = [parsed(r.data) for r in server.handler.received]
    [person] = [m for m in replies if m["Subject"].startswith("Re: ")]
    assert person["Auto-Submitted"] is None
    assert person.get_body(("plain",)).get_content().startswith("Buongiorno, passo alle 15.")
    empty = tc("mail", "reply", "1", "--text", "   ")
    assert empty.code == 2
    assert "the message is empty" in empty.err


def test_reply_reads_the_text_from_standard_input(tc, incident, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO("Dal terminale.\nSeconda riga.\n"))
    queued = ok(tc("mail", "reply", "1", "--json")).json()
    [entry] = [m for m in ok(tc("mail", "outbox", "--json")).json() if m["id"] == queued["id"]]
    assert entry["kind"] == "reply"
    shown = ok(tc("incident", "show", "1", "--json")).json()
    assert any(e["text"] == "Dal terminale.\nSeconda riga.\n" for e in shown["timeline"])


def test_send_without_settings_says_what_to_set(tc, incident, mail_env):
    result = tc("mail", "send")
    assert result.code == 2
    assert "set mail.smtp_url in your config file (see techconsole config path)" in result.err
    assert "Traceback" not in result.err


def test_a_login_without_a_password_and_a_password_in_the_url_are_refused(tc, incident, mail_env):
    mail_env.setenv("TECHCONSOLE_SMTP_URL", "smtp+starttls://aiuto@127.0.0.1:1")
    result = tc("mail", "send")
    assert result.code == 2
    assert "mail.smtp_password_file" in result.err and "TECHCONSOLE_SMTP_PASSWORD" in result.err
    mail_env.setenv("TECHCONSOLE_SMTP_URL", "smtps://aiuto:segreto@127.0.0.1")
    leaked = tc("mail", "send")
    assert leaked.code == 2
    assert "holds a password" in leaked.err
    assert "segreto" not in leaked.err + leaked.out


# the test's SMTP server asks for a login on 127.0.0.1 without TLS, which aiosmtpd warns of
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_the_password_file_and_the_sender_come_from_the_config_file(
    tc, incident, mail_env, tmp_path
):
    with Server(login=("aiuto", "s3gret0")) as server:
        secret = tmp_path / "smtp-password"
        secret.write_text("s3gret0\n", encoding="utf-8")
        config = Path(os.environ["XDG_CONFIG_HOME"]) / "techconsole" / "config.toml"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(
            "[mail]\n"
            f'smtp_url = "smtp://aiuto@127.0.0.1:{server.port}"\n'
            f'smtp_password_file = "{secret}"\n'
            'sender = "Aiuto@Esempio.example"\n',
            encoding="utf-8",
        )
        ok(tc("mail", "send"))
    assert server.logins == [("aiuto", "s3gret0")]
    [got] = server.handler.received
    assert got.sender == "aiuto@esempio.example"
    assert parsed(got.data)["From"].addresses[0].addr_spec == "aiuto@esempio.example"


def test_no_server_stops_the_run_and_keeps_the_messages(tc, incident, mail_env):
    ok(tc("mail", "reply", "1", "--text", "Secondo messaggio."))
    port = Server().port  # nobody listens
    mail_env.setenv("TECHCONSOLE_SMTP_URL", f"smtp://127.0.0.1:{port}")
    result = tc("mail", "send", "--json")
    assert result.code == 1
    data = result.json()
    assert len(data["messages"]) == 1  # the server failed: the other message waits
    assert data["stopped"]
    states = sorted(m["state"] for m in ok(tc("mail", "outbox", "--json")).json())
    assert states == ["pending", "pending"]


def test_a_notice_queued_in_italian_and_the_outbox_in_italian(tc, incident, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")  # the default: Italian, for people and notices
    ok(tc("incident", "add", "Server lento", "-c", "1", "--requester", "3"))
    ok(tc("incident", "ack", "2"))
    newest = ok(tc("mail", "outbox", "--json")).json()[0]
    assert newest["subject"].startswith("Presa in carico: Server lento [")
    shown = ok(tc("mail", "outbox"))
    assert "in coda" in shown.out
    assert "Presa in carico" in shown.out
    bad = tc("mail", "outbox", "--state", "perso")
    assert bad.code == 2
    said = " ".join(bad.err.split())
    assert "Valore non valido per '--state': 'perso' non è tra i valori ammessi: in attesa" in said
    assert "inviato (sent)" in said
    queued = tc("mail", "outbox", "--state", "In Attesa", "--json")  # the words, any case
    assert queued.code == 0, queued.err
    assert queued.json() and {m["state"] for m in queued.json()} == {"pending"}
    assert tc("mail", "outbox", "--state", "pending", "--json").json() == queued.json()


def test_send_delivers_the_report_to_the_data_controller_and_records_it(tc, office, server):
    """Seed 001: "L'operato della nostra azienda sara' riportato al titolare con cadenza
    da stabilire tra le parti (file di log e report)"."""
    hotel = str(ok(tc("customer", "add", "Hotel Mare", "--we-are-ads", "--json")).json()["id"])
    ok(tc("customer", "contact-add", hotel, "Sig. Bianchi", "--role", "titolare",
          "--email", "bianchi@hotelmare.example"))  # fmt: skip
    ok(tc("report", "ads-cadence", hotel, "monthly", "--from", "2025-01-01"))
    queued = ok(tc("report", "ads-send", hotel))
    assert "techconsole mail send delivers it" in " ".join(queued.out.split())
    assert ok(tc("report", "ads-history", hotel, "--json")).json() == []

    sent = ok(tc("mail", "send", "--json")).json()
    assert sent["counts"] == {"sent": 1}
    [got] = server.handler.received
    message = parsed(got.data)
    assert message["Subject"].startswith("Resoconto al titolare del trattamento: Hotel Mare")
    [report] = list(message.iter_attachments())
    assert report.get_filename() == f"RA-2025-01-C{int(hotel):04d}.pdf"
    assert report.get_content().startswith(b"%PDF")
    [done] = ok(tc("report", "ads-history", hotel, "--json")).json()
    assert (done["delivered_to"], done["delivered_via"]) == ("bianchi@hotelmare.example", "email")
    assert done["period"]["start"] == "2025-01-01"
    [entry] = ok(tc("mail", "outbox", "--state", "sent", "--json")).json()
    assert (entry["attachment"], entry["customer_id"]) == ("ads_report", int(hotel))
    assert done["delivered_at"] == entry["sent_at"]
