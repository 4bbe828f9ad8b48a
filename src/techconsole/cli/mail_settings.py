"""What ``techconsole mail send`` needs from the settings: the SMTP password, the address
messages are sent from, and the reports to attach (work reports, reports to a data
controller)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from techconsole.cli.options import settings
from techconsole.cli.output import fail
from techconsole.i18n import _

if TYPE_CHECKING:
    from techconsole.domain.mail import Address
    from techconsole.services.context import Context

PASSWORD_ENV = "TECHCONSOLE_SMTP_PASSWORD"


def password(user: str | None) -> str | None:
    """The SMTP password: the settings' file, else ``$TECHCONSOLE_SMTP_PASSWORD``; never
    kept anywhere.  A URL that names a user needs one."""
    path = settings().mail_smtp_password_file
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip("\r\n")
        except OSError as exc:
            fail(
                _("cannot read mail.smtp_password_file {path}: {error}").format(
                    path=path, error=exc.strerror or exc
                )
            )
    found = os.environ.get(PASSWORD_ENV)
    if found is None and user:
        fail(
            _(
                "mail.smtp_url logs in as {user}: put the password in the file named by "
                "mail.smtp_password_file, or in ${env}"
            ).format(user=user, env=PASSWORD_ENV)
        )
    return found


def sender(ctx: Context) -> Address:
    from techconsole.domain.mail import mailbox

    chosen = settings().mail_sender or ctx.policy.company.email
    found = mailbox(chosen, ctx.policy.company.name)
    if found is None:
        fail(
            _(
                "no address to send from: set mail.sender in your config file, or the "
                "company's email in the policy"
            )
        )
    return found


def report_renderer(ctx: Context) -> Any:
    from techconsole.domain.mail import OutgoingAttachment
    from techconsole.reports import files
    from techconsole.reports.i18n import Lang
    from techconsole.reports.work_pdf import work_pdf
    from techconsole.services.documents import work_reports
    from techconsole.services.errors import NotFound

    lang: Lang = "en" if ctx.policy.mail.language == "en" else "it"  # the customer's

    def render(number: str) -> OutgoingAttachment | None:
        try:
            view = work_reports.find(ctx, number)
        except NotFound:
            return None
        name = f"{files.stem_in(view.file_stem, lang, 'pdf')}.pdf"  # -en in English
        return OutgoingAttachment(name, "application/pdf", work_pdf(view, lang))

    return render


def ads_renderer(ctx: Context) -> Any:
    """Draws the report to a data controller a message carries, as the work report is
    drawn: a PDF in the customer's language (``[mail] language``), named as its export
    (``RA-2026-11-C0042.pdf``); refused when its period was delivered meanwhile."""
    from techconsole.domain.mail import OutgoingAttachment
    from techconsole.reports import files
    from techconsole.reports.activity_pdf import activity_pdf
    from techconsole.reports.i18n import Lang
    from techconsole.reports.summary_words import ads_stem
    from techconsole.services.documents import ads_mail

    lang: Lang = "en" if ctx.policy.mail.language == "en" else "it"  # the customer's

    def render(entry: Any) -> OutgoingAttachment:
        report = ads_mail.report_to_send(ctx, entry)
        stem = ads_stem(report.customer_id, entry.period)
        name = f"{files.stem_in(stem, lang, 'pdf')}.pdf"  # -en in English
        return OutgoingAttachment(name, "application/pdf", activity_pdf(report, lang))

    return render
