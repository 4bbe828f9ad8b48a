"""The IMAP source without an IMAP server: addresses, folder names, batches, the answers
of FETCH, and a server that never answers."""

from __future__ import annotations

import socket
import threading

import pytest

from techconsole.mail.imap import ImapSource, _batches, _bodies, _uid_set, parse_imap_url
from techconsole.mail.imap_url import mailbox_name
from techconsole.mail.sources import SourceError

HOST = "mail.rossi-srl.example"
USER = "assistenza@rossi-srl.example"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"imaps://tecnico@{HOST}/INBOX", ("imaps", "tecnico", HOST, 993, "INBOX")),
        (f"imaps://tecnico@{HOST}", ("imaps", "tecnico", HOST, 993, "INBOX")),
        ("IMAPS://Tecnico@MAIL.Rossi-Srl.example:1993/", ("imaps", "Tecnico", HOST, 1993, "INBOX")),
        (
            f"imap+starttls://{USER}@{HOST}/Assistenza/Già letti",
            ("imap+starttls", USER, HOST, 143, "Assistenza/Già letti"),
        ),
        (
            "imaps://assistenza%40rossi-srl.example@[2001:db8::1]:993/Posta%20in%20arrivo",
            ("imaps", USER, "2001:db8::1", 993, "Posta in arrivo"),
        ),
        ("imap://tecnico@127.0.0.1:1143/INBOX", ("imap", "tecnico", "127.0.0.1", 1143, "INBOX")),
        ("imap://tecnico@localhost/INBOX", ("imap", "tecnico", "localhost", 143, "INBOX")),
    ],
)
def test_imap_addresses_are_read(url, expected):
    target = parse_imap_url(url)
    assert (target.scheme, target.user, target.host, target.port, target.folder) == expected
    assert parse_imap_url(target.url) == target  # the written-back form reads the same


def test_the_written_back_address_stays_readable():
    target = parse_imap_url("imaps://tecnico@mail.rossi-srl.example:993/Già%20letti")
    assert target.url == "imaps://tecnico@mail.rossi-srl.example/Già letti"
    assert parse_imap_url("imaps://t@h:1993/a%3Fb").url == "imaps://t@h:1993/a%3Fb"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("pop3://tecnico@mail.rossi-srl.example/", "must start with imaps://"),
        ("mail.rossi-srl.example", "must start with imaps://"),
        ("imaps://tecnico:segreto@mail.rossi-srl.example/INBOX", "must not contain the password"),
        ("imaps://tecnico:@mail.rossi-srl.example/INBOX", "must not contain the password"),
        ("imaps://mail.rossi-srl.example/INBOX", "has no user name"),
        ("imaps://tecnico@/INBOX", "has no server"),
        ("imaps://tecnico@mail.rossi-srl.example:99999/INBOX", "is not a valid IMAP address"),
        ("imaps://tecnico@mail.rossi-srl.example:porta/INBOX", "is not a valid IMAP address"),
        ("imaps://tecnico@mail.rossi-srl.example:0/INBOX", "port 0"),
        ("imaps://tecnico@mail.rossi-srl.example/INBOX?starttls", "?query"),
        ("imap://tecnico@mail.rossi-srl.example/INBOX", "unencrypted"),
        ("imaps://tecnico@mail.rossi-srl.example/IN%0ABOX", "control characters"),
    ],
)
def test_bad_imap_addresses_are_refused_with_a_reason(url, words, english):
    with pytest.raises(ValueError, match=words.replace("?", r"\?")):
        parse_imap_url(url)


def test_the_source_refuses_a_bad_address_as_a_source_error(english):
    with pytest.raises(SourceError, match="must not contain the password") as caught:
        ImapSource("imaps://tecnico:segreto@mail.rossi-srl.example/INBOX", "segreto")
    assert "segreto" not in str(caught.value)


def test_the_taken_folder_must_be_another_folder(english):
    with pytest.raises(SourceError, match="another folder"):
        ImapSource("imaps://t@mail.rossi-srl.example/INBOX", "x", taken_folder="inbox")


def test_address_errors_are_in_italian_by_default():
    with pytest.raises(ValueError, match="password"):
        parse_imap_url("imaps://tecnico:segreto@mail.rossi-srl.example/INBOX")
    with pytest.raises(ValueError, match="utente"):
        parse_imap_url("imaps://mail.rossi-srl.example/INBOX")


@pytest.mark.parametrize(
    ("folder", "encoded"),
    [
        ("INBOX", '"INBOX"'),
        ("Posta in arrivo", '"Posta in arrivo"'),
        ("Già letti", '"Gi&AOA- letti"'),
        ("Ricevute & Fatture", '"Ricevute &- Fatture"'),
        ("日本語", '"&ZeVnLIqe-"'),  # the example of RFC 3501
        ('a"b\\c', '"a\\"b\\\\c"'),
    ],
)
def test_folder_names_in_modified_utf7_quoted(folder, encoded):
    assert mailbox_name(folder) == encoded


def test_uid_sets_join_ranges():
    assert _uid_set([1]) == "1"
    assert _uid_set([1, 2, 3, 7, 9, 10]) == "1:3,7,9:10"
    assert _uid_set([4, 6, 8]) == "4,6,8"


def test_batches_hold_at_most_twenty_messages_and_eight_megabytes():
    uids = list(range(1, 46))
    assert [len(b) for b in _batches(uids, {})] == [20, 20, 5]
    big = 5 * 1024 * 1024
    sizes = {1: big, 2: big, 3: 100, 4: 20 * 1024 * 1024, 5: 100}
    assert list(_batches([1, 2, 3, 4, 5], sizes)) == [[1], [2, 3], [4], [5]]


def test_fetch_answers_with_the_uid_before_or_after_the_body():
    data = [
        (b"1 (UID 7 BODY[] {5}", b"primo"),
        b")",
        (b"2 (BODY[] {7}", b"secondo"),
        b" UID 9)",
        b"3 (FLAGS (\\Seen))",  # a change the server reports meanwhile
        (b"4 (UID 12 FLAGS (\\Seen) BODY[] {5}", b"terzo"),
        b")",
    ]
    assert _bodies(data) == {7: b"primo", 9: b"secondo", 12: b"terzo"}


def test_a_server_that_never_answers_is_a_timeout(english):
    with socket.socket() as mute:
        mute.bind(("127.0.0.1", 0))
        mute.listen(1)
        port = mute.getsockname()[1]
        accepted: list[socket.socket] = []
        waiter = threading.Thread(target=lambda: accepted.append(mute.accept()[0]), daemon=True)
        waiter.start()
        source = ImapSource(f"imaps://tecnico@127.0.0.1:{port}/INBOX", "segreto", timeout=0.5)
        with pytest.raises(SourceError, match=r"did not answer within 0\.5 seconds"):
            source.connect()
        waiter.join(timeout=30)
        for conn in accepted:
            conn.close()
