"""The demo's definitions (``data/demo/*.toml``): names, places, request texts, checked.

Everything there is invented or generic; a missing or mistyped key is reported with the
file and the key, as a broken installation.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from techconsole.demo.stories import Story, check_parts, read_stories
from techconsole.services.errors import ServiceError
from techconsole.services.resources import data_dir

#: what a category's ``machine`` may say (the first when it says nothing)
MACHINES = ("pc", "server", "none")


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    label: str
    weight: float
    level: int
    server: bool
    #: which of the customer's machines a request names: ``pc`` (a workstation),
    #: ``server`` or ``none`` (the network, the phones, the website)
    machine: str
    subjects: tuple[str, ...]
    urgent: tuple[str, ...]
    descriptions: tuple[str, ...]
    notes: tuple[str, ...]
    resolutions: tuple[str, ...]
    unresolved: tuple[str, ...]
    #: subject (as in ``subjects`` or ``urgent``) -> its own texts (``stories.toml``)
    stories: Mapping[str, Story] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class PartDef:
    """A part technicians fit: what a material row and its timeline entry say."""

    code: str
    description: str
    price: Decimal
    quantities: tuple[Decimal, ...]
    categories: tuple[str, ...]
    #: the prefix of its serial numbers; ``""``: a part without one
    serial: str


#: the kinds of work session notes are given for (those of ``domain.billing_types``)
NOTE_KINDS = ("remote", "phone", "on_site", "lab", "travel")


@dataclass(frozen=True, slots=True)
class DemoTexts:
    """The definitions of ``data/demo``, checked when loaded."""

    activities: tuple[tuple[str, float], ...]
    business_surnames: tuple[str, ...]
    business_places: tuple[str, ...]
    legal_forms: tuple[tuple[str, float], ...]
    name_patterns: tuple[tuple[str, float], ...]
    customer_notes: tuple[str, ...]
    first_names: tuple[str, ...]
    surnames: tuple[str, ...]
    technicians: tuple[tuple[str, str, bool], ...]
    streets: tuple[str, ...]
    towns: tuple[tuple[str, str, str], ...]
    phone_prefix: str
    email_domain: str
    workstations: tuple[str, ...]
    categories: tuple[Category, ...]
    acknowledgements: tuple[str, ...]
    waiting: tuple[str, ...]
    resumed: tuple[str, ...]
    notes: tuple[str, ...]
    closing: tuple[str, ...]
    #: (kind, its notes) of the work sessions, in ``NOTE_KINDS`` order
    session_notes: tuple[tuple[str, tuple[str, ...]], ...]
    parts: tuple[PartDef, ...]


class _Reader:
    """Typed access to one TOML table, naming the file and key when something is wrong."""

    def __init__(self, path: Path, data: dict[str, Any], where: str = "") -> None:
        self.path, self.data, self.where = path, data, where

    def _fail(self, key: str, why: str) -> ServiceError:
        return ServiceError(f"{self.path}: {self.where}{key}: {why} (reinstall techconsole?)")

    def get(self, key: str) -> Any:
        if key not in self.data:
            raise self._fail(key, "missing")
        return self.data[key]

    def choice(self, key: str, allowed: tuple[str, ...]) -> str:
        """One of ``allowed``; the first when the key is absent."""
        value = self.data.get(key, allowed[0])
        if value not in allowed:
            raise self._fail(key, "one of " + ", ".join(allowed) + " is expected")
        return str(value)

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str):
            raise self._fail(key, "a text is expected")
        return value

    def texts(self, key: str, *, empty: bool = False) -> tuple[str, ...]:
        value = self.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a list of texts is expected")
        if not value and not empty:
            raise self._fail(key, "the list is empty")
        return tuple(value)

    def tables(self, key: str) -> list[_Reader]:
        value = self.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self._fail(key, "a non-empty list of tables is expected")
        return [_Reader(self.path, v, f"{self.where}{key}[{i}].") for i, v in enumerate(value)]

    def table(self, key: str) -> _Reader:
        value = self.get(key)
        if not isinstance(value, dict):
            raise self._fail(key, "a table is expected")
        return _Reader(self.path, value, f"{self.where}{key}.")

    def number(self, key: str, default: float | None = None) -> float:
        value = self.data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise self._fail(key, "a number ≥ 0 is expected")
        return float(value)

    def decimal(self, key: str, places: int, value: object = None) -> Decimal:
        """An exact amount written as text (``"12.50"``): more than 0, at most ``places``."""
        value = self.data.get(key) if value is None else value
        try:
            number = Decimal(value) if isinstance(value, str) else None
        except InvalidOperation:
            number = None
        if (
            number is None
            or not number.is_finite()
            or number <= 0
            or number != round(number, places)
        ):
            raise self._fail(key, f"an amount > 0 as text, at most {places} decimals, is expected")
        return number

    def weighted(self, key: str, name: str) -> tuple[tuple[str, float], ...]:
        return tuple((t.text(name), t.number("weight", 1)) for t in self.tables(key))


def _read(folder: Path, name: str) -> _Reader:
    path = folder / f"{name}.toml"
    try:
        with path.open("rb") as handle:
            return _Reader(path, tomllib.load(handle))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ServiceError(f"cannot read the demo definitions {path}: {exc}") from None


def load_texts(folder: Path | None = None) -> DemoTexts:
    """Read and check ``data/demo/*.toml``."""
    folder = folder or data_dir() / "demo"
    companies, people = _read(folder, "companies"), _read(folder, "people")
    places, incidents = _read(folder, "places"), _read(folder, "incidents")
    categories = tuple(
        Category(
            code=c.text("code"),
            label=c.text("label"),
            weight=c.number("weight", 1),
            level=int(c.number("level", 1)),
            server=bool(c.data.get("server", False)),
            machine=c.choice("machine", MACHINES),
            subjects=c.texts("subjects"),
            urgent=c.texts("urgent", empty=True),
            descriptions=c.texts("descriptions"),
            notes=c.texts("notes"),
            resolutions=c.texts("resolutions"),
            unresolved=c.texts("unresolved", empty=True),
        )
        for c in incidents.tables("categories")
    )
    if not any(c.level == 2 and c.unresolved for c in categories):
        raise ServiceError(f"{folder}: no level-2 category with `unresolved` texts")
    subjects = {
        c.code: ((*c.subjects, *c.urgent), c.level == 2 and bool(c.unresolved)) for c in categories
    }
    told = _read(folder, "stories")
    stories = read_stories(told.path, told.data, subjects)
    categories = tuple(replace(c, stories=stories.get(c.code, {})) for c in categories)
    common = incidents.table("common")
    work = _read(folder, "work")
    notes = work.table("notes")
    parts = tuple(
        PartDef(
            code=p.text("code"),
            description=p.text("description"),
            price=p.decimal("price", 2),
            quantities=tuple(p.decimal("quantities", 3, q) for q in p.texts("quantities")),
            categories=p.texts("categories"),
            serial=p.text("serial", ""),
        )
        for p in work.tables("parts")
    )
    check_parts(told.path, stories, {p.code for p in parts})
    return DemoTexts(
        activities=companies.weighted("activities", "name"),
        business_surnames=companies.texts("surnames"),
        business_places=companies.texts("places"),
        legal_forms=companies.weighted("legal_forms", "name"),
        name_patterns=companies.weighted("patterns", "text"),
        customer_notes=companies.texts("notes"),
        first_names=people.texts("first_names"),
        surnames=people.texts("surnames"),
        technicians=tuple(
            (t.text("login"), t.text("name"), bool(t.data.get("lead", False)))
            for t in people.tables("technicians")
        ),
        streets=places.texts("streets"),
        towns=tuple(
            (t.text("name"), t.text("cap"), t.text("province")) for t in places.tables("towns")
        ),
        phone_prefix=places.text("phone_prefix"),
        email_domain=places.text("email_domain"),
        workstations=places.texts("workstations"),
        categories=categories,
        acknowledgements=common.texts("acknowledgements"),
        waiting=common.texts("waiting"),
        resumed=common.texts("resumed"),
        notes=common.texts("notes"),
        closing=common.texts("closing"),
        session_notes=tuple((kind, notes.texts(kind)) for kind in NOTE_KINDS),
        parts=parts,
    )
