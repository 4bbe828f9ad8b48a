"""The console on a database the person may only read: it says so, and the keys that
would change something are refused with a word instead of opening a form.

A screen lists its changing actions in ``WRITES`` (the ``action_*`` names);
:meth:`TechConsole.run_action <techconsole.tui.app.TechConsole.run_action>` asks
:func:`writes` before running any action, from a key or from the command palette.  The
services refuse a write on their own too (:class:`~techconsole.store.errors.DatabaseReadOnly`),
so whatever is missed here still changes nothing and is said in a toast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import actions
from textual.app import App
from textual.dom import DOMNode

from techconsole.i18n import N_, _

if TYPE_CHECKING:
    from techconsole.services.context import Context

#: the word on the status line and the timer bar ("sola lettura")
BANNER = N_("read-only")


def is_read_only(ctx: Context) -> bool:
    """Whether the person may only read ``ctx``'s database (``False`` if it cannot say:
    the first read then says what is wrong)."""
    try:
        return ctx.db.read_only
    except Exception:
        return False


def writes(app: App[Any], action: str | actions.ActionParseResult, default: DOMNode | None) -> bool:
    """Whether ``action`` (run on ``default``, else the app) is one that changes the
    database, by the ``WRITES`` of the node it runs on."""
    where, name, _params = actions.parse(action) if isinstance(action, str) else action
    target: object = {"app": app, "screen": app.screen}.get(where, default or app)
    return name in getattr(target, "WRITES", ())


def refuse(app: App[Any]) -> None:
    """Say that nothing can be changed here."""
    app.notify(
        _("The database is read-only for you: you can read everything, but nothing was changed."),
        title=_("Read-only"),
        severity="warning",
        timeout=6,
    )
