"""A work report as issued: plain frozen dataclasses, and their JSON form.

Labels and reasons are codes with arguments (``"labour_session", {"kind": "remote",
"minutes": "65"}``), not sentences: the renderers in ``techconsole.reports`` word them in
Italian or English.  Amounts are ``Decimal``; instants are aware UTC datetimes, shown in
``zone``.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Union, get_args, get_origin, get_type_hints

from techconsole.services.work.bill_lines import BillLine

#: a charge that is not a material, as the bill codes it
ReportLine = BillLine


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    address: str = ""
    vat_number: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class ReportSession:
    technician: str
    kind: str  # remote | on_site | phone | travel | lab | training
    start: datetime
    end: datetime
    minutes: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReportPrepaid:
    """What the intervention took from a contract's prepaid block of hours and included
    training, and what was left of them after it: in scatti (seed 000)."""

    block: int
    allowance: int
    used: int
    training_used: int
    left: int
    training_left: int


@dataclass(frozen=True, slots=True)
class ReportMaterial:
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    code: str = ""
    serial: str = ""
    warranty: bool = False


@dataclass(frozen=True, slots=True)
class ReportNote:
    at: datetime
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class ReportGap:
    """Why the machine worked on was not covered: a code of
    ``domain.coverage.GAP_TEXTS`` and its fields (``software``, ``day`` as dd/mm/yyyy)."""

    code: str
    args: Mapping[str, str] = field(default_factory=dict)


#: a field added after reports were first issued: left out of the JSON form while it
#: holds its default, so that a report that does not use it keeps its fingerprint
SINCE_ISSUED: Mapping[str, bool] = {"omit_default": True}


@dataclass(frozen=True, slots=True)
class ReportContent:
    """Everything the customer's copy says, fixed when issued."""

    report_date: date
    zone: str
    company: Party
    customer: Party
    site: str
    contact: str | None
    contact_role: str | None
    contract: bool
    plan: str
    plan_label: str
    incident: str
    subject: str
    description: str
    severity: str
    urgent: bool
    level: int
    category: str
    warranty: bool
    reported_at: datetime
    promised_on_site_at: datetime | None
    on_site_at: datetime | None
    late_minutes: int | None  # business minutes late on site, if late
    technicians: tuple[str, ...]
    sessions: tuple[ReportSession, ...]
    work_done: tuple[ReportNote, ...]
    resolved: bool | None
    resolved_at: datetime | None
    follow_up: str | None  # the follow-up incident opened when not solved
    lines: tuple[ReportLine, ...]
    materials: tuple[ReportMaterial, ...]
    units: int
    unit_minutes: int
    unit_price: Decimal
    #: labour, call-out and surcharges, before discounts; after the scatti taken off by
    #: the contract's included training and prepaid hours (lines of their own)
    labour: Decimal
    discounts: Decimal  # negative or zero
    materials_total: Decimal
    taxable: Decimal
    vat_percent: Decimal
    vat: Decimal
    total: Decimal
    free_reason: str | None = None
    free_reason_args: Mapping[str, str] = field(default_factory=dict)
    currency: str = "EUR"
    #: the machine the work was on (seed 004), and why it was not covered, if it was not:
    #: then the work is billed as outside the contract
    machine: str | None = field(default=None, metadata=SINCE_ISSUED)
    machine_gaps: tuple[ReportGap, ...] = field(default=(), metadata=SINCE_ISSUED)
    #: the policy's guaranteed arrival on site (seed 003: within 4 business hours when
    #: urgent), the term the arrival was measured against (domain.lateness.TERMS: the
    #: guarantee, the promise, or a later time the customer agreed to) and who agreed, how
    guaranteed_on_site_at: datetime | None = field(default=None, metadata=SINCE_ISSUED)
    arrival_term: str | None = field(default=None, metadata=SINCE_ISSUED)
    on_site_agreed: str = field(default="", metadata=SINCE_ISSUED)
    #: the plan whose own prices the labour and call-out were billed at (seed 003: "costi
    #: più contenuti" under a contract), by its label; ``None``: the policy's [billing]
    #: prices.  ``mixed_prices``: the work fell on days of different prices (a contract
    #: ended or began in between), each line at its day's (``unit_price`` is the first's)
    price_plan: str | None = field(default=None, metadata=SINCE_ISSUED)
    mixed_prices: bool = field(default=False, metadata=SINCE_ISSUED)
    #: the level the work was billed at (seed 004: a level-2 request with no work at the
    #: customer's site is billed as level 1), when the policy names its service levels or
    #: it is not the declared ``level``; ``None``: the report does not speak of levels
    effective_level: int | None = field(default=None, metadata=SINCE_ISSUED)
    #: what the work took from the contract's prepaid hours and included training (seed
    #: 000), and what was left after it
    prepaid: tuple[ReportPrepaid, ...] = field(default=(), metadata=SINCE_ISSUED)
    #: the customer's program the work was about (seed 001); "": none named
    program: str = field(default="", metadata=SINCE_ISSUED)

    @property
    def charged(self) -> bool:
        return self.total != 0


@dataclass(frozen=True, slots=True)
class WorkReportView:
    """One revision of a work report."""

    number: str  # RL-2026-0001
    revision: int  # 0 for the first issue
    issued_at: datetime
    issued_by: str
    superseded_at: datetime | None
    content: ReportContent

    @property
    def title(self) -> str:
        """``RL-2026-0001`` or ``RL-2026-0001 rev. 2``."""
        return self.number if self.revision == 0 else f"{self.number} rev. {self.revision}"

    @property
    def file_stem(self) -> str:
        """A file name from the number only: ``RL-2026-0001`` or ``RL-2026-0001-rev2``."""
        return self.number if self.revision == 0 else f"{self.number}-rev{self.revision}"


# ---------------------------------------------------------------------- JSON form
def to_json(value: Any) -> Any:
    """Plain JSON values: Decimal and dates as strings, instants in ISO 8601 UTC; a field
    marked :data:`SINCE_ISSUED` only when it holds something."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: to_json(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not (f.metadata.get("omit_default") and getattr(value, f.name) == f.default)
        }
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


def from_json(kind: type[Any], data: Any) -> Any:
    """The inverse of :func:`to_json` for the dataclasses of this module."""
    return _decode(kind, data)


def _decode(kind: Any, data: Any) -> Any:
    if data is None:
        return None
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        inner = [a for a in get_args(kind) if a is not type(None)]
        return _decode(inner[0], data)
    if origin is tuple:
        return tuple(_decode(get_args(kind)[0], v) for v in data)
    if origin is Mapping or origin is dict:
        return {str(k): str(v) for k, v in data.items()}
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = get_type_hints(kind)
        values = {
            f.name: _decode(hints[f.name], data[f.name])
            for f in dataclasses.fields(kind)
            if f.name in data
        }
        return kind(**values)
    if kind is Decimal:
        return Decimal(data)
    if kind is datetime:
        return datetime.fromisoformat(data)
    if kind is date:
        return date.fromisoformat(data)
    return data
