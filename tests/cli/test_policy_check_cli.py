"""``techconsole policy check`` says which keys of a policy no rule applies yet."""

from __future__ import annotations

from techconsole.domain import policy_keys
from techconsole.domain.policy_keys import Pending
from techconsole.services import policies


def test_seed_004_has_nothing_left_unapplied(run):
    """Every key of the client-contract preset is applied: the machines' coverage, the
    loaner clock and the monthly health checks."""
    result = run("policy", "check", "client-contract")
    assert result.code == 0
    said = " ".join(result.out.split())
    assert "Parsed, not applied yet" not in said
    assert "loaner_after" not in said and "health_check_every_months" not in said


def test_seeds_000_001_have_nothing_left_unapplied(run):
    """The istes preset's [changes] keys are applied: freeze months, contest window, test
    deadline, release calendar; the check says how it reads them."""
    result = run("policy", "check", "istes")
    assert result.code == 0
    said = " ".join(result.out.split())
    assert "Parsed, not applied yet" not in said
    assert "Every key this policy sets is applied by a rule." in said
    assert (
        "Customisations: none worked on or delivered March to August; contested up to 30 "
        "days after delivery; heavy ones tested within 15 days; 2 releases a year "
        "(01/01, 01/07)"
    ) in said
    data = run("policy", "check", "istes", "--json").json()
    assert data["not_applied"] == []
    assert data["changes"] == {
        "freeze_months": [3, 4, 5, 6, 7, 8],
        "contest_days": 30,
        "acceptance_test_days": 15,
        "releases_per_year": 2,
        "release_dates": ["01-01", "07-01"],
    }


def test_check_lists_the_keys_parsed_but_not_applied(run, monkeypatch):
    """The registry's report, with a key pretended pending (none is, today)."""
    pending = (Pending("changes.freeze_months", "000", "no software customisations"),)
    monkeypatch.setattr(policy_keys, "NOT_APPLIED", pending)
    result = run("policy", "check", "istes")
    assert result.code == 0
    said = " ".join(result.out.split())
    assert "Parsed, not applied yet" in said
    assert "changes.freeze_months: seed 000, no software customisations" in said
    assert run("policy", "check", "istes", "--json").json()["not_applied"] == [
        "changes.freeze_months"
    ]


def test_a_policy_whose_keys_are_all_applied_says_so(run):
    result = run("policy", "check", "default")
    assert "Every key this policy sets is applied by a rule." in result.out
    assert "not applied" not in result.out
    assert run("policy", "check", "default", "--json").json()["not_applied"] == []


def test_a_file_of_ones_own_reports_what_it_sets(run, tmp_path, monkeypatch):
    pending = (Pending("changes.contest_days", "000", "no contest after these days"),)
    monkeypatch.setattr(policy_keys, "NOT_APPLIED", pending)
    text = policies.resolve("default").read_text(encoding="utf-8")
    mine = tmp_path / "mine.toml"
    mine.write_text(f'{text}\n[service]\nloaner_after = "72h"\n[changes]\ncontest_days = 30\n')
    assert run("policy", "check", str(mine), "--json").json()["not_applied"] == [
        "changes.contest_days"
    ]
