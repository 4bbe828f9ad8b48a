"""``techconsole report ads-send``: the next report due to a customer's data controller, by
e-mail (seed 001: "L'operato della nostra azienda sara' riportato al titolare con cadenza
da stabilire tra le parti (file di log e report)").

It goes in the outbox as the notices do: ``mail send`` (or ``mail watch``) draws the
report as PDF in the customer's language when it sends it, and records its delivery
then; a failure is tried again, or sent again with ``mail retry``, as any message.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from techconsole.cli.common import services_context
from techconsole.cli.mail_out import entry_json
from techconsole.cli.options import wants_json
from techconsole.cli.output import emit_json, out, safe
from techconsole.cli.report import app
from techconsole.cli.report_ads import CustomerArg, days
from techconsole.i18n import _
from techconsole.services.documents import ads_mail
from techconsole.services.documents.ads_mail import AdsQueued


def queued_json(sent: AdsQueued) -> dict[str, Any]:
    return {
        "customer_id": sent.customer_id,
        "customer": sent.customer,
        "period": {"start": sent.period.start, "end": sent.period.end},
        "mail": entry_json(sent.entry),
    }


@app.command(
    "ads-send",
    help=_(
        "E-mail the next report due to a customer's data controller: queued in the outbox "
        "for its titolari with an e-mail (or --to); mail send draws it as PDF in the "
        "customer's language, and its delivery is recorded once it is sent."
    ),
)
def ads_send(
    customer: CustomerArg,
    to: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="ADDRESS",
            help=_("Send it to these addresses (comma-separated) instead of the titolari's."),
            show_default=False,
        ),
    ] = None,
) -> None:
    """E-mail the next report due to a customer's data controller."""
    with services_context() as ctx:
        sent = ads_mail.send_report(ctx, customer, to=to)
    if wants_json():
        emit_json(queued_json(sent))
        return
    said = _(
        "{customer}: the report of {days} queued for {to} (message {id}); techconsole mail "
        "send delivers it, and its delivery is recorded then"
    ).format(
        customer=safe(sent.customer),
        days=days(sent.period),
        to=safe(", ".join(a.email for a in sent.entry.to), one_line=True),
        id=sent.entry.id,
    )
    out.print(f"[green]✓[/green] {said}")
