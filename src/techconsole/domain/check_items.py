"""What a health check looks at and what it finds (seed 004, "Monitoraggio del sistema").

The checklist is the policy's ``service.health_checklist``: keys such as ``system_logs``
(the seed's "controlli sui registri di sistema"), each with its words in the catalogue
(:data:`ITEM_NAMES`; a key of one's own is shown as written).  Each item of a check has
an outcome (:data:`OUTCOMES`): fine, a problem solved on the spot (the seed: "verranno
risolte eventuali problematiche in essere"), a problem left open, a dangerous condition
(which calls for a repeat check soon: "qualora vi fossero condizioni di pericolo
l'attività potrebbe essere reiterata in breve tempo"), or not applicable.

A check never needs the customer's personal documents or mail ("non RICHIEDONO
ASSOLUTAMENTE l'accesso ai documenti personali oppure ai client di posta elettronica"):
every record carries :data:`STATEMENT`.  Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from techconsole.domain.choices import Choices, Value
from techconsole.domain.coverage import software_key
from techconsole.domain.errors import DomainError
from techconsole.i18n import N_, NP_, _

OK: Final = "ok"
FIXED: Final = "fixed"
PROBLEM: Final = "problem"
DANGER: Final = "danger"
NOT_APPLICABLE: Final = "na"
OUTCOMES: Final = (OK, FIXED, PROBLEM, DANGER, NOT_APPLICABLE)
#: outcomes that must say what was found
NEEDS_FINDING: Final = frozenset({FIXED, PROBLEM, DANGER})
#: outcomes that found the item in place: fine, or put right on the spot
IN_PLACE: Final = frozenset({OK, FIXED})

#: each outcome in words (catalogue messages)
OUTCOME_NAMES: Final[dict[str, str]] = {
    OK: N_("fine"),
    FIXED: N_("problem solved on the spot"),
    PROBLEM: N_("problem still open"),
    DANGER: N_("dangerous condition"),
    NOT_APPLICABLE: N_("not applicable"),
}
#: the outcomes as they are typed: the code, a word (listed), or the words above, in
#: English or Italian, and a few more ways of saying them
OUTCOME_CHOICES: Final = Choices.of(
    Value(OK, NP_("check outcome", "fine"), OUTCOME_NAMES[OK]),
    Value(FIXED, NP_("check outcome", "fixed"), OUTCOME_NAMES[FIXED]),
    Value(PROBLEM, NP_("check outcome", "problem"), OUTCOME_NAMES[PROBLEM]),
    Value(DANGER, NP_("check outcome", "danger"), OUTCOME_NAMES[DANGER]),
    Value(NOT_APPLICABLE, NP_("check outcome", "not applicable"), OUTCOME_NAMES[NOT_APPLICABLE]),
    aliases={
        **dict.fromkeys(("good", "bene"), OK),
        **dict.fromkeys(("solved", "risolta"), FIXED),
        **dict.fromkeys(("issue", "open", "aperto"), PROBLEM),
        **dict.fromkeys(("dangerous", "pericoloso"), DANGER),
        **dict.fromkeys(("n/a", "skip", "skipped"), NOT_APPLICABLE),
    },
)

#: the policy's checklist when it sets none: the seed's system logs, then what keeps the
#: contract valid (antivirus, backup) and the machine sound
DEFAULT_CHECKLIST: Final = (
    "system_logs",
    "antivirus",
    "backup",
    "disk_health",
    "os_updates",
    "free_space",
)
#: the words of the known items (catalogue messages)
ITEM_NAMES: Final[dict[str, str]] = {
    "system_logs": N_("System logs"),
    "antivirus": N_("Antivirus updated and scanning"),
    "backup": N_("Backup ran and can be restored"),
    "disk_health": N_("Disk health"),
    "os_updates": N_("Operating system updates"),
    "free_space": N_("Free disk space"),
}
#: what every check's record says (a catalogue message)
STATEMENT: Final = N_(
    "The check did not require access to personal documents or to e-mail clients."
)
KEY: Final = re.compile(r"[a-z][a-z0-9_]{0,39}")


@dataclass(frozen=True, slots=True)
class Finding:
    """One item of a check: its key, its outcome and what was found (may be empty when fine)."""

    item: str
    outcome: str
    text: str = ""


def checklist_key(value: str) -> str:
    """A checklist key as the policy writes it: ``System logs`` → refused, ``system_logs``."""
    key = value.strip().lower()
    if not KEY.fullmatch(key):
        raise DomainError(
            _(
                "'{key}' is not a checklist key: lower-case letters, digits and _, "
                "starting with a letter (system_logs)"
            ).format(key=value)
        )
    return key


def item_name(key: str) -> str:
    """The English msgid of ``key``'s words, or the key made readable (``ups_battery`` →
    ``ups battery``) for one of the policy's own."""
    return ITEM_NAMES.get(key, key.replace("_", " "))


def outcome(word: str) -> str:
    """The outcome typed as ``word`` (``ok``, ``fixed``, ``problema``…)."""
    code = OUTCOME_CHOICES.code(word)
    if code is None:
        raise DomainError(
            _("'{word}' is not an outcome; write one of: {choices}").format(
                word=word, choices=OUTCOME_CHOICES.listed()
            )
        )
    return code


def parse_item(text: str, checklist: Sequence[str]) -> Finding:
    """``backup=problem:the last run failed`` → the item, its outcome and the finding."""
    key, equals, rest = text.partition("=")
    if not equals:
        raise DomainError(
            _(
                "'{text}': write an item as KEY=OUTCOME or KEY=OUTCOME:what was found "
                "(backup=problem:the last run failed)"
            ).format(text=text)
        )
    word, _colon, found = rest.partition(":")
    return finding(key, outcome(word), found, checklist)


def finding(key: str, code: str, text: str, checklist: Sequence[str]) -> Finding:
    """One item checked: a key of ``checklist`` and an outcome; what was found must be
    said unless all was fine."""
    item = key.strip().lower()
    if item not in checklist:
        raise DomainError(
            _("'{key}' is not on the checklist; it has: {keys}").format(
                key=key.strip(), keys=", ".join(checklist)
            )
        )
    if code not in OUTCOMES:
        raise DomainError(
            _("'{word}' is not an outcome; write one of: {choices}").format(
                word=code, choices=", ".join(OUTCOMES)
            )
        )
    said = text.strip()
    if code in NEEDS_FINDING and not said:
        raise DomainError(
            _("{item}: say what was found ({outcome})").format(
                item=item, outcome=_(OUTCOME_NAMES[code])
            )
        )
    return Finding(item, code, said)


def complete(
    found: Iterable[Finding], checklist: Sequence[str], *, rest_ok: bool = False
) -> tuple[Finding, ...]:
    """Every item of ``checklist`` once, in its order: the ones found, and the others as
    fine when ``rest_ok``; refuses an item given twice or one left out."""
    by_item: dict[str, Finding] = {}
    for item in found:
        if item.item in by_item:
            raise DomainError(_("{item} is given twice").format(item=item.item))
        by_item[item.item] = item
    missing = [k for k in checklist if k not in by_item]
    if missing and not rest_ok:
        raise DomainError(
            _(
                "say how each item of the checklist went; missing: {keys} "
                "(or mark the others fine: --all-ok)"
            ).format(keys=", ".join(missing))
        )
    return tuple(by_item.get(k) or Finding(k, OK) for k in checklist)


def dangerous(found: Iterable[Finding]) -> bool:
    """Whether a finding calls for a repeat check soon."""
    return any(f.outcome == DANGER for f in found)


def worst(found: Iterable[Finding]) -> str:
    """The check's outcome as a whole: the worst of its items (danger, problem, fixed, ok)."""
    order = (DANGER, PROBLEM, FIXED, OK)
    codes = {f.outcome for f in found}
    return next((code for code in order if code in codes), OK)


def counts(found: Iterable[Finding]) -> Mapping[str, int]:
    """How many items had each outcome."""
    out = dict.fromkeys(OUTCOMES, 0)
    for item in found:
        out[item.outcome] += 1
    return out


def software_in_place(found: Iterable[Finding], required: Iterable[str]) -> tuple[str, ...]:
    """The ``required`` software (as ``coverage.required`` names it) whose item the check
    found in place (:data:`IN_PLACE`): the check verified it installed.  A problem or a
    danger on the item does not say the software is gone (an antivirus out of date is
    still installed), so it verifies nothing."""
    wanted = set(required)
    keys = (software_key(f.item) for f in found if f.outcome in IN_PLACE)
    return tuple(dict.fromkeys(key for key in keys if key in wanted))


def software_verified(keys: Sequence[str]) -> str:
    """What a person is told of the software a check verified installed."""
    return _("found installed, recorded as verified on the machine: {software}").format(
        software=", ".join(keys)
    )
