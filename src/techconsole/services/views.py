"""What the services hand out: plain frozen dataclasses, never rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from techconsole.domain.coverage import Coverage, reasons
from techconsole.domain.incident_clocks import ClockInputs
from techconsole.domain.levels import LevelCheck
from techconsole.domain.sla import ClockState


@dataclass(frozen=True, slots=True)
class TechnicianView:
    id: int
    login: str
    display_name: str
    role: str
    active: bool

    @property
    def is_lead(self) -> bool:
        return self.role == "lead"


@dataclass(frozen=True, slots=True)
class Identity:
    """Who runs the program (``os_login``) and the technician they act as (``tech``)."""

    os_login: str
    tech: TechnicianView

    @property
    def on_behalf(self) -> bool:
        return self.os_login != self.tech.login


@dataclass(frozen=True, slots=True)
class ContactView:
    id: int
    customer_id: int
    name: str
    role: str
    email: str
    phone: str
    may_authorise: bool


@dataclass(frozen=True, slots=True)
class ContractView:
    id: int
    plan: str
    starts_on: date
    ends_on: date
    prepaid: Decimal
    active: bool
    #: when it was paid (seed 001: "con pagamento anticipato"); ``None``: not recorded
    paid_on: date | None = None
    #: its prepaid block of hours ("monte ore", seed 000), in minutes; 0: none
    prepaid_minutes: int = 0


@dataclass(frozen=True, slots=True)
class PrepaidUse:
    """What one bill took from a contract's training allowance and prepaid block of hours
    (seed 000), and what was left of them after it: all in scatti."""

    contract_id: int
    plan: str
    block: int
    allowance: int
    #: taken by this bill's labour
    used: int
    training_used: int
    #: left after this bill's last labour line (the work before it counted)
    left: int
    training_left: int


@dataclass(frozen=True, slots=True)
class PrepaidLine:
    """A labour line of a contract and what it took (seed 000)."""

    incident: str
    started_at: datetime
    training: bool
    scatti: int
    from_allowance: int
    from_block: int
    #: its month is closed for invoicing: the draw is the one recorded then
    frozen: bool


@dataclass(frozen=True, slots=True)
class PrepaidBalance:
    """A contract's prepaid block of hours and training allowance, in scatti: how much is
    used and how much is left (seed 000)."""

    customer_id: int
    customer: str
    contract_id: int
    plan: str
    plan_label: str
    starts_on: date
    ends_on: date
    unit_minutes: int
    block: int
    used: int
    left: int
    allowance: int
    training_used: int
    training_left: int
    #: the block has ``[contracts] prepaid_low_percent`` or less left
    low: bool
    lines: tuple[PrepaidLine, ...] = ()


@dataclass(frozen=True, slots=True)
class PrepaidMonth:
    """A contract's block and training allowance over one month (seed 000), in scatti:
    what the month's work took, and what was left at its end."""

    contract_id: int
    plan: str
    starts_on: date
    ends_on: date
    block: int
    allowance: int
    used: int
    training_used: int
    left: int
    training_left: int


@dataclass(frozen=True, slots=True)
class ContractCover:
    """A customer under contract today, and until when (:mod:`techconsole.domain.contracts`):
    the contract in force and the contracts that follow it without a gap."""

    customer_id: int
    customer: str
    #: the contract in force today, and its plan
    contract_id: int
    plan: str
    plan_label: str
    #: the customer's last day under contract (the last contract of the run's)
    ends_on: date
    #: days from today to ``ends_on``: 0 on that day
    days_left: int
    #: ``ends_on`` falls within the policy's ``[contracts] expiring_days``
    expiring: bool
    #: a contract following the one in force is already recorded
    renewed: bool
    #: the last contract of the run (the one a renewal follows) and when it was paid
    last_contract_id: int
    paid_on: date | None
    #: the policy wants contracts paid in advance and the last one's payment is not
    #: recorded
    unpaid: bool


@dataclass(frozen=True, slots=True)
class CustomerView:
    id: int
    name: str
    vat_number: str
    address: str
    deployment: str
    reseller: bool
    reseller_since: date | None
    we_are_ads: bool
    notify_before_parts: bool
    plan: str
    contract: bool
    contacts: tuple[ContactView, ...] = ()
    contracts: tuple[ContractView, ...] = ()


@dataclass(frozen=True, slots=True)
class IncidentView:
    id: int
    number: str
    customer_id: int
    customer: str
    requester: str | None
    requester_role: str | None
    channel: str
    subject: str
    description: str
    severity: str
    urgent: bool
    urgent_on_request: bool
    level: int
    category: str
    status: str
    assignee: str | None
    assignee_name: str | None
    plan: str
    contract: bool
    arrived_at: datetime
    acknowledged_at: datetime | None
    estimated_resolution_at: datetime | None
    promised_on_site_at: datetime | None
    on_site_at: datetime | None
    resolved_at: datetime | None
    closed_at: datetime | None
    resolved: bool | None
    follow_up_of: str | None
    needs_authorisation: bool
    authorised_by: str | None
    authorised_at: datetime | None
    authorised_via: str
    authorised_until: datetime | None
    account_provided_at: datetime | None
    account_provided_by: str | None
    due_at: datetime | None
    version: int
    clocks: ClockInputs
    warranty: bool = False  # work under warranty: labour not charged
    asset_id: int | None = None  # the machine the request is about (``asset show``)
    asset: str | None = None  # its name
    #: who agreed to an on-site time later than the policy's guarantee, and how (003)
    on_site_agreed: str = ""
    #: when the temporary password of the server account the customer gave ends (000)
    account_valid_until: datetime | None = None
    #: the release that will carry the fix (001), a day of the policy's release calendar
    fixed_in_release: date | None = None
    #: False while the severity is the policy's default, not set by a technician (001)
    severity_triaged: bool = True
    #: the customer's program it is about ("": none named; seed 001)
    program: str = ""

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "in_progress", "waiting", "awaiting_authorisation")


@dataclass(frozen=True, slots=True)
class EventView:
    id: int
    at: datetime
    actor: str | None
    kind: str
    text: str
    data: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class MachineCoverage:
    """The machine an incident is about, and whether the work on it is on a covered
    machine (``services.assets.coverage.for_incident``)."""

    asset_id: int
    name: str
    coverage: Coverage

    @property
    def covered(self) -> bool:
        return self.coverage.covered

    def reasons(self) -> tuple[str, ...]:
        """Why it is not covered, in the language in use."""
        return reasons(self.coverage)


@dataclass(frozen=True, slots=True)
class IncidentDetail:
    incident: IncidentView
    timeline: tuple[EventView, ...]
    follow_ups: tuple[str, ...] = ()
    machine: MachineCoverage | None = None
    #: the customer's contract today and until when (``None``: no contract today)
    contract: ContractCover | None = None
    #: the level declared, the one its work is billed at, and the warnings (seed 004)
    level_check: LevelCheck | None = None


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One queue line: enough to draw it and to tick its countdown without the database."""

    id: int
    number: str
    severity: str
    urgent: bool
    customer: str
    plan: str
    contract: bool
    subject: str
    status: str
    assignee: str | None
    arrived_at: datetime
    due_at: datetime | None
    clocks: ClockInputs
    clock: ClockState | None


@dataclass(frozen=True, slots=True)
class QueuePage:
    rows: tuple[QueueRow, ...]
    total: int
    now: datetime


@dataclass(frozen=True, slots=True)
class AuditView:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: int | None
    data: Mapping[str, Any]
    os_user: str | None = None  # the real OS user who ran it (None before schema 0007)
    db_user: str | None = None  # PostgreSQL's session_user (None on SQLite)
