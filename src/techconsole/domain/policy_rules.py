"""The policy's simple sections: billing, intake, service, changes, contracts, parts,
mail and company, each the file's own table.

Each section is declared once, here: a frozen dataclass that pydantic validates straight
from its table of the policy file (types, defaults and limits checked as it loads,
unknown keys refused) and that is the object the rules read.  A field added here is a key
of the file; ``policy_keys.NOT_APPLIED`` lists the ones no rule applies yet.
:class:`~techconsole.domain.policy.Policy` holds one of each.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator
from pydantic.dataclasses import dataclass as pydantic_dataclass

from techconsole.domain.channels import channel_word
from techconsole.domain.check_items import DEFAULT_CHECKLIST, checklist_key
from techconsole.domain.errors import DomainError
from techconsole.domain.policy_types import (
    STRICT,
    Allowance,
    Days,
    Duration,
    HourCount,
    Money,
    Percent,
)
from techconsole.i18n import _


def _checklist_key(value: str) -> str:
    try:
        return checklist_key(value)
    except DomainError as error:
        raise ValueError(str(error)) from None


ChecklistKey = Annotated[str, AfterValidator(_checklist_key)]
Channel = Literal["email", "whatsapp", "web", "phone", "walk_in"]
Role = Literal["titolare", "ads", "employee"]


@pydantic_dataclass(frozen=True, slots=True, config=STRICT)
class LateArrival:
    """Seed 003: what a late arrival on site costs us."""

    enabled: bool = False
    urgent_waives_all: bool = True
    percent_per_hour: Percent = Decimal("20")
    #: file key ``hours``: "whole" hours of delay count, or every hour "started"
    started_hours: HourCount = Field(default=False, alias="hours")
    cap_percent: Percent = Decimal("100")


@pydantic_dataclass(frozen=True, slots=True, config=STRICT)
class FreeRules:
    """When labour is free of charge, and since when."""

    cloud_software_since: date | None = None
    reseller_first_year: bool = False
    warranty: bool = True
    follow_up_after_unresolved: bool = False
    level2_labour_under_contract: bool = False


@pydantic_dataclass(frozen=True, slots=True, config=STRICT)
class BillingRules:
    unit_minutes: int = Field(default=20, gt=0, le=24 * 60)
    unit_price: Money = Decimal("40.00")
    rounding: Literal["up", "nearest"] = "up"
    rounding_scope: Literal["session", "incident_day"] = "session"
    minimum_units: int = Field(default=0, ge=0, le=1000)
    vat_percent: Percent = Decimal("22")
    callout_fee: Money = Decimal("0.00")
    urgent_on_request_percent: Percent = Decimal("0")
    late_arrival: LateArrival = Field(default_factory=LateArrival)
    free: FreeRules = Field(default_factory=FreeRules)
    #: (seed 000) "A pagamento, rientra la formazione successiva alla semigiornata data per
    #: contratto": the training each contract includes, in whole scatti (rounded down),
    #: taken before any is billed (:mod:`.prepaid`); ``0``: none
    training_included: Allowance = timedelta(0)


@pydantic_dataclass(frozen=True, slots=True, config=STRICT)
class IntakeRules:
    channels: tuple[Channel, ...] = Field(default=("email",), min_length=1)
    refused: dict[str, str] = Field(default_factory=dict)
    urgent_keyword: str | None = None
    authorisers: tuple[Role, ...] = ("titolare", "ads")
    needs_authorisation: tuple[Role, ...] = ("employee",)
    #: the severity of a request recorded without one (seed 001: "il livello di gravità
    #: viene attribuito dal personale tecnico"): it stands, said "not yet triaged",
    #: until a technician sets one; ``None``: the least severe
    default_severity: str | None = Field(default=None, min_length=1, max_length=20)

    def refusal(self, channel: str) -> str | None:
        """Why a request on ``channel`` is refused, or ``None`` when it is accepted."""
        if channel in self.refused:
            return self.refused[channel]
        if channel not in self.channels:
            return _("requests are not accepted by this channel ({channel})").format(
                channel=channel_word(channel)
            )
        return None

    def is_urgent_subject(self, subject: str) -> bool:
        """Whether the keyword (``URGENTE``) stands in ``subject`` as a word, not negated."""
        if not self.urgent_keyword:
            return False
        pattern = rf"(?<!non )\b{re.escape(self.urgent_keyword)}\b"
        return re.search(pattern, subject, flags=re.IGNORECASE) is not None


@pydantic_dataclass(frozen=True, slots=True, config=STRICT)
class ServiceRules:
    """Seed 004: service levels, loaner PCs, monthly checks, required software."""

    levels: dict[int, str] = Field(default_factory=dict)
    loaner_after: Duration | None = None
    health_check_every_months: int | None = Field(default=None, gt=0, le=120)
    required_software: tuple[str, ...] = ()
    #: what a health check looks at (:mod:`.check_items`): keys such as ``system_logs``
    health_checklist: tuple[ChecklistKey, ...] = Field(
        default=DEFAULT_CHECKLIST, min_length=1, max_length=40
    )
    #: a dangerous finding calls for a repeat check within this span (``"7d"``)
    repeat_check_within: Days = timedelta(days=7)

    @field_validator("health_checklist")
    @classmethod
    def _once_each(cls, keys: tuple[str, ...]) -> tuple[str, ...]:
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(
                _("the checklist names {keys} more than once").format(keys=", ".join(repeated))
            )
        return keys


_RELEASE_DAY = re.compile(r"^(\d{2})-(\d{2})$")


def _release_day(value: str) -> str:
    """``"07-01"``: a day of every year, month and day (29 February is not in every year)."""
    found = _RELEASE_DAY.match(value.strip())
    if found is None:
        raise ValueError(
            _("'{value}' is not a day of the year: write MM-DD, e.g. 07-01").format(value=value)
        )
    month, day = int(found[1]), int(found[2])
    try:
        date(2027, month, day)  # a year without 29 February
    except ValueError:
        raise ValueError(
            _("'{value}' is not a day of every year: write MM-DD, e.g. 07-01").format(value=value)
        ) from None
    return f"{month:02d}-{day:02d}"


ReleaseDay = Annotated[str, AfterValidator(_release_day)]


@pydantic_dataclass(frozen=True, slots=True, config=STRICT)
class ChangeRules:
    """Seeds 000/001: when customisations may be worked on, shipped and contested, and
    when the updates are released (:mod:`techconsole.domain.changes` applies them)."""

    #: no customisation is worked on or delivered in these months (000: March to August)
    freeze_months: tuple[Annotated[int, Field(ge=1, le=12)], ...] = ()
    #: a delivery can be contested up to this many calendar days after it (000: 30)
    contest_days: int | None = Field(default=None, gt=0, le=3660)
    #: a heavy customisation is tested within this many calendar days of its delivery,
    #: after which it counts as accepted (001: 15)
    acceptance_test_days: int | None = Field(default=None, gt=0, le=3660)
    #: the updates released each year (001: two); without ``release_dates`` they are
    #: evenly spaced from 1 January, on the first day of a month
    releases_per_year: int | None = Field(default=None, gt=0, le=12)
    #: the days of the year the updates are released (``"MM-DD"``), when not evenly spaced
    release_dates: tuple[ReleaseDay, ...] = Field(default=(), max_length=12)

    @field_validator("freeze_months")
    @classmethod
    def _some_month_open(cls, months: tuple[int, ...]) -> tuple[int, ...]:
        if len(set(months)) == 12:
            raise ValueError(_("every month is frozen: no customisation could ever be made"))
        return months

    @field_validator("release_dates")
    @classmethod
    def _each_day_once(cls, days: tuple[str, ...]) -> tuple[str, ...]:
        repeated = sorted({d for d in days if days.count(d) > 1})
        if repeated:
            raise ValueError(
                _("the release dates name {days} more than once").format(days=", ".join(repeated))
            )
        return days

    @model_validator(mode="after")
    def _as_many_dates_as_releases(self) -> ChangeRules:
        count, days = self.releases_per_year, self.release_dates
        if days and count is not None and count != len(days):
            raise ValueError(
                _(
                    "releases_per_year is {count} but release_dates lists {listed} days: "
                    "give as many days as releases (or leave releases_per_year out)"
                ).format(count=count, listed=len(days))
            )
        return self


@pydantic_dataclass(frozen=True, slots=True, config=STRICT)
class ContractRules:
    """Seed 001: "La sottoscrizione di un piano ha una durata minima di un anno con
    pagamento anticipato"; how soon before its end a contract is pointed out."""

    #: a contract shorter than this many months is refused (0: no minimum)
    minimum_months: int = Field(default=0, ge=0, le=120)
    #: a contract is paid before it starts: one not paid yet is said so
    paid_in_advance: bool = False
    #: a customer whose contracts end within this many days is listed for the lead and
    #: said so on their incidents (0: on the last day only)
    expiring_days: int = Field(default=30, ge=0, le=366)
    #: a customer whose prepaid block of hours ("monte ore") has this share or less left
    #: is listed for the lead
    prepaid_low_percent: Percent = Decimal("20")


@pydantic_dataclass(frozen=True, slots=True, config=STRICT)
class PartRules:
    """Seed 003: "riteniamo automaticamente accettate dal cliente le sostituzioni delle
    piccole parti di ricambio"; a customer may ask to be told before any part (a setting
    of the customer)."""

    #: a part worth more than this to the customer is no small part: it waits for the
    #: customer's OK, whoever the customer (``None``: every part is a small part)
    approval_above: Money | None = None


@pydantic_dataclass(frozen=True, slots=True, config=STRICT)
class MailRules:
    """Which messages the customer is sent, and what a reply to a closed incident does.

    ``queued``: the "your request is IN CODA" acknowledgement of a request taken from mail
    (000); ``taken_in_charge``: the presa in carico with the estimated resolution (002),
    or ``confirmation``: the written Conferma d'intervento — when, how and how long (003),
    sent when the incident is acknowledged; ``resolution``: the resolution notice, with
    the work report attached when there is one (002); ``authorisation_request``: a request
    to the titolare when an employee's request waits for authorisation (001).
    """

    queued: bool = False
    on_acknowledge: Literal["none", "taken_in_charge", "confirmation"] = "none"
    resolution: bool = False
    authorisation_request: bool = False
    #: a reply to a closed incident: a new incident linked to it, or the same one reopened
    reply_to_closed: Literal["new_linked", "reopen"] = "new_linked"
    #: at most this many automatic messages to one address in 24 hours (RFC 3834)
    auto_replies_per_day: int = Field(default=5, ge=0, le=1000)
    #: the language the customer is written to (the messages and the attached work
    #: report), whatever language each technician's console speaks
    language: Literal["it", "en"] = "it"


@pydantic_dataclass(frozen=True, slots=True, config=STRICT)
class Company:
    name: str = ""
    address: str = ""
    vat_number: str = ""
    phone: str = ""
    email: str = ""
