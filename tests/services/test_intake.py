"""Opening incidents: numbering, plan, urgency, channels, refusals, verbatim text."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from techconsole.services.customers import registry as customers
from techconsole.services.errors import InvalidInput, NotAllowed, NotFound
from techconsole.services.incidents import queue
from techconsole.services.incidents import reading as incidents
from techconsole.services.policies import presets_dir
from techconsole.services.team import members as team

from .support import contact, open_, refused, rome, snapshot


def test_numbers_are_yearly_and_restart_in_a_new_year(ctx, clock):
    numbers = [open_(ctx, f"Problema {i}").number for i in range(3)]
    assert numbers == ["2026-000001", "2026-000002", "2026-000003"]

    clock.value = rome(2027, 1, 4, 10, 0)  # a Monday in the new year
    first, second = open_(ctx, "Nuovo anno"), open_(ctx, "Nuovo anno, bis")
    assert (first.number, second.number) == ("2027-000001", "2027-000002")

    # The 2026 sequence is kept: its counter still says 3.
    assert snapshot(ctx)["counter_rows"] == [(2026, 3), (2027, 2)]


def test_the_year_is_the_rome_year_of_arrival(ctx, clock):
    # 31 Dec 23:30 UTC is already 1 Jan 00:30 in Rome: the number is 2027's.
    clock.value = rome(2027, 1, 1, 0, 30)
    assert open_(ctx, "Capodanno").number == "2027-000001"


def test_plan_comes_from_the_active_contract(ctx):
    opened = open_(ctx, severity="A")
    assert (opened.plan, opened.contract) == ("basic", True)
    assert opened.customer == "Ottica Esempio S.n.c."


def test_of_two_contracts_starting_the_same_day_the_last_recorded_is_in_force(ctx):
    """As the customer's contracts judge it (``domain.contracts.in_force``): of those that
    started last, the last recorded."""
    customers.add_contract(ctx, 1, "professional", date(2026, 1, 1), date(2026, 12, 31))
    opened = open_(ctx, severity="A")
    assert (opened.plan, opened.contract) == ("professional", True)
    assert customers.show_customer(ctx, 1).plan == "professional"


def test_an_ended_contract_means_no_contract(ctx):
    expired = customers.add_customer(ctx, customers.NewCustomer("Bar Scaduto"))
    customers.add_contract(ctx, expired.id, "enterprise", date(2025, 1, 1), date(2025, 12, 31))
    opened = open_(ctx, "Cassa bloccata", customer=expired.id, severity="A")
    assert (opened.plan, opened.contract) == ("none", False)
    assert opened.due_at is None  # the no-contract plan has no target


def test_a_contract_not_yet_started_does_not_count(ctx):
    future = customers.add_customer(ctx, customers.NewCustomer("Studio Futuro"))
    customers.add_contract(ctx, future.id, "professional", date(2026, 12, 1), date(2027, 11, 30))
    opened = open_(ctx, customer=future.id)
    assert (opened.plan, opened.contract) == ("none", False)


def test_a_customer_is_found_by_partial_name(ctx):
    assert open_(ctx, customer="ottica").customer_id == 1


@pytest.mark.parametrize(
    ("subject", "urgent"),
    [
        ("URGENTE: server fermo", True),
        ("Server fermo - urgente", True),
        ("Richiesta non urgente: cambio toner", False),
        ("Nessuna urgenza, aggiornamento", False),
        ("URGENTEMENTE richiesto", False),  # the keyword must stand as a word
    ],
)
def test_urgent_keyword_in_the_subject(ctx, subject, urgent):
    opened = open_(ctx, subject)
    assert opened.urgent is urgent
    assert opened.clocks.urgent is urgent


def test_an_explicit_urgent_flag_wins_over_the_subject(ctx):
    assert open_(ctx, "URGENTE", urgent=False).urgent is False
    assert open_(ctx, "Toner", urgent=True).urgent is True


def test_default_severity_is_the_least_severe(ctx):
    assert open_(ctx).severity == "C"


@pytest.mark.skipif(
    not (presets_dir() / "mb-services.toml").is_file(),
    reason="the mb-services preset (policy.md §5: a policy refusing phone) is not shipped yet",
)
def test_a_channel_refused_by_the_policy(make_ctx):
    ctx = make_ctx("mario", policy="mb-services")
    team.add_technician(ctx, "mario", "Mario Rossi")
    customers.add_customer(ctx, customers.NewCustomer("Sito Esempio"))
    info = refused(ctx, NotAllowed, open_, ctx, "Il sito non va", channel="phone")
    message = str(info.value)
    assert message.startswith("policy 'mb-services': Non possono essere prese")
    assert "richieste telefoniche" in message  # the policy's own reason is shown, alone
    # e-mail is fine under the same policy
    assert open_(ctx, "Il sito non va", channel="email").number == "2026-000001"


def test_a_channel_the_policy_does_not_list(ctx):
    info = refused(ctx, NotAllowed, open_, ctx, channel="fax")
    assert str(info.value) == "policy 'default': requests are not accepted by this channel (fax)"
    info = refused(ctx, NotAllowed, open_, ctx, channel="walk_in")  # a code said in words
    assert str(info.value).endswith("by this channel (in person)")


def test_unknown_customer(ctx):
    info = refused(ctx, NotFound, open_, ctx, customer=999)
    assert info.value.code == 2
    assert "999" in str(info.value)
    info = refused(ctx, NotFound, open_, ctx, customer="Nessuno S.p.A.")
    assert info.value.code == 2
    assert "Nessuno" in str(info.value)


def test_ambiguous_customer_name(ctx):
    customers.add_customer(ctx, customers.NewCustomer("Ottica Due"))
    info = refused(ctx, InvalidInput, open_, ctx, customer="Ottica")
    assert "several customers" in str(info.value)


def test_an_ambiguous_customer_name_lists_the_first_five_by_name(ctx):
    for name in ("Ottica Zeta", "Ottica Beta", "Ottica Esempio S.n.c.", "Ottica Alfa"):
        customers.add_customer(ctx, customers.NewCustomer(name))
    customers.add_customer(ctx, customers.NewCustomer("Ottica Beta"))
    info = refused(ctx, InvalidInput, open_, ctx, customer="Ottica")
    assert "(5: Ottica Alfa, 3: Ottica Beta, 6: Ottica Beta, 1: Ottica Esempio S.n.c., " in str(
        info.value
    )
    assert "Zeta" not in str(info.value)


def test_unknown_contact_or_contact_of_another_customer(ctx):
    info = refused(ctx, NotFound, open_, ctx, requester=999)
    assert info.value.code == 2
    other = customers.add_customer(ctx, customers.NewCustomer("Altra Ditta"))
    stranger = customers.add_contact(ctx, other.id, "Gino Altri", "titolare")
    info = refused(ctx, NotFound, open_, ctx, requester=stranger.id)
    assert "not a contact of Ottica Esempio" in str(info.value)


@pytest.mark.parametrize("subject", ["", "   ", "\n\t"])
def test_empty_subject(ctx, subject):
    info = refused(ctx, InvalidInput, open_, ctx, subject)
    assert info.value.code == 2
    assert "subject is empty" in str(info.value)


def test_subject_too_long(ctx):
    refused(ctx, InvalidInput, open_, ctx, "x" * 301, match="longer than 300")
    assert open_(ctx, "x" * 300).subject == "x" * 300


def test_unknown_severity_or_level(ctx):
    refused(ctx, InvalidInput, open_, ctx, severity="Z", match="unknown severity 'Z'")
    refused(ctx, InvalidInput, open_, ctx, level=3, match="level is 1")


def test_arrival_in_the_future_is_refused(ctx, clock):
    later = clock.value + timedelta(hours=1)
    info = refused(ctx, InvalidInput, open_, ctx, arrived_at=later)
    assert f"the arrival time {later.astimezone(ctx.policy.zone):%d/%m/%Y %H:%M} is in" in str(
        info.value
    )


def test_arrival_in_the_past_starts_the_clock_then(ctx, clock):
    arrived = rome(2026, 11, 23, 9, 0)  # an hour before "now"
    opened = open_(ctx, arrived_at=arrived, severity="A")
    assert opened.arrived_at == arrived
    # 4 business hours from 09:00: 09-13 → due 13:00
    assert opened.due_at == rome(2026, 11, 23, 13, 0)


def test_a_little_clock_skew_is_tolerated(ctx, clock):
    ahead = clock.value + timedelta(minutes=2)  # another machine's clock, a bit fast
    assert open_(ctx, arrived_at=ahead).arrived_at == ahead


def test_the_opening_is_on_the_timeline(ctx):
    opened = open_(ctx, "URGENTE rete giù", severity="B", channel="whatsapp")
    detail = incidents.show(ctx, opened.number)
    assert [e.kind for e in detail.timeline] == ["opened"]
    first = detail.timeline[0]
    assert first.actor == "anna"
    assert first.data["plan"] == "basic"
    assert first.data["severity"] == "B"
    assert first.data["urgent"] is True
    assert first.data["channel"] == "whatsapp"


STRANGE_TEXTS = [
    "Il PC 🖥️ non parte 🔥🔥 — aiuto! 👨‍👩‍👧‍👦",
    "مرحبا بالعالم: الطابعة لا تعمل",  # Arabic, right to left
    "שלום \u202egnp.exe\u202c עולם",  # Hebrew plus an RTL override
    "[bold]markup[/bold] [red]not rich[/red] [link=http://x]x[/link]",
    "\x1b[31mred\x1b[0m and \x1b]0;title\x07 escapes",
    "zero\u200bwidth\u200djoiner\u200c\ufeffbom",
    "Ünïcödé ñ ß 漢字 かな 한국어 Ελληνικά кириллица",
    "quotes ' \" ` and backslash \\ and % and _ and ; DROP TABLE incident; --",
    "combining e\u0301 vs \u00e9, and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 astral",
]


def test_any_unicode_is_stored_verbatim(ctx):
    for subject in STRANGE_TEXTS:
        description = f"{subject}\nline two\r\n\tindented\n{subject[::-1]}"
        opened = open_(ctx, subject, description=description)
        assert opened.subject == subject
        assert opened.description == description
        shown = incidents.show(ctx, opened.number).incident
        assert shown.subject.encode("utf-8") == subject.encode("utf-8")
        assert shown.description.encode("utf-8") == description.encode("utf-8")
    # and the queue search finds them by any of their characters
    assert queue.queue(ctx, text="\u200d").total == 2  # the emoji family and the joiner
    assert queue.queue(ctx, text="[bold]markup").total == 1


def test_a_nul_character_is_refused_alike_on_every_backend(ctx):
    # PostgreSQL cannot store U+0000 in text; SQLite could: both refuse it up front.
    refused(ctx, InvalidInput, open_, ctx, "nul\x00here", match="NUL")
    refused(ctx, InvalidInput, open_, ctx, "ok", description="a\x00b", match="NUL")


def test_an_employee_request_waits_for_authorisation(ctx):
    luca = contact(ctx, "Luca Verdi")
    opened = open_(ctx, "Installare stampante", requester=luca.id, channel="phone")
    assert opened.status == "awaiting_authorisation"
    assert opened.needs_authorisation
    assert opened.requester == "Luca Verdi"
    assert opened.requester_role == "employee"
    # a titolare's own request does not wait
    maria = contact(ctx, "Maria Bianchi")
    assert open_(ctx, requester=maria.id).status == "open"
