from __future__ import annotations

from pathlib import Path

import pytest

from techconsole.domain.policy import Policy
from techconsole.domain.policy_build import parse_policy

DEFAULT_POLICY = Path(__file__).parents[1] / "data/policies/default.toml"


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The shipped default policy (immutable, so one instance serves the whole session)."""
    return parse_policy(DEFAULT_POLICY.read_text(encoding="utf-8"), str(DEFAULT_POLICY))


@pytest.fixture(autouse=True)
def _private_user_dirs(tmp_path_factory, monkeypatch):
    """No test reads or writes the real user's data folder (default and demo databases),
    nor reads the real config files."""
    home = tmp_path_factory.mktemp("user-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    config = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config / "user"))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(config / "site"))
    monkeypatch.delenv("TECHCONSOLE_CONFIG", raising=False)
