"""Composing a message and handing it to a real SMTP server (aiosmtpd on 127.0.0.1): what
arrives, byte for byte; TLS, login; what a 451 and a 550 mean for the message."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.header import decode_header, make_header
from pathlib import Path

import pytest

from smtp_server import Server, certificate
from techconsole import __version__
from techconsole.domain.mail import Address, Outgoing, OutgoingAttachment, mailbox
from techconsole.mail.compose import compose
from techconsole.mail.smtp import (
    PermanentFailure,
    SmtpTarget,
    SmtpUrlError,
    TemporaryFailure,
    UncertainDelivery,
    parse_smtp_url,
    send,
)

#: the words of the failures are compared in English (the msgids)
pytestmark = pytest.mark.usefixtures("english")

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SENDER = Address("assistenza@esempio.example", "La Vostra Assistenza S.r.l.")
CUSTOMER = Address("niccolo@ottica.example", "Niccolò Città")


def outgoing(**changes: object) -> Outgoing:
    fields: dict[str, object] = {
        "message_id": "tc.0123456789abcdef@esempio.example",
        "sender": SENDER,
        "to": (CUSTOMER,),
        "subject": "Presa in carico: Stampante a Città di Castello [2026-000123]",
        "text": "Gentile Niccolò Città,\n\nla vostra richiesta è IN CODA. Perché? Così.\n",
        "in_reply_to": "CAF=abc123@mail.ottica.example",
        "references": ("first@ottica.example", "CAF=abc123@mail.ottica.example"),
        "automatic": True,
        "auto_submitted": "auto-replied",
    }
    fields.update(changes)
    return Outgoing(**fields)  # type: ignore[arg-type]


def parsed(raw: bytes) -> email.message.EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def header_lines(raw: bytes) -> list[bytes]:
    head = raw.split(b"\r\n\r\n", 1)[0]
    return head.replace(b"\r\n ", b" ").replace(b"\r\n\t", b" ").split(b"\r\n")


def deliver(server: Server, raw: bytes, recipients: list[str], **kwargs: object) -> dict[str, str]:
    target = SmtpTarget("smtp", "127.0.0.1", server.port)
    return send(target, None, raw, SENDER.email, recipients, timeout=30, **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------------- composing and sending


def test_what_arrives_is_what_was_composed_headers_text_and_report():
    raw = compose(
        outgoing(attachments=(OutgoingAttachment("nota.txt", "text/plain", b"ciao"),)),
        pdf=PDF,
        pdf_name="RL-2026-0001.pdf",
        date=datetime(2026, 11, 23, 9, 0, tzinfo=UTC),
    )
    with Server() as server:
        refused = deliver(server, raw, [CUSTOMER.email])
    assert refused == {}
    [got] = server.handler.received
    assert got.sender == SENDER.email
    assert got.recipients == [CUSTOMER.email]
    assert got.data.rstrip(b"\r\n") == raw.rstrip(b"\r\n")  # byte for byte
    assert all(byte < 128 for byte in got.data)  # 7-bit: no server needs 8BITMIME or SMTPUTF8

    lines = header_lines(got.data)
    assert b"Message-ID: <tc.0123456789abcdef@esempio.example>" in lines
    assert b"In-Reply-To: <CAF=abc123@mail.ottica.example>" in lines
    assert b"References: <first@ottica.example> <CAF=abc123@mail.ottica.example>" in lines
    assert b"Auto-Submitted: auto-replied" in lines
    assert f"X-Techconsole: {__version__}".encode() in lines
    assert b"Date: Mon, 23 Nov 2026 09:00:00 +0000" in lines
    subject = next(line for line in lines if line.startswith(b"Subject: "))
    assert b"Citt" in subject and b"=?utf-8?" in subject  # RFC 2047: encoded, not raw UTF-8

    message = parsed(got.data)
    assert message["Subject"] == "Presa in carico: Stampante a Città di Castello [2026-000123]"
    assert (
        str(make_header(decode_header(message["To"]))) == "Niccolò Città <niccolo@ottica.example>"
    )
    assert message["From"].addresses[0].display_name == "La Vostra Assistenza S.r.l."
    body = message.get_body(("plain",))
    assert body is not None
    assert body["Content-Transfer-Encoding"] == "quoted-printable"
    assert body.get_content_charset() == "utf-8"
    assert "la vostra richiesta è IN CODA" in body.get_content()
    files = {part.get_filename(): part for part in message.iter_attachments()}
    assert set(files) == {"RL-2026-0001.pdf", "nota.txt"}
    report = files["RL-2026-0001.pdf"]
    assert report.get_content_type() == "application/pdf"
    assert report.get_content().startswith(b"%PDF")
    assert report.get_content() == PDF


def test_a_notice_of_our_own_is_auto_generated_and_a_person_s_reply_is_not_automatic():
    notice = parsed(
        compose(outgoing(auto_submitted="auto-generated", in_reply_to=None, references=()))
    )
    assert notice["Auto-Submitted"] == "auto-generated"
    assert notice["In-Reply-To"] is None and notice["References"] is None
    person = parsed(compose(outgoing(automatic=False)))
    assert person["Auto-Submitted"] is None
    assert person["X-Techconsole"] == __version__  # ours all the same: intake knows it


def test_a_customer_subject_cannot_add_headers():
    hostile = "Aiuto\r\nBcc: spia@cattivo.example\r\nX-Evil: 1\nSubject: altro"
    raw = compose(
        outgoing(
            subject=hostile + " [2026-000123]",
            to=(Address("niccolo@ottica.example", "Nome\r\nBcc: spia2@cattivo.example"),),
            in_reply_to="<x@y>\r\nBcc: spia3@cattivo.example",
        )
    )
    with Server() as server:
        deliver(server, raw, ["niccolo@ottica.example"])
    [got] = server.handler.received
    assert got.recipients == ["niccolo@ottica.example"]
    names = [line.split(b":", 1)[0].lower() for line in header_lines(got.data)]
    assert b"bcc" not in names and b"x-evil" not in names
    assert names.count(b"subject") == 1
    message = parsed(got.data)
    assert message["Bcc"] is None
    assert "Bcc: spia@cattivo.example" in message["Subject"]  # kept as words of the subject
    assert message["Subject"].endswith("[2026-000123]")
    assert message["In-Reply-To"] is None  # not a Message-ID: left out rather than obeyed


def test_a_contact_e_mail_that_is_no_address_is_not_written_to():
    assert mailbox("  Maria@Ottica.Example ", "Maria") == Address("maria@ottica.example", "Maria")
    for bad in (
        "",
        "maria",
        "maria@ottica",
        "a b@c.it",
        "x@y.it,spia@z.it",
        "<x@y.it>",
        "x@y.it\r\nBcc: z@w.it",
    ):
        assert mailbox(bad) is None, bad


# ---------------------------------------------------------------------- failures


def test_a_refused_recipient_is_a_permanent_failure_and_nothing_is_sent():
    with Server() as server:
        server.handler.refuse["nessuno@ottica.example"] = "550 5.1.1 no such user"
        with pytest.raises(PermanentFailure, match=r"550 5\.1\.1 no such user") as info:
            deliver(server, compose(outgoing()), ["nessuno@ottica.example"])
    assert not info.value.server
    assert server.handler.received == []


def test_one_refused_recipient_among_others_is_reported_and_the_others_get_it():
    with Server() as server:
        server.handler.refuse["nessuno@ottica.example"] = "550 no such user"
        refused = deliver(server, compose(outgoing()), ["nessuno@ottica.example", CUSTOMER.email])
    assert list(refused) == ["nessuno@ottica.example"]
    assert [r.recipients for r in server.handler.received] == [[CUSTOMER.email]]


def test_a_451_is_temporary_and_a_554_on_data_permanent():
    with Server() as server:
        server.handler.data_answer = "451 4.3.0 try again later"
        with pytest.raises(TemporaryFailure, match="451") as info:
            deliver(server, compose(outgoing()), [CUSTOMER.email])
        assert not info.value.server  # the message may go later; other messages too
        server.handler.data_answer = "554 5.7.1 rejected as spam"
        with pytest.raises(PermanentFailure, match=r"554 5\.7\.1 rejected as spam"):
            deliver(server, compose(outgoing()), [CUSTOMER.email])
    assert server.handler.received == []


def test_no_server_is_a_temporary_failure_of_the_server():
    port = Server().port  # free, and nobody listens on it
    target = SmtpTarget("smtp", "127.0.0.1", port)
    with pytest.raises(TemporaryFailure, match=f"smtp://127.0.0.1:{port}") as info:
        send(target, None, compose(outgoing()), SENDER.email, [CUSTOMER.email], timeout=10)
    assert info.value.server


def test_a_connection_lost_during_data_leaves_the_message_uncertain():
    with Server() as server:
        server.handler.drop_in_data = True
        with pytest.raises(UncertainDelivery, match="may have it"):
            deliver(server, compose(outgoing()), [CUSTOMER.email])


# ---------------------------------------------------------------------- URLs, TLS, login


def test_smtp_urls():
    assert parse_smtp_url("smtp+starttls://aiuto%40esempio.it@mail.esempio.it:2587") == SmtpTarget(
        "smtp+starttls", "mail.esempio.it", 2587, "aiuto@esempio.it"
    )
    assert parse_smtp_url("smtps://u@mail.esempio.it") == SmtpTarget(
        "smtps", "mail.esempio.it", 465, "u"
    )
    assert parse_smtp_url("smtp://relay.lan") == SmtpTarget("smtp", "relay.lan", 25, None)
    assert str(parse_smtp_url("SMTP+STARTTLS://u@h")) == "smtp+starttls://u@h:587"
    with pytest.raises(SmtpUrlError, match="password"):
        parse_smtp_url("smtps://u:segreto@mail.esempio.it")
    for bad in ("imap://h", "smtp://", "smtp://h:porta"):
        with pytest.raises(SmtpUrlError):
            parse_smtp_url(bad)


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    made = certificate(tmp_path_factory.mktemp("tls"))
    if made is None:
        pytest.skip("openssl is not installed: no certificate to test TLS with")
    return made


def test_starttls_with_a_private_ca_and_a_login(cert):
    with Server(tls="starttls", cert=cert, login=("aiuto", "s3gret0!")) as server:
        target = parse_smtp_url(f"smtp+starttls://aiuto@127.0.0.1:{server.port}")
        send(
            target,
            "s3gret0!",
            compose(outgoing()),
            SENDER.email,
            [CUSTOMER.email],
            ca_file=str(cert[0]),
            timeout=30,
        )
        assert server.logins == [("aiuto", "s3gret0!")]
        assert len(server.handler.received) == 1

        with pytest.raises(TemporaryFailure) as info:
            send(
                target,
                "sbagliata",
                compose(outgoing()),
                SENDER.email,
                [CUSTOMER.email],
                ca_file=str(cert[0]),
                timeout=30,
            )
        assert info.value.server
        assert "refused the login of aiuto" in str(info.value)
        assert "sbagliata" not in str(info.value)  # never the password

        with pytest.raises(TemporaryFailure, match=r"mail\.smtp_ca_file") as unverified:
            send(
                target, "s3gret0!", compose(outgoing()), SENDER.email, [CUSTOMER.email], timeout=30
            )
        assert unverified.value.server
    assert len(server.handler.received) == 1


def test_implicit_tls(cert):
    with Server(tls="implicit", cert=cert) as server:
        target = parse_smtp_url(f"smtps://127.0.0.1:{server.port}")
        send(
            target,
            None,
            compose(outgoing()),
            SENDER.email,
            [CUSTOMER.email],
            ca_file=str(cert[0]),
            timeout=30,
        )
    assert len(server.handler.received) == 1


def test_starttls_refused_by_a_server_without_it():
    with Server() as server:
        target = parse_smtp_url(f"smtp+starttls://127.0.0.1:{server.port}")
        with pytest.raises(TemporaryFailure, match="STARTTLS") as info:
            send(target, None, compose(outgoing()), SENDER.email, [CUSTOMER.email], timeout=30)
    assert info.value.server
    assert server.handler.received == []
