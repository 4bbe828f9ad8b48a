"""``techconsole policy check`` says which keys of a policy no rule applies yet."""

from __future__ import annotations

from techconsole.services import policies


def test_seed_004_has_nothing_left_unapplied(run):
    """Every key of the client-contract preset is applied: the machines' coverage, the
    loaner clock and the monthly health checks."""
    result = run("policy", "check", "client-contract")
    assert result.code == 0
    said = " ".join(result.out.split())
    assert "Parsed, not applied yet" not in said
    assert "loaner_after" not in said and "health_check_every_months" not in said


def test_check_lists_the_keys_parsed_but_not_applied(run):
    result = run("policy", "check", "istes")
    assert result.code == 0
    said = " ".join(result.out.split())
    assert "Parsed, not applied yet" in said
    assert "changes.freeze_months: seed 000, no software customisations" in said


def test_check_json_gives_the_key_paths(run):
    result = run("policy", "check", "istes", "--json")
    assert result.code == 0
    assert result.json()["not_applied"] == [
        "changes.freeze_months",
        "changes.contest_days",
        "changes.acceptance_test_days",
        "changes.releases_per_year",
    ]


def test_a_policy_whose_keys_are_all_applied_says_so(run):
    result = run("policy", "check", "default")
    assert "Every key this policy sets is applied by a rule." in result.out
    assert "not applied" not in result.out
    assert run("policy", "check", "default", "--json").json()["not_applied"] == []


def test_a_file_of_ones_own_reports_what_it_sets(run, tmp_path):
    text = policies.resolve("default").read_text(encoding="utf-8")
    mine = tmp_path / "mine.toml"
    mine.write_text(f'{text}\n[service]\nloaner_after = "72h"\n[changes]\ncontest_days = 30\n')
    assert run("policy", "check", str(mine), "--json").json()["not_applied"] == [
        "changes.contest_days"
    ]
