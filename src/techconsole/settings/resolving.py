"""The settings of a process: each from the first of a flag, the environment, the config
files (user before site) and its default, with where it came from."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from techconsole.settings.errors import SettingsError
from techconsole.settings.files import APP, ConfigFile, config_files, read_file
from techconsole.settings.keys import KEYS, attr

DEFAULT_SOURCE = "default"


@dataclass(frozen=True)
class Sources:
    """What the environment and the config files say, before the flags."""

    files: list[ConfigFile]
    layers: list[tuple[str, dict[str, Any]]]  # (source, values), the one that wins first


def read_sources(environ: Mapping[str, str], files: Sequence[ConfigFile] | None = None) -> Sources:
    """The environment, then each existing config file (user before site)."""
    looked = list(files) if files is not None else config_files(environ)
    env_values: dict[str, Any] = {}
    for key in KEYS:
        if key.env is None or not environ.get(key.env, "").strip():
            continue
        try:
            env_values[key.name] = key.check(environ[key.env])
        except ValueError as exc:
            raise SettingsError(f"${key.env}", [("", str(exc))]) from None
    layers: list[tuple[str, dict[str, Any]]] = [("env", env_values)]
    for found in looked:
        if found.exists:
            layers.append((str(found.path), read_file(found.path)))
    return Sources(looked, layers)


@dataclass(frozen=True)
class Settings:
    """Every setting's value, and where each came from (``sources``)."""

    db: str | None = None
    policy: str = "default"
    language: str = "it"
    mouse: bool = True
    busy_timeout_ms: int = 10_000
    lock_timeout_ms: int = 10_000
    statement_timeout_ms: int = 60_000
    user: str | None = None
    #: processes drawing many PDFs at once (``None``: one per core)
    workers: int | None = None
    alerts: bool = True
    keys: dict[str, str] = field(default_factory=dict)
    bell: bool = True
    hooks_on_warning: str | None = None
    hooks_on_breach: str | None = None
    hooks_on_new_incident: str | None = None
    hooks_on_resolved: str | None = None
    hooks_timeout_seconds: int = 10
    mail_maildirs: tuple[str, ...] = ()
    mail_imap_url: str | None = None
    mail_imap_password_file: str | None = None
    mail_imap_taken_folder: str | None = None
    mail_imap_ca_file: str | None = None
    mail_smtp_url: str | None = None
    mail_smtp_password_file: str | None = None
    mail_smtp_ca_file: str | None = None
    mail_sender: str | None = None
    mail_attachment_max_mb: int = 10
    mail_poll_seconds: int = 60
    mail_web_form_senders: tuple[str, ...] = ()
    sources: dict[str, str] = field(default_factory=dict)
    files: list[ConfigFile] = field(default_factory=list)

    def source(self, name: str) -> str:
        return self.sources.get(name, DEFAULT_SOURCE)

    @property
    def console_state(self) -> Path:
        """Where the console keeps its last view, saved views and theme: the user's state
        folder."""
        from platformdirs import user_state_dir

        return Path(user_state_dir(APP, appauthor=False)) / "console.json"

    @property
    def policy_cache(self) -> Path:
        """Where checked policies are kept between runs: the user's cache folder."""
        from platformdirs import user_cache_dir

        return Path(user_cache_dir(APP, appauthor=False)) / "policies"

    @property
    def page_cache(self) -> Path:
        """Where the console keeps the statements of its first page, read at the next
        start before the database's libraries are loaded: the user's cache folder."""
        from platformdirs import user_cache_dir

        return Path(user_cache_dir(APP, appauthor=False)) / "pages"


def resolve(sources: Sources, flags: Mapping[str, tuple[Any, str]] | None = None) -> Settings:
    """The settings: ``flags`` (name → (value, "--flag")) first, then env, files, defaults."""
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for key in KEYS:
        if flags and key.name in flags:
            raw, flag = flags[key.name]
            try:
                values[attr(key.name)] = key.check(raw)
            except ValueError as exc:
                raise SettingsError(flag, [("", str(exc))]) from None
            origin[key.name] = flag
            continue
        for where, layer in sources.layers:
            if key.name in layer:
                values[attr(key.name)] = layer[key.name]
                origin[key.name] = f"${key.env}" if where == "env" else where
                break
    return Settings(**values, sources=origin, files=list(sources.files))


def load(
    flags: Mapping[str, tuple[Any, str]] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """The settings of this process: flags, then ``environ`` (default ``os.environ``)."""
    return resolve(read_sources(os.environ if environ is None else environ), flags)
