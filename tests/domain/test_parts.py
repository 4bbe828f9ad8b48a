"""Which spare parts wait for the customer's OK (seed 003, "PARTI DI RICAMBIO"):
"riteniamo automaticamente accettate dal cliente le sostituzioni delle piccole parti di
ricambio ... Il cliente può comunque richiedere sempre di essere avvisato prima della
sostituzione di qualunque parte di ricambio, indipendentemente dal suo valore
commerciale"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from techconsole.domain import parts
from techconsole.domain.errors import PolicyError
from techconsole.domain.policy_build import parse_policy
from techconsole.services.policies import load, resolve

D = Decimal

# (customer asked to be told, the policy's limit of a small part, the part's value, why)
EXAMPLES = [
    (False, None, D("900.00"), None),  # no limit: every part is a small part
    (False, D("100.00"), D("100.00"), None),  # at the limit: still small
    (False, D("100.00"), D("100.01"), parts.ABOVE_LIMIT),
    (True, None, D("0.00"), parts.ASKED),  # "indipendentemente dal suo valore commerciale"
    (True, D("100.00"), D("500.00"), parts.ASKED),  # their wish is the reason given
]


@pytest.mark.parametrize(("told", "limit", "value", "why"), EXAMPLES)
def test_which_parts_wait_for_the_customer(told, limit, value, why):
    reason = parts.approval_reason(notify_before_parts=told, approval_above=limit, value=value)
    assert reason == why
    assert parts.state_after_adding(reason) == (parts.FITTED if why is None else parts.PROPOSED)


def test_only_a_fitted_part_is_billed():
    assert [s for s in parts.STATES if parts.billed(s)] == [parts.FITTED]


def test_the_limit_is_a_policy_key_read_as_money():
    text = resolve("onsite-tech").read_text(encoding="utf-8")
    commented = '# approval_above = "100.00"'  # the preset has it as a comment
    assert commented in text
    policy = parse_policy(text.replace(commented, 'approval_above = "150.00"'), "limited.toml")
    assert policy.parts.approval_above == D("150.00")
    with pytest.raises(PolicyError, match=r"parts\.approval_above"):
        parse_policy(text.replace(commented, 'approval_above = "molto"'), "bad.toml")


def test_the_seed_003_preset_names_no_limit():
    """Seed 003 says "piccole parti" and names no amount: the preset leaves the limit
    unset (every part a small part), as policy.md §6 reads it."""
    assert load("onsite-tech").parts.approval_above is None
