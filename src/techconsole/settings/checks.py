"""How each setting's value is checked: from a config file, an environment variable or a
flag, a value that passes comes back in its own type, one that does not raises
:class:`ValueError` saying why (said in the console's language)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

from techconsole.i18n import _


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(_("expected a non-empty string"))
    return value.strip()


def _language(value: Any) -> str:
    """``it``, ``IT``, ``it_IT``, ``it-IT``… mean Italian; ``en…`` English."""
    code = _text(value).replace("-", "_").split("_")[0].lower()
    if code not in ("it", "en"):
        raise ValueError(
            _("'{value}' is not a language: it (Italian) or en (English)").format(value=value)
        )
    return code


def _milliseconds(value: Any) -> int:
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise ValueError(
                _("'{value}' is not a whole number of milliseconds").format(value=value)
            ) from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(_("expected a whole number of milliseconds"))
    if value < 0:
        raise ValueError(_("must be 0 or more"))
    return value


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(_("expected true or false"))
    return value


def _paths(value: Any) -> tuple[str, ...]:
    """One path, several separated by ``:`` (the environment), or a list of them."""
    if isinstance(value, str):
        items = [part.strip() for part in value.split(os.pathsep)]
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = [item.strip() for item in value]
    else:
        raise ValueError(_("expected a path or a list of paths"))
    return tuple(item for item in items if item)


def _addresses(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ValueError(_("expected an e-mail address or a list of them"))
    found = tuple(item.strip().lower() for item in items if item.strip())
    for address in found:
        if "@" not in address or any(ch.isspace() for ch in address):
            raise ValueError(_("'{value}' is not an e-mail address").format(value=address))
    return found


def _address(value: Any) -> str:
    found = _addresses(_text(value))
    if len(found) != 1:
        raise ValueError(_("expected one e-mail address"))
    return found[0]


def _positive(limit: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, str):
            try:
                value = int(value.strip())
            except ValueError:
                raise ValueError(_("'{value}' is not a whole number").format(value=value)) from None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(_("expected a whole number"))
        if not 1 <= value <= limit:
            raise ValueError(_("must be from 1 to {limit}").format(limit=limit))
        return value

    return check


_BINDING_ID = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")


def _keymap(value: Any) -> dict[str, str]:
    """``[keys]``: a binding's id (``queue.new_incident``) → its keys (``N``, ``ctrl+n,N``)."""
    if not isinstance(value, dict):
        raise ValueError(_('expected a [keys] table: binding id = "key"'))
    found: dict[str, str] = {}
    for name, keys in value.items():
        if not _BINDING_ID.match(name):
            raise ValueError(
                _("'{name}' is not a key binding id (techconsole config keys lists them)").format(
                    name=name
                )
            )
        if not isinstance(keys, str) or not keys.strip() or len(keys) > 60:
            raise ValueError(_('{name}: expected the keys as a string, e.g. "N"').format(name=name))
        found[name] = keys.strip()
    return found


def _url(*schemes: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        url = _text(value)
        scheme = url.partition("://")[0].lower()
        if "://" not in url or scheme not in schemes:
            raise ValueError(
                _("'{value}' is not a URL like {example}").format(
                    value=url, example=f"{schemes[0]}://user@host"
                )
            )
        return url

    return check
