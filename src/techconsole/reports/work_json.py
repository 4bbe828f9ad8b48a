"""A work report for machines: the same in every language, amounts as plain strings.

``content`` is :func:`~techconsole.services.documents.report_views.to_json` of what the report says
(codes, not words; ``"219.00"``; instants in ISO 8601 UTC);
:func:`~techconsole.services.documents.report_views.from_json` reads it back.
"""

from __future__ import annotations

import json
from typing import Any

from techconsole.services.documents.report_views import WorkReportView, to_json


def work_json(view: WorkReportView) -> dict[str, Any]:
    return {
        "number": view.number,
        "revision": view.revision,
        "title": view.title,
        "file_stem": view.file_stem,
        "issued_at": to_json(view.issued_at),
        "issued_by": view.issued_by,
        "superseded": view.superseded_at is not None,
        "superseded_at": to_json(view.superseded_at),
        "content": to_json(view.content),
    }


def work_json_text(view: WorkReportView) -> str:
    """The JSON document as written to a file: UTF-8, indented, ending with a newline."""
    return json.dumps(work_json(view), ensure_ascii=False, indent=2) + "\n"
