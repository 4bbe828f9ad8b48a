"""An incident's clock log (domain.clock_log): its clock events kept in the timeline's
order as they are recorded one by one, back-dated ones in their place, with the fields
the clocks read; and read back as the same inputs as the timeline itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from techconsole.domain.clock_log import (
    build_log,
    inputs,
    log_entry,
    log_rows,
    log_with,
    micros,
)

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _row(kind: str, at: datetime, **data: object) -> SimpleNamespace:
    return SimpleNamespace(kind=kind, at=at, data=data)


def test_micros_is_exact_to_the_microsecond_and_reads_back():
    for at in (
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(2026, 3, 29, 0, 59, 59, 999_999, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
    ):
        (back,) = log_rows([["pause", micros(at), {}]])
        assert back.at == at
    assert micros(datetime(1970, 1, 1, 0, 0, 1, 5, tzinfo=UTC)) == 1_000_005


def test_an_entry_keeps_only_the_fields_the_clocks_read():
    entry = log_entry(
        "triage",
        START,
        {"severity": "A", "urgent": None, "category": "rete", "level": 2, "note": "x"},
    )
    assert entry == ["triage", micros(START), {"severity": "A", "urgent": None, "level": 2}]
    assert build_log([_row("note", START, text="x"), _row("resume", START)]) == [
        ["resume", micros(START), {}]
    ]


def test_a_back_dated_event_goes_before_the_later_ones_and_after_its_equals():
    log = build_log([_row("opened", START), _row("pause", START + timedelta(hours=2))])
    same = log_with(log, log_entry("resume", START, {}))
    assert [e[0] for e in same] == ["opened", "resume", "pause"]
    back = log_with(same, log_entry("pause", START + timedelta(hours=1), {}))
    assert [e[0] for e in back] == ["opened", "resume", "pause", "pause"]
    assert back[2][1] == micros(START + timedelta(hours=1))
    assert log == build_log([_row("opened", START), _row("pause", START + timedelta(hours=2))])


kinds = st.sampled_from(["opened", "pause", "resume", "triage", "plan", "note", "estimated"])
offsets = st.integers(min_value=0, max_value=10 * 24 * 60)


@given(st.lists(st.tuples(kinds, offsets), max_size=25))
def test_recording_one_by_one_gives_the_timelines_log(recorded: list[tuple[str, int]]):
    """Events recorded in any order of time (back-dated ones among them): the log kept
    entry by entry is the log of the timeline, which orders them by time, then by order
    of recording; and it reads back as the same clock inputs."""
    rows = [
        _row(kind, START + timedelta(minutes=minute), severity="B", plan="basic")
        for kind, minute in recorded
    ]
    kept: list[object] = []
    for row in rows:
        if row.kind in ("opened", "pause", "resume", "triage", "plan", "estimated"):
            kept = log_with(kept, log_entry(row.kind, row.at, row.data))
    timeline = sorted(rows, key=lambda r: r.at)  # stable: order of recording
    assert kept == build_log(timeline)
    incident = SimpleNamespace(
        arrived_at=START,
        plan="basic",
        severity="C",
        urgent=False,
        acknowledged_at=None,
        on_site_at=None,
        resolved_at=None,
        level=1,
        contract=True,
    )
    clock_kinds = [r for r in timeline if r.kind != "note"]
    assert inputs(incident, log_rows(kept)) == inputs(incident, clock_kinds)
