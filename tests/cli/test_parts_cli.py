"""Spare parts proposed to a customer who wants to hear about them first (seed 003),
through the command line, on SQLite and PostgreSQL.

Seed 003: "riteniamo automaticamente accettate dal cliente le sostituzioni delle piccole
parti di ricambio ... Il cliente può comunque richiedere sempre di essere avvisato prima
della sostituzione di qualunque parte di ricambio, indipendentemente dal suo valore
commerciale".
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import pg_schemas

PG_URL = os.environ.get(pg_schemas.PG_ENV)
OFFICE = (
    ("customer", "add", "Studio Attento", "--notify-before-parts"),
    ("customer", "contact-add", "1", "Sig. Rossi", "--role", "titolare"),
    ("customer", "add", "Bar Sport"),
    ("incident", "add", "PC non parte", "-c", "1"),
    ("incident", "add", "Mouse rotto", "-c", "2"),
)


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql", marks=pytest.mark.skipif(not PG_URL, reason=pg_schemas.NO_SERVER)
        ),
    ]
)
def database(request: pytest.FixtureRequest, db_file) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(db_file)
        return
    with pg_schemas.schema("tcparts") as made:
        yield made.url


@pytest.fixture
def cli(run, database: str, os_user) -> Callable[..., Any]:
    """Commands run by anna under the onsite-tech preset (seed 003): Studio Attento (1)
    asked to be told before any part, incident 1 is theirs; Bar Sport's is incident 2."""

    def invoke(*args: str) -> Any:
        os_user("anna")
        return run(*args, "--db", database, "--policy", "onsite-tech")

    for args in OFFICE:
        made = invoke(*args)
        assert made.code == 0, (args, made.err)
    return invoke


def test_a_part_is_proposed_then_approved_and_only_then_billed(cli):
    added = cli("material", "add", "1", "Alimentatore 500 W", "--price", "45")
    assert added.code == 0, added.err
    said = " ".join(added.out.split())
    assert "proposed, awaiting confirmation" in said
    assert "Not fitted, not billed: the customer asked to be told" in said
    assert "material approve 1 --by CONTACT --via phone|email|in_person" in said
    bill = cli("bill", "incident", "1", "--json").json()
    assert (bill["proposed_parts"], bill["lines"], bill["total"]) == (1, [], "0.00")
    listed = cli("material", "list", "1")
    assert "proposed, awaiting confirmation" in " ".join(listed.out.split())

    ok = cli("material", "approve", "1", "--by", "Sig. Rossi", "--via", "phone")
    assert ok.code == 0, ok.err
    assert "part 1 of" in ok.out and "fitted and billed" in ok.out
    part = cli("material", "list", "1", "--json").json()[0]
    assert (part["state"], part["answered_by"], part["answered_via"]) == (
        "fitted",
        "Sig. Rossi",
        "phone",
    )
    assert part["answered_at"] is not None
    bill = cli("bill", "incident", "1", "--json").json()
    assert bill["proposed_parts"] == 0
    assert [(ln["kind"], ln["amount"]) for ln in bill["lines"]] == [("material", "45.00")]

    again = cli("material", "approve", "1", "--by", "1", "--via", "phone")
    assert again.code == 1
    assert "already fitted" in again.err and "Traceback" not in again.err


def test_a_declined_part_and_answers_refused_with_the_reason(cli):
    assert cli("material", "add", "1", "Disco 1 TB", "--price", "89.90").code == 0
    fax = cli("material", "approve", "1", "--by", "Sig. Rossi", "--via", "fax")
    assert fax.code == 2 and "phone, email, in_person" in fax.err
    stranger = cli("material", "approve", "1", "--by", "Mario", "--via", "email")
    assert stranger.code == 2
    assert "its contacts: 1 Sig. Rossi" in " ".join(stranger.err.split())
    future = cli("material", "approve", "1", "--by", "1", "--via", "email", "--at", "2999-01-01")
    assert future.code == 2 and "Traceback" not in future.err
    no = cli("material", "decline", "1", "--by", "1", "--via", "email", "--json")
    assert no.code == 0, no.err
    assert (no.json()["state"], no.json()["answered_via"]) == ("declined", "email")
    assert cli("bill", "incident", "1", "--json").json()["lines"] == []
    missing = cli("material", "decline", "99")
    assert missing.code == 2 and "no part 99" in missing.err


def test_a_customer_who_did_not_ask_gets_the_part_fitted_at_once(cli):
    added = cli("material", "add", "2", "Mouse USB", "--price", "12", "--json")
    assert added.code == 0, added.err
    assert added.json()["state"] == "fitted"
    assert cli("bill", "incident", "2", "--json").json()["total"] == "14.64"
