"""techconsole's settings, read once by the entry point and passed down as plain values.

Each setting comes from the first of: a command-line flag, an environment variable, the
user's config file, the site's config file (for a team server), the default.  The files
are TOML with the keys below at the top level; ``$TECHCONSOLE_CONFIG`` names one file to
read instead of both (for tests and special set-ups).

Only the standard library and platformdirs are imported here: ``techconsole --help``
reads the settings (for the language) and must stay quick.  Nothing below the entry
points imports this module (the import contracts say so); the store and the services get
the database URL, the timeouts, the policy choice and the actor as arguments.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from techconsole.domain.errors import problem_lines
from techconsole.i18n import _

APP = "techconsole"
CONFIG_ENV = "TECHCONSOLE_CONFIG"
DEFAULT_SOURCE = "default"


class SettingsError(Exception):
    """A setting that cannot be used: one line per problem, ``source: key: reason``."""

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(problem_lines(source, problems))


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(_("expected a non-empty string"))
    return value.strip()


def _language(value: Any) -> str:
    """``it``, ``IT``, ``it_IT``, ``it-IT``… mean Italian; ``en…`` English."""
    code = _text(value).replace("-", "_").split("_")[0].lower()
    if code not in ("it", "en"):
        raise ValueError(
            _("'{value}' is not a language: it (Italian) or en (English)").format(value=value)
        )
    return code


def _milliseconds(value: Any) -> int:
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise ValueError(
                _("'{value}' is not a whole number of milliseconds").format(value=value)
            ) from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(_("expected a whole number of milliseconds"))
    if value < 0:
        raise ValueError(_("must be 0 or more"))
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(_("expected true or false"))
    return value


def _paths(value: Any) -> tuple[str, ...]:
    """One path, several separated by ``:`` (the environment), or a list of them."""
    if isinstance(value, str):
        items = [part.strip() for part in value.split(os.pathsep)]
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = [item.strip() for item in value]
    else:
        raise ValueError(_("expected a path or a list of paths"))
    return tuple(item for item in items if item)


def _addresses(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ValueError(_("expected an e-mail address or a list of them"))
    found = tuple(item.strip().lower() for item in items if item.strip())
    for address in found:
        if "@" not in address or any(ch.isspace() for ch in address):
            raise ValueError(_("'{value}' is not an e-mail address").format(value=address))
    return found


def _address(value: Any) -> str:
    found = _addresses(_text(value))
    if len(found) != 1:
        raise ValueError(_("expected one e-mail address"))
    return found[0]


def _positive(limit: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise ValueError(_("'{value}' is not a whole number").format(value=value)) from None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(_("expected a whole number"))
        if not 1 <= value <= limit:
            raise ValueError(_("must be from 1 to {limit}").format(limit=limit))
        return value

    return check


_BINDING_ID = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")


def _keymap(value: Any) -> dict[str, str]:
    """``[keys]``: a binding's id (``queue.new_incident``) → its keys (``N``, ``ctrl+n,N``)."""
    if not isinstance(value, dict):
        raise ValueError(_('expected a [keys] table: binding id = "key"'))
    found: dict[str, str] = {}
    for name, keys in value.items():
        if not _BINDING_ID.match(name):
            raise ValueError(
                _("'{name}' is not a key binding id (techconsole config keys lists them)").format(
                    name=name
                )
            )
        if not isinstance(keys, str) or not keys.strip() or len(keys) > 60:
            raise ValueError(_('{name}: expected the keys as a string, e.g. "N"').format(name=name))
        found[name] = keys.strip()
    return found


def _url(*schemes: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        url = _text(value)
        scheme = url.partition("://")[0].lower()
        if "://" not in url or scheme not in schemes:
            raise ValueError(
                _("'{value}' is not a URL like {example}").format(
                    value=url, example=f"{schemes[0]}://user@host"
                )
            )
        return url

    return check


@dataclass(frozen=True, slots=True)
class Key:
    """One setting: its key in the file, its environment variable, how it is checked."""

    name: str
    env: str | None
    check: Callable[[Any], Any]
    default: Any
    about: str


KEYS: tuple[Key, ...] = (
    Key("db", "TECHCONSOLE_DB", _text, None, "SQLite file or database URL"),
    Key("policy", "TECHCONSOLE_POLICY", _text, "default", "policy preset name or .toml file"),
    Key("language", "TECHCONSOLE_LANG", _language, "it", "language: it or en"),
    Key("mouse", None, _boolean, True, "the console uses the mouse"),
    Key(
        "busy_timeout_ms",
        "TECHCONSOLE_BUSY_TIMEOUT_MS",
        _milliseconds,
        10_000,
        "how long a writer waits for SQLite's lock",
    ),
    Key(
        "lock_timeout_ms",
        "TECHCONSOLE_LOCK_TIMEOUT_MS",
        _milliseconds,
        10_000,
        "how long a PostgreSQL statement waits for a lock (0: no limit)",
    ),
    Key(
        "statement_timeout_ms",
        "TECHCONSOLE_STATEMENT_TIMEOUT_MS",
        _milliseconds,
        60_000,
        "how long one PostgreSQL statement may run (0: no limit)",
    ),
    Key("user", "TECHCONSOLE_USER", _text, None, "a lead acts on this login's behalf"),
    Key(
        "workers",
        "TECHCONSOLE_WORKERS",
        _positive(64),
        None,
        "processes drawing many PDFs at once (report month); 1: this process alone",
    ),
    Key("alerts", None, _boolean, True, "the console warns before a breach (toasts)"),
    Key("keys", None, _keymap, {}, "[keys]: the console's keys you give other keys"),
    Key("bell", None, _boolean, True, "the console's alerts ring the terminal bell"),
    # [hooks] in the config file: a command run with the incident as JSON on stdin
    Key("hooks.on_warning", None, _text, None, "command run when a clock enters its warning band"),
    Key("hooks.on_breach", None, _text, None, "command run when a clock is breached"),
    Key("hooks.on_new_incident", None, _text, None, "command run when an incident is recorded"),
    Key("hooks.on_resolved", None, _text, None, "command run when an incident is resolved"),
    Key("hooks.timeout_seconds", None, _positive(600), 10, "a hook is stopped after this long"),
    # [mail] in the config file: where requests arrive and how notices leave
    Key("mail.maildirs", "TECHCONSOLE_MAILDIR", _paths, (), "Maildirs to take requests from"),
    Key(
        "mail.imap_url",
        "TECHCONSOLE_IMAP_URL",
        _url("imaps", "imap+starttls", "imap"),
        None,
        "IMAP mailbox to take requests from: imaps://user@host/INBOX",
    ),
    Key(
        "mail.imap_password_file",
        None,
        _text,
        None,
        "file holding the IMAP password (or $TECHCONSOLE_IMAP_PASSWORD)",
    ),
    Key(
        "mail.imap_taken_folder",
        None,
        _text,
        None,
        "IMAP folder taken messages are moved to (else they are flagged)",
    ),
    Key("mail.imap_ca_file", None, _text, None, "CA certificate of a private IMAP server"),
    Key(
        "mail.smtp_url",
        "TECHCONSOLE_SMTP_URL",
        _url("smtp+starttls", "smtps", "smtp"),
        None,
        "SMTP server for the outbox: smtp+starttls://user@host:587",
    ),
    Key(
        "mail.smtp_password_file",
        None,
        _text,
        None,
        "file holding the SMTP password (or $TECHCONSOLE_SMTP_PASSWORD)",
    ),
    Key("mail.smtp_ca_file", None, _text, None, "CA certificate of a private SMTP server"),
    Key(
        "mail.sender",
        "TECHCONSOLE_MAIL_FROM",
        _address,
        None,
        "the address messages are sent from (default: the policy's company e-mail)",
    ),
    Key(
        "mail.attachment_max_mb",
        None,
        _positive(1024),
        10,
        "attachments larger than this are not kept (megabytes)",
    ),
    Key("mail.poll_seconds", None, _positive(86_400), 60, "how often mail watch looks for mail"),
    Key(
        "mail.web_form_senders",
        None,
        _addresses,
        (),
        "senders of the web site's contact form (channel: web)",
    ),
)
BY_NAME = {key.name: key for key in KEYS}
_PATH_KEYS = {
    "mail.imap_password_file",
    "mail.imap_ca_file",
    "mail.smtp_password_file",
    "mail.smtp_ca_file",
}


def attr(name: str) -> str:
    """The :class:`Settings` attribute of a key (``mail.imap_url`` → ``mail_imap_url``)."""
    return name.replace(".", "_")


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
