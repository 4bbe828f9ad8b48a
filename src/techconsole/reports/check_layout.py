"""A health check's report for the customer worded in one language (seed 004, "Monitoraggio
del sistema"): what every renderer draws, in the same order.

The machine, who checked it and when, which agreed check it stands for, each item of the
checklist with its outcome and what was found, the repeat a dangerous condition calls
for, the incidents opened from findings, the technician's note, and the seed's statement
that no personal documents or mail were opened.  Plain strings; each renderer escapes
them for its medium.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from techconsole.domain import check_items
from techconsole.i18n import N_, NP_, translate
from techconsole.reports.blocks import Field, Grid, clean, company_lines
from techconsole.reports.i18n import Lang, Words
from techconsole.services.checks.views import CheckReport
from techconsole.services.documents.report_views import Party

LABELS: dict[str, str] = {
    "check_title": N_("Health check report"),
    "check_subject": N_("Monthly health check of a machine under the client contract"),
    "check_section": N_("Check"),
    "machine_section": N_("Machine"),
    "items_section": N_("What was checked"),
    "col_item": N_("Item"),
    "col_outcome": N_("Outcome"),
    "col_finding": N_("Found and done"),
    "done_at": N_("Done on"),
    "done_by": N_("Technician"),
    "stands_for": N_("Check"),
    "monthly_for": N_("monthly check agreed for {day}"),
    "extra": N_("extra check"),
    "repeat_of": N_("repeat of {number}, after a dangerous condition"),
    "repeat_due": N_("A dangerous condition was found: the check is to be repeated by {day}."),
    "incidents": N_("Incidents opened"),
    "incident_for": N_("{number} for: {item}"),
    "note": N_("Technician's note"),
    "kind": N_("Type"),
    "os": N_("Operating system"),
    "location": N_("Location"),
    "sign_title": N_("Signatures"),
}
#: a machine's kind (the same words as the command line's)
KINDS: dict[str, str] = {
    "workstation": NP_("machine kind", "workstation"),
    "server": NP_("machine kind", "server"),
    "laptop": NP_("machine kind", "laptop"),
    "other": NP_("machine kind", "other"),
}


class CheckWords(Words):
    """:class:`Words` with the check report's labels, items and outcomes."""

    def __init__(self, lang: Lang = "it") -> None:
        super().__init__(lang)
        self._labels = {**self._labels, **LABELS}

    def item(self, key: str) -> str:
        return translate(self.words, check_items.item_name(key))

    def outcome(self, code: str) -> str:
        marked = check_items.OUTCOME_NAMES.get(code)
        return code if marked is None else translate(self.words, marked)

    def machine_kind(self, code: str) -> str:
        return self.word(KINDS, code) or code

    @property
    def statement(self) -> str:
        return translate(self.words, check_items.STATEMENT)


@dataclass(frozen=True, slots=True)
class CheckLayout:
    words: CheckWords
    number: str
    file_stem: str
    company: tuple[str, ...]
    title: str
    header: tuple[Field, ...]  # number, date
    customer: tuple[Field, ...]
    machine: tuple[Field, ...]
    check: tuple[Field, ...]
    items: Grid
    repeat: str | None  # the repeat a dangerous condition calls for
    incidents: tuple[str, ...]
    note: str
    statement: str
    technician: str


def layout(report: CheckReport, lang: Lang = "it") -> CheckLayout:
    w = CheckWords(lang)
    c = report.check
    zone = ZoneInfo(report.zone)
    done = c.done_at.astimezone(zone)
    return CheckLayout(
        words=w,
        number=c.number,
        file_stem=c.file_stem,
        company=company_lines(w, report.company),
        title=w["check_title"],
        header=(Field(w["number"], c.number), Field(w["date"], w.date(done.date()))),
        customer=_customer(w, report.customer),
        machine=_machine(w, report),
        check=_check(w, report, zone),
        items=Grid(
            (w["col_item"], w["col_outcome"], w["col_finding"]),
            tuple((w.item(i.item), w.outcome(i.outcome), clean(i.finding)) for i in c.items),
            "LLL",
        ),
        repeat=w.label("repeat_due", day=w.date(c.repeat_by)) if c.repeat_by else None,
        incidents=tuple(
            w.label("incident_for", number=i.incident, item=w.item(i.item))
            for i in c.items
            if i.incident
        ),
        note=clean(c.note),
        statement=w.statement,
        technician=clean(c.done_by_name, one_line=True),
    )


def _customer(w: CheckWords, customer: Party) -> tuple[Field, ...]:
    fields = [Field(w["company_name"], clean(customer.name, one_line=True))]
    if customer.vat_number:
        fields.append(Field(w["vat_number"], clean(customer.vat_number, one_line=True)))
    if customer.address:
        fields.append(Field(w["site"], clean(customer.address, one_line=True)))
    return tuple(fields)


def _machine(w: CheckWords, report: CheckReport) -> tuple[Field, ...]:
    c = report.check
    fields = [
        Field(w["machine"], clean(c.asset, one_line=True)),
        Field(w["kind"], w.machine_kind(c.asset_kind)),
    ]
    for key, value in (("serial", c.serial), ("os", c.os), ("location", c.location)):
        if value.strip():
            fields.append(Field(w[key], clean(value, one_line=True)))
    return tuple(fields)


def _check(w: CheckWords, report: CheckReport, zone: ZoneInfo) -> tuple[Field, ...]:
    c = report.check
    parts = []
    if c.due_on is not None:
        parts.append(w.label("monthly_for", day=w.date(c.due_on)))
    if c.repeat_of:
        parts.append(w.label("repeat_of", number=c.repeat_of))
    stands = "; ".join(parts) or w["extra"]
    return (
        Field(w["done_at"], w.when(c.done_at, zone)),
        Field(w["done_by"], clean(c.done_by_name, one_line=True)),
        Field(w["stands_for"], stands),
    )
