"""Where incoming mail comes from and how it is taken, as ``[mail]`` in the settings says:
the Maildirs, the IMAP mailbox and its password, the intake options.

The entry points build one :class:`MailIntake` from the settings (``settings.mail``) and
hand it down: ``mail fetch`` and ``mail watch`` take from its sources, and so does ``f``
on the console's mail screen.  Passwords are read when the sources are opened, never
kept: from the file the settings name, or from an environment variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from techconsole.i18n import _
from techconsole.mail.intake_run import Options
from techconsole.mail.sources import SourceError

if TYPE_CHECKING:
    from techconsole.domain.policy import Policy
    from techconsole.mail.sources import Source

IMAP_PASSWORD_ENV = "TECHCONSOLE_IMAP_PASSWORD"


def no_source() -> str:
    """What to set when there is nowhere to take mail from."""
    return _(
        "no mail source: set mail.maildirs or mail.imap_url under [mail] in your "
        "config file (see: techconsole config path)"
    )


def secret(file: str | None, env: str, what: str) -> str:
    """A password from its file (first line) or its environment variable; never stored.
    :class:`SourceError` says what is missing."""
    if file:
        try:
            return Path(file).read_text(encoding="utf-8").splitlines()[0].strip()
        except (OSError, UnicodeDecodeError, IndexError) as exc:
            raise SourceError(
                _("cannot read the {what} password from {file}: {error}").format(
                    what=what,
                    file=file,
                    error=exc if not isinstance(exc, IndexError) else _("empty"),
                )
            ) from None
    value = os.environ.get(env, "")
    if not value:
        raise SourceError(
            _(
                "no {what} password: put it in a file named by "
                "mail.{key}_password_file, or in ${env}"
            ).format(what=what, key=what.lower(), env=env)
        )
    return value


@dataclass(frozen=True, slots=True)
class MailIntake:
    """The incoming mail's sources and the options it is taken with."""

    maildirs: tuple[Path, ...] = ()
    imap_url: str | None = None
    imap_password_file: str | None = None
    imap_ca_file: str | None = None
    imap_taken_folder: str | None = None
    max_attachment_bytes: int = 10 * 1024 * 1024
    web_form_senders: tuple[str, ...] = ()
    #: the address our own messages go out from (``mail.sender``)
    sender: str = ""

    @property
    def configured(self) -> bool:
        """Whether there is anywhere to take mail from."""
        return bool(self.maildirs or self.imap_url)

    def sources(self) -> list[Source]:
        """Every source: the Maildirs, then the IMAP mailbox (its password read now).
        :class:`SourceError` when one cannot be opened."""
        from techconsole.mail.sources import MaildirSource

        found: list[Source] = [MaildirSource(path) for path in self.maildirs]
        if self.imap_url:
            from techconsole.mail.imap import ImapSource

            password = secret(self.imap_password_file, IMAP_PASSWORD_ENV, "IMAP")
            found.append(
                ImapSource(
                    self.imap_url,
                    password,
                    ca_file=Path(self.imap_ca_file) if self.imap_ca_file else None,
                    taken_folder=self.imap_taken_folder,
                )
            )
        return found

    def options(self, policy: Policy) -> Options:
        """What intake needs: the attachment limit, the web form's senders, and our own
        addresses (never a customer's)."""
        own = tuple(a for a in (self.sender, policy.company.email.lower()) if a)
        return Options(
            max_attachment_bytes=self.max_attachment_bytes,
            web_form_senders=self.web_form_senders,
            own_addresses=own,
        )
