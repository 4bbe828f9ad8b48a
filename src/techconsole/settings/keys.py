"""The settings there are: each key's name in the config file, its environment variable,
its check, its default and what it is for (``techconsole config keys`` lists them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from techconsole.settings.checks import (
    _address,
    _addresses,
    _boolean,
    _keymap,
    _language,
    _milliseconds,
    _paths,
    _positive,
    _text,
    _url,
)


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
