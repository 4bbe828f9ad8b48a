"""Every label the monthly summary and the activity report print (English msgids, looked
up in the report's language), and the free-of-charge reasons in short;
:class:`techconsole.reports.summary_words.SummaryWords` uses them.  How an activity row's
action, text and details are worded is in :mod:`.event_words`.
"""

from __future__ import annotations

from techconsole.i18n import N_

LABELS: dict[str, str] = {
    "month_title": N_("Monthly summary"),
    "month_subject": N_("Services of the month for invoicing"),
    "month": N_("Month"),
    "period": N_("Period"),
    "period_value": N_("{start} to {end}"),
    "customer_no": N_("Customer no."),
    "address": N_("Address"),
    "reports_count": N_("Work reports"),
    "reports_section": N_("Work reports of the month"),
    "col_report": N_("Report"),
    "col_date": N_("Date"),
    "col_incident": N_("Incident"),
    "col_subject": N_("Subject"),
    "col_units": N_("Units"),
    "col_labour": N_("Labour"),
    "col_discounts": N_("Discounts"),
    "col_materials": N_("Materials"),
    "col_taxable": N_("Taxable"),
    "col_vat_rate": N_("VAT rate"),
    "col_vat": N_("VAT"),
    "col_total": N_("Total"),
    "col_revision": N_("Revision"),
    "col_customer": N_("Customer"),
    "col_customer_vat": N_("Customer VAT no."),
    "col_free": N_("Not invoiced"),
    "col_unit_price": N_("€/unit"),
    "col_unit_price_long": N_("Price of a unit"),
    "col_price_plan": N_("Plan prices"),
    "prices_mixed": N_("the contract in force on each day"),
    "prices_mixed_note": N_("Each day of work at the prices of the contract in force that day"),
    "price_of_plan": N_("At the prices of the plan {plan}"),
    "month_total": N_("Month total"),
    "totals": N_("Totals"),
    "no_reports": N_("No work report this month."),
    "amounts_note": N_(
        "Amounts in euro. Each line has the amounts of the issued work report (its current "
        "revision); the totals are the sums of the reports, VAT included: VAT is not recomputed"
        " on the total."
    ),
    "checks_section": N_("Health checks of the month"),
    "checks_count": N_("Health checks"),
    "col_check": N_("Check"),
    "col_machine": N_("Machine"),
    "col_outcome": N_("Outcome"),
    "col_repeat": N_("To repeat by"),
    "checks_note": N_(
        "The monthly health checks are part of the contract and are not invoiced; each has a "
        "report of its own. They never required access to personal documents or to e-mail "
        "clients."
    ),
    "prepaid_section": N_("Prepaid hours and included training"),
    "prepaid_month": N_(
        "Prepaid hours of the contract from {start} – this month: {used}; left at the end of "
        "the month: {left} of {block}."
    ),
    "training_month": N_(
        "Training included in the contract from {start} – this month: {used}; left at the "
        "end of the month: {left} of {block}."
    ),
    "activity_title": N_("Activity report"),
    "activity_subject": N_("What we did for the customer"),
    "activity_intro": N_(
        "What we did for the customer in the period: who, when, on which incident and what, "
        "from the incidents' timelines and the audit trail. Times in {zone}."
    ),
    "ads": N_("System administrator"),
    "ads_yes": N_("Yes – our company (ADS)"),
    "ads_no": N_("No"),
    "ads_note": N_(
        "We are the customer's system administrator (ADS): this report is for the data controller."
    ),
    "overview": N_("Overview"),
    "operations": N_("Operations"),
    "incidents": N_("Incidents"),
    "technicians": N_("Technicians"),
    "col_day": N_("Date"),
    "col_when": N_("Date and time"),
    "col_time": N_("Time"),
    "col_who": N_("Technician"),
    "col_login": N_("Login"),
    "col_action": N_("Action"),
    "col_action_code": N_("Action code"),
    "col_text": N_("Description"),
    "col_details": N_("Details"),
    "records": N_("Records"),
    "no_activity": N_("Nothing was done for the customer in this period."),
    "system": N_("system"),
}

#: Why a report's labour is free, without the code's arguments (a column, a note).
FREE_SHORT: dict[str, str] = {
    "warranty": N_("Warranty – not invoiced"),
    "follow_up": N_("Follow-up of a visit that did not solve the problem – not invoiced"),
    "level1_contract": N_("Part of the client contract (level 1) – not invoiced"),
    "level2_contract": N_("Level-2 repair under the client contract – spare parts only"),
    "plan_category": N_("Covered by the plan – not invoiced"),
    "reseller_first_year": N_("Reseller's first year – not invoiced"),
    "cloud_software": N_("Support on cloud software – not invoiced"),
}
