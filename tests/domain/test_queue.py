"""Queue order, policy.md §4: contract first, then urgent, then severity, then the SLA
due instant, then arrival (FIFO); an incident without a due comes after those with one
within its severity."""

from __future__ import annotations

import random

import pytest

from helpers import default_policy_text, load_policy, rome
from techconsole.domain.errors import DomainError
from techconsole.domain.policy_schema import PolicyError
from techconsole.domain.queue import NO_DUE, QueueFacts, ordered, queue_key

DEFAULT_ORDER = 'order = ["contract", "urgent", "severity", "due", "arrival"]'


def facts(number, *, contract=True, urgent=False, severity="B", due=None, arrived):
    return QueueFacts(number, contract, urgent, severity, due, arrived)


# All on Mon 30 Nov 2026 unless said otherwise.
C1 = facts(
    "c1", urgent=True, severity="C", due=rome(2026, 12, 1, 10), arrived=rome(2026, 11, 30, 12)
)
C2 = facts("c2", severity="A", due=rome(2026, 11, 30, 13), arrived=rome(2026, 11, 30, 9))
C3 = facts("c3", severity="A", due=rome(2026, 11, 30, 15), arrived=rome(2026, 11, 30, 8))
C4 = facts("c4", severity="A", due=None, arrived=rome(2026, 11, 30, 7))
C5 = facts("c5", severity="B", due=rome(2026, 11, 30, 11), arrived=rome(2026, 11, 30, 10))
C6 = facts("c6", severity="C", due=rome(2026, 12, 2, 10), arrived=rome(2026, 11, 30, 10))
C7 = facts("c7", severity="C", due=rome(2026, 12, 2, 10), arrived=rome(2026, 11, 30, 11))
N1 = facts("n1", contract=False, urgent=True, severity="A", arrived=rome(2026, 11, 30, 12))
N2 = facts("n2", contract=False, severity="A", arrived=rome(2026, 11, 30, 8))
N3 = facts("n3", contract=False, severity="B", arrived=rome(2026, 11, 30, 6))
ALL = [C1, C2, C3, C4, C5, C6, C7, N1, N2, N3]

# Why this order:
#   c1        contract + urgent: ahead of every non-urgent contract request, even a C
#   c2 c3 c4  contract A: by due (13:00 before 15:00), then no due (c4, paused)
#             although c3 and c4 arrived earlier than c2
#   c5        contract B: its due (11:00) is earlier than the A ones, but severity first
#   c6 c7     contract C: same due, FIFO by arrival
#   n1        no contract: only after the contract queue; urgent first among them
#   n2 n3     no contract, not urgent: A before B although n3 arrived first
EXPECTED = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "n1", "n2", "n3"]


def shuffled(items, seed):
    out = list(items)
    random.Random(seed).shuffle(out)
    return out


@pytest.mark.parametrize("seed", range(5))
def test_default_queue_order(policy, seed):
    assert [f.number for f in ordered(policy, shuffled(ALL, seed))] == EXPECTED


def test_ordered_does_not_depend_on_input_order(policy):
    assert ordered(policy, list(reversed(ALL))) == ordered(policy, ALL)


def test_contract_first_even_against_an_urgent_a(policy):
    # No contract, urgent, severity A, arrived first vs contract, not urgent, C, no due.
    outsider = facts("x", contract=False, urgent=True, severity="A", arrived=rome(2026, 11, 30, 6))
    insider = facts("y", severity="C", arrived=rome(2026, 11, 30, 17))
    assert [f.number for f in ordered(policy, [outsider, insider])] == ["y", "x"]


def test_urgent_ahead_of_severity(policy):
    urgent_c = facts(
        "u", urgent=True, severity="C", due=rome(2026, 12, 3, 9), arrived=rome(2026, 11, 30, 17)
    )
    plain_a = facts("p", severity="A", due=rome(2026, 11, 30, 10), arrived=rome(2026, 11, 30, 6))
    assert [f.number for f in ordered(policy, [plain_a, urgent_c])] == ["u", "p"]


def test_severity_before_due(policy):
    a = facts("a", severity="A", due=rome(2026, 12, 1, 9), arrived=rome(2026, 11, 30, 9))
    b = facts("b", severity="B", due=rome(2026, 11, 30, 10), arrived=rome(2026, 11, 30, 8))
    assert [f.number for f in ordered(policy, [b, a])] == ["a", "b"]


def test_due_before_arrival_within_a_severity(policy):
    early_due = facts("d", due=rome(2026, 11, 30, 12), arrived=rome(2026, 11, 30, 11))
    early_arrival = facts("e", due=rome(2026, 11, 30, 16), arrived=rome(2026, 11, 30, 8))
    assert [f.number for f in ordered(policy, [early_arrival, early_due])] == ["d", "e"]


def test_fifo_when_the_due_is_the_same(policy):
    due = rome(2026, 11, 30, 16)
    first = facts("f", due=due, arrived=rome(2026, 11, 30, 9))
    second = facts("s", due=due, arrived=rome(2026, 11, 30, 9, 0, 0, 1))
    assert [f.number for f in ordered(policy, [second, first])] == ["f", "s"]


def test_no_due_after_due_within_a_severity(policy):
    with_due = facts("w", due=rome(2026, 12, 31, 18), arrived=rome(2026, 11, 30, 12))
    without = facts("o", due=None, arrived=rome(2026, 11, 30, 6))
    assert [f.number for f in ordered(policy, [without, with_due])] == ["w", "o"]
    # but an A without a due still precedes a B with one
    a_without = facts("a", severity="A", due=None, arrived=rome(2026, 11, 30, 12))
    assert [f.number for f in ordered(policy, [with_due, a_without])] == ["a", "w"]
    # and two without a due are FIFO
    later = facts("l", due=None, arrived=rome(2026, 11, 30, 7))
    assert [f.number for f in ordered(policy, [later, without])] == ["o", "l"]


def test_due_instants_compare_as_instants_not_wall_times(policy):
    # Autumn night: 02:30 (+02:00) comes before 02:30 (+01:00).
    first = facts("1st", due=rome(2026, 10, 25, 2, 30), arrived=rome(2026, 10, 24, 20))
    second = facts("2nd", due=rome(2026, 10, 25, 2, 30, fold=1), arrived=rome(2026, 10, 24, 19))
    assert [f.number for f in ordered(policy, [second, first])] == ["1st", "2nd"]


def test_the_number_breaks_a_complete_tie(policy):
    same = {"due": rome(2026, 11, 30, 16), "arrived": rome(2026, 11, 30, 9)}
    assert [f.number for f in ordered(policy, [facts("2", **same), facts("1", **same)])] == [
        "1",
        "2",
    ]


def test_queue_key_shape(policy):
    key = queue_key(policy, C4)
    # contract, urgent, severity rank, due, arrival, number
    assert key[:4] == (0, 1, 0, NO_DUE)
    assert key[-1] == "c4"
    assert len(key) == 6
    assert queue_key(policy, facts("z", due=rome(2099, 1, 1), arrived=rome(2026, 1, 1)))[3] < NO_DUE


def test_unknown_severity_is_refused(policy):
    with pytest.raises(DomainError, match="unknown severity"):
        queue_key(policy, facts("x", severity="Z", arrived=rome(2026, 11, 30, 9)))


def with_order(order: str):
    text = default_policy_text()
    assert DEFAULT_ORDER in text
    return load_policy(text.replace(DEFAULT_ORDER, order))


def test_urgent_before_contract_when_the_policy_says_so():
    policy = with_order('order = ["urgent", "contract", "severity", "due", "arrival"]')
    assert policy.queue_order == ("urgent", "contract", "severity", "due", "arrival")
    # n1 (urgent, no contract) now comes right after c1 (urgent, contract).
    assert [f.number for f in ordered(policy, shuffled(ALL, 1))] == [
        "c1", "n1", "c2", "c3", "c4", "c5", "c6", "c7", "n2", "n3",
    ]  # fmt: skip


def test_severity_before_urgency_when_the_policy_says_so():
    policy = with_order('order = ["contract", "severity", "urgent", "due", "arrival"]')
    # c1 (urgent C) drops to the head of the C group.
    assert [f.number for f in ordered(policy, shuffled(ALL, 2))] == [
        "c2", "c3", "c4", "c5", "c1", "c6", "c7", "n1", "n2", "n3",
    ]  # fmt: skip


def test_pure_fifo_policy():
    policy = with_order('order = ["arrival"]')
    # by arrival: n3 06:00, c4 07:00, c3 08:00, n2 08:00 (tie: number), c2 09:00,
    # c5 10:00, c6 10:00, c7 11:00, c1 12:00, n1 12:00
    assert [f.number for f in ordered(policy, shuffled(ALL, 3))] == [
        "n3", "c4", "c3", "n2", "c2", "c5", "c6", "c7", "c1", "n1",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "order",
    [
        'order = ["contract", "contract"]',
        'order = ["contract", "vip"]',
    ],
)
def test_invalid_queue_orders_are_refused(order):
    with pytest.raises(PolicyError, match=r"queue\.order"):
        with_order(order)
