"""Typer's own words (usage line, help panels, usage errors) in the language in use.

The commands run in this process one after another in both languages, as the rest of
the suite runs them, so a word Typer keeps from an earlier run would show.  The last
tests read the installed Typer: when an upgrade adds, renames or drops one of its
user-facing strings, or a hook :mod:`techconsole.cli.click_words` uses, they fail.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re

import pytest

from techconsole.cli import choices, click_words
from techconsole.i18n import speaking, translate, translator

from .test_language_cli import help_text

ENGLISH_HELP = ("Usage:", "[OPTIONS]", "COMMAND [ARGS]", "Options", "Commands", "Show this")
ENGLISH_ERROR = ("Usage:", "Try '", "for help", "─ Error ─", "No such option")


@pytest.fixture
def italian(monkeypatch: pytest.MonkeyPatch):
    """Run a command in the default language (the autouse fixture sets English)."""

    def in_italian(run, *args: str):
        with monkeypatch.context() as env:
            env.delenv("TECHCONSOLE_LANG")
            return run(*args)

    return in_italian


def test_a_groups_help_is_italian_then_english_then_italian_again(run, italian):
    said = italian(run, "incident", "--help")
    assert said.code == 0, said.err
    text = " ".join(said.out.split())
    assert "Uso: techconsole incident [OPZIONI] COMANDO [ARGOMENTI]..." in text
    assert "─ Opzioni ─" in said.out and "─ Comandi ─" in said.out
    assert "Mostra questo messaggio ed esce." in text
    assert [word for word in ENGLISH_HELP if word in text] == []

    shown = run("incident", "--help")
    text = " ".join(shown.out.split())
    assert "Usage: techconsole incident [OPTIONS] COMMAND [ARGS]..." in text
    assert "─ Options ─" in shown.out and "─ Commands ─" in shown.out
    assert "Show this message and exit." in text
    assert "Uso" not in text and "Opzioni" not in text

    again = " ".join(italian(run, "incident", "list", "--help").out.split())
    assert "Uso: techconsole incident list [OPZIONI]" in again
    assert "[predefinito: 50]" in again and "[default" not in again
    assert [word for word in ENGLISH_HELP if word in again] == []


def test_the_root_help_says_the_completion_options_in_italian(run, italian):
    """Typer's own ``--install-completion`` and ``--show-completion`` were in English."""
    text = " ".join(italian(run, "--help").out.split())
    assert "Installa il completamento dei comandi per la shell in uso." in text
    assert "Mostra il completamento dei comandi per la shell in uso" in text
    assert "Install completion" not in text and "Show completion" not in text
    assert [word for word in ENGLISH_HELP if word in text] == []
    english = " ".join(run("--help").out.split())
    assert "Install completion for the current shell." in english


def test_a_usage_error_is_italian_with_exit_code_2(run, italian):
    said = italian(run, "incident", "list", "--bogus")
    assert said.code == 2
    text = " ".join(said.err.split())
    assert "Uso: techconsole incident list [OPZIONI]" in text
    assert "Prova 'techconsole incident list -h' per l'aiuto." in text
    assert "─ Errore ─" in said.err
    assert "Opzione inesistente: --bogus" in text
    assert [word for word in ENGLISH_ERROR if word in text] == []


def test_in_english_the_usage_error_is_typers_own(run, italian):
    first = italian(run, "incident", "list", "--bogus")  # Italian first: nothing of it stays
    assert "Opzione inesistente: --bogus" in first.err
    said = run("incident", "list", "--bogus")
    assert said.code == 2
    assert said.err.splitlines()[:2] == [
        "Usage: techconsole incident list [OPTIONS]",
        "Try 'techconsole incident list -h' for help.",
    ]
    assert "─ Error ─" in said.err and "No such option: --bogus" in said.err


#: usage errors: the command, Typer's English, and the Italian said for it
ERRORS = [
    (("incident", "show"), "Missing argument 'ID'.", "Manca l'argomento 'ID'."),
    (
        ("incident", "list", "extra"),
        "Got unexpected extra argument(s) (extra)",
        "Argomenti in più non previsti (extra)",
    ),
    (("incident", "bogus"), "No such command 'bogus'.", "Comando inesistente: 'bogus'."),
    (
        ("incident", "lst"),
        "No such command 'lst'. Did you mean 'list'?",
        "Comando inesistente: 'lst'. Forse intendevi 'list'?",
    ),
    (
        ("incident", "list", "--statu", "open"),
        "No such option: --statu (Possible options: --status)",
        "Opzione inesistente: --statu (opzioni possibili: --status)",
    ),
    (
        ("incident", "list", "--limit"),
        "Option '--limit' requires an argument.",
        "L'opzione '--limit' richiede un valore.",
    ),
    (
        ("incident", "list", "--limit", "many"),
        "Invalid value for '--limit': Input should be a valid integer, unable to parse string "
        "as an integer",
        "Valore non valido per '--limit': deve essere un numero intero",
    ),
    (
        ("incident", "list", "--limit", "0"),
        "Invalid value for '--limit': Input should be greater than or equal to 1",
        "Valore non valido per '--limit': deve essere almeno 1",
    ),
    (
        ("incident", "list", "--limit", "99999"),
        "Invalid value for '--limit': Input should be less than or equal to 10000",
        "Valore non valido per '--limit': deve essere al massimo 10000",
    ),
]


# (not "english": that is the name of the fixture that sets the language)
@pytest.mark.parametrize(("args", "typers", "said"), ERRORS, ids=[e[1][:30] for e in ERRORS])
def test_each_usage_error_in_both_languages(run, italian, args, typers, said):
    shown = run(*args)
    assert shown.code == 2
    assert typers in " ".join(shown.err.replace("│", " ").split())
    shown = italian(run, *args)
    assert shown.code == 2
    assert said in " ".join(shown.err.replace("│", " ").split())


def test_an_unknown_sentence_is_left_as_it_is_and_english_is_typers_own():
    assert click_words.say("Something else entirely.") == "Something else entirely."
    with speaking("en"):
        for _args, english, _said in ERRORS:
            assert click_words.say(english) == english
    with speaking("it"):
        # each template, Italian too: a value is kept as it was typed
        assert click_words.say("No such option: --x{y}") == "Opzione inesistente: --x{y}"


def test_a_fresh_interpreter_speaks_italian_from_the_first_help():
    """typer.rich_utils is imported only to show help: its words are set as it loads."""
    said = help_text("incident", "list", "--help")  # a fresh interpreter, in Italian
    assert "─ Opzioni ─" in said and "[predefinito: 50]" in said


# -- the installed Typer --------------------------------------------------------------

#: every user-facing string of the installed Typer and its Click (f-strings with ``{}``
#: for their values), and how techconsole says it; read by :func:`library_strings`
KNOWN: dict[str, str] = {
    # typer._click
    "DeprecationWarning: The command {} is deprecated.{}": "no deprecated command",
    "Got unexpected extra argument(s) ({})": "ERRORS",
    "(Possible options: {})": "ERRORS",
    "Error: {}": "ClickException.show: not used, Typer shows errors with Rich",
    "No such option: {}": "ERRORS",
    "Try '{} {}' for help.\n": "UsageError.show: not used (RICH_HELP instead)",
    "Invalid value: {}": "ERRORS",
    "Invalid value for {}: {}": "ERRORS",
    "Missing {}{}. {}": "ERRORS without the choices (no option of ours has choices)",
    "Missing {}{}.": "ERRORS",
    "Could not open file {}: {}": "FileError: no lazy files",
    "unknown error": "FileError: no lazy files",
    "Argument {} takes {} values.": "ERRORS",
    "Invalid start character for option ({})": "a programming error",
    "Option {} does not take a value.": "ERRORS",
    "Option {} requires {}": "ERRORS",
    "an argument.": "ERRORS",
    "{} arguments.": "ERRORS",
    "unknown action '{}'": "a programming error",
    "Usage: ": "USAGE",
    "Show this message and exit.": "HELP_OPTION",
    # typer
    "(dynamic)": "TYPER_CORE_WORDS",
    "Aborted!": "TYPER_CORE_WORDS",
    "Arguments": "TYPER_CORE_WORDS, RICH_WORDS",
    "Boolean option {} cannot use the same flag for true/false.": "a programming error",
    "Commands": "TYPER_CORE_WORDS, RICH_WORDS",
    "Missing command.": "TYPER_CORE_WORDS",
    "No such command {name!r}.": "TYPER_CORE_WORDS",
    "Options": "TYPER_CORE_WORDS, RICH_WORDS",
    "default: {default}": "TYPER_CORE_WORDS",
    "env var: {var}": "TYPER_CORE_WORDS",
    "required": "TYPER_CORE_WORDS",
    "{}. Did you mean {}?": "ERRORS",
    "(deprecated) ": "RICH_WORDS",
    "Aborted.": "RICH_WORDS",
    "Error": "RICH_WORDS",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "RICH_WORDS",
    "[default: {}]": "RICH_WORDS",
    "[env var: {}]": "RICH_WORDS",
    "[required]": "RICH_WORDS",
    "Value must be an iterable.": "a programming error",
    "Value {} is not a valid {}.": "only for types we do not use",
    "Expected one list item type, got: {}": "a programming error",
    "{} is not one of {}.": "no option of ours has choices",
    "{} {} does not exist.": "no path of ours must exist",
    "{} {} is a directory.": "no path of ours refuses a folder",
    "{} {} is a file.": "ERRORS: 'Directory {name} is a file.' (--to)",
    "{} {} is not readable.": "ERRORS: 'Path {name} is not readable.'",
    "{} {} is not writable.": "no path of ours must be writable",
    "None is not a valid string": "a programming error",
    "value is not a valid tuple": "no tuple options",
    "{} does not match the formats {}.": "no datetime options (ours parse their own)",
    "{} values are required, but {} given.": "no tuple options",
}

#: the modules of Typer that say something to the person at the terminal
MODULES = (
    "typer._click.core",
    "typer._click.exceptions",
    "typer._click.parser",
    "typer._click.formatting",
    "typer._click.decorators",
    "typer.core",
    "typer.rich_utils",
    "typer._coercion",
    "typer._param_types",
    "typer._adapters",
)
#: calls whose string arguments are said to the person, and names a sentence is kept in
CALLS = {
    *("_", "fail", "echo", "ValueError", "ClickException", "UsageError", "BadParameter"),
    *("MissingParameter", "NoSuchOption", "BadOptionUsage", "BadArgumentUsage", "FileError"),
}
NAMES = {"message", "msg", "hint", "suggest", "prefix"}


def _text(node: ast.AST) -> list[str]:
    if isinstance(node, ast.IfExp):
        return _text(node.body) + _text(node.orelse)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        said = node.value
    elif isinstance(node, ast.JoinedStr):
        said = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    else:
        return []
    return [said] if any(c.isalpha() for c in said) else []


def library_strings() -> set[str]:
    """The strings of :data:`MODULES` passed to :data:`CALLS`, as ``help=``, kept in
    :data:`NAMES` or returned by an exception's ``format_message``."""
    found: set[str] = set()
    for name in MODULES:
        tree = ast.parse(inspect.getsource(importlib.import_module(name)))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = getattr(func, "id", None) or getattr(func, "attr", None)
                if called in CALLS:
                    for arg in node.args:
                        found.update(_text(arg))
                for keyword in node.keywords:
                    if keyword.arg in ("help", "message", "hint"):
                        found.update(_text(keyword.value))
            elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if (getattr(target, "id", None) or getattr(target, "attr", None)) in NAMES:
                        found.update(_text(node.value))
            elif isinstance(node, ast.FunctionDef) and node.name == "format_message":
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Return) and inner.value is not None:
                        found.update(_text(inner.value))
    return found


def test_every_user_facing_string_of_typer_is_known():
    """An upgrade of Typer that adds, rewords or drops a string fails here: say the new
    one in click_words (and the catalogue), or write here why it is never shown."""
    found = library_strings()
    assert sorted(found - KNOWN.keys()) == [], "new in Typer"
    assert sorted(KNOWN.keys() - found) == [], "gone from Typer"


def test_the_hooks_and_words_click_words_relies_on_are_there():
    click_words.install()  # as a run does: rich_utils patched now, or as it is imported
    import typer.core
    import typer.rich_utils
    from typer._click import core as click_core
    from typer._click.formatting import HelpFormatter

    # typer.core asks ``_`` for exactly these words
    tree = ast.parse(inspect.getsource(typer.core))
    asked = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", None) == "_"
        and isinstance(node.args[0], ast.Constant)
    }
    assert asked == set(click_words.TYPER_CORE_WORDS)
    # typer.rich_utils' constants, with Typer's English (before any run: from the source)
    source = inspect.getsource(typer.rich_utils)
    for name, english in click_words.RICH_WORDS.items():
        assert f"{name} = _({english!r})" in source or f'{name} = _("{english}")' in source
    assert "(?P<usage>Usage: )" in type(typer.rich_utils.highlighter).highlights
    assert callable(typer.rich_utils.rich_format_error.__wrapped__)
    # the usage line and the help option
    assert issubclass(click_core.Context.formatter_class, HelpFormatter)
    assert f'prefix = "{click_words.USAGE}"' in inspect.getsource(HelpFormatter)
    assert inspect.signature(HelpFormatter.write_usage).parameters.keys() == {
        "self",
        "prog",
        "args",
        "prefix",
    }
    assert 'options_metavar: str | None = "[OPTIONS]"' in inspect.getsource(typer.core)
    assert f'subcommand_metavar = "{click_words.COMMAND_METAVAR}"' in inspect.getsource(typer.core)


# -- the types of the values, in the help ------------------------------------------------


def test_a_flag_shows_no_value_and_a_value_s_type_is_said_in_words(run, italian):
    """Typer writes ``<str>``, ``<int range>``, and ``<bool>`` for a flag as if it took
    one; Click's words instead (TEXT, INTEGER), in Italian TESTO, NUMERO."""
    # (the help texts are in the language of the process's first import of the command)
    flag_with_a_value = re.compile(r"--(json|all-ok|help -h) [A-Z]{4,}\b")
    said = " ".join(italian(run, "checks", "record", "--help").out.split())
    assert "POSTAZIONE NUMERO " in said and "--note TESTO " in said
    assert "--db PERCORSO|URL " in said  # a name of our own, in our words
    assert not flag_with_a_value.search(said)
    assert "<" not in said and "TEXT" not in said and "INTEGER" not in said
    said = " ".join(run("mail", "outbox", "--help").out.split())
    assert "--limit INTEGER [1<=x<=10000] " in said and "--policy TEXT " in said
    assert not flag_with_a_value.search(said)
    assert "<" not in said.replace("<=", "") and "TESTO" not in said and "NUMERO" not in said


def _every_parameter():
    from typer._click import Context
    from typer.core import TyperGroup

    from techconsole.cli import app

    def leaves(command, path):
        if isinstance(command, TyperGroup):
            for name, sub in command.commands.items():
                yield from leaves(sub, (*path, name))
        else:
            for param in command.params:
                yield path, param, Context(command)

    for name in app.COMMANDS:
        yield from leaves(app.load(name), (name,))


def test_every_value_of_every_command_is_said_in_our_words():
    """An upgrade of Typer that labels a type anew (or a parameter of a type no other
    has) fails here: add the label to click_words.TYPE_WORDS."""
    click_words.install()
    shown: dict[str, set[str]] = {}
    with speaking("en"):
        for path, param, ctx in _every_parameter():
            label = param.display_type_rich(ctx)
            if getattr(param, "is_flag", False) or getattr(param, "count", False):
                assert label is None, (path, param.opts)
            else:
                shown.setdefault(label, set()).add(" ".join(path))
    assert [label for label in shown if label.startswith("<")] == []
    assert {"TEXT", "INTEGER", "PATH", "FOLDER"} <= shown.keys()


def test_the_type_hooks_are_there():
    """What click_words' hooks of the types rely on, in the installed Typer."""
    import typer.core
    import typer.rich_utils

    core = inspect.getsource(typer.core)
    assert 'return f"<{label}>"' in core  # display_type: the labels TYPE_WORDS knows
    for label in ("{desc.ranged_type_name} range", "desc.path_type", "self.bare_type()"):
        assert label in core, label
    option = inspect.getsource(typer.core.TyperOption.get_help_record)
    assert "if not self.is_flag and not self.count:" in option
    assert "self.display_type_rich(ctx=ctx)" in option
    panel = inspect.getsource(typer.rich_utils._print_options_panel)
    assert "param.display_type_rich(ctx=ctx)" in panel  # for flags too: None shows nothing
    assert "if display_type_str is not None:" in panel
    click_words.install()
    assert typer.core._TyperParameter.display_type.__name__ == "said_type"
    assert typer.core.TyperOption.display_type_rich.__name__ == "option_said_type"
    assert typer.core._TyperParameter.display_name_raw.fget.__name__ == "said_name"
    # the names: an argument's in its panel, its usage line and its errors; an option's
    # value where Typer would show its metavar
    assert "def display_name_raw(self) -> str:" in core
    assert "name = self.display_name_raw" in inspect.getsource(typer.core.TyperArgument)
    assert "display_name = param.display_name_raw" in panel
    assert "if self.metavar is not None:\n            return self.metavar" in core


# -- the names of the values, in the help -------------------------------------------------


def test_the_names_of_values_are_said_in_our_words(run, italian):
    said = " ".join(italian(run, "change", "add", "--help").out.split())
    assert "techconsole change add [OPZIONI] {cliente} {descrizione}" in said
    assert "* cliente TESTO " in said and "--requested GIORNO " in said
    said = " ".join(run("change", "add", "--help").out.split())  # English: Typer's own
    assert "techconsole change add [OPTIONS] {customer} {description}" in said
    assert "* customer TEXT " in said and "--requested DAY " in said
    said = " ".join(italian(run, "checks", "record", "--help").out.split())
    assert "--item -i CHIAVE=ESITO[:RISCONTRO] " in said
    missing = italian(run, "timer", "edit")
    assert missing.code == 2 and "Manca l'argomento 'SESSIONE'" in missing.err
    assert "Missing argument 'SESSION'" in run("timer", "edit").err


#: the names that are the same words in Italian
SAME_IN_ITALIAN = ("ID", "LOGIN", "login", "software")


def test_every_name_of_every_command_is_known():
    """A command given a value's name (``metavar``) or an argument no other has fails
    here: add its English to click_words.NAME_WORDS, and its words to the catalogue."""
    click_words.install()
    with speaking("en"):
        names = {
            (param.metavar or param.name) if param.param_type_name == "argument" else param.metavar
            for _path, param, _ctx in _every_parameter()
        } - {None, *(translate(translator(lang), choices.VALUE) for lang in ("it", "en"))}
    bare = {re.sub(r"^\[(.*)\]$", r"\1", name).removesuffix("...") for name in names}
    assert bare - click_words.NAME_WORDS.keys() == set()
    assert click_words.NAME_WORDS.keys() - bare == set()  # none left over
    with speaking("it"):
        untranslated = {
            name
            for name in bare
            if click_words.say_name(name) == name and name not in SAME_IN_ITALIAN
        }
    assert untranslated == set()


def test_a_typer_without_a_hook_keeps_its_english_whole(monkeypatch):
    """Every hook is looked up before any is set: none is set when one is missing (here
    the last one looked up, typer.core's ``_``)."""
    import typer.core
    from typer._click import core as click_core

    def hooks() -> tuple:
        return (
            click_core.Context.formatter_class,
            click_core.Command.get_help_option,
            typer.core._TyperParameter.display_type,
            typer.core._TyperParameter.display_name_raw,
            typer.core.TyperOption.display_type_rich,
        )

    before = hooks()
    monkeypatch.delattr(typer.core, "_")
    with pytest.raises(AttributeError):
        click_words._patch_typer()
    assert hooks() == before and not hasattr(typer.core, "_")
