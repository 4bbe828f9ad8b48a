"""The activity report as CSV, parsed with the csv module: local times, the action worded
and its code, text as written but never a formula."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from techconsole.reports.activity_csv import activity_csv
from techconsole.services.documents import activity
from techconsole.services.incidents import workflow

from .month_example import ads_story, many_operations, november

ROME = ZoneInfo("Europe/Rome")


def _read(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_one_line_per_operation_in_local_time(ctx, clock):
    month = november(ctx, clock)
    clock.value = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    workflow.note(ctx, month.whole, "=cmd|' /C calc'!A0")
    report = activity.activity(ctx, month.farmacia, date(2026, 11, 1), date(2026, 11, 30))
    lines = _read(activity_csv(report))
    assert list(lines[0]) == [
        "Data",
        "Ora (Europe/Rome)",
        "Tecnico",
        "Utente",
        "Richiesta",
        "Operazione",
        "Codice operazione",
        "Descrizione",
        "Dettagli",
    ]
    assert len(lines) == len(report.rows)
    for line, row in zip(lines, report.rows, strict=True):
        local = row.at.astimezone(ROME)
        assert (line["Data"], line["Ora (Europe/Rome)"]) == (
            local.date().isoformat(),
            f"{local:%H:%M}",
        )
        assert line["Utente"] == row.actor and line["Codice operazione"] == row.action
        assert line["Richiesta"] == (row.incident or "")
    stopped = next(
        line
        for line in lines
        if line["Richiesta"] == month.whole and line["Codice operazione"] == "timer_stopped"
    )
    assert (stopped["Data"], stopped["Ora (Europe/Rome)"], stopped["Tecnico"]) == (
        "2026-11-23",
        "12:35",
        "Anna Rossi",
    )
    assert stopped["Operazione"] == "Fine lavoro"
    assert stopped["Descrizione"].startswith("Diagnosi: modulo RAM guasto")
    assert stopped["Dettagli"] == "1 h 5 min · 4 scatti"
    note = next(line for line in lines if line["Codice operazione"] == "note")
    assert note["Descrizione"] == "'=cmd|' /C calc'!A0"
    added = next(line for line in lines if line["Codice operazione"] == "customer.add")
    assert (added["Richiesta"], added["Operazione"]) == ("", "Cliente registrato")


def test_english_and_the_services_sentences(ctx, clock):
    ads_story(ctx, clock)
    report = activity.activity(ctx, 1, date(2026, 11, 16), date(2026, 11, 16))
    lines = _read(activity_csv(report, "en"))
    assert list(lines[0])[:3] == ["Date", "Time (Europe/Rome)", "Technician"]
    by_code = {line["Action code"]: line for line in lines}
    assert by_code["resume"]["Description"] == "authorisation received"
    assert by_code["authorised"]["Details"] == "Maria Bianchi · owner (titolare) · by e-mail"
    assert by_code["timer_stopped"]["Details"] == "50 min · 3 units"
    assert by_code["follow_up"]["Action"] == "Follow-up"
    assert by_code["follow_up"]["Description"].startswith("follow-up 2026-")


def test_summer_time_is_local_too():
    report = many_operations(1)
    summer = type(report.rows[0])(
        datetime(2026, 7, 1, 22, 30, tzinfo=UTC), "bruno", "Bruno Neri", None, "note", "-x"
    )
    report = type(report)(
        report.customer_id,
        report.customer,
        report.we_are_ads,
        report.company,
        report.start,
        report.end,
        report.zone,
        (summer,),
    )
    (line,) = _read(activity_csv(report))
    assert (line["Data"], line["Ora (Europe/Rome)"]) == ("2026-07-02", "00:30")
    assert line["Descrizione"] == "'-x" and line["Richiesta"] == ""
