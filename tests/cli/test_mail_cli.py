"""``techconsole mail ingest|fetch|inbox|link|discard|show|attachment`` as a person runs them."""

from __future__ import annotations

import io
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest


def eml(
    sender: str = "Maria Posta <maria@ottica-esempio.example>",
    subject: str = "La stampante non stampa",
    body: str = "Buongiorno, la stampante dell'ufficio non stampa più.",
    *,
    message_id: str | None = "<p1@ottica-esempio.example>",
    received: str = "Mon, 23 Nov 2026 09:30:00 +0100",
    attachment: tuple[str, bytes] | None = None,
    **headers: str,
) -> bytes:
    msg = EmailMessage()
    msg["Received"] = f"from mua.example by mx.noi.example; {received}"
    msg["From"] = sender
    msg["To"] = "assistenza@noi.example"
    msg["Subject"] = subject
    msg["Date"] = received
    if message_id:
        msg["Message-ID"] = message_id
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(body)
    if attachment:
        msg.add_attachment(
            attachment[1], maintype="application", subtype="octet-stream", filename=attachment[0]
        )
    return msg.as_bytes()


@pytest.fixture
def mailing(tc, office):
    for args in (
        ("1", "Maria Posta", "--role", "titolare", "--email", "maria@ottica-esempio.example"),
        ("1", "Luca Posta", "--role", "employee", "--email", "luca@ottica-esempio.example"),
    ):
        assert tc("customer", "contact-add", *args).code == 0
    return office


def write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def test_ingest_files_opens_incidents_once(tc, mailing, tmp_path):
    path = write(tmp_path / "in", "1.eml", eml())
    first = tc("mail", "ingest", str(path), "--json")
    assert first.code == 0, first.err
    [row] = first.json()
    assert row["outcome"] == "opened"
    assert row["customer"] == "Ottica Esempio S.n.c."
    shown = tc("incident", "show", row["incident"], "--json").json()
    assert shown["arrived_at"] == "2026-11-23T09:30:00+01:00"  # when received
    again = tc("mail", "ingest", str(path))
    assert again.code == 0
    assert "taken before" in again.out and row["incident"] in again.out


def test_ingest_reads_one_message_on_stdin(tc, mailing, monkeypatch):
    stream = io.TextIOWrapper(io.BytesIO(eml(message_id="<stdin@x>")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stream)
    result = tc("mail", "ingest")
    assert result.code == 0, result.err
    assert "new incident 20" in result.out


def test_what_is_not_a_message_is_said_and_the_rest_taken(tc, mailing, tmp_path):
    good = write(tmp_path, "good.eml", eml(message_id="<good@x>"))
    bad = write(tmp_path, "bad.eml", b"\x00\x01 just bytes, no headers\n")
    empty = write(tmp_path, "empty.eml", b"")
    result = tc("mail", "ingest", str(bad), str(empty), str(good))
    assert result.code == 2
    assert "bad.eml: not a mail message" in result.err
    assert "empty.eml is empty" in result.err
    assert "new incident" in result.out
    missing = tc("mail", "ingest", str(tmp_path / "nope.eml"))
    assert missing.code == 2 and "nope.eml" in missing.err
    assert "Traceback" not in missing.err + result.err


def test_the_inbox_of_unmatched_mail(tc, mailing, tmp_path):
    stranger = eml(
        "Chi <chi@sconosciuto.example>",
        "Aiuto",
        message_id="<s1@x>",
        attachment=("fattura.pdf", b"%PDF-1.4 finta"),
    )
    spam = eml("Offerte <promo@offerte.example>", "Sconti!", message_id="<s2@x>")
    result = tc(
        "mail",
        "ingest",
        str(write(tmp_path, "a.eml", stranger)),
        str(write(tmp_path, "b.eml", spam)),
    )
    assert result.code == 0
    assert result.out.count("unknown sender") == 2
    listed = tc("mail", "inbox", "--json").json()
    assert [m["subject"] for m in listed] == ["Aiuto", "Sconti!"]
    first, second = (m["id"] for m in listed)
    shown = tc("mail", "show", str(first))
    assert "chi@sconosciuto.example" in shown.out and "fattura.pdf" in shown.out
    part = tc("mail", "show", str(first), "--json").json()["attachments"][0]
    saved = tc("mail", "attachment", str(part["id"]), "--to", str(tmp_path / "saved"))
    assert saved.code == 0
    assert (tmp_path / "saved" / "fattura.pdf").read_bytes() == b"%PDF-1.4 finta"
    linked = tc("mail", "link", str(first), "Bar Sport", "--save-contact", "Chi Sono")
    assert linked.code == 0 and "new incident" in linked.out
    assert tc("mail", "discard", str(second), "--reason", "pubblicità").code == 0
    assert tc("mail", "inbox", "--json").json() == []
    again = tc("mail", "discard", str(second))
    assert again.code != 0 and "not in the inbox" in again.err


def test_fetch_without_a_source_says_how_to_set_one(tc, mailing, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_MAILDIR", raising=False)
    result = tc("mail", "fetch")
    assert result.code == 2
    assert "mail.maildirs" in result.err


def test_fetch_takes_a_maildir_and_moves_what_it_took(tc, mailing, tmp_path, monkeypatch):
    maildir = tmp_path / "Maildir"
    for sub in ("tmp", "new", "cur"):
        (maildir / sub).mkdir(parents=True)
    write(maildir / "new", "1.host", eml(message_id="<m1@x>"))
    write(
        maildir / "new",
        "2.host",
        eml("Luca <luca@ottica-esempio.example>", "Mouse", message_id="<m2@x>"),
    )
    monkeypatch.setenv("TECHCONSOLE_MAILDIR", str(maildir))
    result = tc("mail", "fetch", "--json")
    assert result.code == 0, result.err
    assert sorted(r["outcome"] for r in result.json()) == ["opened", "opened"]
    assert list((maildir / "new").iterdir()) == []
    assert len(list((maildir / "cur").iterdir())) == 2
    assert tc("mail", "fetch").out.strip() == "No new messages."


def test_mail_commands_need_no_technician(tc, migrated, tmp_path):
    """The mail service runs as nobody: on an empty database nobody becomes its lead."""
    result = tc("mail", "ingest", str(write(tmp_path, "x.eml", eml())), as_="postfix")
    assert result.code == 0, result.err
    assert "first lead" not in result.err
    assert "inbox" in result.out  # no customer yet: unmatched


def test_incident_show_lists_its_mail_and_attachments(tc, mailing, tmp_path):
    path = write(tmp_path, "a.eml", eml(attachment=("foto.jpg", b"\xff\xd8 jpeg")))
    number = tc("mail", "ingest", str(path), "--json").json()[0]["incident"]
    shown = tc("incident", "show", number)
    assert "foto.jpg" in shown.out and "maria@ottica-esempio.example" in shown.out
    data = tc("incident", "show", number, "--json").json()
    received = [m for m in data["mail"] if m["direction"] == "in"]
    assert received[0]["attachments"][0]["filename"] == "foto.jpg"
    opened = next(e for e in data["timeline"] if e["kind"] == "opened")
    assert opened["data"]["mail"] == received[0]["id"]  # the evidence: the message itself


def test_the_inbox_and_a_message_say_the_time_as_everything_else(tc, mailing, tmp_path):
    """Received at 09:30 in Italy: `mail inbox` and `mail show` say 09:30, as the incident
    and the outbox do, in the policy's time zone (not 08:30, the UTC it is stored in)."""
    stranger = eml("Chi <chi@sconosciuto.example>", "Aiuto", message_id="<tz@x>")
    assert tc("mail", "ingest", str(write(tmp_path, "a.eml", stranger))).code == 0
    listed = tc("mail", "inbox")
    assert "23/11/2026 09:30" in listed.out, listed.out
    [row] = tc("mail", "inbox", "--json").json()
    shown = tc("mail", "show", str(row["id"]))
    assert "23/11/2026 09:30" in shown.out.splitlines()[0]
