from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest

from os_users import pretend
from techconsole.cli import output
from techconsole.domain.policy import Policy
from techconsole.domain.policy_build import parse_policy
from techconsole.i18n import set_language

DEFAULT_POLICY = Path(__file__).parents[1] / "data/policies/default.toml"


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker more than the cores this process may run on.  A good part
    of the suite waits (on the processes it starts, PostgreSQL, Dovecot, the console's
    pauses): on 2 cores a third worker took the whole suite from 806 to 759 s."""
    return len(os.sched_getaffinity(0)) + 1


def pytest_configure(config: pytest.Config) -> None:
    """Fewer, larger garbage collections.  With Python's default thresholds (700, 10, 10)
    a worker ran a full collection every few tests, each walking half a million objects
    and running what they finalise (engines, event loops): a quarter of the suite's CPU
    (9.5 of 38 s in three test files).  A young generation of 20,000 and 20 collections
    of each generation before the next one leaves 4 s of it for ~10 % more memory."""
    gc.set_threshold(20_000, 20, 20)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What collecting imported (pytest, the program, SQLAlchemy, Textual) lives as long
    as the worker: out of the collector's way (``gc.freeze``), so that a full collection
    walks only what the tests made."""
    gc.collect()
    gc.freeze()


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The shipped default policy (immutable, so one instance serves the whole session)."""
    return parse_policy(DEFAULT_POLICY.read_text(encoding="utf-8"), str(DEFAULT_POLICY))


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory, monkeypatch):
    """No test reads or writes the real user's data folder (default and demo databases)
    or state folder (the log of internal errors) or cache folder (kept policies), nor reads
    the real config files."""
    home = tmp_path_factory.mktemp("user-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))  # errors.log
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config / "user"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(config / "site"))
    monkeypatch.delenv("TECHCONSOLE_CONFIG", raising=False)


#: Output is read by the tests, not by a terminal: lines as wide as the longest path of a
#: test's temporary folder (a pytest-xdist worker's are longer), for the real processes the
#: tests start too (they inherit it).
os.environ.setdefault("COLUMNS", "200")


@pytest.fixture(autouse=True)
def _fresh_cli_consoles():
    """The command line's Rich consoles are made when first used and keep the width they
    found then; each test's commands get new ones, made with that test's settings."""
    for console in (output.out, output.err):
        object.__setattr__(console, "_console", None)


@pytest.fixture(autouse=True)
def _console_language():
    """Every test starts with the program speaking Italian (the default) and leaves it so;
    a test that wants English asks for the ``english`` fixture."""
    set_language("it")
    yield
    set_language("it")


@pytest.fixture
def english() -> None:
    """The program speaks English in this test (``language = "en"`` in the settings)."""
    set_language("en")


@pytest.fixture
def os_user(monkeypatch):
    """The test-only seam: ``os_user("bruno")`` makes bruno the real OS user of this
    process's next commands (see ``os_users.py``)."""

    def become(login: str) -> None:
        pretend(monkeypatch, login)

    return become
