"""The queue's text search: case and accents aside, by number, subject or customer, from
the trigram indexes kept by the store (migration 0022), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from techconsole import demo
from techconsole.domain.search import matches, whole_number
from techconsole.services.customers import registry as customers
from techconsole.services.incidents import closing, ownership, queue
from techconsole.store import search
from techconsole.store.models import Customer, Incident

from .support import open_


def numbers(page: queue.QueuePage) -> list[str]:
    return sorted(r.number for r in page.rows)


def found(ctx, text: str, **kwargs) -> list[str]:
    page = queue.queue(ctx, text=text, limit=1000, **kwargs)
    assert page.total == len(page.rows)  # the count and the page agree
    return numbers(page)


def _rename(ctx, customer_id: int, name: str) -> None:
    """No command renames a customer yet: the store's own write, as a future one would."""
    with ctx.db.write() as session:
        row = session.get(Customer, customer_id)
        assert row is not None
        row.name = name


def _edit_subject(ctx, number: str, subject: str) -> None:
    """No command edits a subject yet: the store's own write, as a future one would."""
    with ctx.db.write() as session:
        row = session.exec(select(Incident).where(Incident.number == number)).one()
        row.subject = subject


def test_accents_and_case_do_not_matter(ctx):
    city = open_(ctx, "Stampante guasta nella sede di Città di Castello")
    open_(ctx, "Posta elettronica lenta")
    for typed in ("citta", "CITTÀ", "Città", "cittÀ", "CITTA DI CAST"):
        assert found(ctx, typed) == [city.number], typed
    caffe = customers.add_customer(ctx, customers.NewCustomer("Caffè Ünion S.r.l."))
    union = open_(ctx, "Cassa bloccata", customer=caffe.id)
    assert found(ctx, "caffe") == [union.number]
    assert found(ctx, "CAFFÈ UNION") == [union.number]
    assert found(ctx, "ünï") == [union.number]  # the accents typed are folded too


def test_letters_beyond_latin_accents(ctx):
    straße = open_(ctx, "Drucker in der Hauptstraße")
    ligature = open_(ctx, "Il ﬁle di log è pieno")
    assert found(ctx, "STRASSE") == [straße.number]
    assert found(ctx, "strasse") == [straße.number]
    assert found(ctx, "file di") == [ligature.number]
    assert found(ctx, "È PIENO") == [ligature.number]


def test_a_whole_number_finds_that_incident(ctx):
    first = open_(ctx, "Primo")
    second = open_(ctx, f"Come la {first.number}, ma in ufficio")  # names the first one
    assert found(ctx, first.number) == [first.number]  # by the number: its own, only
    assert found(ctx, f"  {second.number} ") == [second.number]
    assert found(ctx, "2026-999999") == []
    closing.resolve(ctx, first.number, resolved=True)
    assert found(ctx, first.number) == []  # resolved: not in the queue …
    assert found(ctx, first.number, view="recent") == [first.number]  # … in "recent"


def test_part_of_a_number(ctx):
    made = [open_(ctx, f"Richiesta {i}") for i in range(12)]
    assert [m.number for m in made[:2]] == ["2026-000001", "2026-000002"]
    assert found(ctx, "000011") == [made[10].number]  # six digits: by the index
    assert found(ctx, "00000") == sorted(m.number for m in made[:9])
    assert found(ctx, "12") == [made[11].number]  # two: compared row by row
    assert found(ctx, "2026-00001") == sorted(m.number for m in made[9:])  # no whole number


def test_texts_shorter_than_a_trigram(ctx):
    pc = open_(ctx, "Il PC della reception non parte")
    open_(ctx, "Stampante offline")
    accent = open_(ctx, "Rete giù")
    assert found(ctx, "pc") == [pc.number]
    assert found(ctx, "Pc") == [pc.number]
    assert found(ctx, "ù") == [accent.number]
    assert found(ctx, "U") == [accent.number]
    assert queue.queue(ctx, text="e").total == 3
    assert found(ctx, "%") == []


def test_the_customer_s_name(ctx):
    assert found(ctx, "ottica") == []
    one = open_(ctx, "Toner finito")
    other = customers.add_customer(ctx, customers.NewCustomer("Studio Bianchi"))
    two = open_(ctx, "Toner finito", customer=other.id)
    assert found(ctx, "OTTICA ESEMP") == [one.number]
    assert found(ctx, "toner") == sorted([one.number, two.number])
    assert found(ctx, "bianchi") == [two.number]
    _rename(ctx, other.id, "Studio Neri & Figli")
    assert found(ctx, "bianchi") == []  # the old name finds nothing …
    assert found(ctx, "neri & fig") == [two.number]  # … the new one does
    assert found(ctx, "&") == [two.number]  # (also row by row)
    assert found(ctx, "bi") == []


def test_an_edited_subject_is_found_by_its_new_words_only(ctx):
    edited = open_(ctx, "Stampante inceppata")
    other = open_(ctx, "Stampante senza toner")
    _edit_subject(ctx, edited.number, "Scanner che non invia più")
    assert found(ctx, "inceppata") == []
    assert found(ctx, "stampante") == [other.number]
    assert found(ctx, "scanner che") == [edited.number]
    assert found(ctx, "PIU") == [edited.number]
    assert found(ctx, "ù") == [edited.number]


def test_resolved_incidents_leave_the_search_and_come_back_reopened(ctx, clock):
    printer = open_(ctx, "Stampante inceppata")
    assert found(ctx, "inceppata") == [printer.number]
    closing.resolve(ctx, printer.number, resolved=True)
    assert found(ctx, "inceppata") == []
    assert found(ctx, "INCEPPATA", view="recent") == [printer.number]  # the week's resolved
    assert found(ctx, "in", view="recent") == [printer.number]
    assert found(ctx, "toner", view="recent") == []
    closing.reopen(ctx, printer.number, "Si è inceppata di nuovo")
    assert found(ctx, "inceppata") == [printer.number]


@pytest.mark.parametrize("dense", [1_000, 0])
def test_search_combines_with_views_and_pages(ctx, monkeypatch, dense):
    monkeypatch.setattr(search, "DENSE", dense)  # 0: as if it found more than the threshold
    made = [open_(ctx, f"Stampante {n}") for n in range(5)]
    ownership.claim(ctx.as_("bruno"), made[1].number)
    ownership.claim(ctx.as_("bruno"), made[3].number)
    bruno = ctx.as_("bruno")
    assert found(bruno, "stampante", view="mine") == [made[1].number, made[3].number]
    assert found(ctx, "stampante", view="unassigned") == [
        m.number for m in (made[0], made[2], made[4])
    ]
    page = queue.queue(ctx, text="STAMPANTE", limit=2)
    rest = queue.queue(ctx, text="STAMPANTE", limit=10, offset=2)
    assert page.total == rest.total == 5
    assert [r.number for r in page.rows + rest.rows] == [
        r.number for r in queue.queue(ctx, limit=10).rows
    ]  # in queue order
    for typed in ("st", "TAMP"):  # row by row, and from the index
        mine = queue.queue(bruno, text=typed, view="mine")
        assert (mine.total, numbers(mine)) == (2, [made[1].number, made[3].number])
        assert queue.queue(ctx, text=typed, view="unassigned").total == 3
        assert queue.queue(ctx, text=typed, customer="ottica").total == 5


def test_the_customer_filter_ignores_accents_too(ctx):
    caffe = customers.add_customer(ctx, customers.NewCustomer("Caffè Roma"))
    customers.add_contract(ctx, caffe.id, "basic", date(2026, 1, 1), date(2026, 12, 31))
    made = open_(ctx, "Cassa bloccata", customer=caffe.id)
    assert [r.number for r in queue.queue(ctx, customer="CAFFE").rows] == [made.number]


def test_quotes_and_operators_are_plain_text(ctx):
    quoted = open_(ctx, 'Errore "disco pieno" OR NOT * AND NEAR(a b)')
    open_(ctx, "Disco pieno")
    assert found(ctx, '"disco pieno"') == [quoted.number]
    assert found(ctx, "or not *") == [quoted.number]
    assert found(ctx, "near(a") == [quoted.number]
    assert found(ctx, '"') == [quoted.number]


def test_the_demo_s_incidents_are_searchable(make_ctx):
    """The demo writes in bulk, past the ORM: its rows are in the index all the same."""
    ctx = make_ctx("anna")
    demo.generate(ctx, incidents=150, seed=5, reports=False)
    rows = {
        r.number: r for r in queue.queue(ctx, limit=1000).rows
    }  # every open one, with its customer's name
    assert rows
    words = {w for r in rows.values() for w in r.subject.split() if len(w) >= 3}
    names = {r.customer.split()[0] for r in rows.values()}
    for word in sorted(words)[:12] + sorted(names)[:5] + ["pc", "ù", "piu"]:
        expected = sorted(n for n, r in rows.items() if matches(word, n, r.subject, r.customer))
        assert found(ctx, word) == expected, word


# -- the index answers what a Python filter over the same rows answers -------------------

SUBJECTS = (
    "Città di Castello: stampante guasta",
    "CITTÀ ALTA — rete giù",
    "Perché il PC non parte?",
    "100% disco pieno",
    "file_a.txt illeggibile",
    "C:\\dati\\_old non si apre",
    "Straße und Maße",
    'Citazione "tra virgolette"',
    "Ωmega e ωmega",
    "ﬁnestra bloccata ²",
    "   spazi   ",
    "Già fatto ieri",
)
NAMES = ("Caffè Ünion", "Ottica Bianchi", "Perù & C.")
LETTERS = "aAàÀeèéEÉiìIoòOuùUcCtTs ßΩω%_\\\"'-0123456789ﬁ²"


@pytest.fixture(params=["few", "many"])
def corpus(ctx, request, monkeypatch):
    """The rows searched; "many": as if every search found more than ``search.DENSE``
    (SQLite then reads the open incidents in queue order and keeps those found)."""
    if request.param == "many":
        monkeypatch.setattr(search, "DENSE", 0)
    made = [customers.add_customer(ctx, customers.NewCustomer(name)) for name in NAMES]
    rows = []
    for i, subject in enumerate(SUBJECTS):
        customer = made[i % len(made)]
        incident = open_(ctx, subject, customer=customer.id)
        rows.append((incident.number, incident.subject, customer.name))  # as stored
    closing.resolve(ctx, rows[-1][0], resolved=True)  # not in the queue any more
    return ctx, rows[:-1]


@st.composite
def typed(draw: st.DrawFn) -> str:
    """Part of a subject or a name, its case or accents changed, or any letters."""
    if draw(st.booleans()):
        text = draw(st.sampled_from(SUBJECTS + NAMES))
        start = draw(st.integers(0, len(text) - 1))
        part = text[start : start + draw(st.integers(1, 8))]
        return draw(st.sampled_from((part, part.upper(), part.lower(), part.casefold())))
    return draw(st.text(LETTERS, min_size=1, max_size=5))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=typed())
def test_the_index_answers_as_a_filter_of_the_rows(corpus, text):
    ctx, rows = corpus
    if whole_number(text):  # looked up by the number itself (test_a_whole_number_…)
        return
    expected = sorted(
        number for number, subject, name in rows if matches(text, number, subject, name)
    )
    assert found(ctx, text) == expected
