"""A contract's prepaid block of hours ("monte ore") and the training it includes (seed 000).

(seed 000) "A pagamento, rientra la formazione successiva alla semigiornata data per
contratto": each contract includes some training (``[billing] training_included``, half a
day: ``"4h"``); training beyond it is billed.  A contract may also carry a block of
prepaid hours: the labour that would be billed is taken from the block first, and only
the rest is priced.

Both are counted in whole scatti.  The work of a contract is its labour lines (one per
work session, or per incident and day: the policy's ``rounding_scope``) on the days the
contract is in force, each with the scatti that would be charged once the free-of-charge
rules have spoken (a line that is free draws nothing).  :func:`spend` draws them in order:

1. the lines of months closed for invoicing keep the draws recorded when the month was
   closed (``frozen``), whatever changed since;
2. the other lines, oldest first (their start, then their key), each takes from the
   training allowance first when it is training, then from the block, as long as
   something is left; the rest of the line is priced.

The same lines always give the same draws: the balance is a function of the block, the
allowance and the lines, in no particular order.

Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from techconsole.domain.errors import DomainError
from techconsole.domain.money import HUNDRED
from techconsole.i18n import _, ngettext


@dataclass(frozen=True, slots=True)
class Draw:
    """What one labour line took: scatti of the training allowance, scatti of the block."""

    training: int = 0
    prepaid: int = 0

    @property
    def scatti(self) -> int:
        return self.training + self.prepaid


NOTHING = Draw()


@dataclass(frozen=True, slots=True)
class Work:
    """One labour line of a contract's customer."""

    #: a stable name of the line: the id of its (first) work session
    key: int
    #: when it started: the order the lines draw in
    at: datetime
    #: the scatti that would be charged (0 when free of charge)
    scatti: int
    training: bool = False
    #: the draw recorded when its month was closed for invoicing, if it was
    frozen: Draw | None = None

    def __post_init__(self) -> None:
        if self.scatti < 0:
            raise DomainError("a labour line cannot have fewer than no scatti")


@dataclass(frozen=True, slots=True)
class Ledger:
    """A contract's block and training allowance, and what each labour line took."""

    block: int
    allowance: int
    #: every line's draw, by key, in the order they drew
    draws: Mapping[int, Draw] = field(default_factory=dict)

    @property
    def used(self) -> int:
        return sum(d.prepaid for d in self.draws.values())

    @property
    def left(self) -> int:
        """Scatti of the block not used yet (never below none)."""
        return max(self.block - self.used, 0)

    @property
    def training_used(self) -> int:
        return sum(d.training for d in self.draws.values())

    @property
    def training_left(self) -> int:
        return max(self.allowance - self.training_used, 0)

    def draw(self, key: int) -> Draw:
        return self.draws.get(key, NOTHING)

    def low(self, percent: Decimal) -> bool:
        """A block whose scatti left are ``percent`` % of it or fewer (no block: never)."""
        return self.block > 0 and Decimal(self.left) * HUNDRED <= percent * self.block


def spend(block: int, allowance: int, work: Iterable[Work]) -> Ledger:
    """The draws of ``work`` from a block of ``block`` scatti and a training allowance of
    ``allowance`` scatti (see the module's docstring)."""
    if block < 0 or allowance < 0:
        raise DomainError("a block or an allowance cannot be negative")
    lines = sorted(work, key=lambda w: (w.frozen is None, w.at, w.key))
    keys = [w.key for w in lines]
    if len(set(keys)) != len(keys):
        raise DomainError("two labour lines have the same key")
    draws: dict[int, Draw] = {}
    used = trained = 0
    for line in lines:
        if line.frozen is not None:
            taken = line.frozen
        else:
            training = min(line.scatti, max(allowance - trained, 0)) if line.training else 0
            prepaid = min(line.scatti - training, max(block - used, 0))
            taken = Draw(training, prepaid)
        draws[line.key] = taken
        used += taken.prepaid
        trained += taken.training
    return Ledger(block, allowance, draws)


def scatti_of(span: timedelta, unit_minutes: int) -> int:
    """Whole scatti of ``unit_minutes`` in ``span``, rounded down (an allowance or a block
    gives no part of a scatto)."""
    if span < timedelta(0):
        raise DomainError("a block of hours cannot be negative")
    return span // timedelta(minutes=unit_minutes)


def block_minutes(text_minutes: int, unit_minutes: int) -> int:
    """``text_minutes`` of prepaid hours, refused unless they are whole scatti."""
    if text_minutes < 0:
        raise DomainError(_("a prepaid block of hours cannot be negative"))
    if text_minutes % unit_minutes:
        below = text_minutes - text_minutes % unit_minutes
        raise DomainError(
            _(
                "a prepaid block of hours is made of whole scatti of {unit} minutes: "
                "{hours} is not; {below} or {above} is"
            ).format(
                unit=unit_minutes,
                hours=hours_words(text_minutes),
                below=hours_words(below),
                above=hours_words(below + unit_minutes),
            )
        )
    return text_minutes


def hours_words(minutes: int) -> str:
    """``10h``, ``1h 20m``, ``40m``: a block of hours as written on the command line."""
    hours, rest = divmod(minutes, 60)
    if not rest:
        return f"{hours}h"
    return f"{hours}h {rest:02d}m" if hours else f"{rest}m"


def scatti_words(count: int, unit_minutes: int | None = None) -> str:
    """``6 scatti``, or ``6 scatti (2h)`` given the scatto's minutes."""
    said = ngettext("{n} scatto", "{n} scatti", count).format(n=count)
    return f"{said} ({hours_words(count * unit_minutes)})" if unit_minutes else said


def used_words(used: int, left: int, total: int, unit_minutes: int | None = None) -> str:
    """``4 scatti used, 2 left of 6 scatti``."""
    return _("{used} used, {left} left of {total}").format(
        used=scatti_words(used, unit_minutes),
        left=left,
        total=scatti_words(total, unit_minutes),
    )


def block_words(used: int, left: int, block: int, unit_minutes: int | None = None) -> str:
    """``Prepaid hours (monte ore): 4 scatti used, 2 left of 6 scatti``."""
    words = used_words(used, left, block, unit_minutes)
    return _("Prepaid hours (monte ore): {words}").format(words=words)


def training_words(used: int, left: int, allowance: int, unit_minutes: int | None = None) -> str:
    """``Training included in the contract: 3 scatti used, 9 left of 12 scatti``."""
    words = used_words(used, left, allowance, unit_minutes)
    return _("Training included in the contract: {words}").format(words=words)
