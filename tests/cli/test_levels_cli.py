"""Service levels from the command line (seed 004): ``bill incident`` and ``incident show``
say the level the work is billed at and why it is not the one declared; the client
contract's free labour by level.  And ``asset`` for the devices that receive the live
copy of the data ("dovranno essere inclusi nei pacchetti di assistenza")."""

from __future__ import annotations

import pytest

MONDAY = "2026-11-23"


def at(hhmm: str, day: str = MONDAY) -> str:
    return f"{day}T{hhmm}"


def ok(result):
    assert result.code == 0, result.err
    return result


@pytest.fixture
def cc(tc, migrated):
    """Commands under the client-contract preset: anna (lead), Studio Rossi under the
    client contract for 2026 (id 1), Bar Sport without one (id 2)."""

    def run(*args: str, as_: str | None = "anna"):
        return tc(*args, "--policy", "client-contract", as_=as_)

    for args in (
        ("customer", "add", "Studio Rossi"),
        ("customer", "contract-add", "1", "--plan", "client",
         "--from", "2026-01-01", "--to", "2026-12-31"),
        ("customer", "add", "Bar Sport"),
    ):  # fmt: skip
        ok(run(*args))
    return run


def _remote_hour(cc, customer: str, level: str) -> None:
    ok(cc("incident", "add", "PC lento", "-c", customer, "--level", level, "--at", at("09:30")))
    ok(cc("timer", "start", "1", "--kind", "remote", "--at", at("10:00")))
    ok(cc("timer", "stop", "--at", at("11:00")))


def test_level_one_remote_under_the_contract_costs_nothing(cc):
    _remote_hour(cc, "1", "1")
    data = ok(cc("bill", "incident", "1", "--json")).json()
    assert (data["units"], data["total"]) == (3, "0.00")
    assert data["free_code"] == "level1_contract"
    assert data["free_args"] == {}
    assert data["level_check"] == {
        "declared": 1,
        "effective": 1,
        "warnings": [],
        "messages": [],
    }
    said = " ".join(ok(cc("bill", "incident", "1")).out.split())
    assert "Free of charge: part of the client contract (level 1)" in said


def test_level_one_remote_without_a_contract_is_three_scatti_and_iva(cc):
    _remote_hour(cc, "2", "1")
    data = ok(cc("bill", "incident", "1", "--json")).json()
    assert (data["taxable"], data["vat"], data["total"]) == ("120.00", "26.40", "146.40")
    assert data["free_code"] is None


def test_level_two_with_only_remote_work_is_billed_as_level_one_and_said(cc):
    """ "Le problematiche riguardano solo avarie di tipo Hardware": remote work on a
    level-2 incident is level 1 (part of the contract), with a warning."""
    _remote_hour(cc, "1", "2")
    data = ok(cc("bill", "incident", "1", "--json")).json()
    assert data["free_code"] == "level1_contract"
    assert data["total"] == "0.00"
    check = data["level_check"]
    assert (check["declared"], check["effective"], check["warnings"]) == (
        2,
        1,
        ["level2_remote_only"],
    )
    assert check["messages"] == ["level 2 without work at the customer's site: billed as level 1"]
    said = " ".join(ok(cc("bill", "incident", "1")).out.split())
    assert "⚠ level 2 without work at the customer's site: billed as level 1" in said
    shown = ok(cc("incident", "show", "1", "--json")).json()
    assert shown["level_check"] == check
    assert "billed as level 1" in " ".join(ok(cc("incident", "show", "1")).out.split())


def test_level_two_on_site_pays_only_the_part(cc):
    """ "NON SI PAGA L'INTERVENTO DI RIPRISTINO MA SOLTANTO IL PEZZO DI RICAMBIO"."""
    ok(cc("incident", "add", "Disco guasto", "-c", "1", "--level", "2", "--at", at("09:00")))
    ok(cc("incident", "on-site", "1", "--at", at("10:00")))
    ok(cc("timer", "start", "1", "--kind", "on_site", "--at", at("10:00")))
    ok(cc("timer", "stop", "--at", at("11:00")))
    ok(cc("material", "add", "1", "SSD 500 GB", "--price", "55.00"))
    data = ok(cc("bill", "incident", "1", "--json")).json()
    assert data["free_code"] == "level2_contract"
    assert [(ln["kind"], ln["amount"]) for ln in data["lines"]] == [
        ("labour", "0.00"),
        ("callout", "0.00"),
        ("material", "55.00"),
    ]
    assert (data["taxable"], data["vat"], data["total"]) == ("55.00", "12.10", "67.10")
    assert data["level_check"]["warnings"] == []


def test_in_italian(cc, monkeypatch):
    _remote_hour(cc, "1", "2")
    monkeypatch.delenv("TECHCONSOLE_LANG")
    said = " ".join(ok(cc("bill", "incident", "1")).out.split())
    assert "⚠ 2° livello senza lavoro presso il cliente: fatturato come 1° livello" in said
    assert "Gratuito: compreso nel contratto di assistenza (1° livello)" in said
    shown = " ".join(ok(cc("incident", "show", "1")).out.split())
    assert "fatturato come 1° livello" in shown


def test_the_free_reason_in_json_is_said_in_the_language_in_use(cc, monkeypatch):
    """``free_reason`` says why in the reader's language, as the human output does;
    ``free_code`` and ``free_args`` are the same in both."""
    _remote_hour(cc, "1", "1")
    english = ok(cc("bill", "incident", "1", "--json")).json()
    assert english["free_reason"] == "part of the client contract (level 1)"
    monkeypatch.delenv("TECHCONSOLE_LANG")
    italian = ok(cc("bill", "incident", "1", "--json")).json()
    assert italian["free_reason"] == "compreso nel contratto di assistenza (1° livello)"
    assert italian["free_code"] == english["free_code"] == "level1_contract"
    assert italian["free_args"] == english["free_args"] == {}


# -- devices with the live copy of the data ----------------------------------------------


def test_a_phone_that_receives_the_data_out_of_the_package_is_flagged(cc):
    added = cc(
        "asset", "add", "1", "iPhone-Titolare", "--kind", "mobile",
        "--synced", "--not-in-package", "--json",
    )  # fmt: skip
    data = ok(added).json()
    assert (data["kind"], data["synced"], data["in_package"]) == ("mobile", True, False)
    assert (data["covered"], data["flagged"]) == (False, True)
    assert "synced_not_in_package" in [g["code"] for g in data["gaps"]]
    assert "receives the data but is not in the support package" in data["reasons"]

    listed = ok(cc("asset", "list", "--json")).json()
    assert [(m["name"], m["flagged"]) for m in listed] == [("iPhone-Titolare", True)]
    words = " ".join(ok(cc("asset", "list")).out.split())
    assert "⚠" in words and "mobile device" in words
    shown = " ".join(ok(cc("asset", "show", "1")).out.split())
    assert "Receives live data yes" in shown and "In the package no" in shown

    edited = ok(cc("asset", "edit", "1", "--in-package", "--json")).json()
    assert (edited["in_package"], edited["flagged"]) == (True, False)
    edited = ok(cc("asset", "edit", "1", "--not-synced", "--not-in-package", "--json")).json()
    assert (edited["synced"], edited["in_package"]) == (False, False)
    assert "not_in_package" in [g["code"] for g in edited["gaps"]]
    assert not edited["flagged"]


def test_a_machine_is_in_the_package_unless_told(cc):
    data = ok(cc("asset", "add", "1", "PC-Reception", "--json")).json()
    assert (data["synced"], data["in_package"], data["flagged"]) == (False, True, False)
    nothing = cc("asset", "edit", "1", "--in-package")
    assert nothing.code != 0
    assert "it says so already" in nothing.err


def test_devices_in_italian(cc, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")
    ok(cc("asset", "add", "1", "iPhone", "--kind", "mobile", "--synced", "--not-in-package"))
    said = " ".join(ok(cc("asset", "show", "1")).out.split())
    assert "dispositivo mobile" in said
    assert "riceve i dati ma non è nel pacchetto di assistenza" in said
    assert "Nel pacchetto no" in said


def test_the_options_help_in_italian():
    """The help is built when the module is imported: read in a fresh interpreter."""
    from .test_language_cli import help_text

    helped = help_text("asset", "edit", "--help")
    assert "--synced" in helped and "--not-in-package" in helped
    assert "Riceve la copia live dei dati del cliente" in helped
    assert "Nel pacchetto di assistenza o no" in helped
