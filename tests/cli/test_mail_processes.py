"""Mail taken by real processes: killed with SIGKILL mid-way, two at once, ``mail watch``.

Each message must end up taken exactly once: one row per Message-ID, one incident per
request, nothing left in the Maildir's ``new/``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from email.message import EmailMessage
from pathlib import Path

import pytest

from cli.processes import environment, me, techconsole, techconsole_each

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")

DEADLINE = 120.0


def request(n: int) -> bytes:
    msg = EmailMessage()
    msg["Received"] = "from mua by mx.noi.example; Mon, 23 Nov 2026 09:30:00 +0100"
    msg["From"] = f"Cliente {n} <titolare@cliente{n % 5}.example>"
    msg["To"] = "assistenza@noi.example"
    msg["Subject"] = f"Richiesta {n}"
    msg["Message-ID"] = f"<r{n}@cliente.example>"
    msg.set_content(f"Problema numero {n}.")
    return msg.as_bytes()


def maildir(folder: Path, count: int) -> Path:
    for sub in ("tmp", "new", "cur"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / "new" / f"{n:05d}.test").write_bytes(request(n))
    return folder


@pytest.fixture(scope="module")
def _office_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """:func:`office`, made once for this module by the real commands: its person's folder
    and its database, with nothing left in a -wal."""
    made = tmp_path_factory.mktemp("mail-office")
    home, db = made / "home", made / "team.db"
    commands: list[tuple[str, ...]] = [("tech", "whoami")]
    for n in range(5):
        commands.append(("customer", "add", f"Cliente {n}"))
        commands.append(
            (
                "customer",
                "contact-add",
                str(n + 1),
                f"Titolare {n}",
                "--role",
                "titolare",
                "--email",
                f"titolare@cliente{n}.example",
            )
        )
    for args, done in zip(
        commands,
        techconsole_each([(*args, "--db", str(db)) for args in commands], home=home),
        strict=True,
    ):
        assert done.returncode == 0, (args, done.stderr)
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return home, db


@pytest.fixture
def office(_office_template: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A database with five customers, each with a titolare who writes from their domain
    (a copy of the module's :func:`_office_template`, made by the real commands)."""
    home_template, db_template = _office_template
    home, db = tmp_path / "home", tmp_path / "team.db"
    shutil.copytree(home_template, home)
    shutil.copy2(db_template, db)  # its mode too
    return home, db


def counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db, timeout=30) as conn:
        received = "FROM mail_message WHERE direction = 'in'"
        mails = conn.execute(f"SELECT COUNT(*) {received}").fetchone()[0]
        distinct = conn.execute(f"SELECT COUNT(DISTINCT message_id) {received}").fetchone()[0]
        incidents = conn.execute("SELECT COUNT(*) FROM incident").fetchone()[0]
    return mails, distinct, incidents


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def spawn(home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "techconsole", *args],
        env=environment(home, me()),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_fetch_killed_midway_loses_and_duplicates_nothing(office, tmp_path):
    home, db = office
    box = maildir(tmp_path / "Maildir", 300)
    proc = spawn(home, "mail", "fetch", "--maildir", str(box), "--db", str(db))
    try:
        wait_for(
            lambda: (db.exists() and counts(db)[0] >= 20) or proc.poll() is not None,
            "the first messages to be taken",
        )
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=DEADLINE)
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
    again = techconsole("mail", "fetch", "--maildir", str(box), "--db", str(db), home=home)
    assert again.returncode == 0, again.stderr
    assert counts(db) == (300, 300, 300)  # every request once, one incident each
    assert list((box / "new").iterdir()) == []
    assert len(list((box / "cur").iterdir())) == 300


def test_two_fetches_at_once_take_each_message_once(office, tmp_path):
    home, db = office
    box = maildir(tmp_path / "Maildir", 120)
    procs = [spawn(home, "mail", "fetch", "--maildir", str(box), "--db", str(db)) for _ in range(2)]
    for proc in procs:
        _out, err = proc.communicate(timeout=DEADLINE)
        assert proc.returncode == 0, err
    assert counts(db) == (120, 120, 120)
    assert list((box / "new").iterdir()) == []


def test_mail_watch_takes_what_arrives_and_stops_on_sigterm(office, tmp_path):
    home, db = office
    box = maildir(tmp_path / "Maildir", 0)
    proc = spawn(home, "mail", "watch", "--interval", "1", "--maildir", str(box), "--db", str(db))
    try:
        for n in (1, 2):
            temporary = box / "tmp" / f"{n}.arrived"
            temporary.write_bytes(request(1000 + n))
            os.rename(temporary, box / "new" / f"{n}.arrived")  # delivered as a server does
        wait_for(lambda: counts(db)[2] == 2, "the two requests to open incidents")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=DEADLINE)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert out.count("new incident") == 2
    assert "Traceback" not in err


def test_mail_watch_acknowledges_a_request_through_smtp(office, tmp_path):
    """The default policy answers a request by mail with "in coda": the watcher takes
    the message and delivers the acknowledgement, threaded to it, in the same round."""
    from smtp_server import Server

    home, db = office
    box = maildir(tmp_path / "Maildir", 0)
    with Server() as smtp:
        env_home = {
            "TECHCONSOLE_SMTP_URL": f"smtp://127.0.0.1:{smtp.port}",
            "TECHCONSOLE_MAIL_FROM": "assistenza@noi.example",
        }
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "techconsole",
                "mail",
                "watch",
                "--interval",
                "1",
                "--maildir",
                str(box),
                "--db",
                str(db),
                "--json",
            ],
            env={**environment(home, me()), **env_home},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            temporary = box / "tmp" / "req"
            temporary.write_bytes(request(7))
            os.rename(temporary, box / "new" / "req")
            wait_for(lambda: len(smtp.handler.received) == 1, "the acknowledgement to arrive")
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=DEADLINE)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        [sent] = smtp.handler.received
    assert proc.returncode == 0, err
    assert sent.recipients == ["titolare@cliente2.example"]
    assert b"In-Reply-To: <r7@cliente.example>" in sent.data
    assert b"Auto-Submitted: auto-replied" in sent.data
    # --json: one object a line, as each message is taken and as the outbox is sent
    taken, sent_line = (json.loads(line) for line in out.splitlines())
    assert taken["outcome"] == "opened"
    assert sent_line["outbox"]["state"] == "sent"
