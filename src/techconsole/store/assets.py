"""A customer's covered machines (seed 004): the machines, the software the policy
requires on them as verified over time, and the inspection at acceptance.

A verification is a row of its own, never overwritten: whether a machine was covered at
some moment (an incident's work, a bill) is read from what had been verified by then.

The machine an incident is about is a row of :class:`IncidentAsset` rather than a column
of the incident: adding (and dropping, on a downgrade) a column with a foreign key would
make SQLite copy the incident table, which the rows referring to it forbid.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, false, true
from sqlmodel import Field

from techconsole.store.types import Row, UTCDateTime

#: the kinds of machine (seed 004: "dispositivi Mobile" get the live copy of the data too)
ASSET_KINDS = ("workstation", "server", "laptop", "mobile", "other")


class Asset(Row, table=True):
    """A machine of a customer's, covered by (or offered for) the client contract."""

    __table_args__ = (Index("ix_asset_customer", "customer_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    name: str
    kind: str = "workstation"  # workstation | server | laptop | mobile | other
    serial: str = ""
    os: str = ""
    location: str = ""  # where it stands, or whose it is
    #: the day it came under the contract (the inspection at acceptance)
    covered_since: date | None = None
    remote_id: str = ""  # the remote-access id (TeamViewer in seed 004)
    notes: str = ""
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)
    retired_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    #: it receives the live copy of the customer's data (seed 004: "una copia LIVE dei
    #: dati del proprio client sia su dispositivi Mobile che altri client")
    synced: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    #: it is in the support package ("dovranno essere inclusi nei pacchetti di assistenza")
    in_package: bool = Field(default=True, sa_column_kwargs={"server_default": true()})


class AssetSoftware(Row, table=True):
    """One verification of a piece of software on a machine: installed or not, when, by whom."""

    __tablename__ = "asset_software"
    __table_args__ = (Index("ix_asset_software_asset", "asset_id", "name", "verified_at"),)

    id: int | None = Field(default=None, primary_key=True)
    asset_id: int = Field(foreign_key="asset.id")
    name: str  # as the policy names it, lower case: antivirus, backup
    product: str = ""  # what is installed: "Norton Security Premium"
    installed: bool
    verified_at: datetime = Field(sa_type=UTCDateTime)
    verified_by_id: int = Field(foreign_key="technician.id")
    note: str = ""
    recorded_at: datetime = Field(sa_type=UTCDateTime)


class AssetInspection(Row, table=True):
    """The inspection of the whole machine when the contract was accepted, and its findings."""

    __tablename__ = "asset_inspection"

    id: int | None = Field(default=None, primary_key=True)
    asset_id: int = Field(foreign_key="asset.id", unique=True)
    inspected_at: datetime = Field(sa_type=UTCDateTime)
    inspected_by_id: int = Field(foreign_key="technician.id")
    findings: str
    recorded_at: datetime = Field(sa_type=UTCDateTime)


class IncidentAsset(Row, table=True):
    """The machine an incident is about: at most one, of the incident's customer."""

    __tablename__ = "incident_asset"
    __table_args__ = (Index("ix_incident_asset_asset", "asset_id"),)

    incident_id: int = Field(
        foreign_key="incident.id", primary_key=True, sa_column_kwargs={"autoincrement": False}
    )
    asset_id: int = Field(foreign_key="asset.id")
