"""The programs a customer uses, each with the day its reseller began managing it (seed
001: "Il rivenditore avra' assistenza 7/7 il primo anno di gestione del programma (per
ogni programma) gratuitamente"): a reseller's first year counts per program."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from techconsole.store.types import Row, UTCDateTime


class CustomerProgram(Row, table=True):
    __tablename__ = "customer_program"
    __table_args__ = (UniqueConstraint("customer_id", "name", name="uq_customer_program_name"),)

    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id")
    name: str
    #: the first day the reseller managed this program (``None``: the customer's own
    #: ``reseller_since`` stands for it)
    reseller_since: date | None = None
    created_at: datetime = Field(sa_type=UTCDateTime)
