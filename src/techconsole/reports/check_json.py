"""A health check for machines: the same in every language, codes not words, instants in
ISO 8601 (the command line's ``--json`` and the report's JSON file)."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from techconsole.domain import check_items
from techconsole.i18n import translator
from techconsole.services.checks.views import CheckView


def _iso(value: Any, zone: ZoneInfo) -> Any:
    return None if value is None else value.astimezone(zone).isoformat()


def check_json(view: CheckView, zone: ZoneInfo) -> dict[str, Any]:
    """``view`` as plain values; ``statement`` is the seed's promise, in Italian (the
    customer's language of the seed) and English."""
    return {
        "number": view.number,
        "asset_id": view.asset_id,
        "asset": view.asset,
        "customer_id": view.customer_id,
        "customer": view.customer,
        "done_at": _iso(view.done_at, zone),
        "done_by": view.done_by,
        "due_on": None if view.due_on is None else view.due_on.isoformat(),
        "outcome": view.outcome,
        "repeat_of": view.repeat_of,
        "repeat_by": None if view.repeat_by is None else view.repeat_by.isoformat(),
        "repeated_by": view.repeated_by,
        "items": [
            {
                "item": i.item,
                "outcome": i.outcome,
                "finding": i.finding,
                "incident": i.incident,
            }
            for i in view.items
        ],
        "note": view.note,
        "no_personal_access": view.no_personal_access,
        "statement": {
            lang: translator(lang).gettext(check_items.STATEMENT) for lang in ("it", "en")
        },
        "recorded_at": _iso(view.recorded_at, zone),
    }


def check_json_text(view: CheckView, zone: ZoneInfo) -> str:
    """The JSON document as written to a file: UTF-8, indented, ending with a newline."""
    return json.dumps(check_json(view, zone), ensure_ascii=False, indent=2) + "\n"
