"""The tables.  Times are aware UTC (``UTCDateTime``); money is exact (``Money``).

Rows never leave the services: they return frozen dataclasses instead.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, event, func, inspect, text
from sqlmodel import Field

from techconsole.domain.search import fold
from techconsole.store.partial import on_postgresql
from techconsole.store.types import Money, Row, UTCDateTime

OPEN_STATUSES = ("open", "in_progress", "waiting", "awaiting_authorisation")
#: the queue's "waiting" view: on the customer, or on a titolare's or ADS's authorisation
WAITING_STATUSES = ("waiting", "awaiting_authorisation")
_WAITING = "status IN ('waiting', 'awaiting_authorisation')"
#: the default queue order (``services.incidents.queue.order_by``), as indexed for open incidents
QUEUE_COLUMNS = ("q_contract", "q_urgent", "q_severity", "due_sort", "arrived_at", "number")


def _at(**kwargs: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kwargs)


class Customer(Row, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    #: the name without case or accents (``domain.search.fold``), for the queue's search:
    #: kept by the store (``store.search``) whenever the name is written
    name_folded: str = Field(default="", sa_column_kwargs={"server_default": text("''")})
    vat_number: str = ""
    address: str = ""
    deployment: str = "on_premise"  # cloud | on_premise
    reseller: bool = False
    reseller_since: date | None = None
    we_are_ads: bool = False
    notify_before_parts: bool = False
    notes: str = ""
    created_at: datetime = _at()


class Contact(Row, table=True):
    #: a sender's address is matched case-insensitively (services.mail.matching)
    __table_args__ = (Index("ix_contact_email_lower", func.lower(text("email"))),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    name: str
    role: str = "employee"  # titolare | ads | employee
    email: str = ""
    phone: str = ""
    active: bool = True


class Contract(Row, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    plan: str
    starts_on: date
    ends_on: date
    prepaid: Decimal = Field(default=Decimal("0.00"), sa_type=Money())
    notes: str = ""
    #: when it was paid (seed 001: "con pagamento anticipato"); ``None``: not yet
    paid_on: date | None = None
    #: its prepaid block of hours ("monte ore", seed 000), in minutes of whole scatti;
    #: 0: none (``prepaid`` above is an amount of money, informative only)
    prepaid_minutes: int = Field(default=0, sa_column_kwargs={"server_default": text("0")})


class Technician(Row, table=True):
    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(unique=True)
    display_name: str
    role: str = "technician"  # technician | lead
    active: bool = True
    created_at: datetime = _at()


class NumberCounter(Row, table=True):
    """The last incident number handed out in a year (2026-000123)."""

    __tablename__ = "number_counter"
    year: int = Field(primary_key=True)
    last: int = 0


class Incident(Row, table=True):
    __table_args__ = (
        UniqueConstraint("year", "seq", name="uq_incident_year_seq"),
        # The queue: open incidents only (partial indexes, migration 0003) in the default
        # queue order, so that a page is read off the index in order.  status and is_open
        # make the first one cover the counts of the queue's views (SQLite 3.40 does not
        # count the partial index's own WHERE column as covered).  On PostgreSQL,
        # migration 0003 also creates statistics on (is_open, status, assignee_id).
        on_postgresql(
            Index(
                "ix_incident_open_queue",
                *QUEUE_COLUMNS,
                "status",
                "is_open",
                sqlite_where=text("is_open = 1"),
            ),
            "is_open",
        ),
        on_postgresql(
            Index(
                "ix_incident_open_assignee",
                "assignee_id",
                *QUEUE_COLUMNS,
                sqlite_where=text("is_open = 1"),
            ),
            "is_open",
        ),
        # the "waiting" view in queue order (migration 0023): PostgreSQL reads its page
        # off this index instead of sorting every waiting incident (SQLite reads it in
        # order off ix_incident_open_queue already).  The query spells the statuses as
        # literals, so that the planner can always match this WHERE.
        on_postgresql(
            Index(
                "ix_incident_open_waiting",
                *QUEUE_COLUMNS,
                sqlite_where=text(f"is_open = 1 AND {_WAITING}"),
            ),
            f"is_open AND {_WAITING}",
        ),
        Index("ix_incident_assignee_open", "assignee_id", "is_open"),
        # the open incidents of the customers a search finds by name (migration 0022)
        on_postgresql(
            Index("ix_incident_open_customer", "customer_id", sqlite_where=text("is_open = 1")),
            "is_open",
        ),
        Index("ix_incident_customer", "customer_id", "arrived_at"),
        # the console's "recent" view: resolved or closed in the last days, newest first
        Index("ix_incident_resolved", "resolved_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    year: int
    seq: int
    customer_id: int = Field(foreign_key="customer.id")
    requester_id: int | None = Field(default=None, foreign_key="contact.id")
    channel: str = "email"
    subject: str
    #: the subject without case or accents (``domain.search.fold``), for the queue's
    #: search: kept by the store (``store.search``) whenever the subject is written
    subject_folded: str = Field(default="", sa_column_kwargs={"server_default": text("''")})
    description: str = ""
    severity: str
    #: False while the severity is the policy's default, given by no technician (seed
    #: 001: "il livello di gravità viene attribuito dal personale tecnico")
    severity_triaged: bool = Field(default=True, sa_column_kwargs={"server_default": text("true")})
    urgent: bool = False
    urgent_on_request: bool = False
    warranty: bool = False
    level: int = 1
    category: str = ""
    #: the customer's program it is about (store.programs; seed 001: a reseller's free
    #: first year counts "per ogni programma"); "" for none named
    program: str = Field(default="", sa_column_kwargs={"server_default": text("''")})
    status: str = "open"
    status_before_pause: str | None = None
    assignee_id: int | None = Field(default=None, foreign_key="technician.id")
    plan: str
    contract: bool = False
    arrived_at: datetime = _at()
    acknowledged_at: datetime | None = _at(default=None)
    estimated_resolution_at: datetime | None = _at(default=None)
    promised_on_site_at: datetime | None = _at(default=None)
    #: who agreed to an on-site time later than the policy's guarantee, and how (seed 003)
    on_site_agreed: str = Field(default="", sa_column_kwargs={"server_default": text("''")})
    on_site_at: datetime | None = _at(default=None)
    resolved_at: datetime | None = _at(default=None)
    closed_at: datetime | None = _at(default=None)
    resolved: bool | None = None
    follow_up_of_id: int | None = Field(default=None, foreign_key="incident.id")
    needs_authorisation: bool = False
    authorised_by_id: int | None = Field(default=None, foreign_key="contact.id")
    authorised_at: datetime | None = _at(default=None)
    authorised_via: str = ""
    authorised_until: datetime | None = _at(default=None)
    account_provided_at: datetime | None = _at(default=None)
    account_provided_by_id: int | None = Field(default=None, foreign_key="contact.id")
    #: the end of the server account's temporary password (seed 000), if the customer said
    account_valid_until: datetime | None = _at(default=None)
    #: the release that will carry the fix (001: "in seguito al rilascio della versione
    #: aggiornata"), a day of the policy's release calendar
    fixed_in_release: date | None = None
    # Denormalised for the queue: recomputed by every service that changes the incident.
    is_open: bool = True
    q_contract: int = 0
    q_urgent: int = 0
    q_severity: int = 0
    due_at: datetime | None = _at(default=None)
    due_sort: datetime = _at()
    version: int = 1
    updated_at: datetime = _at()
    #: its clock events, as the clocks read them (``domain.clock_log``): kept in step with
    #: its timeline by ``services.records.event``; ``None`` only for a row written without
    #: one, whose clocks are then read off its timeline
    clock_log: list[Any] | None = Field(
        default_factory=list, sa_column=Column(JSON(none_as_null=True), nullable=True)
    )


class IncidentEvent(Row, table=True):
    """The incident's timeline: notes and every change, each with actor and time."""

    __tablename__ = "incident_event"
    __table_args__ = (Index("ix_event_incident_at", "incident_id", "at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(foreign_key="incident.id")
    at: datetime = _at()
    actor_id: int | None = Field(default=None, foreign_key="technician.id")
    kind: str
    text: str = ""
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class AuditEntry(Row, table=True):
    """Append-only: database triggers refuse UPDATE and DELETE.

    ``actor`` is the technician the action is recorded for (``system`` for the program's
    own steps); ``os_user`` the real OS user who ran the program (another login when a
    lead acts on someone's behalf; NULL on rows older than schema 0007); ``db_user``
    PostgreSQL's ``session_user``, set by a trigger whatever the client sends (NULL on
    SQLite).
    """

    __tablename__ = "audit"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _at(index=True)
    actor: str
    action: str
    entity: str
    entity_id: int | None = None
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    os_user: str | None = None
    db_user: str | None = None


class Meta(Row, table=True):
    """Key/value facts about the database (e.g. the policy the dues were computed with)."""

    key: str = Field(primary_key=True)
    value: str = Field(default="", sa_column_kwargs={"server_default": text("''")})


# -- the folded copies of the texts the queue searches (store.search), written with them --


def _changed(row: Any, name: str) -> bool:
    return bool(inspect(row).attrs[name].history.has_changes())


@event.listens_for(Incident, "before_insert")
def _fold_new_subject(_mapper: Any, _connection: Any, incident: Incident) -> None:
    incident.subject_folded = fold(incident.subject)


@event.listens_for(Incident, "before_update")
def _fold_subject(_mapper: Any, _connection: Any, incident: Incident) -> None:
    if _changed(incident, "subject"):
        incident.subject_folded = fold(incident.subject)


@event.listens_for(Customer, "before_insert")
def _fold_new_name(_mapper: Any, _connection: Any, customer: Customer) -> None:
    customer.name_folded = fold(customer.name)


@event.listens_for(Customer, "before_update")
def _fold_name(_mapper: Any, _connection: Any, customer: Customer) -> None:
    if _changed(customer, "name"):
        customer.name_folded = fold(customer.name)
