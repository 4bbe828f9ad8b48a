"""Two real OS users on one SQLite file: who they are comes from their uid, nothing else.

The test creates two users and their group (``useradd``, ``groupadd``; removed at the
end), a group folder set up as the README's team server has it (setgid, group-writable),
and runs ``python -m techconsole`` as each of them with ``runuser``.  It needs root and
those tools, and an interpreter the new users may run; otherwise it is skipped, saying
which is missing.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import techconsole

ANNA, BRUNO, GROUP = "tc_test_anna", "tc_test_bruno", "tc_test_techs"
TOOLS = ("useradd", "userdel", "groupadd", "groupdel", "runuser")
SOURCE = Path(techconsole.__file__).resolve().parents[1]


def _missing() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "creating OS users needs root"
    absent = [tool for tool in TOOLS if shutil.which(tool) is None]
    if absent:
        return f"{', '.join(absent)} not found"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


def _sh(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)


def _exists(login: str) -> bool:
    try:
        pwd.getpwnam(login)
    except KeyError:
        return False
    return True


@dataclass
class Team:
    folder: Path
    db: Path
    python: str
    pythonpath: str

    def run(
        self, user: str, *args: str, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        """``python -m techconsole ARGS --db DB`` as ``user``, in a clean environment."""
        home = self.folder / f"home-{user}"
        values = {
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": self.pythonpath,
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CONFIG_DIRS": str(self.folder / "site-config"),
            "TECHCONSOLE_LANG": "en",
            "COLUMNS": "250",
            **(env or {}),
        }
        command = [
            "runuser",
            "-u",
            user,
            "--",
            "env",
            "-i",
            *(f"{key}={value}" for key, value in values.items()),
            self.python,
            "-m",
            "techconsole",
            *args,
            "--db",
            str(self.db),
        ]
        return subprocess.run(
            command, cwd=self.folder, capture_output=True, text=True, check=False, timeout=120
        )

    def dump(self) -> list[str]:
        connection = sqlite3.connect(self.db)
        try:
            return list(connection.iterdump())
        finally:
            connection.close()

    def audit(self) -> list[tuple[str, str, str | None]]:
        connection = sqlite3.connect(self.db)
        try:
            return connection.execute(
                "SELECT action, actor, os_user FROM audit ORDER BY id"
            ).fetchall()
        finally:
            connection.close()


def _interpreter(folder: Path) -> tuple[str, str]:
    """A Python the new users may run, with techconsole and its libraries on its path.

    This one if they can run it; else the system's ``python3`` of the same version with
    this environment's libraries (a virtual environment under a private home folder is
    not theirs to run).  Skips the test when neither works.
    """
    libraries = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    path = os.pathsep.join([str(SOURCE), *sorted(libraries)])
    probe = "import techconsole.cli, sqlalchemy, typer, rich"
    candidates = [sys.executable]
    system = shutil.which("python3", path="/usr/bin:/bin")
    if system:
        candidates.append(system)
    tried = []
    for python in candidates:
        done = _sh(
            "runuser", "-u", ANNA, "--", "env", "-i", f"PYTHONPATH={path}", python, "-c",
            "import sys; print('%d.%d' % sys.version_info[:2]); " + probe,
        )  # fmt: skip
        version = f"{sys.version_info[0]}.{sys.version_info[1]}"
        if done.returncode == 0 and done.stdout.strip() == version:
            return python, path
        tried.append(f"{python}: {(done.stderr.strip().splitlines() or ['?'])[-1]}")
    pytest.skip(f"no Python the test users may run with techconsole ({'; '.join(tried)})")


@pytest.fixture(scope="module")
def team() -> Iterator[Team]:
    created: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="tc-team-", dir="/tmp"))
    try:
        if _sh("getent", "group", GROUP).returncode != 0:
            done = _sh("groupadd", GROUP)
            assert done.returncode == 0, done.stderr
            created.append("group")
        for login, name in ((ANNA, "Anna Test"), (BRUNO, "Bruno Test")):
            if not _exists(login):
                done = _sh("useradd", "--no-create-home", "--gid", GROUP, "--comment", name, login)
                assert done.returncode == 0, done.stderr
                created.append(login)
        # the README's team folder: the group may write it, new files keep the group
        os.chown(folder, 0, pwd.getpwnam(ANNA).pw_gid)
        folder.chmod(0o2770)
        for login in (ANNA, BRUNO):
            home = folder / f"home-{login}"
            home.mkdir()
            entry = pwd.getpwnam(login)
            os.chown(home, entry.pw_uid, entry.pw_gid)
        python, path = _interpreter(folder)
        yield Team(folder, folder / "techconsole.db", python, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        for login in (ANNA, BRUNO):
            if login in created:
                _sh("userdel", login)
        if "group" in created:
            _sh("groupdel", GROUP)


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_two_os_users_share_a_database_each_as_themselves(team: Team):
    made = team.run(ANNA, "db", "init", "--json")
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["first_lead"] == ANNA
    assert f"You ({ANNA}) are the first lead of this database" in one_line(made.stderr)

    me = json.loads(team.run(ANNA, "tech", "whoami", "--json").stdout)
    assert (me["login"], me["name"], me["role"]) == (ANNA, "Anna Test", "lead")  # GECOS
    added = team.run(ANNA, "tech", "add", BRUNO, "--name", "Bruno Test")
    assert added.returncode == 0, added.stderr

    # bruno's environment says anna: he is still bruno
    spoof = {"LOGNAME": ANNA, "USER": ANNA, "USERNAME": ANNA}
    me = json.loads(team.run(BRUNO, "tech", "whoami", "--json", env=spoof).stdout)
    assert (me["login"], me["os_user"], me["role"]) == (BRUNO, BRUNO, "technician")

    # bruno may not act as anna: not by --as, not by the variable, not even to read
    before = team.dump()
    for args, env, asked in (
        (("customer", "add", "Nuovo Cliente", "--as", ANNA), {}, f"--as {ANNA}"),
        (("month", "close", "2026-10", "--as", ANNA), {}, f"--as {ANNA}"),
        (("queue",), {"TECHCONSOLE_USER": ANNA}, f"TECHCONSOLE_USER={ANNA}"),
    ):
        refused = team.run(BRUNO, *args, env=env)
        assert refused.returncode == 2, (args, refused.stderr)
        message = one_line(refused.stderr)
        assert f"{asked}: only an active team lead of this database may act" in message
        assert f"you ({BRUNO}) are not one; nothing was done" in message
        assert "Traceback" not in refused.stderr and refused.stdout == ""
    assert team.dump() == before

    # anna, a lead, acts on bruno's behalf; bruno acts as himself
    done = team.run(ANNA, "customer", "add", "Bar Sport", "--as", BRUNO)
    assert done.returncode == 0, done.stderr
    done = team.run(BRUNO, "customer", "add", "Ottica Esempio")
    assert done.returncode == 0, done.stderr
    assert team.audit() == [
        ("technician.add", ANNA, ANNA),  # the first lead, by herself
        ("technician.add", ANNA, ANNA),  # anna added bruno
        ("customer.add", BRUNO, ANNA),  # for bruno, run by anna
        ("customer.add", BRUNO, BRUNO),
    ]
