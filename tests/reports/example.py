"""The jobs the report tests render, made through the services with a frozen clock."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from techconsole.services.context import Context
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import closing, intake, workflow
from techconsole.services.work import materials, timer

ROME = ZoneInfo("Europe/Rome")
HOSTILE = "[red]x[/red] \x1b[31mrosso\x1b[0m | a | b * _c_ `d` <script>alert(1)</script> # [l](u)"


def rome(*args: int) -> datetime:
    return datetime(*args, tzinfo=ROME)  # type: ignore[misc]


def customer(ctx: Context, name: str = "Farmacia Sant'Antonio di Pérez & C. S.a.s.") -> int:
    """A Basic-contract customer with an address, a VAT number and a titolare."""
    found = customers.add_customer(
        ctx,
        customers.NewCustomer(
            name, vat_number="IT09876543210", address="Corso Garibaldi 12, 20121 Milano (MI)"
        ),
    )
    customers.add_contract(ctx, found.id, "basic", date(2026, 1, 1), date(2026, 12, 31))
    customers.add_contact(ctx, found.id, "Maria Bianchi", "titolare")
    return found.id


def _work(ctx: Context, clock: Any, number: str, start: datetime, minutes: int, note: str) -> None:
    clock.value = start
    timer.start(ctx, number, kind="on_site")
    clock.advance(minutes=minutes)
    timer.stop(ctx, note=note)


def whole_job(
    ctx: Context,
    clock: Any,
    *,
    subject: str = "Il PC della cassa non si accende",
    description: str = "All'accensione la ventola parte ma lo schermo resta nero; tre bip.",
    who: int | None = None,
    warranty: bool = False,
    program: str = "",
) -> str:
    """examples.md, "A whole work report": non-urgent on-site job on a Basic contract,
    promised 10:00, arrived 11:30; 65 + 20 minutes = 5 scatti; call-out; 20 % late
    discount; RAM 8 GB 35,00 € — 219,00 taxable, 48,18 IVA, 267,18 total."""
    who = who if who is not None else customer(ctx)
    maria = [c for c in customers.show_customer(ctx, who).contacts if c.name == "Maria Bianchi"]
    clock.value = rome(2026, 11, 23, 8, 40)
    number = intake.open_incident(
        ctx,
        intake.NewIncident(
            customer=who,
            subject=subject,
            description=description,
            requester=maria[0].id,
            program=program,
        ),
    ).number
    if warranty:
        workflow.triage(ctx, number, warranty=True)
    workflow.acknowledge(ctx, number, on_site_by=rome(2026, 11, 23, 10, 0))
    clock.value = rome(2026, 11, 23, 11, 30)
    workflow.arrived_on_site(ctx, number)
    _work(
        ctx,
        clock,
        number,
        rome(2026, 11, 23, 11, 30),
        65,
        "Diagnosi: modulo RAM guasto (test memoria fallito), alimentatore ok.",
    )
    _work(
        ctx,
        clock,
        number,
        rome(2026, 11, 23, 14, 0),
        20,
        "Sostituita la RAM, verificato l'avvio e la stampa degli scontrini.",
    )
    materials.add_material(
        ctx,
        number,
        "RAM 8 GB DDR4 2666",
        quantity="1",
        unit_price="35,00",
        code="RAM8",
        serial="SN-4471-A",
    )
    clock.value = rome(2026, 11, 23, 15, 0)
    closing.resolve(ctx, number, resolved=True, note="PC avviato, cassa funzionante.")
    return number


def pdf_text(data: bytes) -> list[str]:
    """The text of each page of a PDF, with its spaces (no-break ones too) made single."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().replace("\xa0", " ").split()) for page in reader.pages]
