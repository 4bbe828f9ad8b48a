"""A work report worded in one language: what every renderer draws, in the same order.

Everything here is a plain string, customer text included exactly as written (control
sequences aside); each renderer escapes it for its own medium.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from techconsole.reports import event_terms
from techconsole.reports.blocks import Field, Grid, Note, clean, company_lines
from techconsole.reports.i18n import Lang, Words
from techconsole.services.documents.report_views import ReportContent, WorkReportView


@dataclass(frozen=True, slots=True)
class WorkLayout:
    words: Words
    number: str  # "RL-2026-0001 rev. 1"
    file_stem: str
    company: tuple[str, ...]  # name first, then address and contact lines
    title: str
    header: tuple[Field, ...]  # number, date
    issued: str
    revision: str | None
    superseded: str | None
    customer: tuple[Field, ...]
    job: tuple[Field, ...]
    subject: str
    description: str
    sessions: Grid
    work_done: tuple[Note, ...]
    outcome: tuple[Field, ...]
    charges: Grid
    unit_note: str
    #: what the work took from the contract's prepaid hours and included training
    prepaid_note: str | None
    materials: Grid
    totals: tuple[Field, ...]  # the last one is the total
    free_note: str | None
    technicians: tuple[str, ...]


def layout(view: WorkReportView, lang: Lang = "it") -> WorkLayout:
    """The report ``view`` worded in ``lang``."""
    w = Words(lang)
    c = view.content
    zone = ZoneInfo(c.zone)
    return WorkLayout(
        words=w,
        number=view.title,
        file_stem=view.file_stem,
        company=company_lines(w, c.company),
        title=w["doc_title"],
        header=(
            Field(w["number"], view.title),
            Field(w["date"], w.date(c.report_date)),
        ),
        issued=w.label("issued", when=w.when(view.issued_at, zone), who=clean(view.issued_by)),
        revision=w.label("revision", n=view.revision) if view.revision else None,
        superseded=(
            w.label("superseded", when=w.when(view.superseded_at, zone))
            if view.superseded_at is not None
            else None
        ),
        customer=_customer(w, c),
        job=_job(w, c, zone),
        subject=clean(c.subject, one_line=True),
        description=clean(c.description),
        sessions=Grid(
            tuple(w[key] for key in ("day", "start", "end", "kind", "technician", "duration")),
            tuple(
                (
                    w.date(s.start.astimezone(zone).date()),
                    w.time(s.start, zone),
                    w.time(s.end, zone),
                    w.kind(s.kind),
                    clean(s.technician, one_line=True),
                    w.duration(s.minutes),
                )
                for s in c.sessions
            ),
            "LLLLLR",
        ),
        work_done=tuple(
            Note(w.when(n.at, zone), clean(n.author, one_line=True), clean(n.text))
            for n in c.work_done
        ),
        outcome=_outcome(w, c, zone),
        charges=_charges(w, c),
        unit_note=_unit_note(w, c),
        prepaid_note=_prepaid_note(w, c),
        materials=Grid(
            tuple(
                w[key]
                for key in (
                    "code",
                    "description",
                    "serial",
                    "under_warranty",
                    "quantity",
                    "unit_price",
                    "amount",
                )
            ),
            tuple(
                (
                    clean(m.code, one_line=True),
                    clean(m.description, one_line=True),
                    clean(m.serial, one_line=True),
                    w.yes_no(m.warranty),
                    w.number(m.quantity),
                    w.money(m.unit_price),
                    w.money(m.amount),
                )
                for m in c.materials
            ),
            "LLLLRRR",
        ),
        totals=_totals(w, c),
        free_note=w.free_reason(c.free_reason, c.free_reason_args) if c.free_reason else None,
        technicians=tuple(clean(t, one_line=True) for t in c.technicians),
    )


def _unit_note(w: Words, c: ReportContent) -> str:
    """The scatto and its price: the plan's own when it has one (seed 003), or the price of
    each day when the work fell on days of different prices."""
    if c.mixed_prices:
        return w.label("unit_note_mixed", minutes=c.unit_minutes)
    price = w.money(c.unit_price)
    if c.price_plan:
        plan = clean(c.price_plan, one_line=True)
        return w.label("unit_note_plan", minutes=c.unit_minutes, price=price, plan=plan)
    return w.label("unit_note", minutes=c.unit_minutes, price=price)


def _prepaid_note(w: Words, c: ReportContent) -> str | None:
    """What the work took from each contract's prepaid block of hours and included
    training, and what was left after it (seed 000); ``None`` when it drew on neither."""
    said = []
    for use in c.prepaid:
        for key, used, left, block in (
            ("prepaid_note", use.used, use.left, use.block),
            ("training_note", use.training_used, use.training_left, use.allowance),
        ):
            if block:
                said.append(
                    w.label(key, used=w.units(used), left=w.number(left), block=w.number(block))
                )
    return " ".join(said) or None


def _customer(w: Words, c: ReportContent) -> tuple[Field, ...]:
    fields = [Field(w["company_name"], clean(c.customer.name, one_line=True))]
    if c.customer.vat_number:
        fields.append(Field(w["vat_number"], clean(c.customer.vat_number, one_line=True)))
    fields.append(Field(w["site"], clean(c.site, one_line=True) or "—"))
    contact = clean(c.contact or "", one_line=True)
    role = clean(
        event_terms.role_short(c.contact_role, w.lang) if c.contact_role else "", one_line=True
    )
    fields.append(
        Field(w["contact"], f"{contact} ({role})" if contact and role else contact or "—")
    )
    return tuple(fields)


def _job(w: Words, c: ReportContent, zone: ZoneInfo) -> tuple[Field, ...]:
    plan = clean(c.plan_label, one_line=True)
    if c.contract and c.machine_gaps:  # work on a machine not covered: outside the contract
        reasons = "; ".join(clean(w.gap(g.code, g.args), one_line=True) for g in c.machine_gaps)
        contract = w.label("outside_contract", plan=plan, reasons=reasons)
    else:
        contract = w.label("with_contract" if c.contract else "without_contract", plan=plan)
    fields = [Field(w["incident"], c.incident), Field(w["contract"], contract)]
    if c.machine is not None:
        fields.append(Field(w["machine"], clean(c.machine, one_line=True)))
    if c.program:
        fields.append(Field(w["program"], clean(c.program, one_line=True)))
    fields.append(Field(w["urgent"], w.yes_no(c.urgent)))
    if c.warranty:
        fields.append(Field(w["warranty"], w.yes_no(True)))
    if c.category:
        fields.append(Field(w["category"], clean(c.category, one_line=True)))
    if c.effective_level is not None:
        fields.append(Field(w["level"], _level(w, c)))
    fields.append(Field(w["reported_at"], w.when(c.reported_at, zone)))
    fields += _arrival(w, c, zone)
    who = w["technicians"] if len(c.technicians) > 1 else w["technician"]
    names = ", ".join(clean(t, one_line=True) for t in c.technicians)
    fields.append(Field(who, names or "—"))
    return tuple(fields)


def _level(w: Words, c: ReportContent) -> str:
    """The level the work was billed at, and the one declared when they differ (seed 004:
    level 2 only with work at the customer's site)."""
    if c.effective_level == c.level:
        return w.label("level_value", level=c.level)
    return w.label("level_billed", level=c.effective_level, declared=c.level)


def _arrival(w: Words, c: ReportContent, zone: ZoneInfo) -> list[Field]:
    """When the technician had to be on site (the guarantee, the promise, a later time the
    customer agreed to), when they came, and how late against which term (seed 003)."""
    fields = []
    if c.guaranteed_on_site_at is not None:
        fields.append(Field(w["guaranteed"], w.when(c.guaranteed_on_site_at, zone)))
    fields.append(Field(w["promised"], w.when(c.promised_on_site_at, zone)))
    if c.on_site_agreed:
        fields.append(Field(w["agreed"], clean(c.on_site_agreed, one_line=True)))
    fields.append(Field(w["arrived"], w.when(c.on_site_at, zone)))
    if c.on_site_at is None or (c.promised_on_site_at is None and c.arrival_term is None):
        return fields
    if c.arrival_term is not None:
        fields.append(Field(w["term"], w[f"term_{c.arrival_term}"]))
    delay = (
        w.label("delay_value", duration=w.duration(c.late_minutes))
        if c.late_minutes
        else w["on_time"]
    )
    fields.append(Field(w["delay"], delay))
    return fields


def _outcome(w: Words, c: ReportContent, zone: ZoneInfo) -> tuple[Field, ...]:
    if c.resolved is None:
        solved = w["not_stated"]
    else:
        solved = w.yes_no(c.resolved)
        if c.resolved_at is not None:
            solved += f" ({w.when(c.resolved_at, zone)})"
    fields = [Field(w["resolved"], solved)]
    if c.follow_up:
        fields.append(Field(w["follow_up"], w.label("follow_up_value", number=c.follow_up)))
    return tuple(fields)


def _charges(w: Words, c: ReportContent) -> Grid:
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    for ln in c.lines:
        percent = ln.kind in ("discount", "surcharge")
        if percent:
            quantity = w.percent(ln.quantity)
        elif ln.kind in ("labour", "included", "prepaid"):
            quantity = w.units(ln.quantity)
        else:
            quantity = w.number(ln.quantity)
        rows.append(
            (
                w.line_label(ln.label, ln.args, ln.unit_price),
                quantity,
                "" if percent else w.money(ln.unit_price),
                w.money(ln.amount),
            )
        )
        if ln.reason == "free" and c.free_reason:  # say why, not only that
            notes.append(w.free_reason(c.free_reason, c.free_reason_args))
        else:
            notes.append(w.line_reason(ln.reason, ln.reason_args))
    return Grid(
        (w["description"], w["quantity"], w["unit_price"], w["amount"]),
        tuple(rows),
        "LRRR",
        tuple(notes),
    )


def _totals(w: Words, c: ReportContent) -> tuple[Field, ...]:
    fields = [Field(w["labour_total"], w.money(c.labour))]
    if c.discounts:
        fields.append(Field(w["discounts"], w.money(c.discounts)))
    fields += [
        Field(w["materials_total"], w.money(c.materials_total)),
        Field(w["taxable"], w.money(c.taxable)),
        Field(w.label("vat", percent=w.percent(c.vat_percent)), w.money(c.vat)),
        Field(w["total"], w.money(c.total)),
    ]
    return tuple(fields)
