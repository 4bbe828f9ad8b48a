"""Health checks worded: for people (states, outcomes, items as Rich markup) and for
machines (``--json``: codes and plain values, days ISO, times in the policy's zone)."""

from __future__ import annotations

from typing import Any

from techconsole.cli.output import safe
from techconsole.cli.render import iso
from techconsole.domain import check_items
from techconsole.domain.check_schedule import describe
from techconsole.domain.policy import Policy
from techconsole.i18n import NP_, _, language, translate, translator
from techconsole.reports.check_json import check_json
from techconsole.services.checks.views import CheckView, DueCheck, DueList, ScheduleView

#: a check's state for people, with its colour
STATES = {
    "overdue": (NP_("check state", "overdue"), "bold red"),
    "due": (NP_("check state", "due"), "yellow"),
    "upcoming": (NP_("check state", "upcoming"), "dim"),
}
KINDS = {
    "monthly": NP_("check kind", "monthly"),
    "repeat": NP_("check kind", "repeat"),
}
#: an outcome's sign (a glyph, read the same under NO_COLOR) and colour
SIGNS = {
    check_items.OK: ("✓", "green"),
    check_items.FIXED: ("✓", "cyan"),
    check_items.PROBLEM: ("!", "yellow"),
    check_items.DANGER: ("⚠", "bold red"),
    check_items.NOT_APPLICABLE: ("–", "dim"),
}


def _t(marked: str) -> str:
    return translate(translator(language()), marked)


def state_word(state: str) -> str:
    marked, style = STATES.get(state, (state, ""))
    return f"[{style}]{_t(marked)}[/{style}]" if style else _t(marked)


def kind_word(kind: str) -> str:
    return _t(KINDS.get(kind, kind))


def item_word(key: str) -> str:
    return _(check_items.item_name(key))


def outcome_word(code: str) -> str:
    """``⚠ dangerous condition`` (markup)."""
    sign, style = SIGNS.get(code, ("", ""))
    word = _(check_items.OUTCOME_NAMES.get(code, code))
    return f"[{style}]{sign} {word}[/{style}]" if style else word


def schedule_words(view: ScheduleView) -> str:
    said = describe(view.rule)
    if not view.agreed:
        said = _("{rule} (the default: none agreed)").format(rule=said)
    return safe(said, one_line=True)


def schedule_json(view: ScheduleView, policy: Policy) -> dict[str, Any]:
    return {
        "customer_id": view.customer_id,
        "customer": view.customer,
        "rule": view.rule,
        "said": view.said,
        "words": describe(view.rule),
        "agreed": view.agreed,
        "technician": view.technician,
        "set_by": view.set_by,
        "set_at": iso(view.set_at, policy.zone),
    }


def due_json(check: DueCheck) -> dict[str, Any]:
    return {
        "asset_id": check.asset_id,
        "asset": check.asset,
        "customer_id": check.customer_id,
        "customer": check.customer,
        "kind": check.kind,
        "month": check.month.strftime("%Y-%m"),
        "day": check.day,
        "state": check.state,
        "technician": check.technician,
        "last_done": check.last_done,
        "repeat_of": check.repeat_of,
        "covered_now": check.coverage is None or check.coverage.covered,
        "reasons": list(check.reasons()),
    }


def due_list_json(found: DueList) -> dict[str, Any]:
    return {
        "today": found.today,
        "every_months": found.every,
        "checks": [due_json(c) for c in found.checks],
        "overdue": len(found.overdue),
        "uncovered": [
            {
                "asset_id": u.asset_id,
                "asset": u.asset,
                "customer_id": u.customer_id,
                "customer": u.customer,
                "reasons": list(u.reasons()),
            }
            for u in found.uncovered
        ],
    }


def checks_json(view: CheckView, policy: Policy) -> dict[str, Any]:
    return check_json(view, policy.zone)
