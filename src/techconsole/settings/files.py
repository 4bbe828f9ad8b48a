"""The config files: which are looked at (user, then site, or the one
``$TECHCONSOLE_CONFIG`` names) and the settings each gives, checked."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from techconsole.i18n import _
from techconsole.settings.errors import SettingsError
from techconsole.settings.keys import _PATH_KEYS, BY_NAME

APP = "techconsole"
CONFIG_ENV = "TECHCONSOLE_CONFIG"


@dataclass(frozen=True, slots=True)
class ConfigFile:
    path: Path
    exists: bool
    kind: str  # "user", "site" or $TECHCONSOLE_CONFIG


def config_files(environ: Mapping[str, str]) -> list[ConfigFile]:
    """The files looked at, the one that wins first: user, then site (or the one named)."""
    named = environ.get(CONFIG_ENV, "").strip()
    if named:
        path = Path(named).expanduser()
        return [ConfigFile(path, path.is_file(), f"${CONFIG_ENV}")]
    from platformdirs import site_config_dir, user_config_dir

    user = Path(user_config_dir(APP, appauthor=False)) / "config.toml"
    found = [ConfigFile(user, user.is_file(), "user")]
    for folder in site_config_dir(APP, appauthor=False, multipath=True).split(os.pathsep):
        site = Path(folder) / "config.toml"
        found.append(ConfigFile(site, site.is_file(), "site"))
    return found


def _relative_to(value: str, folder: Path, *, policy: bool) -> str:
    """A relative path in a config file is relative to the file's folder."""
    if "://" in value or (policy and "/" not in value and not value.endswith(".toml")):
        return value  # a URL, or a preset name
    path = Path(value).expanduser()
    return value if path.is_absolute() else str(folder / path)


def read_file(path: Path) -> dict[str, Any]:
    """The settings a config file gives, checked: ``file: key: reason`` for each problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(
            str(path), [("", _("cannot read the file: {error}").format(error=exc))]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(
            str(path), [("", _("not valid TOML: {error}").format(error=exc))]
        ) from None
    except RecursionError:
        raise SettingsError(
            str(path), [("", _("not a config file: its tables or arrays are nested too deeply"))]
        ) from None
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for table in ("mail", "hooks"):
        found = data.pop(table, None)
        if isinstance(found, dict):  # [mail]: its keys are mail.KEY
            data.update({f"{table}.{name}": raw for name, raw in found.items()})
        elif found is not None:
            problems.append((table, _("expected a [{table}] table").format(table=table)))
    for name, raw in data.items():
        key = BY_NAME.get(name)
        if key is None:
            known = ", ".join(BY_NAME)
            problems.append((name, _("unknown key (keys: {known})").format(known=known)))
            continue
        try:
            value = key.check(raw)
        except ValueError as exc:
            problems.append((name, str(exc)))
            continue
        if name in ("db", "policy"):
            value = _relative_to(value, path.parent, policy=name == "policy")
        elif name in _PATH_KEYS:
            value = _relative_to(value, path.parent, policy=False)
        elif name == "mail.maildirs":
            value = tuple(_relative_to(item, path.parent, policy=False) for item in value)
        values[name] = value
    if problems:
        raise SettingsError(str(path), problems)
    return values
