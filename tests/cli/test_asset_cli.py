"""``techconsole asset``: a customer's machines from the command line (seed 004), and the
incidents and bills that name them."""

from __future__ import annotations

import pytest


@pytest.fixture
def cc(tc, migrated):
    """Commands on a database under the client-contract preset: anna (lead), Studio Rossi
    under the client contract for 2026 (id 1), Bar Sport without one (id 2)."""

    def run(*args: str, as_: str | None = "anna"):
        return tc(*args, "--policy", "client-contract", as_=as_)

    for args in (
        ("customer", "add", "Studio Rossi"),
        (
            "customer",
            "contract-add",
            "1",
            "--plan",
            "client",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ),
        ("customer", "add", "Bar Sport"),
    ):
        assert run(*args).code == 0, args
    return run


def test_add_show_and_list(cc):
    added = cc(
        "asset", "add", "Studio", "PC-Reception",
        "--kind", "laptop", "--serial", "SN-1", "--os", "Windows 11",
        "--location", "Reception", "--since", "2026-01-10", "--remote-id", "123 456 789",
        "--notes", "Stampante collegata", "--json",
    )  # fmt: skip
    assert added.code == 0, added.err
    data = added.json()
    assert data["id"] == 1
    assert data["customer"] == "Studio Rossi"
    assert (data["kind"], data["serial"], data["os"]) == ("laptop", "SN-1", "Windows 11")
    assert (data["location"], data["remote_id"]) == ("Reception", "123 456 789")
    assert data["covered_since"] == "2026-01-10"
    assert data["covered"] is False
    assert data["reasons"] == ["antivirus never verified", "backup never verified"]
    assert [g["code"] for g in data["gaps"]] == ["never_verified", "never_verified"]

    text = cc("asset", "add", "2", "PC-Banco")
    assert text.code == 0, text.err
    assert "added machine #2 PC-Banco for Bar Sport" in text.out
    assert "no contract in force" in " ".join(text.out.split())

    listed = cc("asset", "list", "--json").json()
    assert [(m["customer"], m["name"]) for m in listed] == [
        ("Bar Sport", "PC-Banco"),
        ("Studio Rossi", "PC-Reception"),
    ]
    assert [m["name"] for m in cc("asset", "list", "Studio", "--json").json()] == ["PC-Reception"]
    words = cc("asset", "list").out
    assert "PC-Reception" in words and "PC-Banco" in words

    shown = cc("asset", "show", "1").out
    assert "Windows 11" in shown and "123 456 789" in shown and "10/01/2026" in shown
    assert "never verified" in shown
    assert "Inspection at acceptance: not recorded" in shown
    detail = cc("asset", "show", "1", "--json").json()
    assert detail["required_software"] == ["antivirus", "backup"]
    assert detail["software"] == [] and detail["inspection"] is None


def test_verify_and_the_coverage_it_gives(cc):
    cc("asset", "add", "1", "PC-Reception")
    both = cc(
        "asset", "verify", "1", "antivirus", "backup", "--at", "2026-11-02T09:00", "--json"
    )  # fmt: skip
    assert both.code == 0, both.err
    assert both.json()["covered"] is True
    missing = cc(
        "asset", "verify", "1", "backup", "--missing", "--at", "2026-11-12T09:00",
        "--note", "Owncloud disinstallato",
    )  # fmt: skip
    assert missing.code == 0, missing.err
    said = " ".join(missing.out.split())
    assert "backup on #1 PC-Reception: missing" in said
    assert "not covered: backup not installed since 12/11/2026" in said
    product = cc("asset", "verify", "1", "antivirus", "--product", "Norton Security Premium")
    assert product.code == 0, product.err
    detail = cc("asset", "show", "1", "--json").json()
    assert [(s["name"], s["installed"], s["product"]) for s in detail["software"]] == [
        ("antivirus", True, "Norton Security Premium"),
        ("backup", False, ""),
    ]
    assert len(detail["history"]) == 4
    assert detail["software"][1]["note"] == "Owncloud disinstallato"
    assert detail["software"][1]["verified_at"] == "2026-11-12T09:00:00+01:00"


def test_edit_retire_and_inspect(cc):
    cc("asset", "add", "1", "PC-Reception", "--os", "Windows 10")
    edited = cc("asset", "edit", "1", "--os", "Windows 11", "--name", "PC-Cassa", "--json")
    assert edited.code == 0, edited.err
    assert (edited.json()["name"], edited.json()["os"]) == ("PC-Cassa", "Windows 11")

    inspected = cc(
        "asset", "inspect", "1", "--findings", "Ventola rumorosa, sostituita",
        "--at", "2026-11-20T15:00", "--json",
    )  # fmt: skip
    assert inspected.code == 0, inspected.err
    assert inspected.json()["findings"] == "Ventola rumorosa, sostituita"
    again = cc("asset", "inspect", "1", "--findings", "Altro")
    assert again.code == 1
    assert "inspected already on 20/11/2026; --replace corrects that record" in " ".join(
        again.err.split()
    )
    assert cc("asset", "inspect", "1", "--findings", "Nessuna avaria", "--replace").code == 0
    assert "Nessuna avaria" in cc("asset", "show", "1").out

    retired = cc("asset", "retire", "1", "--json")
    assert retired.code == 0, retired.err
    assert retired.json()["retired"] is True
    assert cc("asset", "list", "--json").json() == []
    assert [m["name"] for m in cc("asset", "list", "--retired", "--json").json()] == ["PC-Cassa"]
    twice = cc("asset", "retire", "1")
    assert twice.code == 1
    assert "retired already" in twice.err


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("asset", "show", "9"), "no machine with id 9"),
        (("asset", "show", "abc"), "'abc' is not a whole number"),
        (("asset", "add", "1", "PC", "--kind", "tablet"), "'tablet' is not one of the values"),
        (("asset", "add", "Nessuno", "PC"), "no customer matches 'Nessuno'"),
        (("asset", "add", "1", "PC", "--since", "ieri"), "--since: 'ieri' is not a date"),
        (("asset", "verify", "1", "backup", "--at", "domani"), "at what time?"),
        (("asset", "edit", "1"), "nothing to change"),
        (("asset", "inspect", "1", "--findings", " "), "the findings are empty"),
        (("incident", "add", "PC", "-c", "2", "--asset", "1"), "is not a machine of Bar Sport"),
        (("incident", "add", "PC", "-c", "1", "--asset", "7"), "no machine with id 7"),
    ],
)
def test_bad_input_is_said_with_exit_code_2(cc, args, said):
    assert cc("asset", "add", "1", "PC-Reception").code == 0
    result = cc(*args)
    assert result.code == 2, result.out
    assert said in " ".join(result.err.split())
    assert "Traceback" not in result.err


def test_an_incident_on_an_uncovered_machine_is_billed_outside_the_contract(cc, tmp_path):
    cc("asset", "add", "1", "PC-Reception")
    cc("asset", "verify", "1", "antivirus", "backup", "--at", "2026-11-02T09:00")
    cc("asset", "verify", "1", "backup", "--missing", "--at", "2026-11-12T09:00")
    opened = cc(
        "incident", "add", "Disco guasto", "-c", "1", "--asset", "1", "--level", "2",
        "--at", "2026-11-23T09:00",
    )  # fmt: skip
    assert opened.code == 0, opened.err
    assert "(machine PC-Reception)" in opened.out
    cc("incident", "on-site", "1", "--at", "2026-11-23T10:00")
    cc("timer", "start", "1", "--kind", "on_site", "--at", "2026-11-23T10:00")
    assert cc("timer", "stop", "--at", "2026-11-23T10:50").code == 0

    bill = cc("bill", "incident", "1")
    assert bill.code == 0, bill.err
    said = " ".join(bill.out.split())
    assert "Machine: PC-Reception — not covered: backup not installed since 12/11/2026" in said
    assert (
        "Billed outside the contract: the machine was not covered "
        "(backup not installed since 12/11/2026)"
    ) in said
    priced = cc("bill", "incident", "1", "--json").json()
    assert priced["outside_contract"] is True
    assert priced["machine"]["covered"] is False
    assert priced["machine"]["reasons"] == ["backup not installed since 12/11/2026"]
    assert priced["total"] == "183.00"

    shown = cc("incident", "show", "1")
    assert "PC-Reception — not covered" in " ".join(shown.out.split())
    data = cc("incident", "show", "1", "--json").json()
    assert (data["asset_id"], data["asset"]) == (1, "PC-Reception")
    assert data["machine"]["gaps"] == [
        {"code": "not_installed", "software": "backup", "day": "2026-11-12"}
    ]

    resolved = cc("incident", "resolve", "1", "--yes")
    assert resolved.code == 0, resolved.err
    written = cc("report", "work", "1", "--format", "md", "-o", str(tmp_path))  # --out, short
    assert written.code == 0, written.err
    report = (tmp_path / "RL-2026-0001-en.md").read_text(encoding="utf-8")  # English: -en
    assert "the machine was not covered (backup not installed since 12 Nov 2026)" in report
    assert "PC-Reception" in report


def test_triage_names_the_machine_later_or_none(cc):
    cc("asset", "add", "1", "PC-Reception")
    cc("incident", "add", "Stampante", "-c", "1")
    named = cc("incident", "triage", "1", "--asset", "1")
    assert named.code == 0, named.err
    assert "machine PC-Reception" in named.out
    assert cc("incident", "show", "1", "--json").json()["asset"] == "PC-Reception"
    cleared = cc("incident", "triage", "1", "--no-asset", "--json")
    assert cleared.code == 0, cleared.err
    assert cleared.json()["asset"] is None
    timeline = cc("incident", "show", "1").out
    assert "machine — (was PC-Reception)" in timeline


def test_in_italian_by_default(cc, monkeypatch):
    monkeypatch.delenv("TECHCONSOLE_LANG")
    added = cc("asset", "add", "1", "PC-Reception")
    said = " ".join(added.out.split())
    assert "aggiunta la macchina #1 PC-Reception per Studio Rossi" in said
    assert "non coperta: antivirus mai verificato; backup mai verificato" in said
    cc("asset", "verify", "1", "antivirus", "backup", "--at", "2026-11-02T09:00")
    cc("asset", "verify", "1", "backup", "--missing", "--at", "2026-11-12T09:00")
    shown = " ".join(cc("asset", "show", "1").out.split())
    assert "non coperta: backup non installato dal 12/11/2026" in shown
    assert "Software come da ultima verifica" in shown
    missing = cc("asset", "show", "9")
    assert "nessuna macchina con id 9" in missing.err
    # the JSON is the same in every language, but for the reasons, worded for people
    assert cc("asset", "show", "1", "--json").json()["gaps"][0]["code"] == "not_installed"
