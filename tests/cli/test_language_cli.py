"""The command line speaks Italian by default (no ``TECHCONSOLE_LANG``), English with
``TECHCONSOLE_LANG=en``; ``--json`` is the same in both.

The help of the commands is built when their module is imported (once per process), so
help texts are checked in a fresh interpreter, as a person runs the program.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.fixture
def italian(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default language: no ``TECHCONSOLE_LANG`` (the autouse fixture sets ``en``)."""
    monkeypatch.delenv("TECHCONSOLE_LANG")


def help_text(*args: str, lang: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "TECHCONSOLE_LANG"}
    env["COLUMNS"] = "200"
    if lang:
        env["TECHCONSOLE_LANG"] = lang
    code = "import sys; from techconsole.cli import main; main(sys.argv[1:])"
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return " ".join(proc.stdout.split())


def test_the_root_help_and_a_command_help_are_italian_by_default():
    root = help_text("--help")
    assert "La console di un team di assistenza informatica" in root
    assert "Richieste: apri, prendi in carico, lavora, risolvi, chiudi." in root
    assert "Opzioni globali" in root
    sub = help_text("incident", "claim", "--help")
    assert "Prendi una richiesta non assegnata" in sub
    assert "La prima richiesta non assegnata nell'ordine della coda." in sub
    english = help_text("incident", "claim", "--help", lang="en")
    assert "Take an unassigned incident" in english and "Prendi" not in english


def test_incident_group_in_italian(italian, tc, office):
    opened = tc("incident", "add", "Stampante bloccata", "-c", "1", "--at", "2026-11-27T10:00")
    assert opened.code == 0, opened.err
    assert "aperta la richiesta 2026-000001 per Ottica Esempio S.n.c." in opened.out
    assert "assegnata a nessuno" in opened.out
    listed = tc("incident", "list").out
    assert "Numero" in listed and "Oggetto" in listed and "Stato" in listed
    assert "ven 27/11/2026 10:00" in listed  # the weekday in Italian
    claimed = tc("incident", "claim", "2026-000001", as_="bruno")
    assert "2026-000001 è tua: Stampante bloccata" in claimed.out
    refused = tc("incident", "claim")
    assert refused.code == 2
    assert "indica un numero di richiesta oppure --next (non entrambi)" in refused.err


def test_timer_material_and_bill_in_italian(italian, tc, office):
    tc("incident", "add", "PC lento", "-c", "1", "--at", "2026-11-27T10:00")
    started = tc("timer", "start", "1", "--at", "2026-11-27T10:00")
    assert "timer avviato" in started.out
    stopped = tc("timer", "stop", "--at", "2026-11-27T10:30")
    assert "timer fermato" in stopped.out and "2 scatti" in stopped.out
    sessions = tc("timer", "list").out
    assert "Sessioni di lavoro" in sessions and "1 sessione, 2 scatti" in sessions
    added = tc("material", "add", "1", "RAM", "--price", "35,50")  # typed the Italian way
    assert added.code == 0, added.err
    assert "1 × RAM a 35,50" in added.out
    bill = tc("bill", "incident", "1").out
    assert "Voce" in bill and "Imponibile" in bill and "Totale" in bill
    assert "Nessun timer in corso." in tc("timer", "status").out


def test_customer_tech_and_month_in_italian(italian, tc, office):
    shown = tc("customer", "show", "1").out
    assert "Referenti" in shown and "Può autorizzare" in shown and "Contratti" in shown
    # the codes said in words ("employee", "on premise" and "0.00" were printed)
    assert "dipendente" in shown and "employee" not in shown
    assert "in sede" in shown and "on premise" not in shown
    assert "0,00 €" in shown.replace("\xa0", " ") and "0.00" not in shown
    assert "31/12/2035" in shown  # whole at 80 columns
    assert "#1 — piano: Basic 8×5" in shown  # the plan by its label
    listed = tc("customer", "list").out
    assert "in sede" in listed and "on premise" not in listed
    assert "Basic 8×5" in listed and "Senza contratto" in listed  # Bar Sport: none
    added = tc("customer", "add", "Panificio Rossi")
    assert "registrato il cliente n. 3 Panificio Rossi" in added.out
    techs = tc("tech", "list").out
    assert "Utente" in techs and "Ruolo" in techs and "Attivo" in techs
    closed = tc("month", "close", "2026-10")
    assert "2026-10 chiuso per la fatturazione" in closed.out
    assert "Nessun mese è chiuso." in tc("month", "list").out or "chiuso da" in (
        tc("month", "list").out
    )
    bad = tc("customer", "contract-add", "1", "-p", "basic", "--from", "ieri", "--to", "oggi")
    assert bad.code == 2 and "non è una data" in bad.err


def test_sla_policy_db_and_config_in_italian(italian, run, tc, office):
    due = run("sla", "due", "-p", "basic", "-s", "C", "--at", "2026-11-27T10:00")
    assert due.code == 0, due.err
    assert "minuti lavorativi" in due.out and "ven 27/11/2026 10:00" in due.out
    unknown = run("sla", "due", "-p", "oro", "-s", "C")
    assert unknown.code == 2 and "piano 'oro' sconosciuto; la policy 'default' ha" in unknown.err
    calendar = run("sla", "calendar", "-p", "basic", "--from", "2026-11-28", "--days", "2").out
    assert "Giorno" in calendar and "sab 28/11/2026" in calendar and "dom 29/11/2026" in calendar
    assert "Piano" in run("policy", "list").out or "Nome" in run("policy", "list").out
    assert "è valida" in run("policy", "check").out
    status = tc("db", "status").out
    assert "Schema:" in status and "(la più recente)" in status and "byte)" in status
    assert "Chiave" in run("config", "show").out and "Valore" in run("config", "show").out


def test_queue_team_and_report_in_italian(italian, tc, office):
    tc("incident", "add", "Rete giù", "-c", "1")
    queue = tc("queue").out
    assert "Oggetto" in queue and "1 richiesta aperta" in queue
    load = tc("team", "load").out
    assert "Carico del team" in load and "Tecnico" in load and "A rischio" in load
    assert "★ responsabile · Oggi, Mese: scatti lavorati" in " ".join(load.split())
    issue = tc("report", "issue")
    assert issue.code == 2 and "indica un numero di richiesta oppure --all" in issue.err
    assert tc("report", "list").out.startswith("Nessun rapporto di lavoro")


JSON_COMMANDS = (  # none depends on the time it runs: the outputs are compared byte for byte
    ("incident", "list", "--status", "closed", "--json"),
    ("customer", "show", "1", "--json"),
    ("customer", "list", "--json"),
    ("tech", "list", "--json"),
    ("sla", "due", "-p", "basic", "-s", "C", "--at", "2026-11-27T10:00", "--json"),
    ("sla", "calendar", "-p", "basic", "--from", "2026-12-24", "--days", "3", "--json"),
    ("policy", "check", "--json"),
    ("policy", "list", "--json"),
)


def test_json_is_the_same_in_italian_and_english(tc, office, monkeypatch):
    tc("incident", "add", "Stampante bloccata", "-c", "1", "--at", "2026-11-27T10:00")
    for args in JSON_COMMANDS:
        english = tc(*args)
        monkeypatch.delenv("TECHCONSOLE_LANG")
        italian = tc(*args)
        monkeypatch.setenv("TECHCONSOLE_LANG", "en")
        assert english.code == italian.code == 0, (args, italian.err)
        assert english.out == italian.out, args  # byte for byte


def _countdowns(value: object) -> list[str]:
    if isinstance(value, dict):
        found = [value["countdown"]] if "countdown" in value else []
        return found + [c for v in value.values() for c in _countdowns(v)]
    if isinstance(value, list):
        return [c for v in value for c in _countdowns(v)]
    return []


def test_json_countdowns_do_not_follow_the_language(tc, office, monkeypatch):
    """The countdown words (``paused``) are the same whatever the reader's language."""
    tc("incident", "add", "Stampante bloccata", "-c", "1")
    assert tc("incident", "pause", "1", "--reason", "aspetto il cliente").code == 0
    english = tc("incident", "show", "1", "--json").json()
    monkeypatch.delenv("TECHCONSOLE_LANG")
    assert "in pausa" in tc("incident", "show", "1").out  # people read Italian
    italian = tc("incident", "show", "1", "--json").json()
    assert _countdowns(english) and "paused" in _countdowns(english)
    assert _countdowns(italian) == _countdowns(english)


def test_the_bill_words_its_lines_in_the_language_spoken(italian, tc, office, monkeypatch):
    """``bill incident`` words each charge from its code, as the work report does: the
    labour, the call-out and a part under warranty in Italian, or in English; the part's
    description stays as typed, and ``--json`` gives the codes."""
    tc("incident", "add", "Server fermo", "-c", "1", "--at", "2026-11-27T09:00")
    tc("timer", "start", "1", "--kind", "on_site", "--at", "2026-11-27T10:00")
    tc("timer", "stop", "--at", "2026-11-27T10:30")
    tc("material", "add", "1", "Alimentatore [b]ATX[/b]", "--price", "45", "--warranty")
    said = " ".join(tc("bill", "incident", "1").out.split())
    assert "Manodopera – presso il cliente, 30 min" in said
    assert "Diritto di chiamata (uscita)" in said
    assert "Alimentatore [b]ATX[/b]" in said and "Garanzia – non fatturato" in said
    assert "call-out" not in said and "garanzia – non fatturato" not in said
    data = tc("bill", "incident", "1", "--json").json()
    codes = [(ln["kind"], ln["label"], ln["label_args"], ln["reason_code"]) for ln in data["lines"]]
    assert codes == [
        ("labour", "labour_session", {"kind": "on_site", "minutes": "30"}, ""),
        ("callout", "callout", {}, ""),
        ("material", "material", {}, "warranty"),
    ]
    monkeypatch.setenv("TECHCONSOLE_LANG", "en")
    said = " ".join(tc("bill", "incident", "1").out.split())
    assert "Labour – on site, 30 min" in said
    assert "Call-out fee" in said and "Warranty – not invoiced" in said


def test_incident_show_names_the_requester_s_role_and_the_channel_in_italian(italian, tc, office):
    tc(
        "incident", "add", "Nuovo utente", "-c", "1", "--requester", "2",
        "--channel", "whatsapp", "--at", "2026-11-27T10:00",
    )  # fmt: skip
    shown = " ".join(tc("incident", "show", "2026-000001").out.split())
    assert "Luca Verdi (dipendente)" in shown and "employee" not in shown
    assert "Canale WhatsApp" in shown and "whatsapp" not in shown
    assert "Piano Basic 8×5" in shown  # the policy's label, as the lead's view says it
    data = tc("incident", "show", "2026-000001", "--json").out
    assert '"requester_role": "employee"' in data and '"channel": "whatsapp"' in data


def test_the_team_in_italian(italian, tc, office):
    """The role is a word of the language, not the code --role takes (--json keeps it)."""
    added = tc("tech", "add", "carla", "--name", "Carla Bruni", "--role", "lead")
    assert "aggiunto carla (Carla Bruni) come responsabile" in added.out
    table = tc("tech", "list").out
    assert "responsabile" in table and "tecnico" in table
    assert "technician" not in table and " lead " not in table
    assert "bruno — Bruno Neri (tecnico)" in tc("tech", "whoami", as_="bruno").out
    assert tc("tech", "whoami", "--json", as_="bruno").json()["role"] == "technician"
