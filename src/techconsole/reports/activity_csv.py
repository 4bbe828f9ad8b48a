"""The activity report as CSV, one file per customer (a data controller sees only what
was done for their company): a header row, then one line per operation in time order.

Date (ISO) and time (``HH:MM``) are local to the policy's zone, named in the header;
the technician's name and login, the incident (empty for changes to the customer's own
records), the action worded and its code, the text as written and the details worded.
Text cells are made safe for spreadsheets as in :mod:`.month_csv`.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from techconsole.reports.i18n import Lang
from techconsole.reports.month_csv import csv_bytes, text_cell
from techconsole.reports.summary_words import SummaryWords
from techconsole.services.documents.activity import ActivityReport


def activity_csv(report: ActivityReport, lang: Lang = "it") -> bytes:
    """The CSV file's bytes for one customer's activity report."""
    w = SummaryWords(lang)
    zone = ZoneInfo(report.zone)
    header = [
        w["col_day"],
        f"{w['col_time']} ({report.zone})",
        w["col_who"],
        w["col_login"],
        w["col_incident"],
        w["col_action"],
        w["col_action_code"],
        w["col_text"],
        w["col_details"],
    ]
    rows = []
    for r in report.rows:
        local = r.at.astimezone(zone)
        rows.append(
            [
                local.date().isoformat(),
                local.strftime("%H:%M"),
                text_cell(w.actor(r)),
                text_cell(r.actor),
                r.incident or "",
                text_cell(w.action(r.action)),
                text_cell(r.action),
                text_cell(w.text(r)),
                text_cell(w.details(r)),
            ]
        )
    return csv_bytes(header, rows)
