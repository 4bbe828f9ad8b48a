"""``[plans.X] included_levels``: the service levels a contract includes (seed 004), checked
as the file loads — each level 1 or 2, once, on a contract plan, and the level-2 rule of
``[billing.free]`` applying to some plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from techconsole.domain.policy import Policy
from techconsole.domain.policy_schema import PolicyError
from techconsole.services import policies

CLIENT = (policies.presets_dir() / "client-contract.toml").read_text(encoding="utf-8")
LEVELS = "included_levels = [1, 2]"
NONE_PLAN = 'label = "Senza contratto"\ncalendar = "office-5"\ncontract = false\n'


def edited(old: str, new: str) -> str:
    assert CLIENT.count(old) == 1, f"{old!r} must occur exactly once in client-contract.toml"
    return CLIENT.replace(old, new)


def problems(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    path = tmp_path / "levels.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        policies.load(str(path))
    return caught.value.problems


def loads(tmp_path: Path, text: str) -> Policy:
    path = tmp_path / "levels.toml"
    path.write_text(text, encoding="utf-8")
    return policies.load(str(path))


def test_the_preset_includes_both_levels_on_its_contract_plan() -> None:
    client = policies.load("client-contract")
    assert client.plan("client").included_levels == (1, 2)
    assert client.plan("none").included_levels == ()
    assert "level1" not in client.plan("client").included_categories  # no category words


def test_the_default_preset_keeps_level_two_labour_free_on_its_contract_plans() -> None:
    default = policies.load("default")
    for plan in ("basic", "professional", "enterprise"):
        assert default.plan(plan).included_levels == (2,)
    assert default.billing.free.level2_labour_under_contract


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("[1, 3]", "3 is not a service level: 1 (remote) or 2 (on site, hardware) (item 2)"),
        ("[0]", "0 is not a service level: 1 (remote) or 2 (on site, hardware) (item 1)"),
        ("[true]", "Input should be a valid integer (item 1)"),
        ('["1"]', "Input should be a valid integer (item 1)"),
        ("[1.0]", "Input should be a valid integer (item 1)"),
        ("[2, 2]", "a level is listed twice"),
    ],
)
def test_a_level_is_one_or_two_once(tmp_path: Path, written: str, reason: str) -> None:
    found = problems(tmp_path, edited(LEVELS, f"included_levels = {written}"))
    assert ("plans.client.included_levels", reason) in found


def test_the_order_does_not_matter(tmp_path: Path) -> None:
    assert loads(tmp_path, edited(LEVELS, "included_levels = [2, 1]")).plan(
        "client"
    ).included_levels == (1, 2)


def test_only_a_contract_plan_includes_levels(tmp_path: Path) -> None:
    text = edited(NONE_PLAN, NONE_PLAN + "included_levels = [1]\n")
    assert problems(tmp_path, text) == [
        (
            "plans.none.included_levels",
            "only a contract plan includes service levels (this one has contract = false)",
        )
    ]


def test_free_level_two_labour_needs_a_plan_that_includes_level_two(tmp_path: Path) -> None:
    expected = [
        (
            "billing.free.level2_labour_under_contract",
            "no contract plan includes level 2: add included_levels = [2] (or [1, 2]) to the "
            "plans whose level-2 labour is free",
        )
    ]
    assert problems(tmp_path, edited(LEVELS, "included_levels = [1]")) == expected
    assert problems(tmp_path, edited(LEVELS, "")) == expected
    # without the rule, a plan of level 1 alone is fine
    text = edited(LEVELS, "included_levels = [1]").replace(
        "level2_labour_under_contract = true", "level2_labour_under_contract = false"
    )
    assert loads(tmp_path, text).plan("client").included_levels == (1,)


def test_said_in_italian(tmp_path: Path, italian: None) -> None:
    found = problems(tmp_path, edited(LEVELS, "included_levels = [3]"))
    assert found == [
        (
            "plans.client.included_levels",
            "3 non è un livello di servizio: 1 (da remoto) o 2 (presso il cliente, hardware) "
            "(voce 1)",
        )
    ]
