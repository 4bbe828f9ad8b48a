"""What billing is given and what it gives (§6): the work sessions, the parts used and
the facts of an intervention (:class:`Job`); the lines of a bill and its totals
(:class:`Bill`).

The bill itself is made by :func:`techconsole.domain.billing.bill`; a session's scatti
by :mod:`techconsole.domain.scatti`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from techconsole.domain import levels
from techconsole.domain.errors import DomainError
from techconsole.domain.free import FreeFacts
from techconsole.domain.instants import to_us
from techconsole.domain.lateness import ArrivalTerm, Lateness, arrival_term
from techconsole.domain.money import ZERO
from techconsole.domain.prices import PriceBook, Prices
from techconsole.i18n import _

SESSION_KINDS = ("remote", "on_site", "phone", "travel", "lab", "training")
#: (seed 000) training: what the contract's allowance covers (:mod:`.prepaid`)
TRAINING = "training"


@dataclass(frozen=True, slots=True)
class WorkSession:
    start: datetime
    end: datetime | None
    kind: str = "remote"
    technician: str = ""
    #: its row's id: the key of its labour line (:mod:`.prepaid`); 0 when not stored
    id: int = 0

    @property
    def running(self) -> bool:
        return self.end is None

    @property
    def duration(self) -> timedelta:
        if self.end is None:
            return timedelta(0)
        return timedelta(microseconds=to_us(self.end) - to_us(self.start))


@dataclass(frozen=True, slots=True)
class Part:
    """A material or spare part used on the job."""

    description: str
    quantity: Decimal
    unit_price: Decimal
    code: str = ""
    serial: str = ""
    warranty: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.quantity, float) or isinstance(self.unit_price, float):
            raise DomainError("quantities and prices are Decimals, never floats")
        if self.quantity <= 0:
            raise DomainError(
                _("the quantity of '{material}' must be positive").format(material=self.description)
            )
        if self.unit_price < 0:
            raise DomainError(
                _("the price of '{material}' cannot be negative").format(material=self.description)
            )


@dataclass(frozen=True, slots=True)
class Line:
    kind: str  # labour | included | prepaid | callout | surcharge | discount | material
    description: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Job:
    """What billing needs to know about an intervention besides its sessions and parts."""

    free: FreeFacts = field(default_factory=FreeFacts)
    urgent: bool = False
    urgent_on_request: bool = False
    on_site: bool = False
    promised_on_site_at: datetime | None = None
    on_site_at: datetime | None = None
    #: the policy's guarantee (seed 003: on site within 4 business hours when urgent)
    guaranteed_on_site_at: datetime | None = None
    #: the customer agreed to a promise later than the guarantee (then it is the term)
    promise_agreed: bool = False

    @property
    def arrival_term(self) -> ArrivalTerm | None:
        """What the arrival on site is measured against (:mod:`techconsole.domain.lateness`)."""
        return arrival_term(
            self.guaranteed_on_site_at, self.promised_on_site_at, self.promise_agreed
        )

    #: the prices of each day of work (the contract in force); ``None``: ``[billing]``'s
    prices: PriceBook | None = None


@dataclass(frozen=True, slots=True)
class Bill:
    lines: tuple[Line, ...]
    units: int
    free_reason: str | None
    late_by: timedelta | None
    discount_percent: Decimal
    taxable: Decimal
    vat_percent: Decimal
    vat: Decimal
    total: Decimal
    running_sessions: int = 0
    #: the term the arrival was measured against, with the delay, when late on site
    late: Lateness | None = None
    #: the prices the labour and call-out lines were priced at, in the order first used
    #: (the day of work's when there is none)
    prices: tuple[Prices, ...] = ()
    #: why labour is free, as a code of ``domain.free.REASONS`` and its arguments
    free_code: str | None = None
    free_args: Mapping[str, str] = field(default_factory=dict)
    #: the level declared, the one the work is billed at, and the warnings
    level_check: levels.LevelCheck = field(default_factory=lambda: levels.LevelCheck(1, 1))

    @property
    def labour(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.kind == "labour"), ZERO)

    @property
    def materials(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.kind == "material"), ZERO)

    @property
    def taken_off(self) -> Decimal:
        """What the contract's included training and prepaid block took off (≤ 0)."""
        return sum((ln.amount for ln in self.lines if ln.kind in ("included", "prepaid")), ZERO)

    @property
    def discounts(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.kind == "discount"), ZERO)
