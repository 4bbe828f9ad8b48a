"""Mail in from a real IMAP server (the Dovecot of .ci/dovecot.sh): each test its own folder.

The server's address, password and certificate authority come from the environment
(``eval "$(.ci/dovecot.sh)"`` sets them); the messages are put in with APPEND, as a mail
server delivering them would, and looked at again with a connection of the test's own.
"""

from __future__ import annotations

import imaplib
import os
import re
import socket
import ssl
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from techconsole.mail.imap import KEYWORD, ImapSource, parse_imap_url
from techconsole.mail.imap_url import mailbox_name
from techconsole.mail.sources import SourceError

URL = os.environ.get("TECHCONSOLE_TEST_IMAP_URL", "")
STARTTLS_URL = os.environ.get("TECHCONSOLE_TEST_IMAP_STARTTLS_URL", "")
PASSWORD = os.environ.get("TECHCONSOLE_TEST_IMAP_PASSWORD", "")
CA = Path(os.environ.get("TECHCONSOLE_TEST_IMAP_CA", "/nonexistent"))

pytestmark = pytest.mark.skipif(
    not URL,
    reason="TECHCONSOLE_TEST_IMAP_URL is not set: no IMAP server to test against"
    " (.ci/dovecot.sh starts one)",
)


def message(number: int, subject: str = "Il server non risponde") -> bytes:
    return (
        "From: Mario Rossi <mario@rossi-srl.example>\r\n"
        "To: assistenza@studio-bianchi.example\r\n"
        f"Subject: {subject} ({number})\r\n"
        f"Message-ID: <{number}.{uuid.uuid4().hex}@rossi-srl.example>\r\n"
        "Date: Tue, 3 Mar 2026 09:15:00 +0100\r\n"
        "\r\n"
        f"Buongiorno, da stamattina il server {number} non risponde.\r\n"
    ).encode()


def admin() -> imaplib.IMAP4_SSL:
    """A connection of the test's own, to put messages in and look at them."""
    target = parse_imap_url(URL)
    context = ssl.create_default_context(cafile=str(CA))
    conn = imaplib.IMAP4_SSL(target.host, target.port, ssl_context=context, timeout=60)
    conn.login(target.user, PASSWORD)
    return conn


@dataclass
class Folder:
    """A folder of the test's own on the server."""

    name: str
    conn: imaplib.IMAP4_SSL
    made: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        base = URL.rsplit("/", 1)[0]
        return f"{base}/{self.name}"

    def append(self, raw: bytes, folder: str | None = None) -> str:
        """Deliver ``raw``; its UID."""
        typ, data = self.conn.append(mailbox_name(folder or self.name), None, None, raw)
        assert typ == "OK", data
        found = re.search(rb"APPENDUID \d+ (\d+)", data[0])
        assert found, data
        return found.group(1).decode()

    def contents(self, folder: str | None = None) -> dict[str, tuple[set[str], bytes]]:
        """UID → (flags, bytes) of every message in the folder, read without changing it."""
        typ, _data = self.conn.select(mailbox_name(folder or self.name), readonly=True)
        assert typ == "OK"
        typ, data = self.conn.uid("FETCH", "1:*", "(UID FLAGS BODY.PEEK[])")
        assert typ == "OK"
        found = {}
        for item in data:
            if isinstance(item, tuple):
                uid = re.search(rb"UID (\d+)", item[0]).group(1).decode()
                flags = re.search(rb"FLAGS \(([^)]*)\)", item[0]).group(1).decode().split()
                found[uid] = (set(flags), item[1])
        self.conn.unselect()
        return found

    def exists(self, folder: str) -> bool:
        return self.conn.status(mailbox_name(folder), "(MESSAGES)")[0] == "OK"


@pytest.fixture
def folder() -> Iterator[Folder]:
    conn = admin()
    made = Folder(f"techconsole-test-{uuid.uuid4().hex[:12]}", conn)
    typ, data = conn.create(mailbox_name(made.name))
    assert typ == "OK", data
    made.made.append(made.name)
    yield made
    for name in made.made:
        conn.delete(mailbox_name(name))
    conn.logout()


@pytest.fixture
def source(folder: Folder) -> Iterator[ImapSource]:
    with ImapSource(folder.url, PASSWORD, ca_file=CA) as opened:
        yield opened


def test_messages_come_by_uid_with_their_exact_bytes(folder, source):
    raws = [message(n) for n in range(3)]
    sent = {folder.append(raw): raw for raw in raws}
    fetched = list(source.messages())
    assert [f.key for f in fetched] == sorted(sent, key=int)
    assert {f.key: f.raw for f in fetched} == sent
    assert source.name == parse_imap_url(folder.url).url


def test_reading_marks_nothing(folder, source):
    uid = folder.append(message(1))
    assert [f.key for f in source.messages()] == [uid]
    flags, _raw = folder.contents()[uid]
    assert "\\Seen" not in flags
    assert KEYWORD not in flags
    assert [f.key for f in source.messages()] == [uid]  # still new


def test_a_taken_message_gets_the_keyword_and_is_not_given_again(folder, source):
    first, second = folder.append(message(1)), folder.append(message(2))
    [one, _two] = source.messages()
    source.taken(one.key)
    flags, _raw = folder.contents()[first]
    assert {KEYWORD, "\\Seen"} <= flags
    assert [f.key for f in source.messages()] == [second]
    # and not by another connection either
    with ImapSource(folder.url, PASSWORD, ca_file=CA) as again:
        assert [f.key for f in again.messages()] == [second]


def test_a_message_the_user_deleted_is_not_given(folder, source):
    deleted, kept = folder.append(message(1)), folder.append(message(2))
    folder.conn.select(mailbox_name(folder.name))
    folder.conn.uid("STORE", deleted, "+FLAGS", "(\\Deleted)")
    folder.conn.unselect()
    assert [f.key for f in source.messages()] == [kept]


def test_taken_messages_move_to_the_taken_folder_made_when_missing(folder):
    taken_folder = f"{folder.name}-presi"
    folder.made.insert(0, taken_folder)
    first, second = folder.append(message(1)), folder.append(message(2))
    assert not folder.exists(taken_folder)
    with ImapSource(folder.url, PASSWORD, ca_file=CA, taken_folder=taken_folder) as source:
        fetched = list(source.messages())
        source.taken(fetched[0].key)
        assert [f.key for f in source.messages()] == [second]
    assert list(folder.contents()) == [second]
    [(flags, raw)] = folder.contents(taken_folder).values()
    assert raw == fetched[0].raw
    assert {KEYWORD, "\\Seen"} <= flags
    assert first == fetched[0].key


def test_without_move_the_message_is_copied_and_only_it_expunged(folder):
    taken_folder = f"{folder.name}-presi"
    folder.made.insert(0, taken_folder)
    sent = message(1)
    mine = folder.append(sent)
    others = folder.append(message(2))
    # a message the user deleted, not yet expunged: it must stay
    folder.conn.select(mailbox_name(folder.name))
    folder.conn.uid("STORE", others, "+FLAGS", "(\\Deleted)")
    folder.conn.unselect()
    with ImapSource(folder.url, PASSWORD, ca_file=CA, taken_folder=taken_folder) as source:
        source.connect()
        link = source._link  # the server has MOVE: pretend it has not
        link.capabilities = link.capabilities - {"MOVE"}
        source.taken(mine)
    remaining = folder.contents()
    assert list(remaining) == [others]
    assert "\\Deleted" in remaining[others][0]
    [(flags, raw)] = folder.contents(taken_folder).values()
    assert raw == sent
    assert {KEYWORD, "\\Seen"} <= flags


def test_many_messages_come_in_batches_all_of_them_in_order(folder, source):
    sent = [folder.append(message(n)) for n in range(45)]
    assert [f.key for f in source.messages()] == sent


def test_a_folder_with_an_accented_name(folder):
    accented = f"{folder.name}-Già letti"
    folder.conn.create(mailbox_name(accented))
    folder.made.insert(0, accented)
    uid = folder.append(message(1), accented)
    base = URL.rsplit("/", 1)[0]
    with ImapSource(f"{base}/{accented}", PASSWORD, ca_file=CA) as source:
        assert [f.key for f in source.messages()] == [uid]
        assert source.name.endswith("/" + accented)


def test_starttls(folder):
    if not STARTTLS_URL:
        pytest.skip("TECHCONSOLE_TEST_IMAP_STARTTLS_URL is not set (.ci/dovecot.sh sets it)")
    uid = folder.append(message(1))
    url = f"{STARTTLS_URL.rsplit('/', 1)[0]}/{folder.name}"
    with ImapSource(url, PASSWORD, ca_file=CA) as source:
        assert [f.key for f in source.messages()] == [uid]


def test_a_wrong_password_is_an_error_without_the_password(folder, english):
    wrong = "ChiaveSbagliata-4217"
    with pytest.raises(SourceError) as caught:
        ImapSource(folder.url, wrong, ca_file=CA).connect()
    text = str(caught.value)
    assert "refused the login of tecnico" in text
    assert wrong not in text
    assert PASSWORD not in text
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_an_untrusted_certificate_is_an_error_about_the_certificate(folder, english):
    with pytest.raises(SourceError, match="certificate") as caught:
        ImapSource(folder.url, PASSWORD).connect()  # the test CA is not trusted by default
    assert PASSWORD not in str(caught.value)


def test_an_untrusted_certificate_in_italian(folder):
    with pytest.raises(SourceError, match="certificato"):
        ImapSource(folder.url, PASSWORD).connect()


def test_a_missing_ca_file_is_an_error_naming_it(folder, tmp_path):
    missing = tmp_path / "ca-assente.pem"
    with pytest.raises(SourceError, match=r"ca-assente\.pem"):
        ImapSource(folder.url, PASSWORD, ca_file=missing).connect()


def test_a_missing_folder_is_an_error_naming_it(folder, english):
    base = URL.rsplit("/", 1)[0]
    with pytest.raises(SourceError, match="cannot open the folder nessuna-cartella"):
        ImapSource(f"{base}/nessuna-cartella", PASSWORD, ca_file=CA).connect()


def test_a_refused_connection_is_an_error(english):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(SourceError, match="refused the connection"):
        ImapSource(f"imaps://tecnico@127.0.0.1:{port}/INBOX", PASSWORD, ca_file=CA).connect()


def test_wait_says_when_a_message_arrives(folder, source):
    assert list(source.messages()) == []
    started = time.monotonic()
    assert source.wait(0.3) is False  # nothing came
    assert time.monotonic() - started >= 0.3

    delivery = threading.Thread(target=lambda: folder.append(message(1)))
    delivery.start()
    started = time.monotonic()
    assert source.wait(120) is True
    assert time.monotonic() - started < 120
    delivery.join(timeout=60)
    # the connection works on after IDLE
    assert len(list(source.messages())) == 1


def test_a_byte_on_the_wake_descriptor_ends_the_wait_at_once(folder, source):
    """``mail watch``'s SIGTERM handler writes a byte: an hour-long IDLE ends then, and the
    connection still works."""
    assert list(source.messages()) == []
    wake, woken = os.pipe()
    waited: list[bool] = []
    waiting = threading.Thread(target=lambda: waited.append(source.wait(3600, wake)), daemon=True)
    try:
        waiting.start()
        os.write(woken, b"\0")
        waiting.join(timeout=120)
        assert not waiting.is_alive(), "the wait did not end on the wake byte"
        assert waited == [False]
        folder.append(message(1))  # and the connection works on: IDLE again sees it
        assert source.wait(120, wake=None) is True
        assert len(list(source.messages())) == 1
    finally:
        os.close(wake)
        os.close(woken)


def test_a_folder_without_keywords_needs_a_taken_folder(folder, english):
    uid = folder.append(message(1))
    with ImapSource(folder.url, PASSWORD, ca_file=CA) as source:
        source.connect()
        source._link.keywords = False  # as a server whose PERMANENTFLAGS has no \*
        with pytest.raises(SourceError, match="cannot mark messages as taken"):
            list(source.messages())
    taken_folder = f"{folder.name}-presi"
    folder.made.insert(0, taken_folder)
    with ImapSource(folder.url, PASSWORD, ca_file=CA, taken_folder=taken_folder) as source:
        source.connect()
        source._link.keywords = False
        assert [f.key for f in source.messages()] == [uid]
        source.taken(uid)
        assert list(source.messages()) == []
    [(flags, _raw)] = folder.contents(taken_folder).values()
    assert "\\Seen" in flags
    assert KEYWORD not in flags


def test_a_connection_the_server_dropped_is_opened_again(folder, source, monkeypatch):
    uid = folder.append(message(1))
    assert [f.key for f in source.messages()] == [uid]
    source._link._conn.shutdown()  # as a server's autologout after a long pause
    monkeypatch.setattr("techconsole.mail.imap_connect.CHECK_AFTER", 0.0)
    assert [f.key for f in source.messages()] == [uid]
    source.taken(uid)
    assert list(source.messages()) == []


def test_mail_fetch_takes_an_imap_folder_once(folder, tmp_path, monkeypatch):
    """``techconsole mail fetch`` with the settings' IMAP mailbox: the message from a
    known contact opens an incident, is flagged taken on the server, and a second fetch
    finds nothing new."""
    from techconsole.cli import main

    db = tmp_path / "team.db"
    secret = tmp_path / "imap-password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(
        f'db = "{db}"\n[mail]\nimap_url = "{folder.url}"\n'
        f'imap_password_file = "{secret}"\nimap_ca_file = "{CA}"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("TECHCONSOLE_CONFIG", str(config))
    monkeypatch.setenv("TECHCONSOLE_LANG", "en")
    for name in ("TECHCONSOLE_DB", "TECHCONSOLE_MAILDIR", "TECHCONSOLE_IMAP_URL"):
        monkeypatch.delenv(name, raising=False)

    def run(*args: str) -> int:
        try:
            main(list(args))
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 1
        return 0

    assert run("customer", "add", "Rossi S.r.l.") == 0
    assert (
        run(
            "customer",
            "contact-add",
            "1",
            "Mario Rossi",
            "--role",
            "titolare",
            "--email",
            "mario@rossi-srl.example",
        )
        == 0
    )
    uid = folder.append(message(1))
    assert run("mail", "fetch", "--json") == 0
    flags, _raw = folder.contents()[uid]
    assert KEYWORD in flags and "\\Seen" in flags
    assert run("mail", "fetch") == 0  # nothing new: the keyword says it was taken
    from techconsole.services import setup
    from techconsole.services.incidents import reading

    ctx = setup.open_context(database=str(db), service=True)
    try:
        [incident] = reading.list_incidents(ctx)
    finally:
        ctx.db.dispose()
    assert incident.subject == "Il server non risponde (1)"
    assert incident.requester == "Mario Rossi"


def test_mail_watch_takes_a_message_as_soon_as_the_server_has_it(folder, tmp_path):
    """With one IMAP source, mail watch waits with IMAP IDLE: a message appended while it
    waits is taken although the next round is an hour away; SIGTERM stops it."""
    import signal
    import sqlite3
    import subprocess
    import sys

    from cli.processes import environment, me

    home, db = tmp_path / "home", tmp_path / "team.db"
    secret = tmp_path / "imap-password"
    secret.write_text(PASSWORD, encoding="utf-8")
    config = tmp_path / "config.toml"
    config.write_text(
        f'db = "{db}"\n[mail]\nimap_url = "{folder.url}"\n'
        f'imap_password_file = "{secret}"\nimap_ca_file = "{CA}"\n',
        encoding="utf-8",
    )
    env = {**environment(home, me()), "TECHCONSOLE_CONFIG": str(config)}
    for args in (
        ("customer", "add", "Rossi S.r.l."),
        (
            "customer",
            "contact-add",
            "1",
            "Mario",
            "--role",
            "titolare",
            "--email",
            "mario@rossi-srl.example",
        ),
    ):
        made = subprocess.run(
            [sys.executable, "-m", "techconsole", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert made.returncode == 0, made.stderr
    proc = subprocess.Popen(
        [sys.executable, "-m", "techconsole", "mail", "watch", "--interval", "3600"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def incidents() -> int:
        with sqlite3.connect(db, timeout=30) as conn:
            return conn.execute("SELECT COUNT(*) FROM incident").fetchone()[0]

    def until(count: int, what: str) -> None:
        deadline = time.monotonic() + 120
        while incidents() < count:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, what
            time.sleep(0.1)

    try:
        folder.append(message(1))
        until(1, "the first round did not take the first message")
        folder.append(message(2))  # the next round is an hour away: only IDLE can see it
        until(2, "the message was not taken while idling")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert out.count("new incident") == 2
