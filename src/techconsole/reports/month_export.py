"""The monthly summaries as files: which files a month makes, and writing them.

``techconsole report month`` and the console's team view (``M``) both go through here:
one PDF per customer (``RM-2026-11-C0042.pdf``), or one CSV or JSON file for them all
(``RM-2026-11.csv``; ``RM-2026-11-C0042.csv`` for one customer), ``-en`` added to a
document in English (:func:`files.stem_in`).  Names are made of the month and customer
codes only.  Every name is checked before anything is written (an
existing file stops everything unless forced), then each file is rendered and written
whole or not at all (:mod:`techconsole.reports.files`), one at a time, so the caller can
show the progress.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from techconsole.reports import files
from techconsole.reports.i18n import Lang
from techconsole.reports.month_csv import month_csv
from techconsole.reports.month_json import month_json_text
from techconsole.reports.month_pdf import month_pdf
from techconsole.reports.summary_words import customer_code
from techconsole.services.documents.summaries import MonthSummary

#: what a month's summaries can be written as
MONTH_FORMATS = ("pdf", "csv", "json")


@dataclass(frozen=True, slots=True)
class Planned:
    """One file to write: its name (without extension) and how to make its bytes."""

    stem: str
    render: Callable[[], bytes]


def reported(found: Sequence[MonthSummary]) -> bool:
    """Whether any of the summaries has a work report or a health check (else nothing is
    written)."""
    return any(s.rows or s.checks for s in found)


def plan(
    month: str, found: Sequence[MonthSummary], fmt: str, lang: Lang, *, one_customer: bool
) -> list[Planned]:
    """The files of ``month`` as ``fmt``: a PDF per summary, or one CSV/JSON for all
    (named after the customer too when ``one_customer`` was asked for)."""
    if fmt == "pdf":
        return [
            Planned(
                files.stem_in(f"RM-{month}-{customer_code(s.customer_id)}", lang, fmt),
                partial(month_pdf, s, lang),
            )
            for s in found
        ]
    stem = f"RM-{month}-{customer_code(found[0].customer_id)}" if one_customer else f"RM-{month}"
    stem = files.stem_in(stem, lang, fmt)
    render = {
        "csv": lambda: month_csv(found, lang),
        "json": lambda: month_json_text(month, found).encode(),
    }[fmt]
    return [Planned(stem, render)]


def targets(where: Path, fmt: str, planned: Sequence[Planned], *, force: bool) -> list[Path]:
    """Every file's path, checked (:func:`files.target`) before anything is written: the
    first file already there raises :class:`files.FileExists` unless ``force``."""
    paths = [files.target(where, p.stem, fmt, force=force) for p in planned]
    if len(set(paths)) != len(paths):  # cannot happen: names are made of ids
        raise files.ExportError("two files would have the same name", files.EXISTS)
    return paths


def existing(where: Path, fmt: str, planned: Sequence[Planned]) -> list[Path]:
    """The files of ``planned`` already in ``where`` (kept unless the caller forces)."""
    paths = [where / f"{p.stem}.{fmt}" for p in planned]
    return [path for path in paths if os.path.lexists(path)]


def write(paths: Sequence[Path], planned: Sequence[Planned], *, force: bool) -> Iterator[Path]:
    """Render and write each file (paths from :func:`targets`), yielding each path once
    it is written; the caller may stop between files."""
    for path, one in zip(paths, planned, strict=True):
        yield files.write(path, one.render(), force=force)
