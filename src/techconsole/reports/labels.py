"""Every word a work report prints: English msgids, looked up in the report's language.

The words themselves are in the gettext catalogues (``techconsole/i18n/locale``);
:class:`techconsole.reports.i18n.Words` looks them up and fills the ``{name}`` fields.
The quantity of scatti (``1 scatto``, ``4 scatti``) is a plural: see ``Words.units``.
"""

from __future__ import annotations

from techconsole.i18n import N_, NP_

LABELS: dict[str, str] = {
    "doc_title": N_("Work report"),
    "number": N_("No."),
    "date": N_("Date"),
    "issued": N_("Issued on {when} by {who}"),
    "revision": N_("Revision {n}: replaces the previous revision"),
    "superseded": N_("SUPERSEDED on {when} by a later revision: this copy is no longer valid"),
    "vat_number": N_("VAT no."),
    "phone": N_("Tel."),
    "email": N_("E-mail"),
    "customer_section": N_("Customer"),
    "job_section": N_("Job"),
    "company_name": NP_("company", "Name"),
    "site": N_("Site"),
    "contact": N_("Contact"),
    "incident": N_("Incident no."),
    "contract": N_("Contract"),
    "with_contract": N_("Yes – {plan}"),
    "without_contract": N_("No – {plan}"),
    "outside_contract": N_("No – {plan}: the machine was not covered ({reasons})"),
    "machine": N_("Machine"),
    "program": N_("Program"),
    "urgent": N_("Urgent"),
    "warranty": N_("Under warranty"),
    "category": N_("Category"),
    "level": N_("Service level"),
    "level_value": N_("level {level}"),
    "level_billed": N_("level {level} (declared level {declared}: no work at the customer's site)"),
    "reported_at": N_("Reported"),
    "guaranteed": N_("Guaranteed arrival"),
    "promised": N_("Promised arrival"),
    "agreed": N_("Later arrival agreed by the customer"),
    "arrived": N_("Actual arrival"),
    "delay": N_("Delay"),
    "delay_value": N_("{duration} (service hours)"),
    "term": N_("Arrival measured against"),
    "term_guarantee": N_("the guaranteed time"),
    "term_promise": N_("the promised time"),
    "term_agreed": N_("the time agreed with the customer"),
    "on_time": N_("none"),
    "technician": N_("Technician"),
    "technicians": N_("Technicians"),
    "fault": N_("Fault reported"),
    "sessions": N_("Work sessions"),
    "day": N_("Date"),
    "start": N_("Start"),
    "end": N_("End"),
    "kind": N_("Type"),
    "duration": N_("Duration"),
    "no_sessions": N_("No work session recorded."),
    "work_done": N_("Work done"),
    "no_work_done": N_("No notes."),
    "outcome": N_("Outcome"),
    "resolved": N_("Problem solved"),
    "not_stated": N_("not stated"),
    "follow_up": N_("Follow-up incident"),
    "follow_up_value": N_("{number} (free of charge for the customer)"),
    "charges": N_("Labour and call-out"),
    "description": N_("Description"),
    "quantity": N_("Qty"),
    "unit_price": N_("Unit price"),
    "amount": N_("Amount"),
    "no_charges": N_("No labour lines."),
    "unit_note": N_("Labour in units (scatti) of {minutes} minutes at {price} each."),
    "unit_note_plan": N_(
        "Labour in units (scatti) of {minutes} minutes at {price} each, the price of the plan "
        "{plan}."
    ),
    "prepaid_note": N_("Prepaid hours – this intervention: {used}; left: {left} of {block}."),
    "training_note": N_(
        "Training included in the contract – this intervention: {used}; left: {left} of {block}."
    ),
    "unit_note_mixed": N_(
        "Labour in units (scatti) of {minutes} minutes, each day of work at the prices of the "
        "contract in force that day."
    ),
    "materials": N_("Materials and spare parts"),
    "code": N_("Code"),
    "serial": N_("Serial no."),
    "under_warranty": N_("Warranty"),
    "no_materials": N_("No materials."),
    "labour_total": N_("Labour and call-out"),
    "discounts": N_("Discounts"),
    "materials_total": N_("Materials"),
    "taxable": N_("Taxable amount"),
    "vat": N_("VAT {percent}"),
    "total": N_("Total"),
    "signatures": N_("Signatures"),
    "technician_sign": N_("The technician"),
    "customer_sign": N_("The customer – for acceptance"),
    "name": NP_("person", "Name"),
    "sign_date": N_("Date"),
    "signature": N_("Signature"),
    "page": N_("Page {n} of {total}"),
    "yes": N_("Yes"),
    "no": N_("No"),
}

#: Session kinds (domain.billing_types.SESSION_KINDS).
KINDS: dict[str, str] = {
    "remote": N_("remote"),
    "on_site": N_("on site"),
    "phone": N_("phone"),
    "travel": N_("travel"),
    "lab": N_("workshop"),
    "training": N_("training"),
}

#: ReportLine.label codes; {percent} of {base} for surcharges and discounts.
LINE_LABELS: dict[str, str] = {
    "labour_session": N_("Labour – {kind}, {minutes} min"),
    "labour_day": N_("Labour on {day}, {minutes} min"),
    "labour_day_training": N_("Training on {day}, {minutes} min"),
    "training_included": N_("Training included in the contract"),
    "prepaid_hours": N_("Prepaid hours (monte ore)"),
    "callout": N_("Call-out fee"),
    "surcharge_on_request": N_("Urgency surcharge {percent} of {base}"),
    "discount_late": N_("Late-arrival discount {percent} of {base}"),
}

#: ReportLine.reason codes.
LINE_REASONS: dict[str, str] = {
    "free": N_("not charged"),
    "training_included": N_("training included in the contract"),
    "prepaid_hours": N_("taken from the prepaid block of hours"),
    "on_request": N_("urgency asked by the customer"),
    "late_urgent": N_("urgent job, arrival after the promised time: no call-out or labour charged"),
    "late_urgent_guarantee": N_(
        "urgent job, arrival after the guaranteed time: no call-out or labour charged"
    ),
    "late_urgent_agreed": N_(
        "urgent job, arrival after the time agreed with the customer: no call-out or labour charged"
    ),
    "late_hours": N_("arrival {hours} h late: {per_hour} for each hour"),
}

#: domain.free.REASONS codes, as a sentence of their own.
FREE_REASONS: dict[str, str] = {
    "warranty": N_("Warranty – not invoiced"),
    "follow_up": N_("Follow-up of a visit that did not solve the problem – not invoiced"),
    "level1_contract": N_("Part of the client contract (level 1) – not invoiced"),
    "level2_contract": N_(
        "Level-2 repair under the client contract – only spare parts are charged"
    ),
    "plan_category": N_("Covered by the plan ({category}) – not invoiced"),
    "reseller_first_year": N_("Reseller's first year (since {since}) – not invoiced"),
    "cloud_software": N_("Support on cloud software, free since {since} – not invoiced"),
}
