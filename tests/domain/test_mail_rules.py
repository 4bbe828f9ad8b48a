"""The rules of mail intake in domain/mail.py: noise, the incident a subject names, when a
request's clock starts, safe file names and single-line headers."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from techconsole.domain.mail import (
    MAX_DATE_AGE,
    MAX_FILE_NAME,
    NOISE_AUTO,
    NOISE_BOUNCE,
    NOISE_BULK,
    NOISE_LIST,
    NOISE_OWN,
    Address,
    IncomingMail,
    clock_start,
    header_text,
    incident_number,
    noise,
    safe_filename,
)

NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)


def mail(
    sender: str = "mario.rossi@rossi-srl.example",
    *,
    headers: dict[str, str] | None = None,
    is_report: bool = False,
    date: datetime | None = None,
    received_at: datetime | None = None,
) -> IncomingMail:
    return IncomingMail(
        message_id="m1@rossi-srl.example",
        sender=Address(sender, "Mario Rossi"),
        subject="Stampante",
        text="La stampante è ferma.",
        sha256="0" * 64,
        size=100,
        machine_headers=headers or {},
        is_report=is_report,
        date=date,
        received_at=received_at,
    )


# -- noise -----------------------------------------------------------------------------


def test_a_person_writing_is_no_noise():
    assert noise(mail()) is None
    assert noise(mail(headers={"return-path": "<mario.rossi@rossi-srl.example>"})) is None
    assert noise(mail(headers={"auto-submitted": "no"})) is None
    assert noise(mail(headers={"auto-submitted": " No ; comment"})) is None


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"auto-submitted": "auto-replied"}, NOISE_AUTO),  # an auto-reply (RFC 3834)
        ({"auto-submitted": "auto-generated"}, NOISE_AUTO),  # Exchange's out-of-office
        ({"auto-submitted": "auto-notified; owner-email=x@y.example"}, NOISE_AUTO),
        ({"x-autoreply": "yes"}, NOISE_AUTO),
        ({"x-autorespond": "Vacation"}, NOISE_AUTO),
        ({"x-auto-response-suppress": "OOF, All"}, NOISE_AUTO),
        ({"precedence": "bulk"}, NOISE_BULK),
        ({"precedence": " Junk "}, NOISE_BULK),
        ({"precedence": "list", "list-id": "<novita.fornitore.example>"}, NOISE_BULK),
        ({"list-id": "Novità <novita.fornitore.example>"}, NOISE_LIST),
        ({"return-path": "<>"}, NOISE_BOUNCE),
        ({"return-path": " <> "}, NOISE_BOUNCE),
        ({"x-techconsole": "notice"}, NOISE_OWN),
        ({"x-techconsole": "notice", "return-path": "<>"}, NOISE_OWN),  # ours first
    ],
)
def test_machine_headers(headers: dict[str, str], expected: str):
    assert noise(mail(headers=headers)) == expected


def test_a_list_that_asks_exchange_for_no_out_of_office_is_no_auto_reply():
    # what mailing lists and ticket systems add to their messages: not an answer itself
    headers = {"x-auto-response-suppress": "OOF, DR, RN, NRN"}
    assert noise(mail(headers=headers)) is None


def test_bounces_by_report_or_sender():
    assert noise(mail(is_report=True)) == NOISE_BOUNCE
    assert noise(mail("mailer-daemon@mail.rossi-srl.example")) == NOISE_BOUNCE
    assert noise(mail("postmaster@rossi-srl.example")) == NOISE_BOUNCE


def test_our_own_addresses_are_noise_in_any_case():
    own = ("Assistenza@Assistenza-Tecnica.example",)
    assert noise(mail("assistenza@assistenza-tecnica.example"), own) == NOISE_OWN
    assert noise(mail(), own) is None


# -- incident number -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subject", "number"),
    [
        ("Re: [2026-000123] Stampante dell'ufficio ferma", "2026-000123"),
        ("R: I: [2026-000123][2026-000999] due numeri", "2026-000123"),
        ("Risposta automatica: [2026-000123] Stampante", "2026-000123"),
        ("Stampante [2026-000123]", "2026-000123"),
        ("Re: Stampante 2026-000123", None),
        ("Re: [2026-123] Stampante", None),
        ("Re: [26-000123] Stampante", None),
        ("", None),
    ],
)
def test_incident_number(subject: str, number: str | None):
    assert incident_number(subject) == number


# -- clock start -----------------------------------------------------------------------


def test_our_servers_receipt_comes_first():
    received = NOW - timedelta(hours=2)
    assert clock_start(mail(received_at=received, date=NOW - timedelta(hours=3)), NOW) == received
    # a receipt months ago (an old mailbox taken now) still counts: our server's clock
    old = NOW - timedelta(days=90)
    assert clock_start(mail(received_at=old), NOW) == old


def test_a_receipt_slightly_ahead_is_now_and_far_ahead_is_ignored():
    assert clock_start(mail(received_at=NOW + timedelta(minutes=3)), NOW) == NOW
    date = NOW - timedelta(hours=1)
    ahead = mail(received_at=NOW + timedelta(minutes=10), date=date)
    assert clock_start(ahead, NOW) == date


def test_the_date_counts_when_sane():
    assert clock_start(mail(date=NOW - timedelta(days=29)), NOW) == NOW - timedelta(days=29)
    assert clock_start(mail(date=NOW - MAX_DATE_AGE), NOW) == NOW - MAX_DATE_AGE
    too_old = NOW - MAX_DATE_AGE - timedelta(seconds=1)
    assert clock_start(mail(date=too_old), NOW) == NOW
    assert clock_start(mail(date=NOW + timedelta(days=1)), NOW) == NOW  # a PC's wrong clock


def test_times_before_the_years_techconsole_works_in_are_ignored():
    ancient = datetime(1999, 12, 31, 23, 0, tzinfo=UTC)
    assert clock_start(mail(received_at=ancient, date=ancient), NOW) == NOW
    date = NOW - timedelta(hours=1)
    assert clock_start(mail(received_at=ancient, date=date), NOW) == date


def test_nothing_known_is_when_it_was_fetched():
    assert clock_start(mail(), NOW) == NOW


# -- safe file names -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("Verbale intervento perché.pdf", "Verbale intervento perché.pdf"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\win.ini", "win.ini"),
        ("C:\\Users\\mario\\Desktop\\fattura.pdf", "fattura.pdf"),
        (".bashrc", "bashrc"),
        ("..", "allegato"),
        ("", "allegato"),
        ("fattura\r\n\x1b[2J\x07.pdf", "fattura_2J.pdf"),
        ("con.txt", "allegato.txt"),
        ("NUL", "allegato"),
        ("nul.tar.gz", "allegato.tar.gz"),  # Windows: still the device
        ("COM1 .txt", "allegato.txt"),
        ("rapporto; rm -rf $HOME.txt", "rapporto_ rm -rf _HOME.txt"),
    ],
)
def test_safe_filename(name: str, safe: str):
    assert safe_filename(name) == safe


def test_long_names_keep_their_extension():
    name = safe_filename("a" * 300 + ".pdf")
    assert len(name) == MAX_FILE_NAME
    assert name.endswith("a.pdf")


@given(st.text())
def test_safe_filename_is_always_safe(name: str):
    safe = safe_filename(name)
    assert safe
    assert "/" not in safe and "\\" not in safe
    assert not safe.startswith(".")
    assert len(safe) <= MAX_FILE_NAME
    assert all(unicodedata.category(ch)[0] != "C" for ch in safe)


# -- header text -----------------------------------------------------------------------


def test_header_text_is_one_line():
    assert header_text("Re: Stampante\r\nBcc: tutti@rossi-srl.example") == (
        "Re: Stampante Bcc: tutti@rossi-srl.example"
    )
    assert header_text("  molto   spazio\t ") == "molto spazio"
    assert header_text("x" * 300) == "x" * 250
    assert header_text("x" * 300, limit=10) == "x" * 10


@given(st.text(), st.integers(min_value=0, max_value=300))
def test_header_text_never_breaks_a_line(text: str, limit: int):
    line = header_text(text, limit)
    assert "\r" not in line and "\n" not in line
    assert len(line.splitlines()) <= 1
    assert len(line) <= limit
