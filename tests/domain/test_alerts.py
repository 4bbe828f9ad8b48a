"""Which changes a person is told about, once (issue: "warned before, not after")."""

from __future__ import annotations

from techconsole.domain.alerts import Alert, AlertBook, Seen


def test_what_is_so_at_start_is_not_said_then_each_change_once():
    book = AlertBook()
    assert book.fresh([Seen("2026-000001", "response", "warning")], ["2026-000002"]) == []
    # the same state again: nothing new
    assert book.fresh([Seen("2026-000001", "response", "warning")]) == []
    # the first breaches, a third enters its band, one is recorded, one resolved
    said = book.fresh(
        [Seen("2026-000001", "response", "breached"), Seen("2026-000003", "response", "warning")],
        ["2026-000004"],
        ["2026-000002"],
    )
    assert said == [
        Alert("breach", "2026-000001", "response"),
        Alert("warning", "2026-000003", "response"),
        Alert("new_incident", "2026-000004"),
        Alert("resolved", "2026-000002"),
    ]
    assert book.fresh([Seen("2026-000001", "response", "breached")], ["2026-000004"]) == []


def test_out_of_staffed_hours_a_band_waits_for_the_office_to_open():
    book = AlertBook()
    book.fresh([])
    night = Seen("2026-000009", "response", "warning", staffed=False)
    assert book.fresh([night]) == []
    assert book.fresh([night]) == []
    morning = Seen("2026-000009", "response", "warning", staffed=True)
    assert book.fresh([morning]) == [Alert("warning", "2026-000009", "response")]
    assert book.fresh([morning]) == []


def test_each_clock_and_band_is_its_own_alert():
    book = AlertBook()
    book.fresh([])
    said = book.fresh(
        [Seen("2026-000001", "confirmation", "warning"), Seen("2026-000001", "onsite", "warning")]
    )
    assert [a.clock for a in said] == ["confirmation", "onsite"]
    assert book.fresh([Seen("2026-000001", "onsite", "")]) == []  # no band: nothing to say
