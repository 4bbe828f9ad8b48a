"""Documents for people: work reports (rapporti di lavoro) as text, Markdown, PDF and JSON.

:mod:`.work_layout` turns a :class:`~techconsole.services.documents.report_views.WorkReportView`
into plain worded strings in one language (:mod:`.i18n`); each renderer draws those
strings in its own medium and escapes customer text for it.  :mod:`.blocks` holds the
pieces any report is made of, :mod:`.pdf_doc` the house style of a PDF, and
:mod:`.files` writes an export into a folder, safely.
"""
