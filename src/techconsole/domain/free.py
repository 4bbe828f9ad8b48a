"""When labour is free of charge (policy.md §6), and the reason shown for it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from techconsole.domain import levels
from techconsole.domain.policy_rules import BillingRules
from techconsole.i18n import N_, _

#: Incidents of this category concern the company's own software (seed 000).
OWN_SOFTWARE = "software"


class _Session(Protocol):
    @property
    def kind(self) -> str: ...


@dataclass(frozen=True, slots=True)
class FreeFacts:
    """The facts the free-of-charge rules look at."""

    work_date: date | None = None
    deployment: str = "on_premise"
    category: str = ""
    reseller_since: date | None = None
    warranty: bool = False
    follow_up_of_unresolved: bool = False
    #: the level declared on the incident (:mod:`techconsole.domain.levels` checks it
    #: against the work: the sessions' kinds and ``arrived_on_site``)
    level: int = 1
    contract: bool = False
    plan_covers_category: bool = False
    #: the levels the incident's plan includes (``[plans.X] included_levels``)
    included_levels: tuple[int, ...] = ()
    #: the technician's arrival on site was recorded
    arrived_on_site: bool = False


def _one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return date(day.year + 1, 3, 1)


#: The English wording of each free-of-charge reason (catalogue messages: the bill keeps
#: the English, :func:`reason_text` says it in the language in use).
REASONS: dict[str, str] = {
    "warranty": N_("warranty – not billed"),
    "follow_up": N_("follow-up of a visit that did not solve the problem"),
    "level1_contract": N_("part of the client contract (level 1)"),
    "level2_contract": N_("level-2 repair under the client contract: only parts are paid"),
    "plan_category": N_("covered by the plan ({category})"),
    "reseller_first_year": N_("reseller's first year (since {since})"),
    "cloud_software": N_("support on cloud software (since {since})"),
}


def reason_text(code: str, args: Mapping[str, str]) -> str:
    """A free-of-charge reason in the language in use."""
    template = REASONS.get(code)
    return code.replace("_", " ") if template is None else _(template).format(**args)


def free_reason_code(
    rules: BillingRules, facts: FreeFacts, sessions: Sequence[_Session]
) -> tuple[str, dict[str, str]] | None:
    """Why this job's labour (and call-out) is not charged, as a code of :data:`REASONS`
    and its arguments, or ``None`` if it is charged."""
    free = rules.free
    if facts.warranty and free.warranty:
        return "warranty", {}
    if facts.follow_up_of_unresolved and free.follow_up_after_unresolved:
        return "follow_up", {}
    found = levels.check(facts.level, (s.kind for s in sessions), facts.arrived_on_site)
    code = levels.contract_code(
        found.effective, facts.included_levels, facts.contract, free.level2_labour_under_contract
    )
    if code is not None:
        return code, {}
    if facts.plan_covers_category:
        return "plan_category", {"category": facts.category}
    if (
        free.reseller_first_year
        and facts.reseller_since is not None
        and facts.work_date is not None
        and facts.work_date < _one_year_after(facts.reseller_since)
    ):
        return "reseller_first_year", {"since": f"{facts.reseller_since:%d/%m/%Y}"}
    if (
        free.cloud_software_since is not None
        and facts.deployment == "cloud"
        and facts.category == OWN_SOFTWARE
        and facts.work_date is not None
        and facts.work_date >= free.cloud_software_since
        and not any(s.kind in ("on_site", "travel") for s in sessions)
    ):
        return "cloud_software", {"since": f"{free.cloud_software_since:%d/%m/%Y}"}
    return None


def free_reason(rules: BillingRules, facts: FreeFacts, sessions: Sequence[_Session]) -> str | None:
    """Why this job's labour (and call-out) is not charged, or ``None`` if it is."""
    found = free_reason_code(rules, facts, sessions)
    if found is None:
        return None
    code, args = found
    return REASONS[code].format(**args)
