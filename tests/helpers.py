"""Shared helpers for the domain tests: the zone, aware datetimes, inline policies."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from techconsole.domain.policy import Policy
from techconsole.domain.policy_build import parse_policy

ROME = ZoneInfo("Europe/Rome")
REPO = Path(__file__).parents[1]
DEFAULT_POLICY_PATH = REPO / "data/policies/default.toml"


def rome(
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    microsecond: int = 0,
    *,
    fold: int = 0,
) -> datetime:
    """A wall-clock time in Rome (``fold=1`` picks the second 02:xx of the autumn night)."""
    return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=ROME, fold=fold)


def default_policy_text() -> str:
    return DEFAULT_POLICY_PATH.read_text(encoding="utf-8")


def load_policy(text: str, source: str = "<test>") -> Policy:
    return parse_policy(text, source)
