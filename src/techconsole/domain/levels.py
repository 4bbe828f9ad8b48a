"""Service levels (seed 004, policy.md §8): the level a job is billed at, and what the
client contract makes of it.

"Per assistenza di 1° livello si intendono tutti quegli interventi che possono essere
risolti a mezzo di connessione remota"; "Per assistenza di 2° livello si intendono tutti
quegli interventi che non possono essere risolti a mezzo di connessione remota e quindi
devono essere effettuati direttamente presso il committente. Le problematiche riguardano
solo avarie di tipo Hardware".

So the level declared on an incident is checked against the work done on it:

- level 2 counts only when someone went to the customer: a trip or a visit
  (:data:`ON_SITE_KINDS`) or the arrival on site recorded.  A level-2 incident whose work
  was all done from here (remote, phone, workshop) is billed as level 1, with the warning
  :data:`LEVEL2_REMOTE_ONLY`; one with no work yet stays at level 2, nothing to judge;
- level 1 with work at the customer's stays level 1, with the warning
  :data:`LEVEL1_ON_SITE` (the level was probably meant to be 2).

Under a contract plan that includes the level (``[plans.X] included_levels``), level-1
labour is part of the contract (:data:`LEVEL1_CONTRACT`) and level-2 labour is free, the
spare parts paid, when ``[billing.free] level2_labour_under_contract`` says so
(:data:`LEVEL2_CONTRACT`: "NON SI PAGA L'INTERVENTO DI RIPRISTINO MA SOLTANTO IL PEZZO DI
RICAMBIO").  Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from techconsole.i18n import N_, _

#: the levels a policy knows
LEVELS: Final = (1, 2)
#: the kinds of work session that take someone to the customer's site
ON_SITE_KINDS: Final = ("on_site", "travel")

LEVEL2_REMOTE_ONLY: Final = "level2_remote_only"
LEVEL1_ON_SITE: Final = "level1_on_site"

#: each warning in English (catalogue messages); ``{declared}`` and ``{level}`` are numbers
WARNING_TEXTS: Final[dict[str, str]] = {
    LEVEL2_REMOTE_ONLY: N_(
        "level {declared} without work at the customer's site: billed as level {level}"
    ),
    LEVEL1_ON_SITE: N_(
        "level {declared} with work at the customer's site: level 2 is the on-site hardware repair"
    ),
}

#: the free-of-charge codes of :data:`techconsole.domain.free.REASONS` decided here
LEVEL1_CONTRACT: Final = "level1_contract"
LEVEL2_CONTRACT: Final = "level2_contract"


@dataclass(frozen=True, slots=True)
class LevelCheck:
    """The level declared on an incident, the one its work is billed at, and why they
    differ or look wrong (codes of :data:`WARNING_TEXTS`)."""

    declared: int
    effective: int
    warnings: tuple[str, ...] = ()

    @property
    def differs(self) -> bool:
        return self.declared != self.effective


def check(level: int, kinds: Iterable[str], arrived_on_site: bool = False) -> LevelCheck:
    """The level the work is billed at: ``level`` as declared, the kinds of its work
    sessions, whether the technician's arrival on site was recorded."""
    done = tuple(kinds)
    on_site = arrived_on_site or any(k in ON_SITE_KINDS for k in done)
    if level >= 2:
        if on_site or not done:
            return LevelCheck(level, level)
        return LevelCheck(level, 1, (LEVEL2_REMOTE_ONLY,))
    if on_site:
        return LevelCheck(level, level, (LEVEL1_ON_SITE,))
    return LevelCheck(level, level)


def contract_code(
    effective: int,
    included: Iterable[int],
    contract: bool,
    level2_labour_under_contract: bool,
) -> str | None:
    """Why the labour at level ``effective`` is not charged under the contract, or
    ``None``: the plan must be a contract in force that includes the level."""
    if not contract or effective not in tuple(included):
        return None
    if effective == 1:
        return LEVEL1_CONTRACT
    if effective == 2 and level2_labour_under_contract:
        return LEVEL2_CONTRACT
    return None


def warning_text(code: str, found: LevelCheck) -> str:
    """A warning of ``found`` in the language in use."""
    template = WARNING_TEXTS.get(code)
    if template is None:
        return code.replace("_", " ")
    return _(template).format(declared=found.declared, level=found.effective)


def warnings(found: LevelCheck) -> tuple[str, ...]:
    """Every warning of ``found``, worded."""
    return tuple(warning_text(code, found) for code in found.warnings)
