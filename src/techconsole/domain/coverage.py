"""Whether a customer's machine is covered by the contract (seed 004, policy.md §8).

"La validità del contratto è connessa direttamente al funzionamento del software di
backup e del software Antivirus": a machine is covered at a moment when

- the customer has a contract in force that day,
- the machine is under the contract by then (its ``since`` day) and not retired, and
- every piece of software the policy requires (``service.required_software``) is
  installed *as last verified* by then: a verification that found it missing makes the
  machine uncovered from that verification on, until one finds it installed again;
  software never verified leaves the machine uncovered, and
- it is in the support package: "una copia LIVE dei dati del proprio client sia su
  dispositivi Mobile che altri client che comunque dovranno essere inclusi nei pacchetti
  di assistenza".  A machine out of the package is not covered; one that receives the
  live copy of the data and is out of it is flagged (:data:`SYNCED_NOT_IN_PACKAGE`).
  Whether it is in the package is as recorded now (not kept over time).

Work on a machine is judged over the time it went on (:func:`coverage_during`): covered
only if the machine was covered when the request arrived and stayed so at every
verification up to the end of the work.  The reasons are :class:`Gap` values;
:func:`gap_text` words them.  Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Final

from techconsole.i18n import N_, _

NO_CONTRACT: Final = "no_contract"
NOT_YET: Final = "not_yet"
RETIRED: Final = "retired"
NOT_INSTALLED: Final = "not_installed"
NEVER_VERIFIED: Final = "never_verified"
NOT_IN_PACKAGE: Final = "not_in_package"
SYNCED_NOT_IN_PACKAGE: Final = "synced_not_in_package"
#: the gaps a person must act on: a device with the customer's data outside the package
FLAGGED: Final = (SYNCED_NOT_IN_PACKAGE,)

#: each reason in English (catalogue messages); ``{day}`` is ``dd/mm/yyyy``
GAP_TEXTS: Final[dict[str, str]] = {
    NO_CONTRACT: N_("no contract in force"),
    NOT_YET: N_("under the contract only from {day}"),
    RETIRED: N_("retired on {day}"),
    NOT_INSTALLED: N_("{software} not installed since {day}"),
    NEVER_VERIFIED: N_("{software} never verified"),
    NOT_IN_PACKAGE: N_("not in the support package"),
    SYNCED_NOT_IN_PACKAGE: N_("receives the data but is not in the support package"),
}


@dataclass(frozen=True, slots=True)
class Check:
    """One verification of a piece of software on the machine."""

    software: str
    installed: bool
    at: datetime


@dataclass(frozen=True, slots=True)
class Term:
    """The days of a contract in force (first and last, inclusive, in the policy's zone)."""

    starts_on: date
    ends_on: date


@dataclass(frozen=True, slots=True)
class Machine:
    """What coverage looks at about one machine."""

    since: date | None = None  # under the contract from this day
    retired_at: datetime | None = None
    checks: tuple[Check, ...] = ()
    #: it receives the live copy of the customer's data
    synced: bool = False
    #: it is in the support package
    in_package: bool = True


@dataclass(frozen=True, slots=True)
class Gap:
    """One reason a machine is not covered; ``day`` in the policy's zone."""

    code: str
    software: str = ""
    day: date | None = None


@dataclass(frozen=True, slots=True)
class Coverage:
    at: datetime
    gaps: tuple[Gap, ...] = ()

    @property
    def covered(self) -> bool:
        return not self.gaps

    @property
    def flagged(self) -> bool:
        """A gap someone must act on: a device with the data outside the package."""
        return any(g.code in FLAGGED for g in self.gaps)


def software_key(name: str) -> str:
    """How a piece of software is named and compared: ``" Backup "`` is ``backup``."""
    return " ".join(name.split()).casefold()


def required(names: Iterable[str]) -> tuple[str, ...]:
    """The policy's required software, named as :func:`software_key` does, once each."""
    return tuple(dict.fromkeys(k for k in (software_key(n) for n in names) if k))


def last_state(
    checks: Sequence[Check], software: str, at: datetime
) -> tuple[bool, datetime] | None:
    """Whether ``software`` was installed as last verified by ``at``, and since when it has
    been so (the first of the verifications in a row that found the same); ``None`` when
    it was never verified by then."""
    key = software_key(software)
    # two verifications at the same moment that disagree: the one that found it missing
    found = sorted(
        (c for c in checks if software_key(c.software) == key and c.at <= at),
        key=lambda c: (c.at, not c.installed),
    )
    if not found:
        return None
    state = found[-1].installed
    since = found[-1].at
    for check in reversed(found):
        if check.installed != state:
            break
        since = check.at
    return state, since


def coverage(
    at: datetime,
    zone: tzinfo,
    terms: Iterable[Term],
    software: Iterable[str],
    machine: Machine,
) -> Coverage:
    """Whether ``machine`` is covered at ``at``, and every reason it is not."""
    day = at.astimezone(zone).date()
    contract = () if any(t.starts_on <= day <= t.ends_on for t in terms) else (Gap(NO_CONTRACT),)
    return Coverage(at, (*contract, *_machine_gaps(at, zone, required(software), machine)))


def _machine_gaps(
    at: datetime, zone: tzinfo, names: tuple[str, ...], machine: Machine
) -> tuple[Gap, ...]:
    """Why the machine itself is not covered at ``at`` (its contract aside)."""
    gaps: list[Gap] = []
    if not machine.in_package:
        gaps.append(Gap(SYNCED_NOT_IN_PACKAGE if machine.synced else NOT_IN_PACKAGE))
    if machine.since is not None and at.astimezone(zone).date() < machine.since:
        gaps.append(Gap(NOT_YET, day=machine.since))
    if machine.retired_at is not None and machine.retired_at <= at:
        gaps.append(Gap(RETIRED, day=machine.retired_at.astimezone(zone).date()))
    for name in names:
        state = last_state(machine.checks, name, at)
        if state is None:
            gaps.append(Gap(NEVER_VERIFIED, name))
        elif not state[0]:
            gaps.append(Gap(NOT_INSTALLED, name, state[1].astimezone(zone).date()))
    return tuple(gaps)


def coverage_during(
    start: datetime,
    end: datetime,
    zone: tzinfo,
    terms: Iterable[Term],
    software: Iterable[str],
    machine: Machine,
) -> Coverage:
    """Whether work on ``machine`` from ``start`` (the request's arrival) to ``end`` was
    on a covered machine.

    The contract is judged at ``start``, as the incident's plan is; the machine at
    ``start``, at every verification and at its retirement in between, and at ``end``.
    The answer is the first moment it was not covered, else the coverage at ``end``.
    """
    end = max(start, end)
    names = required(software)
    first = coverage(start, zone, terms, names, machine)
    if not first.covered:
        return first
    moments = {end, *(c.at for c in machine.checks if start < c.at <= end)}
    if machine.retired_at is not None and start < machine.retired_at <= end:
        moments.add(machine.retired_at)
    for moment in sorted(moments):
        gaps = _machine_gaps(moment, zone, names, machine)
        if gaps:
            return Coverage(moment, gaps)
    return Coverage(end)


def gap_args(gap: Gap) -> dict[str, str]:
    """The fields of ``gap``'s sentence: ``software`` and ``day`` (``dd/mm/yyyy``)."""
    return {
        "software": gap.software,
        "day": "" if gap.day is None else f"{gap.day:%d/%m/%Y}",
    }


def gap_text(gap: Gap) -> str:
    """``backup not installed since 12/11/2026``, in the language in use."""
    return _(GAP_TEXTS[gap.code]).format(**gap_args(gap))


def reasons(found: Coverage) -> tuple[str, ...]:
    """Every reason ``found`` is not covered, worded (nothing when it is)."""
    return tuple(gap_text(g) for g in found.gaps)
