"""Reports to the data controller on the agreed cadence (seed 001: "L'operato della nostra
azienda sara' riportato al titolare con cadenza da stabilire tra le parti (file di log e
report)"), through the command line, on SQLite and PostgreSQL.

The agreement starts on 1 January 2025, monthly: by now (any day after 2025) every month
from January on is due, oldest first; each delivery covers the next one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import pg_schemas

PG_URL = os.environ.get(pg_schemas.PG_ENV)
OFFICE = (
    ("customer", "add", "Hotel Mare", "--we-are-ads"),
    ("customer", "add", "Bar Sport"),
    ("customer", "add", "Studio Nuovo", "--we-are-ads"),
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
    with pg_schemas.schema("tcads") as made:
        yield made.url


@pytest.fixture
def cli(run, database: str, os_user) -> Callable[..., Any]:
    """Commands run by anna (the database's first lead): Hotel Mare (1) and Studio Nuovo
    (3) have us as ADS, Bar Sport (2) does not."""

    def invoke(*args: str, as_: str = "anna") -> Any:
        os_user(as_)
        return run(*args, "--db", database)

    for args in OFFICE:
        made = invoke(*args)
        assert made.code == 0, (args, made.err)
    return invoke


def test_cadence_due_write_delivered_history(cli, tmp_path: Path):
    due = cli("report", "ads-due", "--json").json()
    assert [(d["customer"], d["cadence"]) for d in due] == [
        ("Hotel Mare", None),
        ("Studio Nuovo", None),
    ]
    agreed = cli("report", "ads-cadence", "1", "monthly", "--from", "2025-01-01")
    assert agreed.code == 0, agreed.err
    said = " ".join(agreed.out.split())
    assert "Hotel Mare: reports to the data controller monthly, from 01/01/2025" in said
    assert "The next report covers 01/01/2025–31/01/2025, due on 01/02/2025." in said

    (hotel,) = [d for d in cli("report", "ads-due", "--json").json() if d["customer_id"] == 1]
    assert hotel["due"][0] == {"start": "2025-01-01", "end": "2025-01-31", "due_on": "2025-02-01"}
    assert hotel["due"][1]["start"] == "2025-02-01"

    written = cli("report", "ads-write", "Hotel Mare", "--format", "csv", "--out", str(tmp_path))
    assert written.code == 0, written.err
    assert (tmp_path / "RA-2025-01-C0001-en.csv").is_file()
    assert "the report of 01/01/2025–31/01/2025" in " ".join(written.err.split())

    delivered = cli(
        "report", "ads-delivered", "1", "--to", "Sig. Bianchi", "--via", "pec", "--json"
    )
    assert delivered.code == 0, delivered.err
    assert delivered.json()["period"] == {
        "start": "2025-01-01",
        "end": "2025-01-31",
        "due_on": "2025-02-01",
    }
    second = cli("report", "ads-delivered", "1", "--to", "Sig. Bianchi", "--via", "email")
    assert second.code == 0, second.err
    assert "the report of 01/02/2025–28/02/2025 delivered to Sig. Bianchi by e-mail" in " ".join(
        second.out.split()
    )
    history = cli("report", "ads-history", "1", "--json").json()
    assert [(h["period"]["start"], h["delivered_via"]) for h in history] == [
        ("2025-01-01", "pec"),
        ("2025-02-01", "email"),
    ]
    listed = cli("report", "ads-due")
    assert "Studio Nuovo" in listed.out and "not agreed yet" in listed.out
    assert "01/03/2025–31/03/2025, due since 01/04/2025" in " ".join(listed.out.split())


def test_ads_due_lists_the_reports_due_before_the_customers_with_no_cadence(cli):
    """Studio Nuovo has reports due since 2025, Hotel Mare no cadence agreed: Studio Nuovo
    first, in the table and in --json, though Hotel Mare comes first by name."""
    assert cli("report", "ads-cadence", "3", "monthly", "--from", "2025-01-01").code == 0
    due = cli("report", "ads-due", "--json").json()
    assert [(d["customer"], d["cadence"]) for d in due] == [
        ("Studio Nuovo", "monthly"),
        ("Hotel Mare", None),
    ]
    listed = cli("report", "ads-due").out
    assert listed.index("Studio Nuovo") < listed.index("Hotel Mare")
    assert listed.index("due since 01/02/2025") < listed.index("not agreed yet")


def test_refusals_say_why_and_write_nothing(cli):
    bar = cli("report", "ads-cadence", "2", "monthly")
    assert bar.code == 2 and "not the system administrator (ADS) of Bar Sport" in bar.err
    weekly = cli("report", "ads-cadence", "1", "weekly")
    assert weekly.code == 2
    assert "monthly, every two months (bimonthly), quarterly" in " ".join(weekly.err.split())
    assert cli("tech", "add", "bruno", "--name", "Bruno Neri").code == 0
    bruno = cli("report", "ads-cadence", "1", "monthly", as_="bruno")
    assert bruno.code == 1 and "only a team lead" in bruno.err
    nothing = cli("report", "ads-write", "1")
    assert nothing.code == 1 and "no cadence is agreed with Hotel Mare" in nothing.err
    assert cli("report", "ads-cadence", "1", "yearly").code == 0  # from today: not due yet
    early = cli("report", "ads-delivered", "1", "--to", "x", "--via", "email")
    assert early.code == 1 and "no report to Hotel Mare's data controller is due" in early.err
    fax = cli("report", "ads-delivered", "1", "--to", "x", "--via", "fax")
    assert fax.code == 2 and "email, pec, in_person, post" in " ".join(fax.err.split())
    assert cli("report", "ads-history", "1").out.strip() == "No report delivered yet."
    for result in (bar, weekly, bruno, nothing, early, fax):
        assert "Traceback" not in result.err


def test_ads_send_queues_the_report_for_the_titolare_and_ads_due_says_so(cli):
    """``report ads-send`` puts the oldest report due in the outbox; ``mail send`` sends it
    (see test_mail_out_cli.py), its delivery is recorded then."""
    assert cli("report", "ads-cadence", "1", "monthly", "--from", "2025-01-01").code == 0
    nobody = cli("report", "ads-send", "1")
    assert nobody.code == 2
    assert "no titolare of Hotel Mare has an e-mail address" in " ".join(nobody.err.split())
    added = cli(
        "customer", "contact-add", "1", "Sig. Bianchi", "--role", "titolare",
        "--email", "bianchi@hotelmare.example",
    )  # fmt: skip
    assert added.code == 0, added.err
    queued = cli("report", "ads-send", "Hotel Mare", "--json")
    assert queued.code == 0, queued.err
    said = queued.json()
    assert said["period"] == {"start": "2025-01-01", "end": "2025-01-31"}
    assert said["mail"]["to"] == ["bianchi@hotelmare.example"]
    assert (said["mail"]["attachment"], said["mail"]["state"]) == ("ads_report", "pending")
    assert said["mail"]["period"] == {"start": "2025-01-01", "end": "2025-01-31"}

    (hotel,) = [d for d in cli("report", "ads-due", "--json").json() if d["customer_id"] == 1]
    assert hotel["due"][0]["start"] == "2025-01-01"  # queued is not delivered
    assert hotel["mailed"]["mail"] == said["mail"]["id"]
    assert hotel["mailed"]["state"] == "pending"
    listed = " ".join(cli("report", "ads-due").out.split())
    assert f"✉ in the outbox (message {said['mail']['id']})" in listed

    again = cli("report", "ads-send", "1")
    assert again.code == 1 and "is in the outbox already" in " ".join(again.err.split())
    by_hand = cli("report", "ads-delivered", "1", "--to", "x", "--via", "pec")
    assert by_hand.code == 1 and "its delivery is recorded when it is sent" in " ".join(
        by_hand.err.split()
    )
    bar = cli("report", "ads-send", "2", "--to", "a@b.example")
    assert bar.code == 2 and "not the system administrator (ADS) of Bar Sport" in bar.err
    bad = cli("report", "ads-send", "3", "--to", "nobody")
    assert bad.code == 1 and "no cadence is agreed with Studio Nuovo" in bad.err
    assert cli("report", "ads-cadence", "3", "monthly", "--from", "2025-01-01").code == 0
    bad = cli("report", "ads-send", "3", "--to", "nobody")
    assert bad.code == 2 and "'nobody' is not an e-mail address" in bad.err
    assert cli("report", "ads-history", "1").out.strip() == "No report delivered yet."
    for result in (nobody, again, by_hand, bar, bad):
        assert "Traceback" not in result.err
