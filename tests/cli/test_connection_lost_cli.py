"""A change that meets a connection the server closed a moment before: said, exit code 1
(as a busy database: it goes through when run again), nothing written, no traceback."""

from __future__ import annotations

from typing import Any

from techconsole.services.incidents import planned
from techconsole.store.errors import ConnectionLost


def test_a_lost_connection_is_said_and_the_change_goes_through_the_next_time(
    tc, office, monkeypatch
):
    added = tc("incident", "add", "Stampante ferma", "-c", "1", "--json")
    assert added.code == 0, added.err
    number = added.json()["number"]
    real = planned.run
    calls: list[Any] = []

    def lost_once(ctx: Any, work: Any) -> Any:
        calls.append(work)
        if len(calls) == 1:
            raise ConnectionLost("lost the database connection: server closed the connection")
        return real(ctx, work)

    monkeypatch.setattr(planned, "run", lost_once)
    first = tc("incident", "note", number, "richiamato")
    assert first.code == 1
    assert "lost the database connection: server closed the connection" in first.err
    assert "Traceback" not in first.err
    shown = tc("incident", "show", number)
    assert "richiamato" not in shown.out
    again = tc("incident", "note", number, "richiamato")
    assert again.code == 0, again.err
    assert "richiamato" in tc("incident", "show", number).out
