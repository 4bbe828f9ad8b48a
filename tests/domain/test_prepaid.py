"""Prepaid hours ("monte ore") and the training a contract includes (seed 000):
:func:`techconsole.domain.prepaid.spend` and the bill's lines that take them off.

(seed 000) "A pagamento, rientra la formazione successiva alla semigiornata data per
contratto" and "un'unità di tempo minima per la fatturazione, che è di 20 minuti, chiamata
scatto, ad un costo di Euro 40,00": half a day (4 h) of training is 12 scatti; a block of
10 hours is 30 scatti.  The figures below are counted by hand.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import rome
from techconsole.domain.billing import bill, chargeable
from techconsole.domain.billing_types import Job, WorkSession
from techconsole.domain.errors import DomainError
from techconsole.domain.free import FreeFacts
from techconsole.domain.lateness import ArrivalTerm
from techconsole.domain.prepaid import (
    Draw,
    Ledger,
    Work,
    block_minutes,
    hours_words,
    scatti_of,
    spend,
)

D = Decimal
MONDAY = rome(2026, 11, 23, 9, 0)


def work(key: int, hours: float, scatti: int, training: bool = False, frozen=None) -> Work:
    return Work(key, MONDAY + timedelta(hours=hours), scatti, training, frozen)


# -- the allowance and the block in scatti ---------------------------------------------


def test_half_a_day_of_training_is_twelve_scatti_of_twenty_minutes():
    assert scatti_of(timedelta(hours=4), 20) == 12
    assert scatti_of(timedelta(hours=4), 30) == 8
    assert scatti_of(timedelta(minutes=50), 20) == 2  # no part of a scatto is given
    assert scatti_of(timedelta(0), 20) == 0


def test_a_block_is_whole_scatti():
    assert block_minutes(600, 20) == 600
    assert block_minutes(80, 20) == 80
    with pytest.raises(DomainError, match="10h 10m is not; 10h or 10h 20m is"):
        block_minutes(610, 20)
    with pytest.raises(DomainError, match="cannot be negative"):
        block_minutes(-60, 20)
    assert [hours_words(m) for m in (600, 80, 40, 0)] == ["10h", "1h 20m", "40m", "0h"]


# -- spend: worked examples -------------------------------------------------------------


def test_the_block_is_drawn_oldest_first_and_only_the_rest_is_priced():
    """A block of 10 scatti: lines of 4, 5 and 3 scatti, given in any order: 4 and 5
    are taken whole, the third takes the last 1 and 2 are priced."""
    ledger = spend(10, 0, [work(3, 5, 3), work(1, 1, 4), work(2, 2, 5)])
    assert dict(ledger.draws) == {1: Draw(0, 4), 2: Draw(0, 5), 3: Draw(0, 1)}
    assert (ledger.used, ledger.left) == (10, 0)
    assert list(ledger.draws) == [1, 2, 3]


def test_training_takes_the_allowance_first_then_the_block():
    """Allowance 12 (half a day), block 30: training of 9 scatti (free), training of 6
    (3 free, 3 from the block), remote work of 4 (from the block): 7 of 30 used."""
    ledger = spend(30, 12, [work(1, 1, 9, True), work(2, 2, 6, True), work(3, 3, 4)])
    assert dict(ledger.draws) == {1: Draw(9, 0), 2: Draw(3, 3), 3: Draw(0, 4)}
    assert (ledger.training_used, ledger.training_left) == (12, 0)
    assert (ledger.used, ledger.left) == (7, 23)


def test_work_that_is_not_training_never_takes_the_allowance():
    ledger = spend(0, 12, [work(1, 1, 5)])
    assert ledger.draw(1) == Draw(0, 0)
    assert ledger.training_left == 12


def test_a_free_line_draws_nothing():
    assert spend(10, 12, [work(1, 1, 0, True), work(2, 2, 0)]).used == 0


def test_frozen_lines_keep_their_draws_and_come_first():
    """November closed with 6 of 10 taken; an October line added later finds 4 left."""
    november = work(5, 24 * 20, 6, frozen=Draw(0, 6))
    october = work(9, -24 * 20, 7)
    ledger = spend(10, 0, [october, november])
    assert dict(ledger.draws) == {5: Draw(0, 6), 9: Draw(0, 4)}
    # a smaller block afterwards: the closed month's draw stands, nothing is left
    smaller = spend(4, 0, [october, november])
    assert (smaller.draw(5), smaller.draw(9), smaller.left) == (Draw(0, 6), Draw(0, 0), 0)


def test_low_is_a_share_of_the_block():
    ledger = spend(30, 0, [work(1, 1, 24)])  # 6 left: 20 %
    assert ledger.low(D("20")) and not ledger.low(D("19.9"))
    assert not Ledger(0, 12).low(D("100"))  # no block: never low


def test_refusals():
    with pytest.raises(DomainError):
        spend(-1, 0, [])
    with pytest.raises(DomainError):
        spend(1, 0, [work(1, 1, 1), work(1, 2, 1)])
    with pytest.raises(DomainError):
        work(1, 1, -1)


# -- spend: properties ------------------------------------------------------------------

LINES = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=24 * 60),  # minutes after MONDAY
        st.integers(min_value=0, max_value=40),  # scatti
        st.booleans(),  # training
        st.none() | st.tuples(st.integers(0, 12), st.integers(0, 30)),  # frozen draw
    ),
    max_size=25,
)


def _works(lines) -> list[Work]:
    out = []
    for key, (minutes, scatti, training, frozen) in enumerate(lines, start=1):
        draw = None
        if frozen is not None:
            taken_training = min(frozen[0], scatti) if training else 0
            draw = Draw(taken_training, min(frozen[1], scatti - taken_training))
        out.append(Work(key, MONDAY + timedelta(minutes=minutes), scatti, training, draw))
    return out


@settings(max_examples=300, deadline=None)
@given(LINES, st.integers(0, 200), st.integers(0, 40), st.randoms())
def test_spend_holds_its_promises(lines, block, allowance, rnd):
    works = _works(lines)
    ledger = spend(block, allowance, works)
    assert set(ledger.draws) == {w.key for w in works}
    # any order of the same lines: the same draws
    shuffled = list(works)
    rnd.shuffle(shuffled)
    assert spend(block, allowance, shuffled) == ledger
    frozen = [w for w in works if w.frozen is not None]
    free = sorted((w for w in works if w.frozen is None), key=lambda w: (w.at, w.key))
    frozen_block = sum(w.frozen.prepaid for w in frozen)
    frozen_training = sum(w.frozen.training for w in frozen)
    for w in frozen:
        assert ledger.draw(w.key) == w.frozen
    # the open lines never take more than was left after the frozen ones
    open_block = sum(ledger.draw(w.key).prepaid for w in free)
    open_training = sum(ledger.draw(w.key).training for w in free)
    assert open_block <= max(block - frozen_block, 0)
    assert open_training <= max(allowance - frozen_training, 0)
    assert ledger.used == frozen_block + open_block
    assert ledger.left == max(block - ledger.used, 0)
    for w in free:
        d = ledger.draw(w.key)
        assert d.training >= 0 and d.prepaid >= 0 and d.scatti <= w.scatti
        assert w.training or d.training == 0
    # oldest first: once a line is left with something priced, no later line draws
    exhausted = trained_out = False
    for w in free:
        d = ledger.draw(w.key)
        if exhausted:
            assert d.prepaid == 0
        if trained_out:
            assert d.training == 0
        exhausted = exhausted or d.prepaid < w.scatti - d.training
        trained_out = trained_out or (w.training and d.training < w.scatti)
    # something left of the block: every open line was taken whole
    if ledger.left > 0:
        assert all(ledger.draw(w.key).scatti == w.scatti for w in free)


@settings(max_examples=200, deadline=None)
@given(LINES, st.integers(0, 200), st.integers(0, 40))
def test_freezing_the_draws_changes_nothing(lines, block, allowance):
    """Freezing what every line drew (a month closed) and drawing again gives the same."""
    works = [dataclasses.replace(w, frozen=None) for w in _works(lines)]
    ledger = spend(block, allowance, works)
    frozen = [dataclasses.replace(w, frozen=ledger.draw(w.key)) for w in works]
    assert dict(spend(block, allowance, frozen).draws) == dict(ledger.draws)
    half = [
        dataclasses.replace(w, frozen=ledger.draw(w.key)) if i % 2 == 0 else w
        for i, w in enumerate(sorted(works, key=lambda w: (w.at, w.key)))
    ]
    # freezing the older half of a chronological run: the younger half draws the same
    oldest = sorted(works, key=lambda w: (w.at, w.key))
    prefix = [
        dataclasses.replace(w, frozen=ledger.draw(w.key)) if i < len(oldest) // 2 else w
        for i, w in enumerate(oldest)
    ]
    assert dict(spend(block, allowance, prefix).draws) == dict(ledger.draws)
    assert spend(block, allowance, half).used <= block


@settings(max_examples=200, deadline=None)
@given(LINES, st.integers(0, 200), st.integers(0, 40))
def test_a_later_line_never_changes_an_earlier_draw(lines, block, allowance):
    works = [dataclasses.replace(w, frozen=None) for w in _works(lines)]
    ledger = spend(block, allowance, works)
    later = Work(10_000, MONDAY + timedelta(days=2), 7, True)
    more = spend(block, allowance, [*works, later])
    assert all(more.draw(w.key) == ledger.draw(w.key) for w in works)


# -- the bill --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rules(policy):
    return policy.billing


@pytest.fixture(scope="module")
def basic(policy):
    return policy.plan("basic").calendar


def _session(key: int, minutes: int, start=MONDAY, kind: str = "remote") -> WorkSession:
    return WorkSession(start, start + timedelta(minutes=minutes), kind, id=key)


def test_the_bill_takes_the_drawn_scatti_off_at_the_scatto_price(rules, basic):
    """Training 65 min (4 scatti, 3 included, 1 from the block) and remote 50 min (3
    scatti, 2 from the block): 7 × 40,00 = 280,00; included −120,00; block −120,00;
    40,00 taxable, IVA 22 % 8,80, 48,80 €."""
    sessions = [
        _session(11, 65, kind="training"),
        _session(12, 50, MONDAY + timedelta(hours=2)),
    ]
    draws = {11: Draw(3, 1), 12: Draw(0, 2)}
    result = bill(rules, basic, Job(), sessions, [], draws)
    assert [(ln.kind, ln.quantity, ln.amount, ln.reason) for ln in result.lines] == [
        ("labour", D(4), D("160.00"), ""),
        ("labour", D(3), D("120.00"), ""),
        ("included", D(3), D("-120.00"), "training included in the contract"),
        ("prepaid", D(3), D("-120.00"), "taken from the prepaid block of hours"),
    ]
    assert (result.units, result.labour, result.taken_off) == (7, D("280.00"), D("-240.00"))
    assert (result.taxable, result.vat, result.total) == (D("40.00"), D("8.80"), D("48.80"))


def test_free_labour_takes_nothing_off(rules, basic):
    job = Job(free=FreeFacts(warranty=True))
    result = bill(rules, basic, job, [_session(1, 65, kind="training")], [], {1: Draw(4, 0)})
    assert [ln.kind for ln in result.lines] == ["labour"]
    assert chargeable(rules, basic, job, [_session(1, 65, kind="training")])[0].units == 0


def test_the_late_discount_applies_to_what_is_still_priced(rules, basic):
    """Non-urgent, promised 10:00, on site 11:30: −20 %.  Sessions of 65 and 20 minutes
    (4 + 1 scatti, 200,00) with 3 from the block (−120,00), call-out 30,00: the discount
    is 20 % of 110,00 = −22,00; taxable 88,00."""
    job = Job(
        on_site=True,
        promised_on_site_at=rome(2026, 11, 23, 10, 0),
        on_site_at=rome(2026, 11, 23, 11, 30),
    )
    sessions = [
        _session(1, 65, rome(2026, 11, 23, 11, 30), "on_site"),
        _session(2, 20, rome(2026, 11, 23, 14, 0), "on_site"),
    ]
    result = bill(rules, basic, job, sessions, [], {1: Draw(0, 3)})
    kinds = [(ln.kind, ln.amount) for ln in result.lines]
    assert kinds == [
        ("labour", D("160.00")),
        ("labour", D("40.00")),
        ("prepaid", D("-120.00")),
        ("callout", D("30.00")),
        ("discount", D("-22.00")),
    ]
    assert result.taxable == D("88.00")


def test_an_urgent_late_arrival_waives_the_labour_and_draws_nothing(rules, basic):
    job = Job(
        urgent=True,
        on_site=True,
        promised_on_site_at=rome(2026, 11, 23, 10, 0),
        on_site_at=rome(2026, 11, 23, 10, 5),
    )
    sessions = [_session(1, 65, rome(2026, 11, 23, 10, 5), "on_site")]
    assert chargeable(rules, basic, job, sessions)[0].units == 0
    result = bill(rules, basic, job, sessions, [], {1: Draw(0, 4)})
    assert "prepaid" not in [ln.kind for ln in result.lines]
    assert result.taxable == D("0.00")


def test_per_day_rounding_keeps_training_apart(rules, basic):
    """Rounded per incident and day: 30 min of training and 30 of remote work the same
    day are two lines of 2 scatti each, the training one keyed by its session."""
    per_day = dataclasses.replace(rules, rounding_scope="incident_day")
    sessions = [
        _session(7, 30, kind="training"),
        _session(8, 30, MONDAY + timedelta(hours=1)),
    ]
    lines = chargeable(per_day, basic, Job(), sessions)
    assert [(ln.key, ln.units, ln.training) for ln in lines] == [(8, 2, False), (7, 2, True)]
    assert lines[1].description == "23/11/2026 training 30 min"


def test_the_arrival_term_is_unaffected(rules, basic):
    """A bill without draws is the bill it was (no lines added)."""
    job = Job(promised_on_site_at=rome(2026, 11, 23, 10, 0))
    assert isinstance(job.arrival_term, ArrivalTerm)
    plain = bill(rules, basic, job, [_session(1, 65)], [])
    assert plain == bill(rules, basic, job, [_session(1, 65)], [], {})
