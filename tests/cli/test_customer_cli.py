from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def test_add_customer_json(tc, office):
    result = tc(
        "customer",
        "add",
        "Studio Legale Neri",
        "--vat",
        "IT09876543210",
        "--address",
        "Via Roma 1, Milano",
        "--deployment",
        "cloud",
        "--reseller-since",
        "2025-06-01",
        "--we-are-ads",
        "--json",
    )
    assert result.code == 0, result.err
    data = result.json()
    assert data["id"] == 3
    assert data["name"] == "Studio Legale Neri"
    assert data["vat_number"] == "IT09876543210"
    assert data["address"] == "Via Roma 1, Milano"
    assert data["deployment"] == "cloud"
    assert data["reseller"] is True
    assert data["reseller_since"] == "2025-06-01"
    assert data["we_are_ads"] is True
    assert data["notify_before_parts"] is False
    assert data["plan"] == "none"
    assert data["contract"] is False
    assert data["contacts"] == []
    assert data["contracts"] == []


def test_show_has_contacts_and_contracts(tc, office):
    data = tc("customer", "show", "Ottica", "--json").json()
    assert data["id"] == 1
    assert data["plan"] == "basic"
    assert data["contract"] is True
    contacts = {c["name"]: c for c in data["contacts"]}
    assert contacts["Maria Bianchi"]["role"] == "titolare"
    assert contacts["Maria Bianchi"]["may_authorise"] is True
    assert contacts["Luca Verdi"]["may_authorise"] is False
    (contract,) = data["contracts"]
    assert contract["plan"] == "basic"
    assert contract["starts_on"] == "2025-01-01"
    assert contract["ends_on"] == "2035-12-31"
    assert contract["prepaid"] == "0.00"
    assert contract["active"] is True
    text = tc("customer", "show", "1").out
    assert "Ottica Esempio S.n.c." in text
    assert "Maria Bianchi" in text
    assert "31/12/2035" in text


def test_list_and_search(tc, office):
    listed = tc("customer", "list", "--json").json()
    assert [(c["name"], c["plan"]) for c in listed] == [
        ("Bar Sport", "none"),
        ("Ottica Esempio S.n.c.", "basic"),
    ]
    found = tc("customer", "list", "--search", "bar", "--json").json()
    assert [c["name"] for c in found] == ["Bar Sport"]
    assert "No customers match" in tc("customer", "list", "--search", "zzz").out


def test_contact_add_json(tc, office):
    data = tc(
        "customer",
        "contact-add",
        "Bar Sport",
        "Gino",
        "--role",
        "ads",
        "--email",
        "g@x.it",
        "--phone",
        "+39 333",
        "--json",
    ).json()
    assert data["customer_id"] == 2
    assert data["name"] == "Gino"
    assert data["role"] == "ads"
    assert data["email"] == "g@x.it"
    assert data["phone"] == "+39 333"
    assert data["may_authorise"] is True


def test_contract_add_json(tc, office, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")  # Italian: the amount is typed the Italian way
    data = tc(
        "customer",
        "contract-add",
        "2",
        "--plan",
        "enterprise",
        "--from",
        "2025-01-01",
        "--to",
        "2035-12-31",
        "--prepaid",
        "1500,50",
        "--json",
    ).json()
    assert data["plan"] == "enterprise"
    assert data["starts_on"] == "2025-01-01"
    assert data["ends_on"] == "2035-12-31"
    assert data["prepaid"] == "1500.50"
    assert data["active"] is (
        date(2025, 1, 1) <= datetime.now(ZoneInfo("Europe/Rome")).date() <= date(2035, 12, 31)
    )
    assert tc("customer", "show", "2", "--json").json()["plan"] == "enterprise"


def test_only_a_lead_records_contracts(tc, office):
    result = tc(
        "customer",
        "contract-add",
        "2",
        "--plan",
        "basic",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        as_="bruno",
    )
    assert result.code == 1
    assert "only a team lead" in result.err


def test_bad_customer_input(tc, office):
    unknown = tc("customer", "show", "999")
    assert unknown.code == 2
    assert "no customer with id 999" in unknown.err
    role = tc("customer", "contact-add", "1", "X", "--role", "boss")
    assert role.code == 2
    plan = tc(
        "customer",
        "contract-add",
        "1",
        "--plan",
        "gold",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
    )
    assert plan.code == 2
    assert "not a contract plan" in plan.err
    amount = tc(
        "customer",
        "contract-add",
        "1",
        "--plan",
        "basic",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--prepaid",
        "lots",
    )
    assert amount.code == 2
    assert "--prepaid" in amount.err
    day = tc(
        "customer",
        "contract-add",
        "1",
        "--plan",
        "basic",
        "--from",
        "01/01/2025",
        "--to",
        "2025-12-31",
    )
    assert day.code == 2
    assert "is not a date" in day.err
    empty = tc("customer", "add", "  ")
    assert empty.code == 2


def test_hostile_customer_name_is_shown_verbatim(tc, office):
    tc("customer", "add", "[bold]Evil[/bold]\x1b]0;owned\x07 S.r.l.")
    out = tc("customer", "list").out
    assert "[bold]Evil[/bold] S.r.l." in out
    assert "\x1b" not in out
    assert "\x07" not in out
