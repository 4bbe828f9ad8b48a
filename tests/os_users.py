"""Who runs the program in the tests: the test-only seam, and real OS users.

techconsole takes the person from the process's real uid
(``techconsole.services.context.os_user``) and from nothing else.  In-process tests that
need several people replace that function (:func:`pretend`, the ``os_user`` fixture); no
variable or flag of the program can do it.  Tests of real processes run as the real OS
user, or as users they create (``tests/cli/test_identity_cli.py``).
"""

from __future__ import annotations

import pytest

from techconsole.services import context
from techconsole.services.context import OsUser

#: the people of the tests, with the full name their passwd entry would give
PEOPLE = {
    "anna": "Anna Rossi",
    "bruno": "Bruno Neri",
    "carla": "Carla Bruni",
    "marco": "Marco Santoro",
}


def pretend(monkeypatch: pytest.MonkeyPatch, login: str) -> None:
    """From now on in this process, the program takes ``login`` for the real OS user."""
    user = OsUser(login, PEOPLE.get(login, login))
    monkeypatch.setattr(context, "os_user", lambda: user)
