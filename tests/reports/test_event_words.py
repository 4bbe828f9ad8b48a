"""Every kind of timeline event worded in Italian and English from the catalogue, and no
sentence ever read back with a regular expression outside migration 0006."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from techconsole import i18n
from techconsole.domain import events
from techconsole.reports import event_words
from techconsole.services.views import EventView

SRC = Path(i18n.__file__).resolve().parents[1]

#: kind → (Italian name, English name)
NAMES = {
    "opened": ("Richiesta ricevuta", "Request received"),
    "claimed": ("Presa dal tecnico", "Claimed"),
    "assigned": ("Assegnata", "Assigned"),
    "triage": ("Classificata", "Triaged"),
    "acknowledged": ("Presa in carico", "Taken in charge"),
    "pause": ("Sospesa", "Paused"),
    "resume": ("Ripresa", "Resumed"),
    "on_site": ("Arrivo presso il cliente", "Arrived on site"),
    "note": ("Nota", "Note"),
    "authorised": ("Autorizzazione ricevuta", "Authorisation received"),
    "account_provided": ("Account del server", "Server account"),
    "timer_started": ("Inizio lavoro", "Work started"),
    "timer_stopped": ("Fine lavoro", "Work stopped"),
    "session_edited": ("Sessione corretta", "Session corrected"),
    "session_added": ("Lavoro registrato a posteriori", "Work recorded afterwards"),
    "timer_discarded": ("Lavoro scartato", "Work discarded"),
    "material_added": ("Materiale", "Material"),
    "material_approved": ("Ricambio approvato dal cliente", "Part approved by the customer"),
    "material_declined": ("Ricambio rifiutato dal cliente", "Part declined by the customer"),
    "resolved": ("Risolta", "Resolved"),
    "follow_up": ("Intervento successivo", "Follow-up"),
    "closed": ("Chiusa", "Closed"),
    "reopened": ("Riaperta", "Reopened"),
    "report": ("Rapporto di lavoro", "Work report"),
    "mail_in": ("E-mail ricevuta", "Mail received"),
    "mail_out": ("E-mail al cliente", "Mail to the customer"),
    "estimated": ("Stima del ripristino", "Repair estimate"),
    "loaner_lent": ("PC muletto prestato", "Loaner PC lent"),
    "loaner_returned": ("PC muletto restituito", "Loaner PC returned"),
    "release": ("Soluzione in un rilascio", "Fix in a release"),
}

#: (kind, fields) → (Italian, English): the program's own sentences
SENTENCES = [
    ("pause", {"reason": "customer"}, "in attesa del cliente", "waiting on the customer"),
    (
        "pause",
        {"reason": "authorisation", "contact": "Luca Verdi", "role": "employee"},
        "in attesa dell'autorizzazione del titolare o dell'ADS (la richiesta è di Luca "
        "Verdi, dipendente)",
        "waiting for the authorisation of a titolare or ADS (asked by Luca Verdi, employee)",
    ),
    (
        "pause",
        {"reason": "authorisation"},
        "in attesa dell'autorizzazione del titolare o dell'ADS",
        "waiting for the authorisation of a titolare or ADS",
    ),
    ("resume", {"reason": "authorisation"}, "autorizzazione ricevuta", "authorisation received"),
    (
        "account_provided",
        {"contact": "Maria Bianchi"},
        "account del server fornito da Maria Bianchi (password non registrata)",
        "server account provided by Maria Bianchi (password not recorded)",
    ),
    (
        "follow_up",
        {"follow_up": "2026-000012"},
        "aperto l'intervento successivo 2026-000012",
        "follow-up 2026-000012 opened",
    ),
    (
        "report",
        {"report": "RL-2026-0007", "revision": 0},
        "emesso il rapporto di lavoro RL-2026-0007",
        "work report RL-2026-0007 issued",
    ),
    (
        "report",
        {"report": "RL-2026-0007", "revision": 1},
        "emesso il rapporto di lavoro RL-2026-0007 rev. 1, che sostituisce la revisione precedente",
        "work report RL-2026-0007 rev. 1 issued, replacing the previous revision",
    ),
    (
        "estimated",
        {"estimate": "2026-11-27T16:00:00+00:00", "previous": None, "minutes": 4320},
        "ripristino stimato in 72 h",
        "repair estimated to take 72 h",
    ),
    (
        "loaner_lent",
        {"loan": 3, "loaner": "Muletto-01", "data_from": "PC-Reception"},
        "consegnato il PC muletto Muletto-01, con i dati di PC-Reception",
        "loaner PC Muletto-01 handed over, with the data of PC-Reception",
    ),
    (
        "loaner_returned",
        {"loan": 3, "loaner": "Muletto-01"},
        "restituito il PC muletto Muletto-01",
        "loaner PC Muletto-01 returned",
    ),
    # (001) "in seguito al rilascio della versione aggiornata, esporra' la soluzione"
    (
        "release",
        {"release": "2027-07-01", "old_release": "2027-01-01"},
        "la soluzione arriva con il rilascio del 01/07/2027",
        "the fix comes with the release of 01/07/2027",
    ),
    (
        "release",
        {"release": None, "old_release": "2027-07-01"},
        "non più collegata a un rilascio",
        "no longer linked to a release",
    ),
]


def test_every_kind_has_its_name_in_both_languages():
    assert set(NAMES) == set(events.KINDS)
    for kind, (italian, english) in NAMES.items():
        assert event_words.action(kind, "it") == italian
        assert event_words.action(kind, "en") == english
    assert event_words.action("contact.add", "it") == "Referente aggiunto"
    assert event_words.action("loaner.lend", "it") == "PC muletto prestato"
    assert event_words.action("something_new", "en") == "something new"


@pytest.mark.parametrize(("kind", "fields", "italian", "english"), SENTENCES)
def test_the_program_s_sentences_from_kind_and_fields(kind, fields, italian, english):
    events.check(kind, fields)
    event = EventView(1, None, "anna", kind, "", fields)  # type: ignore[arg-type]
    assert event_words.describe(event, "it") == italian
    assert event_words.describe(event, "en") == english
    assert event_words.text(kind, "", fields, "it") == italian


def test_a_person_s_text_is_said_as_written():
    typed = "Aspetto le credenziali\nda Luca"
    event = EventView(1, None, "anna", "pause", typed, {"reason": "customer"})  # type: ignore[arg-type]
    assert event_words.describe(event, "en") == typed  # lines kept for the console
    assert event_words.text("pause", typed, {"reason": "customer"}, "it") == (
        "Aspetto le credenziali da Luca"
    )
    for kind in events.KINDS:  # kinds without a sentence of their own say nothing more
        if kind not in {k for k, *_ in SENTENCES}:
            assert event_words.sentence(kind, {}, "it") == ""
    # the release a fix comes with is said beside the note, as an agreement is
    linked = {"release": "2027-07-01", "old_release": None}
    assert event_words.text("release", "Serve il nuovo DB", linked, "it") == (
        "Serve il nuovo DB · la soluzione arriva con il rilascio del 01/07/2027"
    )
    noted = EventView(2, None, "anna", "release", "Serve il nuovo DB", linked)  # type: ignore[arg-type]
    assert event_words.describe(noted, "en") == (
        "Serve il nuovo DB\nthe fix comes with the release of 01/07/2027"
    )


def test_details_worded_without_what_the_sentence_says():
    stopped = {"session_id": 3, "minutes": 65, "units": 4}
    assert event_words.details("timer_stopped", stopped, "it") == "1 h 5 min · 4 scatti"
    gone = {"session_id": 4, "session_kind": "phone", "seconds": 42}
    assert event_words.details("timer_discarded", gone, "it") == "42 s · telefono"
    assert event_words.details("timer_discarded", gone, "en") == "42 s · phone"
    assert event_words.details("timer_stopped", stopped, "en") == "1 h 5 min · 4 units"
    part = {"material_id": 1, "quantity": "2", "unit_price": "35.00", "warranty": False}
    assert event_words.details("material_added", part, "it") == "q.tà 2 · 35,00\xa0€ l'uno"
    # seed 003: a part proposed to a customer who wants to hear about it first
    proposed = {**part, "state": "proposed", "reason": "asked"}
    assert event_words.details("material_added", proposed, "it") == (
        "proposto, in attesa di conferma · q.tà 2 · 35,00\xa0€ l'uno"
    )
    answer = {"material_id": 1, "contact": "Sig. Rossi", "via": "in_person"}
    said = event_words.details("material_approved", answer, "it")
    assert said == "Sig. Rossi · tramite di persona"
    given = {"contact": "Maria Bianchi", "role": "titolare", "via": "pec", "until": None}
    assert (
        event_words.details("authorised", given, "it") == "Maria Bianchi · titolare · tramite PEC"
    )
    assert event_words.details("authorised", given, "en") == (
        "Maria Bianchi · owner (titolare) · by certified e-mail (PEC)"
    )
    assert event_words.details("resolved", {"resolved": False}, "it") == "non risolto"
    assert event_words.details("resolved", {"resolved": True}, "en") == "problem solved"
    assert event_words.details("triage", {"severity": "A", "old_severity": "C"}, "it") == (
        "gravità A"
    )
    waiting = {"reason": "authorisation", "contact": "Luca Verdi", "role": "employee"}
    assert event_words.details("pause", waiting, "it") == ""
    assert event_words.details("report", {"report": "RL-2026-0007", "revision": 1}, "en") == ""


def test_every_message_has_its_italian_words():
    """Each catalogue message of event_words (and of the modules it puts together) has its
    Italian words in the catalogue."""
    names = ("event_words", "event_sentences", "event_details", "event_terms")
    source = "".join((SRC / "reports" / f"{name}.py").read_text(encoding="utf-8") for name in names)
    source += (SRC / "domain" / "channels.py").read_text(encoding="utf-8")  # event_terms's
    marked = set(re.findall(r'NP_\("[^"]+", "([^"]+)"\)', source))
    marked |= set(re.findall(r'gettext\(\s*"([^"]+)"', source))
    italian = i18n.translator("it")
    assert len(marked) > 40
    missing = [
        m
        for m in marked
        if all(italian.pgettext(c, m) == m for c in ("event", "event detail", "contact role"))
        and all(
            italian.pgettext(c, m) == m
            for c in ("channel", "outcome", "mail notice", "changed field", "part")
        )
        and italian.gettext(m) == m
        and m not in {"e-mail", "WhatsApp", "rev. {v}", "no", "ADS"}  # the same in Italian
    ]
    assert missing == []


#: pieces of the regular expressions that read the old sentences back
OLD_PATTERNS = (
    r"\((.+) is (\w+)\)",
    r"\(password not recorded\)",
    r"follow-up (\S+) opened",
    r"work report (\S+)",
)


def test_no_sentence_is_parsed_back_outside_the_migration():
    """The old sentences' regular expressions live in migration 0006 only."""
    migration = "0006_structured_events.py"
    offenders = []
    for path in SRC.rglob("*.py"):
        body = path.read_text(encoding="utf-8")
        if path.name == migration:
            assert all(fragment in body for fragment in OLD_PATTERNS)
            continue
        if "GENERATED" in body or any(fragment in body for fragment in OLD_PATTERNS):
            offenders.append(str(path.relative_to(SRC)))
    assert offenders == []
    assert not (SRC / "reports" / "activity_labels.py").exists()
