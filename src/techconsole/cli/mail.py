"""``techconsole mail``: requests in by e-mail, notices out (see :mod:`techconsole.mail`)."""

from __future__ import annotations

import typer

from techconsole.i18n import _

app = typer.Typer(
    help=_("Mail: requests in from files, Maildir and IMAP; notices out through SMTP."),
    no_args_is_help=True,
)
