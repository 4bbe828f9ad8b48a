"""Checked policies kept between runs: the same policy back, never a stale or foreign one."""

from __future__ import annotations

import dataclasses
import os
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from techconsole.domain.calendar import BusinessCalendar
from techconsole.domain.errors import PolicyError
from techconsole.domain.policy import Policy
from techconsole.services import policies, policy_cache

DAYS = [date(2026, 12, 25), date(2026, 12, 26), date(2026, 8, 15), date(2026, 11, 30)]
START = datetime(2026, 12, 23, 16, 30, tzinfo=UTC)


def fingerprint(value: Any) -> Any:
    """Everything a policy holds, with each calendar as what it answers."""
    if isinstance(value, BusinessCalendar):
        return (
            value.name,
            str(value.zone),
            value.weekly,
            value.closures,
            [(day, value.is_closed_day(day), value.holiday(day)) for day in DAYS],
            value.add(START, timedelta(hours=9)),
        )
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple(
            (f.name, fingerprint(getattr(value, f.name))) for f in dataclasses.fields(value)
        )
    if isinstance(value, dict) or hasattr(value, "items"):
        return tuple((k, fingerprint(v)) for k, v in value.items())
    if isinstance(value, list | tuple):
        return tuple(fingerprint(v) for v in value)
    return value


@pytest.fixture(autouse=True)
def fresh() -> None:
    policies._load_path.cache_clear()  # each load below reads the file (or the cache) again


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def refuse_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make checking a file fail loudly: a load that succeeds came from the cache."""

    def no(*args: object, **kwargs: object) -> Policy:
        raise AssertionError("the policy file was checked again")

    monkeypatch.setattr("techconsole.domain.policy_build.parse_policy", no)


@pytest.mark.parametrize("name", policies.preset_names())
def test_a_kept_preset_comes_back_the_same(name: str, tmp_path: Path) -> None:
    fresh = policies.load(name)
    policies._load_path.cache_clear()
    policies.load(name, cache=tmp_path)  # checked, then kept
    policies._load_path.cache_clear()
    kept = policies.load(name, cache=tmp_path)
    assert len(entries(tmp_path)) == 1
    assert kept is not fresh
    assert fingerprint(kept) == fingerprint(fresh)


def test_the_second_run_does_not_check_the_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policies.load("default", cache=tmp_path)
    policies._load_path.cache_clear()
    refuse_checking(monkeypatch)
    assert policies.load("default", cache=tmp_path).name


def test_a_kept_calendar_still_knows_its_holidays(tmp_path: Path) -> None:
    policies.load("default", cache=tmp_path)
    policies._load_path.cache_clear()
    calendar = policies.load("default", cache=tmp_path).plans["basic"].calendar
    assert calendar.is_closed_day(date(2026, 12, 25))  # Natale
    assert calendar.holiday(date(2026, 12, 25))


def write_policy(path: Path, title: str) -> Path:
    text = policies.resolve("default").read_text(encoding="utf-8")
    path.write_text(text.replace('title = "', f'title = "{title} ', 1), encoding="utf-8")
    return path


def test_an_edited_file_is_checked_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    policy = write_policy(tmp_path / "ours.toml", "Prima")
    assert policies.load(str(policy), cache=cache).title.startswith("Prima")
    policies._load_path.cache_clear()
    write_policy(policy, "Seconda")
    assert policies.load(str(policy), cache=cache).title.startswith("Seconda")
    policies._load_path.cache_clear()
    policy.write_text(policy.read_text(encoding="utf-8") + "\nnot_a_key = 1\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="not_a_key"):
        policies.load(str(policy), cache=cache)
    assert len(entries(cache)) == 2  # the broken one was never kept


def test_a_broken_entry_is_ignored(tmp_path: Path) -> None:
    policies.load("default", cache=tmp_path)
    (entry,) = entries(tmp_path)
    entry.write_bytes(b"not a pickle")
    policies._load_path.cache_clear()
    assert policies.load("default", cache=tmp_path).name == "default"
    assert entry.read_bytes() != b"not a pickle"  # checked again and kept anew


def test_an_entry_someone_else_may_write_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policies.load("default", cache=tmp_path)
    (entry,) = entries(tmp_path)
    entry.chmod(0o620)
    policies._load_path.cache_clear()
    refuse_checking(monkeypatch)
    with pytest.raises(AssertionError, match="checked again"):
        policies.load("default", cache=tmp_path)


def test_a_folder_others_may_write_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    policies.load("default", cache=shared)
    assert entries(shared) == []
    policies._load_path.cache_clear()
    refuse_checking(monkeypatch)
    with pytest.raises(AssertionError, match="checked again"):
        policies.load("default", cache=shared)


def test_entries_are_private(tmp_path: Path) -> None:
    cache = tmp_path / "new" / "policies"
    old = os.umask(0)
    try:
        policies.load("default", cache=cache)
    finally:
        os.umask(old)
    (entry,) = entries(cache)
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_the_key_changes_with_the_content_and_the_path(tmp_path: Path) -> None:
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    assert policy_cache.key(a, b"x") != policy_cache.key(a, b"y")
    assert policy_cache.key(a, b"x") != policy_cache.key(b, b"x")
    assert policy_cache.key(a, b"x") == policy_cache.key(a, b"x")


def test_without_a_folder_nothing_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    policies.load("default")
    assert list(tmp_path.rglob("*.pickle")) == []


def test_a_folder_keeps_the_newest_entries_only(tmp_path: Path) -> None:
    """Each version of the program, policy file and queue view writes entries of its
    own: a folder keeps the newest written, and a write killed long ago leaves nothing."""
    folder = tmp_path / "cache"
    total = policy_cache.KEEP + 10
    for n in range(total):
        policy_cache.write_bytes(folder, f"entry-{n:03}", b"x")
        os.utime(folder / f"entry-{n:03}", (1_000_000 + n, 1_000_000 + n))  # n-th oldest
    stray, fresh = folder / ".old.tmp", folder / ".writing.tmp"
    stray.write_bytes(b"half")
    fresh.write_bytes(b"half")
    os.utime(stray, (1_000_000, 1_000_000))
    policy_cache.write_bytes(folder, "entry-000", b"again")  # an old entry written anew
    kept = sorted(path.name for path in folder.iterdir())
    newest = [f"entry-{n:03}" for n in range(total - policy_cache.KEEP + 1, total)]
    assert kept == [".writing.tmp", "entry-000", *newest]
    assert len(kept) - 1 == policy_cache.KEEP
    assert policy_cache.read_bytes(folder, "entry-000") == b"again"
