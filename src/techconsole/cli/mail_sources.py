"""The mail sources and intake options the settings describe (``[mail]`` in the config)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from techconsole.cli.output import EXIT_BAD_INPUT, fail
from techconsole.i18n import _
from techconsole.settings import Settings

if TYPE_CHECKING:
    from techconsole.domain.policy import Policy
    from techconsole.mail.intake_run import Options
    from techconsole.mail.sources import Source

IMAP_PASSWORD_ENV = "TECHCONSOLE_IMAP_PASSWORD"


def secret(file: str | None, env: str, what: str) -> str:
    """A password from its file (first line) or its environment variable; never stored."""
    if file:
        try:
            return Path(file).read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, UnicodeDecodeError, IndexError) as exc:
            fail(
                _("cannot read the {what} password from {file}: {error}").format(
                    what=what,
                    file=file,
                    error=exc if not isinstance(exc, IndexError) else _("empty"),
                ),
                EXIT_BAD_INPUT,
            )
    value = os.environ.get(env, "")
    if not value:
        fail(
            _(
                "no {what} password: put it in a file named by "
                "mail.{key}_password_file, or in ${env}"
            ).format(what=what, key=what.lower(), env=env),
            EXIT_BAD_INPUT,
        )
    return value


def configured(chosen: Settings) -> list[Source]:
    """Every source the settings name: the Maildirs, then the IMAP mailbox."""
    from techconsole.mail.sources import MaildirSource

    found: list[Source] = [MaildirSource(Path(path)) for path in chosen.mail_maildirs]
    if chosen.mail_imap_url:
        from techconsole.mail.imap import ImapSource

        password = secret(chosen.mail_imap_password_file, IMAP_PASSWORD_ENV, "IMAP")
        found.append(
            ImapSource(
                chosen.mail_imap_url,
                password,
                ca_file=Path(chosen.mail_imap_ca_file) if chosen.mail_imap_ca_file else None,
                taken_folder=chosen.mail_imap_taken_folder,
            )
        )
    return found


def options(chosen: Settings, policy: Policy) -> Options:
    from techconsole.mail.intake_run import Options

    own = tuple(a for a in (chosen.mail_sender, policy.company.email.lower()) if a)
    return Options(
        max_attachment_bytes=chosen.mail_attachment_max_mb * 1024 * 1024,
        web_form_senders=chosen.mail_web_form_senders,
        own_addresses=own,
    )
