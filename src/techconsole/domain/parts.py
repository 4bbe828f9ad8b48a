"""Spare parts the customer agrees to before they are fitted (seed 003).

"riteniamo automaticamente accettate dal cliente le sostituzioni delle piccole parti di
ricambio che dovessero occorrere.  Il cliente può comunque richiedere sempre di essere
avvisato prima della sostituzione di qualunque parte di ricambio, indipendentemente dal
suo valore commerciale."

A part is *fitted* (and billed) at once, unless the customer asked to be told before any
replacement, or the policy's ``[parts] approval_above`` makes it no small part (its
value over that amount): then it is *proposed*, and fitted only once the customer's OK
is recorded (who, when, how), or *declined*.

Pure: no I/O, no database, no words.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final

PROPOSED: Final = "proposed"
FITTED: Final = "fitted"
DECLINED: Final = "declined"
STATES: Final = (PROPOSED, FITTED, DECLINED)

#: why a part waits for the customer's OK: they asked to be told before any part
ASKED: Final = "asked"
#: … or its value is above the policy's limit of a small part
ABOVE_LIMIT: Final = "above_limit"

#: how the customer's answer came
VIA: Final = ("phone", "email", "in_person")


def approval_reason(
    *, notify_before_parts: bool, approval_above: Decimal | None, value: Decimal
) -> str | None:
    """Why a part worth ``value`` to the customer (quantity × unit price; nothing under
    warranty) waits for their OK: :data:`ASKED`, :data:`ABOVE_LIMIT`, or ``None`` when it
    is a small part they accept by the terms ("automaticamente accettate").

    The limit reads "non emettiamo di norma regolare offerta": an offer is about what the
    customer pays, so a part under warranty is never above it.  A customer who asked to
    be told is told of every part, "indipendentemente dal suo valore commerciale": one
    under warranty or at no price too."""
    if notify_before_parts:
        return ASKED
    if approval_above is not None and value > approval_above:
        return ABOVE_LIMIT
    return None


def state_after_adding(reason: str | None) -> str:
    """A new part is fitted at once unless it waits for the customer's OK."""
    return FITTED if reason is None else PROPOSED


def billed(state: str) -> bool:
    """Only a fitted part is on the bill and the work report."""
    return state == FITTED
