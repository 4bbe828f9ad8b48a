"""No tracebacks, ever: each kind of bad input, through the real entry point, ends in one
clear line on stderr, exit code 2 (bad input) or 1 (environment), and nothing written;
a failure of the program itself ends in one line too, exit code 70, with the details in
the log of internal errors.

Most cases run the entry point in-process (``main([...])``); a few run a real
``python -m techconsole`` so that nothing of the test's own setup hides a traceback.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from techconsole.store import migrate

TOO_BIG = "99999999999999999999999"
SRC = Path(__file__).parents[2] / "src"


def clean(result, code: int, *words: str) -> None:
    """``result`` ended with ``code``, said ``words``, and showed no traceback."""
    assert "Traceback" not in result.err + result.out, result.err
    assert result.code == code, (result.code, result.err)
    for word in words:
        assert word in " ".join(result.err.split()), (word, result.err)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- numbers too big for an integer ------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (("incident", "show", TOO_BIG), 2, f"no incident {TOO_BIG}"),
        (("incident", "claim", TOO_BIG), 2, f"no incident {TOO_BIG}"),
        (("incident", "show", "²"), 2, "is not an incident number"),
        (("customer", "show", TOO_BIG), 2, f"no customer with id {TOO_BIG}"),
        (("customer", "contact-add", TOO_BIG, "Ada"), 2, "no customer with id"),
        (("incident", "list", "--customer", TOO_BIG), 2, "no customer with id"),
        (("incident", "add", "x", "-c", TOO_BIG), 2, "no customer with id"),
        (("incident", "add", "x", "-c", "1", "--requester", TOO_BIG), 2, "--requester"),
        (("incident", "account", "1", "--contact", TOO_BIG), 2, "--contact"),
        (("incident", "account", "1", "--contact", "0"), 2, "from 1 to 2147483647"),
        (("timer", "start", TOO_BIG), 2, f"no incident {TOO_BIG}"),
        (("timer", "edit", TOO_BIG, "--note", "x"), 2, "is not a whole number from 1 to"),
        (("timer", "edit", "2147483648", "--note", "x"), 2, "is not a whole number"),
        (("timer", "list", "--incident", TOO_BIG), 2, f"no incident {TOO_BIG}"),
        (("material", "list", TOO_BIG), 2, f"no incident {TOO_BIG}"),
        (("bill", "incident", TOO_BIG), 2, f"no incident {TOO_BIG}"),
        (("report", "work", TOO_BIG, "--format", "text"), 2, f"no incident {TOO_BIG}"),
        (("report", "work", "1", "--revision", TOO_BIG, "--format", "text"), 2, "--revision"),
        (("report", "list", "--customer", TOO_BIG), 2, "no customer with id"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else None,
)
def test_an_id_too_big_for_an_integer(tc, office, args, code, said):
    clean(tc(*args), code, said)


def test_a_customer_filter_too_big_finds_nothing(tc, office):
    result = tc("queue", "--customer", TOO_BIG)
    clean(result, 0)


# --- times outside the supported years ---------------------------------------------------

OUTSIDE = "outside the years techconsole works with (2000–2100)"


@pytest.mark.parametrize(
    "args",
    [
        ("sla", "due", "--plan", "basic", "--severity", "A", "--at", "0001-01-01T00:00"),
        ("sla", "due", "--plan", "basic", "--severity", "A", "--at", "9999-12-31T23:59+14:00"),
        ("sla", "calendar", "--plan", "basic", "--from", "0001-01-01"),
        ("incident", "add", "x", "-c", "1", "--at", "0001-01-01T00:00"),
        ("incident", "add", "x", "-c", "1", "--at", "1999-12-31T23:59"),
        ("incident", "ack", "1", "--estimate", "9999-12-31T23:59"),
        ("incident", "ack", "1", "--on-site-by", "0001-01-01T00:00"),
        ("incident", "pause", "1", "--at", "0001-01-01T00:00"),
        ("timer", "start", "1", "--at", "0001-01-01T00:00"),
        ("timer", "list", "--month", "0001-01"),
        ("month", "close", "9999-12"),
        ("report", "list", "--month", "0001-01"),
        ("customer", "contract-add", "1", "--plan", "basic", "--from", "0001-01-01", "--to", "2026-12-31"),  # noqa: E501
    ],
    ids=lambda value: " ".join(value),
)  # fmt: skip
def test_a_time_outside_the_supported_years(tc, office, db_file, args):
    tc("incident", "add", "Stampante", "-c", "1")
    before = digest(db_file)
    clean(tc(*args), 2, OUTSIDE)
    assert digest(db_file) == before


def test_an_arrival_before_its_incident_work_is_refused(tc, office):
    tc("incident", "add", "Stampante", "-c", "1", "--at", "2026-11-20T09:00")
    clean(
        tc("timer", "start", "1", "--at", "2026-11-20T08:00"),
        2,
        "is before 2026-000001 arrived (20/11/2026 09:00)",
    )
    clean(tc("incident", "ack", "1", "--on-site-by", "2026-11-19T12:00"), 2, "arrived")


def test_a_long_session_needs_force(tc, office):
    tc("incident", "add", "Stampante", "-c", "1", "--at", "2026-11-20T08:00")
    tc("timer", "start", "1", "--at", "2026-11-20T09:00")
    result = tc("timer", "stop", "--at", "2026-11-21T09:00")
    clean(result, 1, "would last 24h 00m", "maximum of 12h 00m", "--force")
    clean(tc("timer", "stop", "--at", "2026-11-21T09:00", "--force"), 0)


# --- a --db that is not a techconsole database -------------------------------------------


def _not_a_database(tmp_path: Path, kind: str, migrated_template: Path) -> Path:
    path = tmp_path / f"{kind}.db"
    if kind == "random":
        path.write_bytes(os.urandom(8192))
    elif kind == "text":
        path.write_text("this is a note, not a database\n" * 50, encoding="utf-8")
    elif kind == "truncated":
        path.write_bytes(migrated_template.read_bytes()[:6000])
    elif kind == "folder":
        path.mkdir()
    elif kind == "other program's":
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE recipes (name TEXT)")
        connection.commit()
        connection.close()
    return path


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("random", "it is not a SQLite file"),
        ("text", "it is not a SQLite file"),
        ("truncated", "the file is truncated or damaged"),
        ("folder", "it is a folder"),
        ("other program's", "it holds other tables: recipes"),
    ],
)
@pytest.mark.parametrize("command", [("incident", "list"), ("db", "status"), ("db", "upgrade")])
def test_a_file_that_is_not_a_techconsole_database(
    run, tmp_path, migrated_template, kind, reason, command
):
    path = _not_a_database(tmp_path, kind, migrated_template)
    before = sorted(p.name for p in tmp_path.iterdir())
    was = None if path.is_dir() else digest(path)
    result = run(*command, "--db", str(path), "--as", "anna")
    clean(result, 2, "is not a techconsole database", reason, "nothing was changed")
    assert str(path) in " ".join(result.err.split())
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no -wal, no -shm
    if was is not None:
        assert digest(path) == was


def test_a_folder_that_does_not_exist(run, tmp_path):
    result = run("incident", "list", "--db", str(tmp_path / "nowhere" / "tc.db"))
    clean(result, 2, "does not exist")
    assert not (tmp_path / "nowhere").exists()


def test_a_schema_newer_than_this_program(run, tmp_path, migrated_template):
    path = tmp_path / "newer.db"
    path.write_bytes(migrated_template.read_bytes())
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.execute("PRAGMA journal_mode = DELETE")  # the file as a backup leaves it
    connection.close()
    before = digest(path)
    commands = (("incident", "list"), ("db", "upgrade"), ("db", "init"), ("db", "status"))
    for command in (*commands, ("tech", "list")):
        result = run(*command, "--db", str(path), "--as", "anna")
        clean(
            result,
            1,
            "has schema version 9999",
            f"newer than this techconsole knows ({migrate.head()})",
            "upgrade techconsole (pip install -U techconsole)",
            "nothing was changed",
        )
        assert "db upgrade" not in result.err
    assert digest(path) == before


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("mysql://tc@db/techconsole", "does not run on 'mysql' databases"),
        ("mysql+pymysql://tc@db/tc", "does not run on 'mysql+pymysql' databases"),
        ("foo://", "does not run on 'foo' databases"),
        ("://", "is not a database URL"),
    ],
)
def test_a_database_url_of_an_unsupported_kind(run, url, said):
    clean(run("incident", "list", "--db", url), 2, said, "sqlite:///PATH", "postgresql+psycopg://")


# --- policies ------------------------------------------------------------------------------


def test_a_policy_target_too_long_and_a_policy_nested_too_deep(tc, office, tmp_path):
    default = (Path(__file__).parents[2] / "data/policies/default.toml").read_text("utf-8")
    huge = tmp_path / "huge.toml"
    huge.write_text(default.replace('A = "4h"', 'A = "99999999999h"', 1), encoding="utf-8")
    deep = tmp_path / "deep.toml"
    deep.write_text("name = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    for command in (("policy", "check", str(huge)), ("--policy", str(huge), "queue")):
        result = tc(*command)
        clean(result, 2, f"{huge}: plans.basic.targets.response.A:", "is too long: at most 8784h")
    for command in (("policy", "check", str(deep)), ("--policy", str(deep), "timer", "status")):
        result = tc(*command)
        clean(result, 2, f"{deep}: name: not a policy file: its tables or arrays are nested")


# --- a failure of the program itself --------------------------------------------------------


def test_an_unexpected_error_is_one_line_exit_70_and_logged(tc, office, monkeypatch, tmp_path):
    from techconsole.services.team import members

    def broken(*args, **kwargs):
        raise RuntimeError("the disk said no\nsecond line")

    monkeypatch.setattr(members, "list_technicians", broken)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    result = tc("tech", "list")
    log = tmp_path / "state" / "techconsole" / "errors.log"
    clean(result, 70, "internal error: RuntimeError: the disk said no (please report it")
    assert str(log) in " ".join(result.err.split())
    assert len(result.err.strip().splitlines()) == 1 or "second line" not in result.err
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: the disk said no" in text
    assert "command: techconsole tech list" in text
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


def test_an_unexpected_error_is_said_in_italian(tc, office, monkeypatch):
    from techconsole.services.team import members

    monkeypatch.setattr(members, "list_technicians", lambda *a, **k: 1 / 0)
    monkeypatch.setenv("TECHCONSOLE_LANG", "it")
    clean(tc("tech", "list"), 70, "errore interno: ZeroDivisionError")


# --- real processes -------------------------------------------------------------------------


def _process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(SRC), "TECHCONSOLE_LANG": "en", **(env or {})}
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_real_processes_say_one_line(tmp_path, migrated_template):
    noise = tmp_path / "noise.db"
    noise.write_bytes(os.urandom(4096))
    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "{ b = " * 5000 + "1" + " }" * 5000, encoding="utf-8")
    db = tmp_path / "tc.db"
    db.write_bytes(migrated_template.read_bytes())
    cases = [
        (("incident", "show", TOO_BIG, "--db", str(db), "--as", "anna"), 2, "no incident"),
        (("incident", "list", "--db", str(noise)), 2, "is not a techconsole database"),
        (("policy", "check", str(deep)), 2, "nested too deeply"),
        (("sla", "due", "--plan", "basic", "--severity", "A", "--at", "0001-01-01"), 2, "2000"),
        (("incident", "list", "--db", "mysql://x@y/z"), 2, "does not run on 'mysql'"),
    ]  # fmt: skip
    for args, code, said in cases:
        done = _process("-m", "techconsole", *args)
        assert "Traceback" not in done.stderr + done.stdout, done.stderr
        assert done.returncode == code, (args, done.stderr)
        assert said in " ".join(done.stderr.split())


def test_a_real_process_that_fails_inside_says_one_line(tmp_path):
    script = (
        "import sys\n"
        "from techconsole.services import policies\n"
        "def broken(*a, **k):\n"
        "    raise KeyError('surprise')\n"
        "policies.presets = broken\n"
        "from techconsole.cli import main\n"
        "main(['policy', 'list'])\n"
    )
    done = _process("-c", script, env={"XDG_STATE_HOME": str(tmp_path)})
    assert done.returncode == 70
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("internal error: KeyError: 'surprise'")
    log = tmp_path / "techconsole" / "errors.log"
    assert "KeyError: 'surprise'" in log.read_text(encoding="utf-8")


# --- a fuzz over the arguments that take ids and times -------------------------------------

TEMPLATES = [
    ("incident", "show", "{}"),
    ("customer", "show", "{}"),
    ("timer", "edit", "{}", "--note", "x"),
    ("incident", "add", "x", "-c", "1", "--at", "{}"),
    ("incident", "add", "x", "-c", "1", "--requester", "{}"),
    ("sla", "due", "--plan", "basic", "--severity", "A", "--at", "{}"),
    ("sla", "calendar", "--plan", "basic", "--from", "{}"),
    ("timer", "list", "--month", "{}"),
    ("report", "work", "{}", "--format", "text"),
]
TYPED = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.from_regex(r"\A[0-9]{4,5}-[0-9]{2}(-[0-9]{2}(T[0-9]{2}:[0-9]{2}([+-][0-9]{2}:[0-9]{2})?)?)?\Z"),
    st.text(min_size=1, max_size=40).filter(lambda s: not s.startswith("-")),
)  # fmt: skip


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(template=st.sampled_from(TEMPLATES), value=TYPED)
def test_fuzzed_ids_and_times_never_end_in_a_traceback(tc, office, template, value):
    args = [value if part == "{}" else part for part in template]
    result = tc(*args)
    assert "Traceback" not in result.err + result.out, (args, result.err)
    assert result.code in (0, 1, 2), (args, result.code, result.err)


def test_a_database_error_is_said_once(tmp_path):
    """A database whose schema says it is current but lacks a column: the error is said
    with its kind once ("database error: …"), not twice."""
    import sqlite3
    import subprocess
    import sys

    db = tmp_path / "broken.db"
    env = {**os.environ, "TECHCONSOLE_DB": str(db)}
    made = subprocess.run(
        [sys.executable, "-m", "techconsole", "db", "init"], env=env, capture_output=True
    )
    assert made.returncode == 0, made.stderr
    with sqlite3.connect(db) as conn:
        conn.execute("ALTER TABLE incident DROP COLUMN program")
    result = subprocess.run(
        [sys.executable, "-m", "techconsole", "incident", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    said = result.stderr.count("errore del database") + result.stderr.count("database error")
    assert said == 1, result.stderr
    assert "Traceback" not in result.stderr
