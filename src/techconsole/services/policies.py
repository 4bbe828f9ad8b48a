"""Choosing and loading a policy: a preset name or the path of a TOML file.

The choice comes from the entry point's settings (``--policy``, ``$TECHCONSOLE_POLICY``,
the config file); without one it is the ``default`` preset.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from techconsole.domain.errors import PolicyError
from techconsole.i18n import _
from techconsole.services import policy_cache
from techconsole.services.resources import data_dir

if TYPE_CHECKING:
    from techconsole.domain.policy import Policy

DEFAULT = "default"
#: the years whose holidays a kept policy carries, around the year it was checked in
HOLIDAY_YEARS_BEFORE, HOLIDAY_YEARS_AFTER = 3, 6


@dataclass(frozen=True, slots=True)
class PresetInfo:
    name: str
    title: str
    description: str
    path: Path


def presets_dir() -> Path:
    return data_dir() / "policies"


def preset_names() -> list[str]:
    return sorted(p.stem for p in presets_dir().glob("*.toml"))


def resolve(choice: str | None = None) -> Path:
    """The file a policy choice names: a preset name or a path to a TOML file."""
    choice = choice or DEFAULT
    preset = presets_dir() / f"{choice}.toml"
    if "/" not in choice and "\\" not in choice and not choice.endswith(".toml"):
        if preset.is_file():
            return preset
        known = ", ".join(preset_names())
        raise PolicyError(
            choice,
            [
                (
                    "",
                    _(
                        "no such policy preset (presets: {known}; or give the path of a .toml file)"
                    ).format(known=known),
                )
            ],
        )
    path = Path(choice).expanduser()
    if not path.is_file():
        raise PolicyError(str(path), [("", _("file not found"))])
    return path


@cache
def _load_path(path: Path, mtime_ns: int, size: int, cache: Path | None) -> Policy:
    try:
        content = path.read_bytes()
        text = content.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PolicyError(
            str(path), [("", _("cannot read the file: {error}").format(error=exc))]
        ) from None
    name = policy_cache.key(path, content) if cache is not None else ""
    if cache is not None and (kept := policy_cache.read(cache, name)) is not None:
        return kept
    from techconsole.domain.policy_build import parse_policy  # the checker: ~0.1 s to import

    policy = parse_policy(text, str(path))
    if cache is not None:
        # the holidays of the years around now, kept with it: no holiday package to
        # import when a clock is read (every country's tables: ~0.2 s)
        year = datetime.now(UTC).year
        policy.learn_holidays(range(year - HOLIDAY_YEARS_BEFORE, year + HOLIDAY_YEARS_AFTER + 1))
        policy_cache.write(cache, name, policy)
    return policy


def load(choice: str | None = None, *, cache: Path | None = None) -> Policy:
    """Load and validate the chosen policy (cached while the file is unchanged).

    ``cache`` is a folder where a checked policy is kept between runs (see
    :mod:`techconsole.services.policy_cache`); without it the file is checked each run.
    """
    path = resolve(choice).resolve()
    info = path.stat()
    return _load_path(path, info.st_mtime_ns, info.st_size, cache)


def kept(choice: str | None = None, *, cache: Path | None = None) -> bool:
    """Whether the chosen policy passed its check before and is kept in ``cache`` as it
    is now, so that :func:`load` will find it there and has nothing to say.  Cheap: the
    file is read and hashed, the kept policy is not read (nor pydantic imported)."""
    if cache is None:
        return False
    try:
        path = resolve(choice).resolve()
        content = path.read_bytes()
        content.decode("utf-8")
    except (PolicyError, OSError, UnicodeDecodeError):
        return False
    return policy_cache.holds(cache, policy_cache.key(path, content))


def presets() -> list[PresetInfo]:
    """Every shipped preset, loaded (so a broken one fails here, not in front of a user)."""
    out = []
    for name in preset_names():
        policy = load(name)
        out.append(PresetInfo(name, policy.title, policy.description, resolve(name)))
    return out
