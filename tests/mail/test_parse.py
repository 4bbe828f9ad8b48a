"""parse() on the hand-made corpus (tests/mail/corpus, described in its README) and on
generated messages: what each kind of real-world message must come out as."""

from __future__ import annotations

import base64
import hashlib
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techconsole.domain.mail import Address, noise
from techconsole.domain.mail_text import note_text
from techconsole.mail.parse import NotAMessage, parse

CORPUS = Path(__file__).parent / "corpus"


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def test_outlook_reply_in_windows_1252_quoted_printable():
    raw = corpus("01-outlook-reply-cp1252.eml")
    mail = parse(raw)
    assert mail.message_id == "AM0PR01MB1234ABCD5678@AM0PR01MB1234.eurprd01.prod.outlook.example"
    assert mail.has_message_id
    assert mail.sender.email == "mario.rossi@rossi-srl.example"  # lowercased
    assert mail.sender.name == "Rossi Mario"
    assert mail.cc[0].name == "Ufficio Contabilità"
    assert mail.subject == "R: Stampante dell'ufficio ferma"
    # Windows-1252's own characters: è ò ì, the typographic quotes, the euro, the en dash
    assert "la stampante è ancora ferma" in mail.text
    assert "l’errore “carta inceppata” ma il cassetto è vuoto" in mail.text  # soft break joined
    assert "Può passare giovedì?" in mail.text
    assert "120 € va bene" in mail.text
    assert "Rossi S.r.l. – Ufficio acquisti" in mail.text
    assert not mail.from_html  # the text part is preferred to the HTML one
    assert "\r" not in mail.text
    assert mail.date == datetime(2026, 3, 3, 9, 15, 28, tzinfo=UTC)
    # the topmost Received (our server), not the one below it
    assert mail.received_at == datetime(2026, 3, 3, 9, 15, 32, tzinfo=UTC)
    assert mail.in_reply_to == ("tc.0f3e2a10@assistenza-tecnica.example",)
    assert mail.size == len(raw)
    assert mail.attachments == ()
    assert noise(mail) is None
    note = note_text(mail.text)
    assert note.endswith("Rossi S.r.l. – Ufficio acquisti")  # Outlook's header block cut
    assert "Gentile cliente" not in note


def test_gmail_reply_with_italian_attribution_and_quotes():
    mail = parse(corpus("02-gmail-reply.eml"))
    assert mail.sender.name == "Giulia Verdi"
    assert "Perché è successo? Domani pomeriggio è possibile una verifica?" in mail.text
    assert "> abbiamo riavviato il servizio" in mail.text  # the whole body is kept...
    assert note_text(mail.text) == (  # ...the note is what she wrote
        "Grazie, adesso il server si avvia. Perché è successo? "
        "Domani pomeriggio è possibile una verifica?"
    )
    assert mail.received_at == datetime(2026, 3, 4, 7, 2, 11, tzinfo=UTC)  # "(CET)" after it


def test_iso_8859_1_8bit_body_and_encoded_name():
    mail = parse(corpus("03-latin1-8bit.eml"))
    assert mail.sender.name == "Nicolò Esposito"
    assert "il PC della reception è lento e l'antivirus dà errore" in mail.text
    assert "Però la rete funziona; così non si può lavorare." in mail.text
    # "ISO-8859-1" as mail clients mean it: 0x80 is the euro (Windows-1252), no control
    assert "50 € più IVA" in mail.text
    assert mail.machine_headers == {"return-path": "<n.esposito@esposito-sas.example>"}


def test_subject_in_q_encoded_words_over_two_lines():
    mail = parse(corpus("04-subject-q.eml"))
    assert mail.subject == "Ufficio tecnico Città Alta: la PEC non funziona"
    assert mail.sender.name == "Lucia Ferrà"
    assert mail.sender.email == "lucia.ferra@comune-citta-alta.example"
    assert [a.name for a in mail.to] == ["Assistenza Città"]


def test_subject_in_b_encoded_word():
    mail = parse(corpus("05-subject-b.eml"))
    assert mail.subject == "Città di Castello: il Wi-Fi è lento"
    assert mail.sender.name == "Ottica Città Nuova"
    assert "il Wi-Fi della sala è lentissimo" in mail.text


def test_html_only_message_becomes_readable_text():
    mail = parse(corpus("06-html-only.eml"))
    assert mail.from_html
    text = mail.text
    assert text.startswith("Buongiorno,\n\nvi segnalo che il NAS è irraggiungibile da lunedì &")
    assert "font-family" not in text and "Richiesta" not in text  # style and head dropped
    assert "non mostrare" not in text  # script dropped
    assert "<p>" not in text and "&egrave;" not in text and "&nbsp;" not in text
    assert "NAS Synology | Spento" in text.splitlines()
    assert "Router | OK ✓" in text.splitlines()
    assert "guida NAS (https://wiki.bianchi-studio.example/nas)" in text
    assert "sito www.bianchi-studio.example." in text  # the link is its own text
    assert "- primo tentativo: riavvio\n- secondo tentativo: cavo nuovo" in text
    assert "Budget: 200 €" in text
    assert "Cordiali saluti\nPaolo Bianchi" in text  # <br>


def test_auto_reply_is_noise():
    mail = parse(corpus("07-auto-reply.eml"))
    assert mail.machine_headers["auto-submitted"] == "auto-replied"
    assert mail.machine_headers["x-autoreply"] == "yes"
    assert noise(mail) == "auto_submitted"


def test_exchange_out_of_office():
    mail = parse(corpus("08-out-of-office.eml"))
    assert mail.subject.startswith("Risposta automatica: [2026-000123]")
    assert mail.machine_headers["x-auto-response-suppress"] == "All"
    assert "fuori ufficio fino a lunedì 16 marzo" in mail.text  # base64 UTF-8
    assert noise(mail) == "auto_submitted"


def test_bounce_is_a_report_without_files():
    mail = parse(corpus("09-bounce.eml"))
    assert mail.is_report
    assert mail.sender.email == "mailer-daemon@mail.assistenza-tecnica.example"
    assert mail.machine_headers["return-path"] == "<>"
    assert mail.machine_headers["x-failed-recipients"] == "m.rossi@rossi-srl.example"
    assert "550 5.1.1 User unknown" in mail.text
    assert mail.attachments == ()  # the report's status and the returned message
    assert noise(mail) == "bounce"


def test_mailing_list():
    mail = parse(corpus("10-mailing-list.eml"))
    assert mail.subject == "Novità di marzo: nuovi switch"
    assert mail.machine_headers["list-id"] == "Novità prodotti <novita.fornitore-hardware.example>"
    assert mail.machine_headers["precedence"] == "list"
    assert mail.machine_headers["list-unsubscribe"].endswith(
        "<https://lists.fornitore-hardware.example/leave/novita>"
    )
    assert noise(mail) == "bulk"


def test_message_without_message_id_is_named_by_its_bytes():
    raw = corpus("11-no-message-id.eml")
    mail = parse(raw)
    digest = hashlib.sha256(raw).hexdigest()
    assert mail.sha256 == digest
    assert mail.message_id == f"sha256:{digest}"
    assert not mail.has_message_id
    # no Received: our server's Delivery-Date
    assert mail.received_at == datetime(2026, 3, 16, 7, 45, 10, tzinfo=UTC)


def test_pdf_attachment_and_inline_image():
    mail = parse(corpus("12-pdf-and-inline-image.eml"))
    assert mail.text == "Vi allego il verbale firmato. Il logo è nel testo.\n"
    image, pdf = mail.attachments
    assert (image.filename, image.content_type) == ("immagine-1.png", "image/png")
    assert image.data is not None and image.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert image.size == len(image.data) == 70  # a 1×1 PNG
    assert pdf.filename == "Verbale intervento perché.pdf"  # RFC 2231, UTF-8
    assert pdf.content_type == "application/pdf"
    assert pdf.data is not None and pdf.data.startswith(b"%PDF-1.4\n")
    assert pdf.data.endswith(b"%%EOF\n")
    assert pdf.size == len(pdf.data)


def test_attachment_names_cannot_escape_or_control_the_terminal():
    mail = parse(corpus("13-unsafe-names.eml"))
    assert mail.text == "Ecco i file che mi avete chiesto.\n"
    passwd, invoice, log = mail.attachments
    assert passwd.filename == "passwd"
    assert passwd.data == b"root:x:0:0:finto:/root:/bin/sh\n"
    for name in (invoice.filename, log.filename):
        assert "/" not in name and "\\" not in name and not name.startswith(".")
        assert all(unicodedata.category(ch)[0] != "C" for ch in name)
    assert invoice.filename.startswith("fattura") and invoice.filename.endswith(".pdf")
    assert log.filename == "registroavvii.txt"  # BEL, backspace and tab dropped


def test_escape_sequences_in_headers_are_dropped_whole():
    """A subject or a name with a terminal escape shows none of it: not a bare ``[2J``
    left where the escape character was, as if the customer had typed it."""
    raw = (
        b'From: "\x1b[31mMario Rossi\x1b[0m" <mario@sconosciuto.example>\r\n'
        b"To: assistenza@esempio.example\r\n"
        b"Subject: [red]Aiuto[/red] \x1b[2J\x1b]0;titolo\x07stampante\r\n"
        b"Message-ID: <esc@sconosciuto.example>\r\n"
        b"\r\nLa stampante non va.\r\n"
    )
    mail = parse(raw)
    assert mail.subject == "[red]Aiuto[/red] stampante"  # markup kept as typed
    assert mail.sender == Address("mario@sconosciuto.example", "Mario Rossi")


def test_malformed_message():
    mail = parse(corpus("14-malformed.eml"))
    # a UTF-8 "à" split over two B words, a Q word with spaces inside
    assert mail.subject == "Re: Città di Castello perché non va"
    assert mail.sender == Address("lucia@ferra-sas.example", "Lucia Ferrà")  # no "?="
    assert [a.email for a in mail.to] == ["assistenza@assistenza-tecnica.example"]
    assert mail.date is None
    # an unknown charset: Windows-1252
    assert mail.text == "Il modem è spento e la linea non c'è. Può venire giovedì?\n"


def test_reply_to_an_incident():
    mail = parse(corpus("15-incident-reply.eml"))
    assert mail.subject == "Re: [2026-000123] Stampante dell'ufficio ferma"
    assert mail.in_reply_to == ("tc.9a9b9c9d@assistenza-tecnica.example",)
    assert mail.references == (
        "tc.0f3e2a10@assistenza-tecnica.example",
        "AM0PR01MB1234ABCD5678@AM0PR01MB1234.eurprd01.prod.outlook.example",
        "tc.9a9b9c9d@assistenza-tecnica.example",
    )
    assert mail.thread_ids()[0] == "tc.9a9b9c9d@assistenza-tecnica.example"
    assert mail.reply_to == Address("acquisti@rossi-srl.example", "Ufficio Acquisti")
    assert note_text(mail.text) == "Perfetto, la stampante adesso funziona. Grazie!"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.eml")), ids=lambda p: p.name)
def test_every_corpus_message_is_clean_text(path: Path):
    raw = path.read_bytes()
    mail = parse(raw)
    assert mail.size == len(raw)
    assert mail.sender.email and mail.sender.email == mail.sender.email.lower()
    assert mail.message_id and "<" not in mail.message_id and " " not in mail.message_id
    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert mail.received_at is not None and mail.received_at.tzinfo is UTC
    texts = [mail.subject, mail.text, mail.sender.name, *mail.machine_headers.values()]
    for text in texts:
        text.encode("utf-8")  # no surrogate left from undecoded bytes
        assert "\ufffd" not in text  # every charset in the corpus was understood


# -- generated messages ----------------------------------------------------------------


def _with_attachment(size: int) -> bytes:
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    return (
        b"From: Mario Rossi <mario.rossi@rossi-srl.example>\r\n"
        b"Subject: Backup\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nEcco il backup.\r\n"
        b"--b\r\nContent-Type: application/zip\r\n"
        b'Content-Disposition: attachment; filename="backup.zip"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(data) + b"--b--\r\n"
    )


def test_twenty_megabyte_attachment_is_kept_out(tmp_path: Path):
    path = tmp_path / "big.eml"
    path.write_bytes(_with_attachment(20 * 1024 * 1024))
    mail = parse(path.read_bytes())
    assert mail.text == "Ecco il backup."  # the line end before a boundary is the boundary's
    (big,) = mail.attachments
    assert (big.filename, big.size, big.data) == ("backup.zip", 20 * 1024 * 1024, None)


def test_attachment_limit_is_inclusive():
    raw = _with_attachment(1000)
    assert parse(raw, max_attachment_bytes=1000).attachments[0].data is not None
    assert parse(raw, max_attachment_bytes=999).attachments[0].data is None


@pytest.mark.parametrize(
    "raw",
    [b"", b"  \r\n", b"\x00\x01\x02\xff" * 50, b"%PDF-1.4\n1 0 obj", b"hello\n\nworld"],
)
def test_what_is_no_message(raw: bytes):
    with pytest.raises(NotAMessage):
        parse(raw)


def test_sender_falls_back_to_sender_then_return_path():
    raw = b"Sender: Ufficio <Ufficio@Rossi-Srl.example>\nReturn-Path: <rp@x.example>\n\nciao\n"
    assert parse(raw).sender.email == "ufficio@rossi-srl.example"
    assert (
        parse(b"Return-Path: <RP@X.example>\nSubject: x\n\nciao\n").sender.email == "rp@x.example"
    )
    assert parse(b"Subject: nessuno\n\nciao\n").sender.email == ""


def test_dates_without_zone_or_unreadable():
    naive = parse(b"From: a@b.example\nDate: Tue, 3 Mar 2026 10:00:00 -0000\n\nx")
    assert naive.date == datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
    bad = parse(b"From: a@b.example\nDate: ieri mattina\nReceived: from x by y; boh\n\nx")
    assert bad.date is None and bad.received_at is None


@pytest.mark.parametrize(
    ("charset", "body"),
    [
        (b"iso-8859-1", "Può venire giovedì? 50 €".encode()),  # mislabelled UTF-8
        (b"us-ascii", "Può venire giovedì? 50 €".encode()),
        (b"utf-8", "Può venire giovedì? 50 €".encode("cp1252")),  # mislabelled Windows-1252
        (b"iso-8859-15", "Può venire giovedì? 50 €".encode("iso-8859-15")),
        (b"utf-16", "Può venire giovedì? 50 €".encode("utf-16")),
        (b"unicode_escape", "Può venire giovedì? 50 €".encode()),  # no mail charset
    ],
)
def test_wrong_charsets(charset: bytes, body: bytes):
    raw = b"From: a@b.example\nContent-Type: text/plain; charset=" + charset + b"\n\n" + body
    assert parse(raw).text == "Può venire giovedì? 50 €"


def test_an_empty_text_part_gives_way_to_the_html_one():
    raw = (
        b'From: a@b.example\nContent-Type: multipart/alternative; boundary="b"\n\n'
        b"--b\nContent-Type: text/plain\n\n \n--b\nContent-Type: text/html\n\n"
        b"<p>Il server &egrave; spento</p>\n--b--\n"
    )
    mail = parse(raw)
    assert (mail.text, mail.from_html) == ("Il server è spento", True)


def test_file_name_in_raw_8bit():
    raw = (
        b"From: a@b.example\nContent-Type: application/pdf\n"
        b'Content-Disposition: attachment; filename="perch\xe9.pdf"\n\nx'
    )
    assert parse(raw).attachments[0].filename == "perché.pdf"


def test_settings_may_name_more_machine_headers():
    raw = b"From: a@b.example\nX-Ticket-System: yes\nX-Contact-Form: sito\n\nx"
    mail = parse(raw, extra_headers=("X-Ticket-System",))
    assert mail.machine_headers == {"x-contact-form": "sito", "x-ticket-system": "yes"}


_HEADERS = st.sampled_from(
    [
        *(b"From", b"To", b"Subject", b"Content-Type", b"Content-Disposition", b"Message-ID"),
        *(b"Date", b"Received", b"Content-Transfer-Encoding", b"References", b"X-Junk"),
    ]
)
_VALUES = st.one_of(
    st.binary(max_size=60),
    st.sampled_from(
        [
            b"multipart/mixed; boundary=x",
            b"multipart/report; report-type=delivery-status; boundary=x",
            b"message/rfc822",
            b"=?utf-8?q?=C3?= =?x?b?????=",
            b"attachment; filename*=utf-8''%ff%fe%0a",
            b'text/plain; charset="utf-16"',
            b"base64",
            b"quoted-printable",
        ]
    ),
)
_BODY = st.lists(
    st.one_of(
        st.binary(max_size=40),
        st.sampled_from(
            [
                *(b"--x\r\n", b"--x--\r\n", b"\r\n", b"Content-Type: message/rfc822\r\n\r\n"),
                b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n",
            ]
        ),
    ),
    max_size=10,
).map(b"".join)
_MESSAGES = st.tuples(
    st.lists(st.tuples(_HEADERS, _VALUES).map(lambda h: h[0] + b": " + h[1] + b"\r\n")), _BODY
).map(lambda m: b"".join(m[0]) + b"\r\n" + m[1])


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=400), _MESSAGES))
def test_any_bytes_give_a_message_or_not_a_message(raw: bytes):
    try:
        mail = parse(raw)
    except NotAMessage:
        return
    for text in (mail.subject, mail.text, mail.sender.name, mail.message_id):
        text.encode("utf-8")  # storable: no surrogates
    assert "\x00" not in mail.text


def test_a_read_receipt_is_an_automatic_reply():
    from techconsole.domain.mail import NOISE_AUTO, noise

    raw = (
        b"From: Maria <maria@ottica.example>\r\nTo: assistenza@noi.example\r\n"
        b"Subject: Letto: Stampante\r\nMessage-ID: <mdn1@ottica.example>\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: multipart/report; "
        b'report-type=disposition-notification; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nIl messaggio e' stato letto.\r\n"
        b"--b\r\nContent-Type: message/disposition-notification\r\n\r\n"
        b"Final-Recipient: rfc822;maria@ottica.example\r\n"
        b"Disposition: manual-action/MDN-sent-manually; displayed\r\n--b--\r\n"
    )
    mail = parse(raw)
    assert noise(mail) == NOISE_AUTO
