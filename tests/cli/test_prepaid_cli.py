"""``techconsole customer contract-prepaid|prepaid``, ``customer contracts --prepaid-low``,
``--prepaid-hours`` and the bill's prepaid hours (seed 000), under the istes preset:
training is work of kind ``training``; half a day of it (12 scatti of 20 minutes) comes
with each contract; a block of 2 hours is 6 scatti at 40,00 €.

Ottica (#1) is under a Basic contract from 2025 to 2035.  By hand:

| incident | day | work | scatti | included training | block | priced |
|---|---|---|---|---|---|---|
| 1 | Mon 03/03/2025 | training 09:30–12:30 | 9 | 9 | – | 0 |
| 1 | Mon 03/03/2025 | remote 14:00–15:05 | 4 | – | 4 | 0 |
| 2 | Tue 04/03/2025 | training 09:30–11:30 | 6 | 3 | 2 | 1 |
| 2 | Tue 04/03/2025 | remote 14:00–14:20 | 1 | – | – | 1 |

Incident 2: 7 × 40,00 = 280,00 − 120,00 − 80,00 = 80,00; IVA 17,60; 97,60 €.
"""

from __future__ import annotations

import pytest

NBSP = "\u00a0"


def ok(result):
    assert result.code == 0, result.err
    return result


@pytest.fixture
def istes(tc, office):
    def run(*args: str, as_: str = "anna"):
        return tc(*args, "--policy", "istes", as_=as_)

    return run


def _work(run, number: int, day: str, *spans: tuple[str, str, str]) -> None:
    ok(run("incident", "add", "Corso sul gestionale", "-c", "1", "--at", f"{day}T09:00"))
    for kind, start, end in spans:
        ok(run("timer", "start", str(number), "--kind", kind, "--at", f"{day}T{start}"))
        ok(run("timer", "stop", "--at", f"{day}T{end}"))


@pytest.fixture
def worked(istes):
    ok(istes("customer", "contract-prepaid", "Ottica", "2h"))
    _work(istes, 1, "2025-03-03", ("training", "09:30", "12:30"), ("remote", "14:00", "15:05"))
    _work(istes, 2, "2025-03-04", ("training", "09:30", "11:30"), ("remote", "14:00", "14:20"))
    return istes


def test_the_bill_takes_the_included_training_and_the_block_off(worked):
    data = ok(worked("bill", "incident", "2", "--json")).json()
    assert [(ln["kind"], ln["quantity"], ln["amount"]) for ln in data["lines"]] == [
        ("labour", "6", "240.00"),
        ("labour", "1", "40.00"),
        ("included", "3", "-120.00"),
        ("prepaid", "2", "-80.00"),
    ]
    assert (data["taxable"], data["vat"], data["total"]) == ("80.00", "17.60", "97.60")
    [use] = data["prepaid"]
    assert (use["block"], use["used"], use["left"]) == (6, 2, 0)
    assert (use["allowance"], use["training_used"], use["training_left"]) == (12, 3, 0)
    said = ok(worked("bill", "incident", "2")).out
    assert "Prepaid hours (monte ore): 2 scatti used, 0 left of 6 scatti" in said
    assert "Training included in the contract: 3 scatti used, 0 left of 12 scatti" in said
    assert "training included in the contract" in said
    assert f"97,60{NBSP}€" in said


def test_the_balance_and_the_customers_running_out(worked):
    data = ok(worked("customer", "prepaid", "Ottica", "--json")).json()
    assert (data["block"], data["used"], data["left"], data["low"]) == (6, 6, 0, True)
    assert [(ln["training"], ln["scatti"], ln["from_allowance"], ln["from_block"])
            for ln in data["lines"]] == [(True, 9, 9, 0), (False, 4, 0, 4), (True, 6, 3, 2),
                                         (False, 1, 0, 0)]  # fmt: skip
    said = ok(worked("customer", "prepaid", "Ottica")).out
    assert "Prepaid hours (monte ore): 6 scatti (2h) used, 0 left of 6 scatti (2h)" in said
    low = ok(worked("customer", "contracts", "--prepaid-low", "--json")).json()
    assert [(b["customer"], b["left"]) for b in low] == [("Ottica Esempio S.n.c.", 0)]
    table = ok(worked("customer", "contracts", "--prepaid-low")).out
    assert "Prepaid hours down to 20 % or less" in table and "Ottica" in table
    assert "2h" in ok(worked("customer", "show", "Ottica")).out


def test_nobody_is_low_without_a_block(istes):
    said = ok(istes("customer", "contracts", "--prepaid-low")).out
    assert "No customer's prepaid hours are down to 20 % or less." in said


def test_blocks_are_whole_scatti_and_set_by_a_lead(istes):
    odd = istes("customer", "contract-prepaid", "Ottica", "1h10m")
    assert odd.code == 2
    assert "whole scatti of 20 minutes: 1h 10m is not; 1h or 1h 20m is" in odd.err
    assert "Traceback" not in odd.err
    words = istes("customer", "contract-prepaid", "Ottica", "lots")
    assert words.code == 2 and "is not a number of hours" in words.err
    assert istes("customer", "contract-prepaid", "Ottica", "10", as_="bruno").code == 1
    half = istes("customer", "contract-prepaid", "Ottica", "7.5")  # 7h 30m: 22,5 scatti
    assert half.code == 2 and "7h 30m is not; 7h 20m or 7h 40m is" in half.err
    set_ = ok(istes("customer", "contract-prepaid", "Ottica", "4h20m", "--json")).json()
    assert set_["prepaid_minutes"] == 260
    none = istes("customer", "contract-prepaid", "Bar", "10")
    assert none.code == 2 and "Bar Sport has no contract" in none.err
    added = ok(
        istes(
            "customer", "contract-add", "Bar", "-p", "basic", "--from", "2026-01-01",
            "--to", "2026-12-31", "--prepaid-hours", "10h", "--json",
        )
    ).json()  # fmt: skip
    assert added["prepaid_minutes"] == 600
    renewed = ok(istes("customer", "contract-renew", "Bar", "--prepaid-hours", "20"))
    assert "prepaid hours 20h" in renewed.out
    shown = ok(istes("customer", "show", "Bar", "--json")).json()["contracts"]
    assert [k["prepaid_minutes"] for k in shown] == [600, 1200]


def test_training_is_a_kind_of_work(istes):
    ok(istes("incident", "add", "Corso", "-c", "1", "--at", "2025-03-03T09:00"))
    started = ok(istes("timer", "start", "1", "--kind", "training", "--at", "2025-03-03T09:30"))
    assert "training" in started.out
    assert "training" in ok(istes("timer", "start", "--help")).out
