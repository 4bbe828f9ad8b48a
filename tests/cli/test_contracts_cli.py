"""``techconsole customer contract-add|contract-renew|contract-paid|contracts`` and the
prices on ``bill incident`` (seeds 001, 003), with the clock frozen at Monday 23/11/2026
10:00 in Rome.  The office's Ottica (#1) is under a Basic contract to 31/12/2035; Bar
Sport (#2) has none.  Every expected day is counted on the calendar by hand."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from techconsole.services import policies, setup
from techconsole.services.context import Context

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Rome


def ok(result):
    assert result.code == 0, result.err
    return result


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command runs at NOW."""
    monkeypatch.setattr(
        setup,
        "Context",
        lambda db, policy, actor, **kw: Context(db, policy, actor, lambda: NOW, **kw),
    )


def _contract(tc, customer: str, first: str, last: str, *more: str):
    return tc(
        "customer", "contract-add", customer, "-p", "basic", "--from", first, "--to", last, *more
    )


def test_a_three_month_contract_is_refused(tc, office, frozen):
    """(001) "La sottoscrizione di un piano ha una durata minima di un anno": exit code 2,
    the day it may end on, and nothing recorded."""
    short = _contract(tc, "2", "2027-01-01", "2027-03-31")
    assert short.code == 2
    assert (
        "a contract lasts at least 12 months under this policy: from 01/01/2027 it ends on "
        "31/12/2027 or later, not on 31/03/2027" in short.err
    )
    assert "Traceback" not in short.err
    assert ok(tc("customer", "show", "2", "--json")).json()["contracts"] == []
    year = ok(_contract(tc, "2", "2027-01-01", "2027-12-31", "--paid-on", "2026-12-15", "--json"))
    assert (year.json()["ends_on"], year.json()["paid_on"]) == ("2027-12-31", "2026-12-15")


def test_renewal_and_payment_in_one_command_each(tc, office, frozen):
    """Bar Sport's contract, 05/01/2026 to 04/01/2027, renewed: 05/01/2027 to 04/01/2028."""
    ok(_contract(tc, "Bar", "2026-01-05", "2027-01-04"))
    renewed = ok(tc("customer", "contract-renew", "Bar", "--json")).json()
    assert (renewed["plan"], renewed["starts_on"], renewed["ends_on"], renewed["paid_on"]) == (
        "basic",
        "2027-01-05",
        "2028-01-04",
        None,
    )
    said = ok(tc("customer", "contract-renew", "Bar", "--plan", "enterprise", "--months", "24"))
    assert "plan enterprise from 05/01/2028 to 04/01/2030" in said.out
    assert "(not in force today)" in said.out
    short = tc("customer", "contract-renew", "Bar", "--months", "3")
    assert short.code == 2 and "from 05/01/2030 it ends on 04/01/2031 or later" in short.err
    assert tc("customer", "contract-renew", "Bar", as_="bruno").code == 1
    paid = ok(tc("customer", "contract-paid", "Bar", "--on", "2027-12-20"))
    assert "plan enterprise from 05/01/2028 to 04/01/2030 · paid on 20/12/2027" in paid.out
    first = ok(tc("customer", "show", "Bar", "--json")).json()["contracts"][0]["id"]
    ok(tc("customer", "contract-paid", "Bar", "--on", "2025-12-30", "--contract", str(first)))
    shown = ok(tc("customer", "show", "Bar")).out
    assert "30/12/2025" in shown and "not recorded" in shown  # the 2027 renewal: not paid
    none = tc("customer", "contract-renew", "Ottica", "--plan", "gold")
    assert none.code == 2 and "not a contract plan" in none.err


def test_contracts_about_to_end_are_listed_for_the_lead(tc, office, frozen):
    """Farmacia's contract ends on 10/12/2026 (in 17 days), Bar Sport's on 04/01/2027 (in
    42 days), Ottica's on 31/12/2035; the policy's window is 30 days."""
    ok(tc("customer", "add", "Farmacia Centrale"))
    ok(_contract(tc, "Farmacia", "2025-12-11", "2026-12-10"))
    ok(_contract(tc, "Bar", "2026-01-05", "2027-01-04"))
    soon = ok(tc("customer", "contracts", "--expiring", "--json")).json()
    assert [(c["customer"], c["ends_on"], c["days_left"], c["expiring"]) for c in soon] == [
        ("Farmacia Centrale", "2026-12-10", 17, True)
    ]
    assert soon[0]["unpaid"] is True  # the default policy wants it paid in advance
    wider = ok(tc("customer", "contracts", "--within", "45", "--json")).json()
    assert [(c["customer"], c["days_left"]) for c in wider] == [
        ("Farmacia Centrale", 17),
        ("Bar Sport", 42),
    ]
    every = ok(tc("customer", "contracts", "--json")).json()
    assert [c["customer"] for c in every] == [
        "Farmacia Centrale",
        "Bar Sport",
        "Ottica Esempio S.n.c.",
    ]
    table = ok(tc("customer", "contracts", "--expiring")).out
    assert "Contracts ending within 30 days" in table
    assert "Farmacia Centrale" in table and "10/12/2026" in table and "in 17 days" in table
    assert "Bar Sport" not in table
    ok(tc("customer", "contract-renew", "Farmacia"))
    assert (
        "No customer's contract ends within 30 days."
        in ok(tc("customer", "contracts", "--expiring")).out
    )


@pytest.mark.usefixtures("frozen")
def test_the_bill_says_which_prices_it_used(tc, office, tmp_path: Path, monkeypatch):
    """(003) "costi più contenuti": with the Basic plan at 32,00 € a scatto, Ottica's 21
    minutes are 2 × 32,00 = 64,00 €; Bar Sport's, without a contract, 2 × 40,00."""
    text = policies.resolve("default").read_text(encoding="utf-8")
    text = text.replace(
        'targets.response = { A = "4h", B = "8h", C = "16h" }     # half day, 1 day, 2 days',
        'targets.response = { A = "4h", B = "8h", C = "16h" }\nunit_price = "32.00"',
    )
    mine = tmp_path / "prices.toml"
    mine.write_text(text, encoding="utf-8")
    monkeypatch.setenv("TECHCONSOLE_POLICY", str(mine))
    for customer in ("1", "2"):
        ok(tc("incident", "add", "Stampante", "-c", customer, "--at", "2026-11-23T09:00"))
    for number, start, stop in (("1", "09:00", "09:21"), ("2", "09:30", "09:51")):
        ok(tc("timer", "start", number, "--at", f"2026-11-23T{start}"))
        ok(tc("timer", "stop", "--at", f"2026-11-23T{stop}"))
    ottica = ok(tc("bill", "incident", "1", "--json")).json()
    assert [(ln["unit_price"], ln["amount"]) for ln in ottica["lines"]] == [("32.00", "64.00")]
    assert ottica["prices"] == [{"plan": "basic", "unit_price": "32.00", "callout_fee": "30.00"}]
    bar = ok(tc("bill", "incident", "2", "--json")).json()
    assert bar["taxable"] == "80.00"
    assert bar["prices"] == [{"plan": None, "unit_price": "40.00", "callout_fee": "30.00"}]
    said = ok(tc("bill", "incident", "1")).out
    assert "Prices: scatto 32,00\xa0€, call-out 30,00\xa0€ (prices of plan Basic 8×5)" in said


def test_policy_check_states_the_contract_terms_and_a_plans_prices(tc, tmp_path: Path):
    summary = ok(tc("policy", "check", "istes", "--json")).json()
    assert summary["contracts"] == {
        "minimum_months": 12,
        "paid_in_advance": True,
        "expiring_days": 30,
    }
    assert summary["plans"]["basic"]["unit_price"] == "40.00"  # [billing]'s
    said = ok(tc("policy", "check", "istes")).out
    assert "Contracts: at least 12 months, paid in advance; listed 30 days before they end" in said
    text = policies.resolve("onsite-tech").read_text(encoding="utf-8")
    mine = tmp_path / "cheaper.toml"
    mine.write_text(text.replace("# unit_price = ", "unit_price = ", 1), encoding="utf-8")
    priced = ok(tc("policy", "check", str(mine), "--json")).json()
    assert priced["plans"]["contract"]["unit_price"] == "35.00"
    assert priced["plans"]["contract"]["callout_fee"] == "30.00"  # still [billing]'s
    assert (
        "Prices of plan contract: scatto 35.00 €, call-out 30.00 €"
        in ok(tc("policy", "check", str(mine))).out
    )
