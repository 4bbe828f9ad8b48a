"""What the console says, and exits with, when opening its database after its first
frame fails: as the command line does (``cli/entry.py``)."""

from __future__ import annotations

import pytest

from techconsole.store.errors import ConnectionLost, DatabaseBusy, DatabaseUnavailable
from techconsole.tui.opening import EXIT_BAD_INPUT, EXIT_REFUSED, refusal


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (DatabaseUnavailable("cannot open the database file"), EXIT_BAD_INPUT),
        (DatabaseBusy("the database is busy"), EXIT_REFUSED),
        # the server closed the connection a moment before: it goes the next time
        (ConnectionLost("lost the database connection: server closed"), EXIT_REFUSED),
    ],
)
def test_a_store_error_is_a_database_error_with_the_command_lines_code(error, code):
    assert refusal(error) == ("database error", code)


def test_the_command_line_gives_the_same_codes(capsys):
    from techconsole.cli.entry import _known

    assert _known(DatabaseUnavailable("x")) == EXIT_BAD_INPUT
    assert _known(DatabaseBusy("x")) == EXIT_REFUSED
    assert _known(ConnectionLost("x")) == EXIT_REFUSED
