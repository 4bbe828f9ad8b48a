"""A work report of the longest texts techconsole accepts: every word printed, in order.

fpdf2 refused a table row taller than a page (a 20,000-character note stopped the
export with a traceback), and wrapped long texts slowly; the report now keeps a long
text's first lines in its row and runs the rest on below it, across pages.  How fast is
measured by ``benchmarks/bench_long_report.py`` (run by hand), not here.
"""

from __future__ import annotations

import re

from techconsole.domain.limits import MAX_TEXT
from techconsole.reports.work_pdf import work_pdf
from techconsole.services.documents import work_reports
from techconsole.services.incidents import closing, workflow
from techconsole.services.work import materials, timer

from .example import pdf_text, rome, whole_job


def numbered(prefix: str, *, line_every: int = 0, word: str = "") -> str:
    """Exactly :data:`MAX_TEXT` characters of numbered words (``n00001 n00002 …``), a
    newline every ``line_every`` words, ``word`` glued to each to make them long."""
    words, length, i = [], 0, 0
    while True:
        separator = "\n" if line_every and i % line_every == line_every - 1 else " "
        piece = f"{prefix}{i:05d}{word}{separator}"
        if length + len(piece) > MAX_TEXT:
            break
        words.append(piece)
        length += len(piece)
        i += 1
    text = "".join(words)
    return text + "x" * (MAX_TEXT - len(text))


def in_order(prefix: str, pages: list[str]) -> list[int]:
    return [int(m) for m in re.findall(rf"\b{prefix}(\d{{5}})", " ".join(pages))]


def test_the_longest_texts_are_printed_whole_and_in_order(ctx, clock):
    description = numbered("d")
    number = whole_job(ctx, clock, description=description)
    closing.reopen(ctx, number, "altro lavoro")
    clock.value = rome(2026, 11, 24, 9, 0)
    workflow.note(ctx, number, numbered("n", line_every=7))
    timer.start(ctx, number, kind="remote")
    clock.advance(minutes=30)
    timer.stop(ctx, note=numbered("s"))
    materials.add_material(ctx, number, numbered("m"), quantity="1", unit_price="10")
    workflow.note(ctx, number, "y" * MAX_TEXT)  # one word of 20,000 letters
    clock.value = rome(2026, 11, 24, 10, 0)
    closing.resolve(ctx, number, resolved=True)

    view = work_reports.find(ctx, number)
    pages = pdf_text(work_pdf(view))

    assert len(pages) > 5
    for prefix in ("d", "n", "s", "m"):
        found = in_order(prefix, pages)
        assert found == list(range(len(found))), prefix
        assert len(found) > 2000, prefix  # every word of the 20,000 characters
    assert sum(page.count("y") for page in pages) >= MAX_TEXT
    assert f"Pagina 1 di {len(pages)}" in pages[0]
    assert "Il cliente – per accettazione" in pages[-1]
