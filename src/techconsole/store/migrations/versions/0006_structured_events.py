"""structured events: the program's own sentences on the timeline become fields

Before 0006 the services wrote some timeline entries as English sentences in ``text``
("waiting on the customer", "follow-up 2026-000012 opened"…) and the reports read them
back with regular expressions. From 0006 ``text`` holds only what a person typed and the
event's kind and fields say the rest (techconsole.domain.events); every front end words
them. Upgrade: a row whose text is one of those sentences (for its kind) gets the
sentence's fields and an empty text; any other row is left as it is. Downgrade: the
sentences are written back from the fields.

The regular expressions that read those sentences live here, and only here.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_events = sa.table(
    "incident_event",
    sa.column("id", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("text", sa.String()),
    sa.column("data", sa.JSON()),
)

Fields = dict[str, Any]

#: (kind, the old sentence in full, the fields its groups give)
OLD_SENTENCES: tuple[tuple[str, re.Pattern[str], Callable[[re.Match[str]], Fields]], ...] = (
    ("pause", re.compile(r"waiting on the customer"), lambda m: {"reason": "customer"}),
    (
        "pause",
        re.compile(r"waiting for the authorisation of a titolare or ADS \((.+) is (\w+)\)"),
        lambda m: {"reason": "authorisation", "contact": m[1], "role": m[2]},
    ),
    ("resume", re.compile(r"authorisation received"), lambda m: {"reason": "authorisation"}),
    (
        "account_provided",
        re.compile(r"server account provided by (.+) \(password not recorded\)"),
        lambda m: {"contact": m[1]},
    ),
    ("follow_up", re.compile(r"follow-up (\S+) opened"), lambda m: {"follow_up": m[1]}),
    (
        "report",
        re.compile(r"work report (\S+) issued"),
        lambda m: {"report": m[1], "revision": 0},
    ),
    (
        "report",
        re.compile(r"work report (\S+) rev\. (\d+) reissued"),
        lambda m: {"report": m[1], "revision": int(m[2])},
    ),
)
KINDS = sorted({kind for kind, _, _ in OLD_SENTENCES})


def structured(kind: str, text: str, data: Fields) -> tuple[str, Fields] | None:
    """The new text and fields of an old row, or ``None`` when it is not an old sentence."""
    for old_kind, pattern, fields in OLD_SENTENCES:
        found = pattern.fullmatch(text) if kind == old_kind else None
        if found:
            return "", {**data, **fields(found)}
    return None


def sentence(kind: str, text: str, data: Fields) -> tuple[str, Fields] | None:
    """The old text and data of a row in the new form, or ``None`` when it has none."""
    if text:
        return None
    rest = dict(data)
    reason = data.get("reason")
    if kind == "pause" and reason == "customer":
        return "waiting on the customer", rest
    if kind == "pause" and reason == "authorisation" and data.get("contact"):
        contact, role = rest.pop("contact"), rest.pop("role", "")
        return f"waiting for the authorisation of a titolare or ADS ({contact} is {role})", rest
    if kind == "resume" and reason == "authorisation":
        rest.pop("reason")
        return "authorisation received", rest
    if kind == "account_provided" and data.get("contact"):
        return f"server account provided by {data['contact']} (password not recorded)", rest
    if kind == "follow_up" and data.get("follow_up"):
        return f"follow-up {data['follow_up']} opened", rest
    if kind == "report" and data.get("report"):
        revision = int(data.get("revision") or 0)
        if revision == 0:
            return f"work report {data['report']} issued", rest
        return f"work report {data['report']} rev. {revision} reissued", rest
    return None


def _rewrite(change: Callable[[str, str, Fields], tuple[str, Fields] | None]) -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(_events.c.id, _events.c.kind, _events.c.text, _events.c.data)
        .where(_events.c.kind.in_(KINDS))
        .order_by(_events.c.id)
    ).all()
    updates = []
    for row in rows:
        changed = change(row.kind, row.text, dict(row.data or {}))
        if changed is not None:
            updates.append({"row_id": row.id, "new_text": changed[0], "new_data": changed[1]})
    if updates:
        bind.execute(
            _events.update()
            .where(_events.c.id == sa.bindparam("row_id"))
            .values(text=sa.bindparam("new_text"), data=sa.bindparam("new_data")),
            updates,
        )


def upgrade() -> None:
    _rewrite(structured)


def downgrade() -> None:
    _rewrite(sentence)
