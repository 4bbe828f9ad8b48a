"""Service levels (seed 004, policy.md §8): the level a job is billed at, its warnings, and
what the client contract makes of each level.

"Per assistenza di 2° livello si intendono tutti quegli interventi che non possono essere
risolti a mezzo di connessione remota e quindi devono essere effettuati direttamente
presso il committente. Le problematiche riguardano solo avarie di tipo Hardware";
"NON SI PAGA L'INTERVENTO DI RIPRISTINO MA SOLTANTO IL PEZZO DI RICAMBIO".
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import chain, combinations, product
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from techconsole.domain import levels
from techconsole.domain.billing import bill
from techconsole.domain.billing_types import SESSION_KINDS, Job, Part, WorkSession
from techconsole.domain.free import REASONS, FreeFacts, free_reason_code, reason_text
from techconsole.services.policies import load

ROME = ZoneInfo("Europe/Rome")
D = Decimal
#: Monday 23 November 2026, 10:00 in Rome
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=ROME)


def _all_kinds() -> list[tuple[str, ...]]:
    """Every set of session kinds, the empty one too."""
    return list(
        chain.from_iterable(combinations(SESSION_KINDS, n) for n in range(len(SESSION_KINDS) + 1))
    )


# -- the level the work bears out -------------------------------------------------------


@pytest.mark.parametrize("kinds", _all_kinds())
@pytest.mark.parametrize("arrived", [False, True])
@pytest.mark.parametrize("level", levels.LEVELS)
def test_every_level_every_kind_of_work(level: int, kinds: tuple[str, ...], arrived: bool) -> None:
    found = levels.check(level, kinds, arrived)
    on_site = arrived or bool({"on_site", "travel"} & set(kinds))
    assert found.declared == level
    if level == 2 and kinds and not on_site:
        # level 2 "presso il committente": done from here, it is billed as level 1
        assert (found.effective, found.warnings) == (1, (levels.LEVEL2_REMOTE_ONLY,))
        assert found.differs
    elif level == 1 and on_site:
        assert (found.effective, found.warnings) == (1, (levels.LEVEL1_ON_SITE,))
        assert not found.differs
    else:
        assert (found.effective, found.warnings) == (level, ())


def test_the_cases_in_words() -> None:
    assert levels.check(2, ["remote"]) == levels.LevelCheck(2, 1, ("level2_remote_only",))
    assert levels.check(2, ["remote", "phone", "lab"]).effective == 1  # nobody went there
    assert levels.check(2, ["travel", "lab"]) == levels.LevelCheck(2, 2)  # a trip to fetch it
    assert levels.check(2, ["remote"], arrived_on_site=True) == levels.LevelCheck(2, 2)
    assert levels.check(2, []) == levels.LevelCheck(2, 2)  # no work yet: nothing to judge
    assert levels.check(1, ["on_site"]) == levels.LevelCheck(1, 1, ("level1_on_site",))
    assert levels.check(1, ["remote", "phone"]) == levels.LevelCheck(1, 1)


@given(
    level=st.sampled_from(levels.LEVELS),
    kinds=st.lists(st.sampled_from(SESSION_KINDS), max_size=8),
    arrived=st.booleans(),
)
def test_order_and_repetition_of_the_sessions_do_not_matter(
    level: int, kinds: list[str], arrived: bool
) -> None:
    found = levels.check(level, kinds, arrived)
    assert found == levels.check(level, sorted(set(kinds)), arrived)
    assert found.effective in (1, level)
    assert found.effective <= found.declared
    assert len(found.warnings) <= 1
    # one more trip to the customer never lowers the level
    assert levels.check(level, [*kinds, "on_site"], arrived).effective == level


def test_the_warnings_in_words(italian: None) -> None:
    remote = levels.check(2, ["remote"])
    assert levels.warnings(remote) == (
        "2° livello senza lavoro presso il cliente: fatturato come 1° livello",
    )
    on_site = levels.check(1, ["on_site"])
    said = levels.warnings(on_site)[0]
    assert "il 2° livello è la riparazione hardware presso il cliente" in said
    assert levels.warning_text("unknown_code", remote) == "unknown code"


# -- what the contract makes of a level ------------------------------------------------


def _subsets() -> list[tuple[int, ...]]:
    return [(), (1,), (2,), (1, 2)]


@pytest.mark.parametrize(
    ("effective", "included", "contract", "level2_free"),
    list(product(levels.LEVELS, _subsets(), [False, True], [False, True])),
)
def test_every_contract_code(
    effective: int, included: tuple[int, ...], contract: bool, level2_free: bool
) -> None:
    code = levels.contract_code(effective, included, contract, level2_free)
    if not contract or effective not in included:
        assert code is None
    elif effective == 1:
        assert code == "level1_contract"
    else:
        assert code == ("level2_contract" if level2_free else None)
    assert code is None or code in REASONS


def test_the_reasons_in_words(italian: None) -> None:
    assert REASONS["level1_contract"] == "part of the client contract (level 1)"
    assert reason_text("level1_contract", {}) == "compreso nel contratto di assistenza (1° livello)"
    assert reason_text("level2_contract", {}).endswith("si pagano solo i ricambi")
    assert reason_text("nothing_known", {}) == "nothing known"


def test_no_reason_says_free_itself(italian: None) -> None:
    """Every front end puts a reason after its own "free of charge:" ("gratuito: …"); a
    reason that said it again read "gratuito: …: gratuito" in the incident's work."""
    args = {"category": "x", "since": "01/01/2021"}
    for code in REASONS:
        said = reason_text(code, args)
        assert "gratuit" not in said and "free of charge" not in said, code
    assert reason_text("follow_up", {}) == "intervento successivo a una visita non risolutiva"


# -- through the billing rules of the client-contract preset ----------------------------

CLIENT = load("client-contract")
RULES = CLIENT.billing
CALENDAR = CLIENT.plan("client").calendar


def _facts(level: int, contract: bool, arrived: bool = False) -> FreeFacts:
    plan = CLIENT.plan("client" if contract else "none")
    return FreeFacts(
        work_date=MONDAY.date(),
        level=level,
        contract=contract,
        included_levels=plan.included_levels,
        arrived_on_site=arrived,
    )


def _bill(level: int, contract: bool, kinds: list[str], parts: list[Part] | None = None):
    sessions = []
    start = MONDAY
    for kind in kinds:
        sessions.append(WorkSession(start, start + timedelta(hours=1), kind))
        start += timedelta(hours=2)
    on_site = any(k == "on_site" for k in kinds)
    job = Job(free=_facts(level, contract, on_site), on_site=on_site)
    return bill(RULES, CALENDAR, job, sessions, parts or [])


def test_level_one_remote_an_hour_under_the_contract_is_part_of_it() -> None:
    found = _bill(1, True, ["remote"])
    assert found.units == 3
    assert found.free_code == "level1_contract"
    assert found.free_reason == "part of the client contract (level 1)"
    assert [(ln.kind, ln.amount) for ln in found.lines] == [("labour", D("0.00"))]
    assert found.total == D("0.00")
    assert found.level_check == levels.LevelCheck(1, 1)


def test_level_one_remote_an_hour_without_a_contract_is_three_scatti() -> None:
    found = _bill(1, False, ["remote"])
    assert found.free_code is None
    assert found.taxable == D("120.00")  # 3 scatti × 40,00 €
    assert found.vat == D("26.40")  # IVA 22 %
    assert found.total == D("146.40")


def test_level_two_on_site_with_a_part_under_the_contract_pays_only_the_part() -> None:
    """ "NON SI PAGA L'INTERVENTO DI RIPRISTINO MA SOLTANTO IL PEZZO DI RICAMBIO"."""
    disk = Part("SSD 500 GB", D("1"), D("55.00"))
    found = _bill(2, True, ["on_site"], [disk])
    assert found.free_code == "level2_contract"
    assert [(ln.kind, ln.amount) for ln in found.lines] == [
        ("labour", D("0.00")),
        ("callout", D("0.00")),
        ("material", D("55.00")),
    ]
    assert found.taxable == D("55.00")
    assert found.vat == D("12.10")
    assert found.total == D("67.10")


def test_level_two_on_site_without_a_contract_is_paid() -> None:
    disk = Part("SSD 500 GB", D("1"), D("55.00"))
    found = _bill(2, False, ["on_site"], [disk])
    assert found.free_code is None
    assert found.taxable == D("205.00")  # 3 scatti 120,00 + call-out 30,00 + part 55,00


def test_level_two_only_remote_under_the_contract_is_billed_as_level_one() -> None:
    """ "Le problematiche riguardano solo avarie di tipo Hardware" da risolvere "presso il
    committente": remote software work is level 1, part of the contract, and flagged."""
    found = _bill(2, True, ["remote"])
    assert found.level_check == levels.LevelCheck(2, 1, ("level2_remote_only",))
    assert found.free_code == "level1_contract"
    assert found.total == D("0.00")


def test_level_two_only_remote_with_a_plan_of_level_two_only_is_paid() -> None:
    """Under a plan that includes level 2 alone, the remote work is billed: "parts only"
    is for the on-site hardware repair, never for remote software work."""
    facts = FreeFacts(level=2, contract=True, included_levels=(2,), work_date=date(2026, 11, 23))
    job = Job(free=facts)
    found = bill(RULES, CALENDAR, job, [WorkSession(MONDAY, MONDAY + timedelta(hours=1))], [])
    assert found.free_code is None
    assert found.taxable == D("120.00")


def test_the_stronger_reasons_come_first() -> None:
    """Warranty and a follow-up keep their own reason under the contract."""
    sessions = [WorkSession(MONDAY, MONDAY + timedelta(hours=1), "on_site")]
    for facts, code in (
        (FreeFacts(level=2, contract=True, included_levels=(1, 2), warranty=True), "warranty"),
        (
            FreeFacts(level=1, contract=True, included_levels=(1, 2), follow_up_of_unresolved=True),
            "follow_up",
        ),
    ):
        assert free_reason_code(RULES, facts, sessions) == (code, {})
