"""The incoming mail the settings describe (``[mail]``), as the mail layer takes it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from techconsole.settings.resolving import Settings

if TYPE_CHECKING:
    from techconsole.mail.setup import MailIntake


def mail_intake(chosen: Settings, maildirs: Sequence[Path] = ()) -> MailIntake:
    """``[mail]``'s sources and options; ``maildirs`` come instead of the settings' own
    (``--maildir``, the demo's)."""
    from techconsole.mail.setup import MailIntake  # only where mail is taken

    return MailIntake(
        maildirs=tuple(maildirs) or tuple(Path(p) for p in chosen.mail_maildirs),
        imap_url=None if maildirs else chosen.mail_imap_url,
        imap_password_file=chosen.mail_imap_password_file,
        imap_ca_file=chosen.mail_imap_ca_file,
        imap_taken_folder=chosen.mail_imap_taken_folder,
        max_attachment_bytes=chosen.mail_attachment_max_mb * 1024 * 1024,
        web_form_senders=chosen.mail_web_form_senders,
        sender=chosen.mail_sender or "",
    )
