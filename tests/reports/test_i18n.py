"""The language of a report and its formats: every code worded in Italian and English."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from techconsole.domain.billing_types import SESSION_KINDS
from techconsole.domain.free import REASONS
from techconsole.i18n import translator
from techconsole.reports.i18n import ENV_VAR, UnknownLanguage, Words, language
from techconsole.reports.labels import FREE_REASONS, KINDS, LABELS, LINE_LABELS, LINE_REASONS
from techconsole.reports.summary_labels import FREE_SHORT
from techconsole.reports.summary_labels import LABELS as SUMMARY_LABELS
from techconsole.reports.summary_words import SummaryWords
from techconsole.services.errors import ServiceError

ROME = ZoneInfo("Europe/Rome")
#: every ReportLine.label and ReportLine.reason code the services write
LINE_LABEL_CODES = {
    "labour_session",
    "labour_day",
    "labour_day_training",
    "training_included",
    "prepaid_hours",
    "callout",
    "surcharge_on_request",
    "discount_late",
}
LINE_REASON_CODES = {
    "free",
    "training_included",
    "prepaid_hours",
    "on_request",
    "late_urgent",
    "late_urgent_guarantee",
    "late_urgent_agreed",
    "late_hours",
}


def test_italian_unless_told(monkeypatch):
    monkeypatch.setenv(ENV_VAR, "en")  # never read here: the settings pass it
    assert language(None) == "it"
    assert language(None, "en") == "en"
    assert language("it", "en") == "it"  # --lang wins over the settings
    assert language(" ", "en") == "en"
    assert language(None, "") == "it"


@pytest.mark.parametrize(
    ("given", "lang"), [("IT", "it"), ("it_IT", "it"), ("en-GB", "en"), (" en ", "en")]
)
def test_language_spellings(given, lang):
    assert language(given) == lang


def test_an_unknown_language_is_a_clear_error_from_either_source():
    with pytest.raises(UnknownLanguage, match=r"--lang: .*it \(Italian\) or en.*not 'fr'"):
        language("fr")
    with pytest.raises(UnknownLanguage, match=r"\$TECHCONSOLE_LANG: .*not 'de'"):
        language(None, "de")
    with pytest.raises(UnknownLanguage, match=r"settings.toml: .*not 'de'"):
        language(None, "de", source="settings.toml")
    assert issubclass(UnknownLanguage, ServiceError)
    assert UnknownLanguage.code == 2


def test_money_and_dates_per_language():
    it, en = Words("it"), Words("en")
    assert it.money(Decimal("1234.5")) == "1.234,50\xa0€"
    assert en.money(Decimal("1234.5")) == "€1,234.50"
    assert it.money(Decimal("-46")) == "-46,00\xa0€"
    assert it.date(date(2026, 3, 5)) == "05/03/2026"
    assert en.date(date(2026, 3, 5)) == "5 Mar 2026"
    # instants are shown in the report's zone: 23:30 UTC is the next day in Rome
    late = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    assert it.when(late, ROME) == "24/11/2026 00:30"
    assert en.when(late, ROME) == "24 Nov 2026 00:30"
    assert it.when(None, ROME) == "—"
    assert it.percent(Decimal("22.0")) == "22 %"
    assert it.number(Decimal("1.500")) == "1,5"
    assert en.number(Decimal("1.500")) == "1.5"
    assert [it.duration(m) for m in (0, 45, 60, 90)] == ["0 min", "45 min", "1 h", "1 h 30 min"]
    assert (it.units(1), it.units(4), en.units(4)) == ("1 scatto", "4 scatti", "4 units")


def test_every_code_has_its_words_in_both_languages():
    assert set(KINDS) == set(SESSION_KINDS)
    assert set(FREE_REASONS) == set(REASONS) == set(FREE_SHORT)
    assert set(LINE_LABELS) == LINE_LABEL_CODES
    assert set(LINE_REASONS) == LINE_REASON_CODES
    it, en = Words("it"), Words("en")
    for table in (LABELS, KINDS, LINE_LABELS, LINE_REASONS, FREE_REASONS):
        for code in table:
            assert it.word(table, code) and en.word(table, code), code
    assert Words("it")["customer_sign"] == "Il cliente – per accettazione"
    assert Words("en")["customer_sign"] == "The customer – for acceptance"
    assert translator("it").gettext("Warranty – not invoiced") == "Garanzia – non fatturato"


def test_one_english_word_two_italian_ones():
    """``Name`` is a company's (*Ragione sociale*) or a person's (*Nome e cognome*)."""
    it, en = Words("it"), Words("en")
    assert (it["company_name"], it["name"]) == ("Ragione sociale", "Nome e cognome")
    assert (en["company_name"], en["name"]) == ("Name", "Name")


def test_a_reports_language_is_its_own(monkeypatch):
    """The console speaking English does not change an Italian report, nor the reverse."""
    from techconsole import i18n

    monkeypatch.setitem(i18n._state, "lang", "en")
    assert Words("it")["doc_title"] == "Rapporto di lavoro"
    monkeypatch.setitem(i18n._state, "lang", "it")
    assert Words("en")["doc_title"] == "Work report"
    assert SummaryWords("en")["month_title"] == "Monthly summary"
    assert SummaryWords("it")["month_title"] == "Riepilogo mensile"
    assert SummaryWords("it").free_short("plan_category") == "Compreso nel piano – non fatturato"
    assert set(SUMMARY_LABELS) >= {"month_title", "no_activity"}


def test_codes_are_worded_with_their_arguments():
    it, en = Words("it"), Words("en")
    base = Decimal("230.00")
    args = {"kind": "on_site", "minutes": "65"}
    assert it.line_label("labour_session", args, Decimal(40)) == (
        "Manodopera – presso il cliente, 65 min"
    )
    assert en.line_label("labour_session", args, Decimal(40)) == "Labour – on site, 65 min"
    day = {"day": "23/11/2026", "minutes": "85"}
    assert en.line_label("labour_day", day, Decimal(40)) == "Labour on 23 Nov 2026, 85 min"
    assert it.line_label("discount_late", {"percent": "20"}, base) == (
        "Sconto ritardo 20 % su 230,00\xa0€"
    )
    assert en.line_label("surcharge_on_request", {"percent": "50"}, base) == (
        "Urgency surcharge 50 % of €230.00"
    )
    late = {"hours": "2", "per_hour": "20"}
    assert it.line_reason("late_hours", late) == "arrivo con 2 h di ritardo: 20 % per ogni ora"
    assert en.line_reason("late_hours", late) == "arrival 2 h late: 20 % for each hour"
    assert it.line_reason("", {}) == ""
    assert it.free_reason("warranty", {}) == "Garanzia – non fatturato"
    assert en.free_reason("reseller_first_year", {"since": "01/03/2026"}) == (
        "Reseller's first year (since 1 Mar 2026) – not invoiced"
    )
    assert it.free_reason("plan_category", {"category": "stampanti"}) == (
        "Compreso nel piano (stampanti) – non fatturato"
    )
    # a code from a newer version is shown rather than crashing an old report
    assert it.kind("drone") == "drone"
    assert it.free_reason("new_rule", {}) == "new rule"
