"""What the machines' use cases hand out: plain frozen dataclasses, never rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from techconsole.domain.coverage import Coverage, reasons


@dataclass(frozen=True, slots=True)
class SoftwareView:
    """One verification of a piece of software on a machine."""

    id: int
    name: str
    product: str
    installed: bool
    verified_at: datetime
    verified_by: str  # the technician's login
    note: str = ""


@dataclass(frozen=True, slots=True)
class InspectionView:
    """The inspection of the whole machine at the acceptance of the contract."""

    inspected_at: datetime
    inspected_by: str  # the technician's login
    findings: str


@dataclass(frozen=True, slots=True)
class AssetView:
    """A machine, and whether it is covered now (``coverage``) and why not."""

    id: int
    customer_id: int
    customer: str
    name: str
    kind: str
    serial: str
    os: str
    location: str
    covered_since: date | None
    remote_id: str
    notes: str
    created_at: datetime
    updated_at: datetime
    retired_at: datetime | None
    coverage: Coverage
    #: it receives the live copy of the customer's data (seed 004)
    synced: bool = False
    #: it is in the support package (seed 004: such devices "dovranno essere inclusi")
    in_package: bool = True

    @property
    def retired(self) -> bool:
        return self.retired_at is not None

    @property
    def flagged(self) -> bool:
        """It receives the data but is not in the support package: someone must act."""
        return self.coverage.flagged

    @property
    def covered(self) -> bool:
        return self.coverage.covered

    def reasons(self) -> tuple[str, ...]:
        """Why it is not covered, in the language in use."""
        return reasons(self.coverage)


@dataclass(frozen=True, slots=True)
class AssetDetail:
    asset: AssetView
    #: the policy's required software, as it names them
    required: tuple[str, ...]
    #: the last verification of each piece of software, the required ones first
    software: tuple[SoftwareView, ...]
    #: every verification, newest first
    history: tuple[SoftwareView, ...]
    inspection: InspectionView | None
    #: the incidents that name the machine, newest first
    incidents: tuple[str, ...] = ()
