"""Every key of a policy file is applied by a rule, a note, or reported as not applied yet.

The static test reads the program's source: a key is *read* when some code outside its
declaration reads the attribute it becomes (``policy.service.loaner_after``) or names it
in a string (``getattr(model, "mon")``).  Names such as ``label`` are read for many
things, so the test proves little about them; for the keys of ``NOT_APPLIED`` (names
used nowhere else) it says exactly when a rule starts applying one.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel
from pydantic.dataclasses import is_pydantic_dataclass

import techconsole
from techconsole.domain import policy_keys
from techconsole.domain.policy_build import parse_policy
from techconsole.domain.policy_keys import NOT_APPLIED, NOTES, Pending, not_applied
from techconsole.domain.policy_schema import PolicyModel
from techconsole.services import policies

SOURCE = Path(techconsole.__file__).parent
REGISTRY = SOURCE / "domain" / "policy_keys.py"

EXPECTED = {
    "default": [],
    "mb-services": [],
    "onsite-tech": [],
    "client-contract": [],
    # seeds 000/001: the changes' keys are applied (domain.changes)
    "istes": [],
}


def _fields(annotation: Any) -> dict[str, Any]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return dict(annotation.model_fields)
    if isinstance(annotation, type) and is_pydantic_dataclass(annotation):
        return dict(annotation.__pydantic_fields__)
    return {}


def _inner(annotation: Any) -> Any:
    """The table type under ``annotation`` (through ``| None``, lists and named tables)."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) != 1:
                return annotation
            annotation = members[0]
        elif origin is list:
            annotation = get_args(annotation)[0]
        elif origin is dict and _fields(_inner(get_args(annotation)[1])):
            return ("*", _inner(get_args(annotation)[1]))
        else:
            return annotation


def schema_keys(model: Any = PolicyModel, prefix: str = "") -> dict[str, str]:
    """Every leaf key of the file (as written, ``*`` for a name) → the attribute it becomes."""
    keys: dict[str, str] = {}
    for name, info in _fields(model).items():
        key = f"{prefix}{info.alias or name}"
        inner = _inner(info.annotation)
        if isinstance(inner, tuple):
            keys.update(schema_keys(inner[1], f"{key}.*."))
        elif _fields(inner):
            keys.update(schema_keys(inner, f"{key}."))
        else:
            keys[key] = name
    return keys


def names_read() -> set[str]:
    """Attribute names read, and identifier-like strings, in the source (bar the registry)."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if path == REGISTRY:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                found.add(node.attr)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)  # getattr(model, "mon"), a key named in a string
    return found


KEYS = schema_keys()
READ = names_read()


def test_the_walk_finds_the_keys_of_every_kind_of_table() -> None:
    assert KEYS["service.loaner_after"] == "loaner_after"
    assert KEYS["billing.late_arrival.hours"] == "started_hours"
    assert KEYS["calendars.*.closures.from"] == "from_"
    assert KEYS["plans.*.targets"] == "targets"
    assert "severities.*.meaning" in KEYS
    assert len(KEYS) > 60


def test_the_registry_names_keys_of_the_file_once() -> None:
    registered = [p.key for p in NOT_APPLIED]
    assert len(set(registered)) == len(registered)
    assert set(registered) <= set(KEYS), "a NOT_APPLIED entry is not a key of the file"
    assert set(NOTES) <= set(KEYS)
    assert not set(NOTES) & set(registered)
    assert all(p.seed and p.rule for p in NOT_APPLIED)


def test_no_key_of_the_registry_is_read_by_a_rule() -> None:
    applied = [p.key for p in NOT_APPLIED if KEYS[p.key] in READ]
    assert applied == [], f"some code reads {applied}: take them off NOT_APPLIED"


def test_every_other_key_is_read_by_some_code() -> None:
    told = {p.key for p in NOT_APPLIED} | set(NOTES)
    unread = [key for key, name in KEYS.items() if key not in told and name not in READ]
    assert unread == [], f"no code reads {unread}: apply them or add them to NOT_APPLIED"


def test_notes_do_not_reach_the_rules(policy) -> None:
    assert "meaning" not in {f.name for f in dataclasses.fields(policy.severities[0])}
    assert "description" not in {f.name for f in dataclasses.fields(policy.clocks[0])}


def test_no_key_is_left_unapplied() -> None:
    """The last ones, the changes' (seeds 000, 001), are applied by domain.changes."""
    assert NOT_APPLIED == ()
    assert {"freeze_months", "contest_days", "acceptance_test_days", "releases_per_year"} <= READ
    assert "release_dates" in READ


def test_every_preset_is_expected() -> None:
    assert sorted(EXPECTED) == policies.preset_names()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_preset_reports_the_keys_it_sets_that_no_rule_applies(name: str) -> None:
    assert [p.key for p in not_applied(policies.load(name))] == EXPECTED[name]


def test_only_keys_set_to_something_are_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    """The registry's mechanism, with a key pretended pending (none is, today)."""
    pending = (
        Pending("changes.contest_days", "000", "no contest after these days"),
        Pending("changes.freeze_months", "000", "no work in these months"),
    )
    monkeypatch.setattr(policy_keys, "NOT_APPLIED", pending)
    text = policies.resolve("default").read_text(encoding="utf-8")
    policy = parse_policy(f"{text}\n[changes]\ncontest_days = 30\nfreeze_months = []\n")
    assert [(p.key, p.seed) for p in not_applied(policy)] == [("changes.contest_days", "000")]
