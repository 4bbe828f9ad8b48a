"""``techconsole loaner`` and ``incident estimate``: the loaner PCs of seed 004 from the
command line — the pool, lending and returning, the loaner clock an estimate starts, every
listing in ``--json``, and clear refusals (exit 2 for what was typed wrong, 1 for a step
the state refuses) that change nothing."""

from __future__ import annotations

import pytest


@pytest.fixture
def cc(tc, migrated):
    """Commands under the client-contract preset: anna (lead), Studio Rossi under the
    client contract (id 1) with PC-Reception (machine 1), Bar Sport (id 2)."""

    def run(*args: str, as_: str | None = "anna"):
        return tc(*args, "--policy", "client-contract", as_=as_)

    for args in (
        ("customer", "add", "Studio Rossi"),
        ("customer", "contract-add", "1", "--plan", "client", "--from", "2026-01-01",
         "--to", "2035-12-31"),
        ("customer", "add", "Bar Sport"),
        ("asset", "add", "1", "PC-Reception"),
        ("loaner", "add", "Muletto-01", "--serial", "SN-M01", "--notes", "i5, 16 GB"),
        ("loaner", "add", "Muletto-02"),
        ("incident", "add", "PC non si accende", "-c", "1", "--level", "2", "--asset", "1"),
    ):  # fmt: skip
        done = run(*args)
        assert done.code == 0, (args, done.err)
    return run


def test_the_pool_in_json_and_in_words(cc):
    listed = cc("loaner", "list", "--json").json()
    assert [(v["id"], v["name"], v["serial"], v["out"], v["loan"]) for v in listed] == [
        (1, "Muletto-01", "SN-M01", False, None),
        (2, "Muletto-02", "", False, None),
    ]
    words = cc("loaner", "list").out
    assert "Muletto-01" in words and "SN-M01" in words and " in " in words
    assert cc("loaner", "list", "--out").out.strip() == "No loaner PC is out."
    shown = cc("loaner", "show", "muletto-01", "--json").json()
    assert (shown["notes"], shown["loans"]) == ("i5, 16 GB", [])
    assert "Never lent yet." in cc("loaner", "show", "1").out


def test_an_estimate_beyond_48_hours_makes_a_loaner_due_and_lending_stops_it(cc):
    estimated = cc("incident", "estimate", "1", "3d", "--note", "scheda madre da ordinare")
    assert estimated.code == 0, estimated.err
    assert "repair estimated to be done by" in estimated.out
    assert "loaner PC due by" in estimated.out
    shown = cc("incident", "show", "1", "--json").json()
    assert shown["loaner"]["clock"] == "loaner"
    assert shown["loaner"]["status"] == "ok"
    assert shown["loaner"]["target_minutes"] == 48 * 60
    assert "Loaner PC" in cc("incident", "show", "1").out
    line = cc("queue", "--json").json()["rows"][0]
    assert line["loaner"]["status"] == "ok"
    assert "Loaner PC" in cc("queue").out  # the column shows: a loaner is due

    lent = cc("loaner", "lend", "Muletto-01", "-i", "1", "--note", "consegnato", "--json")
    assert lent.code == 0, lent.err
    loan = lent.json()
    assert (loan["loaner"], loan["customer"], loan["asset"], loan["incident"]) == (
        "Muletto-01",
        "Studio Rossi",
        "PC-Reception",
        shown["number"],
    )
    assert (loan["data_from"], loan["lent_by"], loan["out"]) == ("PC-Reception", "anna", True)
    assert cc("incident", "show", "1", "--json").json()["loaner"]["status"] == "met"
    out = cc("loaner", "list", "--out", "--json").json()
    assert [v["name"] for v in out] == ["Muletto-01"]
    assert out[0]["loan"]["incident"] == loan["incident"]
    assert [v["loaner"] for v in cc("loaner", "loans", "--out", "--json").json()] == ["Muletto-01"]

    back = cc("loaner", "return", "Muletto-01", "--note", "rientrato")
    assert back.code == 0, back.err
    assert "loaner PC Muletto-01 back from Studio Rossi" in back.out
    history = cc("loaner", "loans", "-i", "1", "--json").json()
    assert [(h["out"], h["return_note"]) for h in history] == [(False, "rientrato")]
    assert history[0]["returned_at"] is not None


def test_a_loaner_out_is_not_lent_again_and_one_in_is_not_returned(cc):
    assert cc("loaner", "lend", "1", "-i", "1").code == 0
    again = cc("loaner", "lend", "Muletto-01", "-c", "Bar Sport", "--data", "Luca")
    assert again.code == 1
    said = " ".join(again.err.split())
    assert "is out already: lent to Studio Rossi" in said
    assert "techconsole loaner return Muletto-01" in said
    not_out = cc("loaner", "return", "Muletto-02")
    assert not_out.code == 1
    assert "is not out" in " ".join(not_out.err.split())


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("loaner", "add", "muletto-01"), "there is a loaner PC called Muletto-01 already"),
        (("loaner", "lend", "Muletto-09", "-i", "1"), "no loaner PC 'Muletto-09'"),
        (("loaner", "lend", "Muletto-01"), "say whom it is lent to"),
        (("loaner", "lend", "Muletto-01", "-c", "2"), "say whose data were copied"),
        (("loaner", "lend", "Muletto-01", "-i", "1", "--machine", "0"), "is not a whole number"),
        (("loaner", "lend", "Muletto-01", "-i", "1", "--at", "ieri"), "at what time?"),
        (("loaner", "edit", "Muletto-01"), "nothing to change"),
        (("incident", "estimate", "1", "tre giorni"), "is not a time"),
        (("incident", "estimate", "1", "2000-01-01T10:00"), "not after the estimate"),
    ],
)
def test_what_was_typed_wrong_is_said_with_exit_2_and_nothing_changes(cc, args, said):
    result = cc(*args)
    assert result.code == 2, (result.out, result.err)
    assert said in " ".join(result.err.split()), result.err
    assert "Traceback" not in result.err
    assert cc("loaner", "loans", "--json").json() == []
    assert len(cc("loaner", "list", "--json").json()) == 2
    assert cc("incident", "show", "1", "--json").json()["estimated_resolution_at"] is None


def test_retire_and_rename(cc):
    renamed = cc("loaner", "edit", "2", "--name", "Muletto-B", "--serial", "SN-B", "--json")
    assert renamed.code == 0, renamed.err
    assert (renamed.json()["name"], renamed.json()["serial"]) == ("Muletto-B", "SN-B")
    retired = cc("loaner", "retire", "Muletto-B")
    assert retired.code == 0, retired.err
    assert [v["name"] for v in cc("loaner", "list", "--json").json()] == ["Muletto-01"]
    everyone = cc("loaner", "list", "--retired", "--json").json()
    assert [(v["name"], v["retired"]) for v in everyone] == [
        ("Muletto-01", False),
        ("Muletto-B", True),
    ]
    refused = cc("loaner", "lend", "Muletto-B", "-c", "1", "--data", "Maria")
    assert refused.code == 1
    assert "retired" in refused.err


def test_every_command_has_help(cc):
    for command in ("add", "edit", "retire", "lend", "return", "list", "show", "loans"):
        shown = cc("loaner", command, "--help")
        assert shown.code == 0 and "Usage" in shown.out, command
    assert "3d, 72h" in " ".join(cc("incident", "estimate", "--help").out.split())
