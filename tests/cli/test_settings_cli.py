"""Settings: flag, then environment, then the user's config file, then the site's, then
the default; ``config show`` says where each came from, ``config path`` which files."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from techconsole import i18n


@pytest.fixture
def user_file() -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "techconsole" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def site_file() -> Path:
    path = Path(os.environ["XDG_CONFIG_DIRS"]) / "techconsole" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def clean(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in (
        "DB",
        "USER",
        "POLICY",
        "LANG",
        "BUSY_TIMEOUT_MS",
        "LOCK_TIMEOUT_MS",
        "STATEMENT_TIMEOUT_MS",
    ):
        monkeypatch.delenv(f"TECHCONSOLE_{name}", raising=False)
    return monkeypatch


def shown(run, *args: str) -> dict[str, dict[str, Any]]:
    result = run(*args, "config", "show", "--json")
    assert result.code == 0, result.err
    return {row["key"]: row for row in result.json()}


def test_defaults(run, clean):
    rows = shown(run)
    general = {k: r for k, r in rows.items() if not k.startswith(("mail.", "hooks."))}
    assert {k: (r["value"], r["source"]) for k, r in general.items() if k != "db"} == {
        "policy": ("default", "default"),
        "language": ("it", "default"),
        "mouse": (True, "default"),
        "busy_timeout_ms": (10000, "default"),
        "lock_timeout_ms": (10000, "default"),
        "statement_timeout_ms": (60000, "default"),
        "user": (None, "default"),
        "workers": (None, "default"),
        "alerts": (True, "default"),
        "keys": ({}, "default"),
        "bell": (True, "default"),
    }
    table = run("config", "show").out  # for people: as the config file writes a boolean
    mouse = next(line for line in table.splitlines() if " mouse " in line)
    assert " true " in mouse and "True" not in table
    hooks = {k: r["value"] for k, r in rows.items() if k.startswith("hooks.")}
    assert hooks == {
        "hooks.on_warning": None,
        "hooks.on_breach": None,
        "hooks.on_new_incident": None,
        "hooks.on_resolved": None,
        "hooks.timeout_seconds": 10,
    }
    data = Path(os.environ["XDG_DATA_HOME"])
    assert rows["db"]["value"] == str(data / "techconsole" / "techconsole.db")
    assert not (data / "techconsole" / "techconsole.db").exists()  # showing creates nothing
    assert rows["mail.maildirs"]["value"] == []
    assert rows["mail.imap_url"]["value"] is None
    assert rows["mail.attachment_max_mb"]["value"] == 10


def test_mail_table_keys_with_paths_relative_to_the_file(run, clean, user_file):
    user_file.write_text(
        '[mail]\nmaildirs = ["posta", "/var/mail/aiuto"]\n'
        'imap_url = "imaps://aiuto@mail.esempio.invalid/INBOX"\n'
        'imap_password_file = "segreti/imap"\nattachment_max_mb = 25\n'
        'web_form_senders = ["Modulo@Sito.example"]\n',
        encoding="utf-8",
    )
    rows = shown(run)
    folder = user_file.parent
    assert rows["mail.maildirs"]["value"] == [str(folder / "posta"), "/var/mail/aiuto"]
    assert rows["mail.imap_password_file"]["value"] == str(folder / "segreti" / "imap")
    assert rows["mail.attachment_max_mb"]["value"] == 25
    assert rows["mail.web_form_senders"]["value"] == ["modulo@sito.example"]
    assert rows["mail.imap_url"]["source"] == str(user_file)


def test_hooks_and_alerts_from_the_config_file(run, clean, user_file):
    user_file.write_text(
        'bell = false\n[hooks]\non_breach = "notify-send SLA \\"$(jq -r .number)\\""\n'
        "timeout_seconds = 5\n",
        encoding="utf-8",
    )
    rows = shown(run)
    assert rows["bell"]["value"] is False
    assert rows["alerts"]["value"] is True
    assert rows["hooks.on_breach"]["value"] == 'notify-send SLA "$(jq -r .number)"'
    assert rows["hooks.on_breach"]["source"] == str(user_file)
    assert rows["hooks.timeout_seconds"]["value"] == 5


def test_bad_hooks_are_named(run, clean, user_file):
    user_file.write_text('hooks = "x"\n', encoding="utf-8")
    result = run("config", "show")
    assert result.code == 2 and "hooks" in result.err and "Traceback" not in result.err
    user_file.write_text("[hooks]\non_pager = 'x'\ntimeout_seconds = 0\n", encoding="utf-8")
    result = run("config", "show")
    assert result.code == 2
    assert "hooks.on_pager" in result.err and "hooks.timeout_seconds" in result.err


def test_bad_mail_settings_are_named(run, clean, user_file):
    user_file.write_text(
        '[mail]\nimap_url = "pop3://x@y"\nattachment_max_mb = 0\nsmtp_port = 25\n',
        encoding="utf-8",
    )
    result = run("config", "show")
    assert result.code == 2
    assert "mail.imap_url" in result.err
    assert "mail.attachment_max_mb" in result.err
    assert "mail.smtp_port" in result.err
    assert "Traceback" not in result.err


def test_flag_then_env_then_user_file_then_site_file(run, clean, user_file, site_file, tmp_path):
    site_file.write_text(
        'policy = "istes"\nuser = "site"\nbusy_timeout_ms = 500\nmouse = false\n'
        'db = "/srv/techconsole/team.db"\n',
        encoding="utf-8",
    )
    user_file.write_text('policy = "mb-services"\nuser = "mine"\n', encoding="utf-8")
    clean.setenv("TECHCONSOLE_USER", "from-env")
    rows = shown(run, "--as", "from-flag")
    assert (rows["user"]["value"], rows["user"]["source"]) == ("from-flag", "--as")
    rows = shown(run)
    assert (rows["user"]["value"], rows["user"]["source"]) == ("from-env", "$TECHCONSOLE_USER")
    assert (rows["policy"]["value"], rows["policy"]["source"]) == ("mb-services", str(user_file))
    assert (rows["busy_timeout_ms"]["value"], rows["busy_timeout_ms"]["source"]) == (
        500,
        str(site_file),
    )
    assert rows["mouse"]["value"] is False
    assert rows["db"]["value"] == "/srv/techconsole/team.db"
    # after the command's name too
    rows = shown(run, "--policy", "onsite-tech")
    assert (rows["policy"]["value"], rows["policy"]["source"]) == ("onsite-tech", "--policy")


@pytest.fixture
def restore_language():
    yield
    i18n.set_language(i18n.DEFAULT_LANGUAGE)  # the next test's code speaks the default


def test_the_config_file_is_used_by_the_commands(run, clean, user_file, restore_language):
    user_file.write_text('db = "team.db"\nlanguage = "en"\n', encoding="utf-8")
    result = run("tech", "add", "bruno", "--name", "Bruno Neri", "--json")  # anna: first lead
    assert result.code == 0, result.err
    assert (user_file.parent / "team.db").is_file()  # relative to the file's folder
    assert i18n.language() == "en"
    user_file.write_text('db = "team.db"\nuser = "bruno"\n', encoding="utf-8")
    me = run("tech", "whoami", "--json").json()  # anna, a lead, acts on bruno's behalf
    assert (me["login"], me["os_user"]) == ("bruno", "anna")


def test_techconsole_config_names_the_file(run, clean, tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('policy = "istes"\n', encoding="utf-8")
    clean.setenv("TECHCONSOLE_CONFIG", str(mine))
    rows = shown(run)
    assert (rows["policy"]["value"], rows["policy"]["source"]) == ("istes", str(mine))
    result = run("config", "path", "--json")
    assert result.json() == [{"path": str(mine), "kind": "$TECHCONSOLE_CONFIG", "exists": True}]


def test_config_path_lists_user_then_site(run, clean, user_file, site_file):
    site_file.write_text("", encoding="utf-8")
    result = run("config", "path", "--json")
    assert result.json() == [
        {"path": str(user_file), "kind": "user", "exists": False},
        {"path": str(site_file), "kind": "site", "exists": True},
    ]
    plain = run("config", "path")
    assert str(user_file) in plain.out and "non trovato" in plain.out  # clean: Italian


def test_policy_from_the_environment(run, clean, tmp_path):
    clean.setenv("TECHCONSOLE_POLICY", "onsite-tech")
    assert run("policy", "check", "--json").json()["name"] == "onsite-tech"
    assert run("--policy", "istes", "policy", "check", "--json").json()["name"] == "istes"
    mine = tmp_path / "copy.toml"
    mine.write_text(
        (Path(__file__).parents[2] / "data/policies/istes.toml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    clean.setenv("TECHCONSOLE_POLICY", str(mine))
    assert run("policy", "check", "--json").json()["name"] == "istes"
    clean.setenv("TECHCONSOLE_POLICY", "nonexistent-preset")
    result = run("policy", "check")
    assert result.code == 2 and "nonexistent-preset: preset di policy inesistente" in result.err


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # a broken file: the message is in the default language, Italian
        ("policy = \n", "TOML non valido"),
        ('polcy = "istes"\n', "polcy: chiave sconosciuta (chiavi: db, policy,"),
        ('busy_timeout_ms = "soon"\n', "busy_timeout_ms: 'soon' non è un numero intero"),
        ("mouse = 1\n", "mouse: serve true o false"),
        ('language = "fr"\n', "language: 'fr' non è una lingua"),
        ("db = 3\n", "db: serve un testo non vuoto"),
    ],
)
def test_a_broken_config_file_is_exit_2_with_file_key_reason(run, clean, user_file, text, words):
    user_file.write_text(text, encoding="utf-8")
    result = run("tech", "list")
    assert result.code == 2
    assert f"{user_file}: {words}" in result.err
    assert "Traceback" not in result.err
    assert not (Path(os.environ["XDG_DATA_HOME"]) / "techconsole").exists()  # nothing made
    # the files can still be found, and the help still shows
    assert run("config", "path").code == 0
    assert run("--help").code == 0


def test_postgresql_timeouts_from_a_file_and_the_environment(run, clean, user_file):
    user_file.write_text("lock_timeout_ms = 2500\nstatement_timeout_ms = 0\n", encoding="utf-8")
    clean.setenv("TECHCONSOLE_LOCK_TIMEOUT_MS", "750")
    rows = shown(run)
    assert (rows["lock_timeout_ms"]["value"], rows["lock_timeout_ms"]["source"]) == (
        750,
        "$TECHCONSOLE_LOCK_TIMEOUT_MS",
    )
    assert (rows["statement_timeout_ms"]["value"], rows["statement_timeout_ms"]["source"]) == (
        0,
        str(user_file),
    )
    assert rows["statement_timeout_ms"]["env"] == "TECHCONSOLE_STATEMENT_TIMEOUT_MS"
    clean.setenv("TECHCONSOLE_STATEMENT_TIMEOUT_MS", "-1")
    result = run("tech", "list")
    assert result.code == 2
    assert "$TECHCONSOLE_STATEMENT_TIMEOUT_MS" in result.err


def test_a_bad_environment_variable_is_exit_2(run, clean):
    clean.setenv("TECHCONSOLE_BUSY_TIMEOUT_MS", "ten")
    result = run("tech", "list")
    assert result.code == 2
    assert "$TECHCONSOLE_BUSY_TIMEOUT_MS: 'ten' non è un numero intero" in result.err


def test_keys_of_the_console_are_listed_with_yours(run, clean, user_file):
    user_file.write_text('[keys]\n"queue.new_incident" = "N"\n"queue.nothing" = "x"\n')
    result = run("config", "keys", "--json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    rows = {row["id"]: row for row in data["bindings"]}
    assert rows["queue.new_incident"]["keys"] == "N"
    assert rows["queue.new_incident"]["default"] == "n"
    assert rows["incident.claim"]["keys"] == "c"
    assert {"queue.view_at_risk", "incident.resolve", "console.quit"} <= set(rows)
    assert data["unknown"] == ["queue.nothing"]


def test_bad_keys_are_named(run, clean, user_file):
    user_file.write_text('[keys]\n"new incident" = "N"\n')
    result = run("config", "show")
    assert result.code == 2 and "keys" in result.err and "Traceback" not in result.err
    user_file.write_text('[keys]\n"queue.new_incident" = 3\n')
    result = run("config", "show")
    assert result.code == 2 and "queue.new_incident" in result.err
