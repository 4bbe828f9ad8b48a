"""How the activity report words an operation, in Italian and English: the timeline's
event kinds and the audit actions, the sentences the services write themselves (in
English), the event details, contact roles and request channels.
"""

from __future__ import annotations

#: Timeline event kinds and audit actions (services.documents.activity.ActivityRow.action).
ACTIONS: dict[str, dict[str, str]] = {
    "it": {
        "opened": "Richiesta ricevuta",
        "claimed": "Presa dal tecnico",
        "assigned": "Assegnata",
        "triage": "Classificata",
        "acknowledged": "Presa in carico",
        "pause": "Sospesa",
        "resume": "Ripresa",
        "on_site": "Arrivo presso il cliente",
        "note": "Nota",
        "authorised": "Autorizzazione ricevuta",
        "account_provided": "Account del server",
        "timer_started": "Inizio lavoro",
        "timer_stopped": "Fine lavoro",
        "session_edited": "Sessione corretta",
        "material_added": "Materiale",
        "resolved": "Risolta",
        "follow_up": "Intervento successivo",
        "closed": "Chiusa",
        "reopened": "Riaperta",
        "report": "Rapporto di lavoro",
        "customer.add": "Cliente registrato",
        "contact.add": "Referente aggiunto",
        "contract.add": "Contratto registrato",
    },
    "en": {
        "opened": "Request received",
        "claimed": "Claimed",
        "assigned": "Assigned",
        "triage": "Triaged",
        "acknowledged": "Taken in charge",
        "pause": "Paused",
        "resume": "Resumed",
        "on_site": "Arrived on site",
        "note": "Note",
        "authorised": "Authorisation received",
        "account_provided": "Server account",
        "timer_started": "Work started",
        "timer_stopped": "Work stopped",
        "session_edited": "Session corrected",
        "material_added": "Material",
        "resolved": "Resolved",
        "follow_up": "Follow-up",
        "closed": "Closed",
        "reopened": "Reopened",
        "report": "Work report",
        "customer.add": "Customer added",
        "contact.add": "Contact added",
        "contract.add": "Contract added",
    },
}

#: Texts the services write themselves (English, in services/*.py), worded again;
#: a regular expression's groups fill the template's ``{0}``, ``{1}``.
GENERATED: tuple[tuple[str, dict[str, str]], ...] = (
    (
        r"waiting on the customer",
        {"it": "in attesa del cliente", "en": "waiting on the customer"},
    ),
    (
        r"waiting for the authorisation of a titolare or ADS \((.+) is (\w+)\)",
        {
            "it": "in attesa dell'autorizzazione del titolare o dell'ADS (la richiesta è di "
            "{0}, {1})",
            "en": "waiting for the authorisation of a titolare or ADS (asked by {0}, {1})",
        },
    ),
    (r"authorisation received", {"it": "autorizzazione ricevuta", "en": "authorisation received"}),
    (
        r"server account provided by (.+) \(password not recorded\)",
        {
            "it": "account del server fornito da {0} (password non registrata)",
            "en": "server account provided by {0} (password not recorded)",
        },
    ),
    (
        r"follow-up (\S+) opened",
        {"it": "aperto l'intervento successivo {0}", "en": "follow-up {0} opened"},
    ),
    (
        r"work report (\S+) issued",
        {"it": "emesso il rapporto di lavoro {0}", "en": "work report {0} issued"},
    ),
    (
        r"work report (\S+ rev\. \d+) reissued",
        {
            "it": "emesso il rapporto di lavoro {0}, che sostituisce la revisione precedente",
            "en": "work report {0} issued, replacing the previous revision",
        },
    ),
)

#: Event details (services.documents.activity.DETAIL_KEYS): ``{v}`` is the value as worded.
DETAILS: dict[str, dict[str, str]] = {
    "it": {
        "minutes": "{v}",
        "units": "{v}",
        "session_kind": "{v}",
        "quantity": "q.tà {v}",
        "unit_price": "{v} l'uno",
        "contact": "{v}",
        "role": "{v}",
        "via": "tramite {v}",
        "resolved": "{v}",
        "severity": "gravità {v}",
        "assignee": "a {v}",
        "report": "{v}",
        "revision": "rev. {v}",
        "follow_up": "intervento successivo {v}",
    },
    "en": {
        "minutes": "{v}",
        "units": "{v}",
        "session_kind": "{v}",
        "quantity": "qty {v}",
        "unit_price": "{v} each",
        "contact": "{v}",
        "role": "{v}",
        "via": "by {v}",
        "resolved": "{v}",
        "severity": "severity {v}",
        "assignee": "to {v}",
        "report": "{v}",
        "revision": "rev. {v}",
        "follow_up": "follow-up {v}",
    },
}

RESOLVED: dict[str, dict[bool, str]] = {
    "it": {True: "problema risolto", False: "non risolto"},
    "en": {True: "problem solved", False: "not solved"},
}

ROLES: dict[str, dict[str, str]] = {
    "it": {"titolare": "titolare", "ads": "ADS", "employee": "dipendente"},
    "en": {
        "titolare": "owner (titolare)",
        "ads": "system administrator (ADS)",
        "employee": "employee",
    },
}

CHANNELS: dict[str, dict[str, str]] = {
    "it": {
        "email": "e-mail",
        "pec": "PEC",
        "whatsapp": "WhatsApp",
        "web": "modulo web",
        "phone": "telefono",
        "walk_in": "di persona",
    },
    "en": {
        "email": "e-mail",
        "pec": "certified e-mail (PEC)",
        "whatsapp": "WhatsApp",
        "web": "web form",
        "phone": "phone",
        "walk_in": "in person",
    },
}
