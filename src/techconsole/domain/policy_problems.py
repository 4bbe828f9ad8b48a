"""Pydantic's validation errors of a policy file, said as ``key.path: reason``.

A location such as ``('plans', 'basic', 'targets', 'A', 'dict[str,...]', 'x')`` becomes
``plans.basic.targets.A.x``, and an unknown key gets the nearest known one as a hint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import get_close_matches
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.dataclasses import is_pydantic_dataclass
from pydantic.fields import FieldInfo

from techconsole.i18n import N_, _

#: our words for some of pydantic's error types (marked here, translated when said);
#: pydantic's own messages for the others are its English, as it gives them
_MESSAGES = {
    "extra_forbidden": N_("unknown key (check its spelling; see data/policies/default.toml)"),
    "missing": N_("required key is missing"),
    "too_short": N_("give at least one"),
}

#: An unknown key: in a model's table, and in a dataclass's (a section of the policy).
_UNKNOWN = ("extra_forbidden", "unexpected_keyword_argument")

#: How pydantic's error locations name a union member that takes a table or an array.
_TABLE_TAGS = ("dict[", "list[", "tuple[")


def _bare(annotation: Any) -> Any:
    """``annotation`` without ``Annotated[...]`` metadata and without ``| None``."""
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
            continue
        members = _members(annotation)
        if members is not None and len(members) == 1:
            annotation = members[0]
            continue
        return annotation


def _members(annotation: Any) -> list[Any] | None:
    """The members of a union other than ``None``, or ``None`` when it is no union."""
    if get_origin(annotation) not in (Union, UnionType):
        return None
    return [arg for arg in get_args(annotation) if arg is not type(None)]


def _fields(annotation: Any) -> dict[str, FieldInfo]:
    """The fields of a model or of a pydantic dataclass (a section of the policy)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.model_fields
    if isinstance(annotation, type) and is_pydantic_dataclass(annotation):
        return annotation.__pydantic_fields__
    return {}


def _is_model(annotation: Any) -> bool:
    return bool(_fields(annotation))


def _field(model: Any, key: str) -> Any:
    for name, info in _fields(model).items():
        if key in (name, info.alias):
            return info.annotation
    return Any


def _child(annotation: Any, part: str | int) -> Any:
    """The type found under ``part`` of a value of type ``annotation``."""
    if _is_model(annotation) and isinstance(part, str):
        return _field(annotation, part)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is dict and args:
        return args[1]
    if origin in (list, tuple) and args:
        return args[0]
    return Any


def _shape(value: Any) -> str:
    """Whether a value from the file is a table (or array), or a single value."""
    return "table" if isinstance(value, dict | list) else "value"


def _tag_shape(tag: str) -> str:
    """The same for a union member, from the tag pydantic names it by in a location."""
    return "table" if tag.startswith(_TABLE_TAGS) or tag[:1].isupper() else "value"


def _type_shape(annotation: Any) -> str:
    """The same for a union member, from its type."""
    bare = _bare(annotation)
    return "table" if get_origin(bare) in (dict, list, tuple) or _is_model(bare) else "value"


@dataclass
class _Where:
    """Where in the file an error is: the TOML key, list positions, union members tried."""

    keys: list[str] = field(default_factory=list)
    items: list[int] = field(default_factory=list)
    unions: list[tuple[tuple[str | int, ...], str]] = field(default_factory=list)
    parent: Any = None
    dict_key: bool = False


def _where(loc: tuple[str | int, ...], root: type[BaseModel]) -> _Where:
    """Follow ``loc`` through the models: drop union member tags and list positions."""
    where = _Where()
    annotation: Any = root
    for depth, part in enumerate(loc):
        annotation = _bare(annotation)
        members = _members(annotation)
        if members is not None and isinstance(part, str):
            where.unions.append((loc[:depth], part))
            shape = _tag_shape(part)
            annotation = next((m for m in members if _type_shape(m) == shape), Any)
            continue
        if part == "[key]":
            where.dict_key = True
            continue
        where.parent = annotation
        if isinstance(part, int) and get_origin(annotation) in (list, tuple):
            where.items.append(part + 1)
        elif isinstance(part, str) and part.startswith("function-"):
            continue  # a validator's tag where the type walk lost track
        else:
            where.keys.append(str(part))
        annotation = _child(annotation, part)
    return where


def _unknown_key(where: _Where) -> str:
    known: list[str] = []
    if _is_model(where.parent):
        known = [info.alias or name for name, info in _fields(where.parent).items()]
    close = get_close_matches(where.keys[-1], known, n=1) if where.keys else []
    if close:
        return _("unknown key (did you mean '{key}'?)").format(key=close[0])
    return _(_MESSAGES["extra_forbidden"])


def problems(error: ValidationError, root: type[BaseModel]) -> list[tuple[str, str]]:
    """One (key, reason) per mistake, the key written as it is in the TOML file.

    pydantic's locations also name the member of a union each value was tried as
    (``function-before[_duration(), timedelta]``, ``dict[str, ...]``, ``str``) and give
    list positions; the key drops both, a position is told in the reason ("item 2"). Of
    a union's members only the one whose shape fits the value (a table for a table, a
    single value for a value) is reported, so one mistake gives one line.
    """
    errors = [(item, _where(item["loc"], root)) for item in error.errors()]
    values: dict[tuple[str | int, ...], Any] = {}
    for item, where in errors:
        for prefix, tag in where.unions:
            if item["loc"] == (*prefix, tag):  # this member rejected the value whole
                values.setdefault(prefix, item["input"])
    chosen: dict[tuple[str | int, ...], str] = {}
    for _item, where in errors:
        for prefix, tag in where.unions:
            current = chosen.get(prefix)
            if current is None or (
                prefix in values
                and _tag_shape(tag) == _shape(values[prefix])
                and _tag_shape(current) != _shape(values[prefix])
            ):
                chosen[prefix] = tag
    out: list[tuple[str, str]] = []
    for item, where in errors:
        if any(chosen[prefix] != tag for prefix, tag in where.unions):
            continue
        if item["type"] in _UNKNOWN:
            message = _unknown_key(where)
        else:
            ours = _MESSAGES.get(item["type"])
            message = _(ours) if ours else item["msg"].removeprefix("Value error, ")
        if item["type"] == "literal_error":
            message += " " + _("(not '{value}')").format(value=item["input"])
        if where.dict_key:
            message = _("not a valid key: {reason}").format(reason=message)
        if where.items:
            message += "".join(" " + _("(item {n})").format(n=n) for n in where.items)
        problem = (".".join(where.keys), message)
        if problem not in out:
            out.append(problem)
    return out
