"""Priority for faults in our own software (seed 000): "Qualora ci fossero dei
malfunzionamenti sul software di nostra produzione, o sulle query al database ad esso
associato ... i predetti malfunzionamenti, sono presi in considerazione con 'priorità
elevata'".  The policy's ``[queue] priority_categories`` rank ahead of the others of the
same class: right after "contract" in the order, unless the order places "category"."""

from __future__ import annotations

import random

import pytest

from helpers import default_policy_text, load_policy, rome
from techconsole.domain.errors import PolicyError
from techconsole.domain.policy_build import queue_order
from techconsole.domain.queue import QueueFacts, ordered
from techconsole.services.policies import load

DEFAULT_ORDER = 'order = ["contract", "urgent", "severity", "due", "arrival"]'


def with_queue(lines: str):
    text = default_policy_text()
    assert DEFAULT_ORDER in text
    return load_policy(text.replace(DEFAULT_ORDER, lines))


def facts(number, *, contract=True, severity="B", category="", arrived):
    return QueueFacts(number, contract, False, severity, None, arrived, category)


# All on Monday 30 November 2026; "software" is our own software (seed 000)
C_SW = facts("c-sw", severity="C", category="software", arrived=rome(2026, 11, 30, 12))
C_A = facts("c-a", severity="A", category="printer", arrived=rome(2026, 11, 30, 8))
C_B = facts("c-b", severity="B", arrived=rome(2026, 11, 30, 9))
N_SW = facts(
    "n-sw", contract=False, severity="C", category="software", arrived=rome(2026, 11, 30, 13)
)
N_A = facts("n-a", contract=False, severity="A", arrived=rome(2026, 11, 30, 7))
ALL = [C_SW, C_A, C_B, N_SW, N_A]

# Why this order:
#   c-sw  a contract customer's fault in our software: ahead of the other contract
#         requests, even a severity A one that came earlier
#   c-a c-b  the other contract requests, by severity
#   n-sw  without a contract: after the whole contract queue (seed 000, "soltanto dopo
#         che la nostra azienda avrà esaurito le chiamate del punto 1"), but ahead of
#         the others of its class
#   n-a
EXPECTED = ["c-sw", "c-a", "c-b", "n-sw", "n-a"]


@pytest.mark.parametrize("seed", range(4))
def test_software_faults_come_first_within_their_class(seed):
    policy = with_queue(DEFAULT_ORDER + '\npriority_categories = ["software"]')
    assert policy.queue_order == ("contract", "category", "urgent", "severity", "due", "arrival")
    items = list(ALL)
    random.Random(seed).shuffle(items)
    assert [f.number for f in ordered(policy, items)] == EXPECTED


def test_without_priority_categories_the_category_orders_nothing():
    policy = with_queue(DEFAULT_ORDER)
    assert policy.priority_categories == ()
    assert [f.number for f in ordered(policy, ALL)] == ["c-a", "c-b", "c-sw", "n-a", "n-sw"]


@pytest.mark.parametrize(
    ("order", "categories", "expected"),
    [
        (["contract", "severity"], ["software"], ("contract", "category", "severity")),
        (["urgent", "severity"], ["software"], ("category", "urgent", "severity")),
        # placed by the policy: kept where it is (another reading of "priorità elevata")
        (["contract", "urgent", "category"], ["software"], ("contract", "urgent", "category")),
        (["contract", "category", "due"], [], ("contract", "due")),
    ],
)
def test_where_the_categories_rank(order, categories, expected):
    assert queue_order(order, categories) == expected


def test_a_category_named_twice_is_kept_once_and_an_empty_one_refused():
    policy = with_queue(DEFAULT_ORDER + '\npriority_categories = ["software", "software"]')
    assert policy.priority_categories == ("software",)
    with pytest.raises(PolicyError, match=r"queue\.priority_categories"):
        with_queue(DEFAULT_ORDER + '\npriority_categories = [""]')


def test_the_seed_000_preset_puts_faults_in_our_software_first():
    policy = load("istes")
    assert policy.priority_categories == ("software",)
    assert policy.queue_order == ("contract", "category", "severity", "due", "arrival")
