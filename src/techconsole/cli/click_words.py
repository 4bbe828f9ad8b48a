"""Typer's own words (usage lines, help panels, usage errors) in the language in use.

Typer (0.29 and later) runs on its own copy of Click, ``typer._click``, which writes its
words in English with no translation hook, while Typer itself asks the standard
library's ``gettext`` (which knows none of our languages) and fixes the panel titles of
``typer.rich_utils`` once, when that module is imported.  So that ``techconsole incident
--help`` and a mistyped option are said in Italian, :func:`install` is called once per
run, after the language is set and before Typer is used:

* Typer's ``_`` (``typer.core``) becomes ours: its words are looked up in our catalogue;
* the usage line gets our words: the ``HelpFormatter`` Typer's Click makes every usage
  and help page with (``Context.formatter_class``, a documented hook) is ours;
* the ``-h``/``--help`` option's help is said in our words each time it is shown;
* the names of values (an argument's name, an option's ``metavar``: ``DAY``,
  ``customer``) are said in our words (:data:`NAME_WORDS`: GIORNO, cliente) in the help
  panels, the usage line and the errors;
* the type of an option's or argument's value in the help (Typer writes ``<str>``,
  ``<int range>`` in English, and ``<bool>`` for a flag as if it took a value) is said
  as Click did, in our words (:data:`TYPE_WORDS`: TESTO, NUMERO; TEXT, INTEGER in
  English); a flag shows none;
* ``typer.rich_utils``' panel titles and fixed strings are set from our catalogue
  (again at every run: the tests run many commands in both languages in one process);
  that module costs ~50 ms of imports and is loaded only to show help or an error, so
  when it is not loaded yet a one-shot import hook sets them as it loads;
* an error is said in our words just before Typer shows it: its English (Click's
  sentence, with the option's name or the value in it) is matched against the
  :data:`ERRORS` templates and said with the same values.

Every English string is Typer's exact text, marked with :func:`N_` as the catalogue's
msgid: in English the output stays Typer's own, word for word.  ``tests/cli/
test_click_words.py`` lists every user-facing string of the installed Typer and fails
when an upgrade adds, renames or drops one, or moves a hook this module uses.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import inspect
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import Any

from techconsole.i18n import N_, NP_, _, language, translate, translator

RICH_UTILS = "typer.rich_utils"

#: typer.rich_utils' strings fixed at import, by the name of the constant
RICH_WORDS: dict[str, str] = {
    "DEPRECATED_STRING": N_("(deprecated) "),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}

#: what typer.core asks gettext for (with our ``_`` in its place, our catalogue answers)
TYPER_CORE_WORDS: tuple[str, ...] = (
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("Arguments"),
    N_("Commands"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Options"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
)

#: the types of values Typer labels ``<str>``, ``<int range>``…, by the label, in our
#: words (a label not here, e.g. of a type no option of ours has, stays Typer's)
TYPE_WORDS: dict[str, str] = {
    "str": NP_("value type", "TEXT"),
    "list[str]": NP_("value type", "TEXT"),
    "int": NP_("value type", "INTEGER"),
    "int range": NP_("value type", "INTEGER"),
    "list[int]": NP_("value type", "INTEGER"),
    "float": NP_("value type", "NUMBER"),
    "float range": NP_("value type", "NUMBER"),
    "Path": NP_("value type", "PATH"),
    "path": NP_("value type", "PATH"),
    "list[Path]": NP_("value type", "PATH"),
    "dir": NP_("value type", "FOLDER"),
    "file": NP_("value type", "FILE"),
}

#: the names of values given in the help and usage lines (an option's ``metavar``, an
#: argument's name), by their English, in our words: shown translated wherever Typer
#: shows them (a name not here, e.g. one translated where it is given, as it is)
NAME_WORDS: dict[str, str] = {
    "ADDRESS": NP_("argument", "ADDRESS"),
    "CADENCE": NP_("argument", "CADENCE"),
    "CHECK": NP_("argument", "CHECK"),
    "CONTACT": NP_("argument", "CONTACT"),
    "CUSTOMER": NP_("argument", "CUSTOMER"),
    "DATE": NP_("argument", "DATE"),
    "DAY": NP_("argument", "DAY"),
    "DAYS": NP_("argument", "DAYS"),
    "DIR": NP_("argument", "DIR"),
    "HOURS": NP_("argument", "HOURS"),
    "ID": NP_("argument", "ID"),
    "ID|NAME": NP_("argument", "ID|NAME"),
    "INCIDENT": NP_("argument", "INCIDENT"),
    "ITEM": NP_("argument", "ITEM"),
    "KEY=OUTCOME[:FOUND]": NP_("argument", "KEY=OUTCOME[:FOUND]"),
    "LOANER": NP_("argument", "LOANER"),
    "LOGIN": NP_("argument", "LOGIN"),
    "MACHINE": NP_("argument", "MACHINE"),
    "NAME": NP_("argument", "NAME"),
    "PATH": NP_("argument", "PATH"),
    "PATH|URL": NP_("argument", "PATH|URL"),
    "REF": NP_("argument", "REF"),
    "RULE": NP_("argument", "RULE"),
    "SESSION": NP_("argument", "SESSION"),
    "WHEN": NP_("argument", "WHEN"),
    "YYYY-MM": NP_("argument", "YYYY-MM"),
    "YYYY-MM-DD": NP_("argument", "YYYY-MM-DD"),
    # arguments named after their parameter
    "attachment_id": NP_("argument", "attachment_id"),
    "customer": NP_("argument", "customer"),
    "description": NP_("argument", "description"),
    "files": NP_("argument", "files"),
    "login": NP_("argument", "login"),
    "mail_id": NP_("argument", "mail_id"),
    "name": NP_("argument", "name"),
    "reason": NP_("argument", "reason"),
    "software": NP_("argument", "software"),
    "subject": NP_("argument", "subject"),
    "text": NP_("argument", "text"),
}

USAGE = N_("Usage: ")
OPTIONS_METAVAR = N_("[OPTIONS]")
COMMAND_METAVAR = N_("COMMAND [ARGS]...")
HELP_OPTION = N_("Show this message and exit.")


@dataclass(frozen=True)
class Template:
    """An error sentence of Typer's: its English with ``{name}`` where a value goes.

    A value named ``message`` is an error sentence itself, said in turn; ``sentence``
    is one whose final full stop Typer dropped (``No such command 'x'. Did you mean…``).
    """

    english: str

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        parts = re.split(r"\{(\w+)\}", self.english)
        regex = "".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
        )
        return re.compile(regex, re.DOTALL)

    @cached_property
    def fixed(self) -> int:
        """How many of its characters are its own (the more, the more it says)."""
        return len(re.sub(r"\{\w+\}", "", self.english))


#: the usage errors of Typer and its Click, in their exact English
ERRORS: tuple[Template, ...] = tuple(
    Template(english)
    for english in (
        N_("No such option: {name}"),
        N_("{message} (Possible options: {names})"),
        N_("Invalid value for {name}: {message}"),
        N_("Invalid value: {message}"),
        N_("Missing argument {name}."),
        N_("Missing option {name}."),
        N_("Missing parameter {name}."),
        N_("Got unexpected extra argument(s) ({args})"),
        N_("Option {name} does not take a value."),
        N_("Option {name} requires an argument."),
        N_("Option {name} requires {count} arguments."),
        N_("Argument {name} takes {count} values."),
        N_("{sentence}. Did you mean {names}?"),
        N_("Directory {name} is a file."),
        N_("Path {name} is not readable."),
        # pydantic's, for the whole-number options with bounds (--limit, --days…)
        N_("Input should be a valid integer, unable to parse string as an integer"),
        N_("Input should be greater than or equal to {limit}"),
        N_("Input should be less than or equal to {limit}"),
    )
)


def say(message: str) -> str:
    """An error of Typer's in the language in use (any other text as it is).

    Of the templates it matches, the one with the most words of its own is used; in
    English each value goes back where it was found, so the message is unchanged.
    """
    found: tuple[Template, re.Match[str]] | None = None
    for template in ERRORS:
        match = template.pattern.fullmatch(message)
        if match and (found is None or template.fixed > found[0].fixed):
            found = (template, match)
    if found is None:
        return message
    template, match = found
    values = match.groupdict()
    if "message" in values:
        values["message"] = say(values["message"])
    if "sentence" in values:
        values["sentence"] = say(values["sentence"] + ".").removesuffix(".")
    return _(template.english).format(**values)


def _usage_args(args: str) -> str:
    """The ``[OPTIONS] … COMMAND [ARGS]...`` of a usage line, in our words."""
    if args == OPTIONS_METAVAR or args.startswith(OPTIONS_METAVAR + " "):
        args = _(OPTIONS_METAVAR) + args[len(OPTIONS_METAVAR) :]
    if args.endswith(COMMAND_METAVAR):
        args = args[: -len(COMMAND_METAVAR)] + _(COMMAND_METAVAR)
    return args


def say_type(label: str) -> str:
    """Typer's ``<int range>`` in our words (``NUMERO``); one we do not know as it is."""
    marked = TYPE_WORDS.get(label.removeprefix("<").removesuffix(">"))
    return label if marked is None else translate(translator(language()), marked)


def say_name(name: str) -> str:
    """The name of a value (``DAY``, ``[ID]``, ``customer``) in our words (``GIORNO``,
    ``[ID]``, ``cliente``); one we do not know as it is."""
    bare = name[1:-1] if name.startswith("[") and name.endswith("]") else name
    bare = bare.removesuffix("...")
    marked = NAME_WORDS.get(bare)
    if marked is None:
        return name
    return name.replace(bare, translate(translator(language()), marked))


def _say_rich_words(rich_utils: ModuleType) -> None:
    """Set typer.rich_utils' strings, and its highlighting of the usage line, now."""
    for name, english in RICH_WORDS.items():
        setattr(rich_utils, name, _(english))
    highlighter = rich_utils.highlighter
    standard = list(type(highlighter).highlights)
    usage = _(USAGE)
    if usage != USAGE:  # "Uso: " is shown as "Usage: " is
        standard.append(f"(?P<usage>{re.escape(usage)})")
    highlighter.highlights = standard


def _rich_format_error(show: Callable[[Any], None]) -> Callable[[Any], None]:
    """Typer's ``rich_format_error``, the error said in our words."""

    def format_error(error: Any) -> None:
        said = say(error.format_message())
        error.format_message = lambda: said  # the sentence the panel shows
        show(error)

    format_error.__wrapped__ = show  # type: ignore[attr-defined]  # and so patched once
    return format_error


def _patch_rich_utils(rich_utils: ModuleType) -> None:
    """Once per module: its errors said in our words; and its strings in ours, now."""
    shown = rich_utils.rich_format_error
    if not hasattr(shown, "__wrapped__"):
        setattr(rich_utils, "rich_format_error", _rich_format_error(shown))  # noqa: B010
    _say_rich_words(rich_utils)


class _Loader(importlib.abc.Loader):
    """typer.rich_utils' own loader, which patches the module once it has run."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        _patch_rich_utils(module)


class _WhenLoaded(importlib.abc.MetaPathFinder):
    """Patches typer.rich_utils as it is imported (to show help or an error), once."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != RICH_UTILS:
            return None
        sys.meta_path.remove(self)
        for finder in sys.meta_path:
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None:
                    spec.loader = _Loader(spec.loader)
                return spec
        return None


_hook = _WhenLoaded()
_installed: list[bool] = []


def install() -> None:
    """Have Typer speak the language in use (the one set last): call before each run."""
    if not _installed:
        try:
            _patch_typer()
        except (ImportError, AttributeError):  # a Typer whose insides moved: its English
            return  # (tests/cli/test_click_words.py says which hook went missing)
        _installed.append(True)
    rich_utils = sys.modules.get(RICH_UTILS)
    if rich_utils is not None:
        _patch_rich_utils(rich_utils)
    elif _hook not in sys.meta_path:
        sys.meta_path.insert(0, _hook)


def _patch_typer() -> None:
    """Every hook is looked up before any is set: a Typer without one keeps its English
    whole (not half of it patched, and patched again at the next run)."""
    import typer.core
    from typer._click import core as click_core
    from typer._click.formatting import HelpFormatter

    parameter, option_class = typer.core._TyperParameter, typer.core.TyperOption
    help_option = click_core.Command.get_help_option
    display_type = parameter.display_type
    option_type = option_class.display_type_rich
    display_name: Any = inspect.getattr_static(parameter, "display_name_raw")  # the property
    typer.core._  # type: ignore[attr-defined]  # noqa: B018  # it asks this for its words

    typer.core._ = _  # type: ignore[attr-defined]

    class Formatter(HelpFormatter):
        """Click's help formatter, the usage line in our words."""

        def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
            said = _(USAGE) if prefix is None else prefix
            super().write_usage(prog, _usage_args(args), said)

    click_core.Context.formatter_class = Formatter

    def get_help_option(self: click_core.Command, ctx: click_core.Context) -> Any:
        option = help_option(self, ctx)
        if option is not None:  # made once per command, so said whenever it is asked for
            option.help = _(HELP_OPTION)
        return option

    click_core.Command.get_help_option = get_help_option  # type: ignore[method-assign]

    def said_type(self: Any, ctx: click_core.Context) -> str:
        return say_type(display_type(self, ctx))

    def option_said_type(self: Any, ctx: click_core.Context) -> str | None:
        if self.is_flag or self.count:  # takes no value: nothing to say of it
            return None
        shown = option_type(self, ctx)
        return say_name(shown) if shown is not None and self.metavar is not None else shown

    def said_name(self: Any) -> str:
        return say_name(display_name.fget(self))

    parameter.display_name_raw = property(said_name)  # type: ignore[method-assign,assignment]
    parameter.display_type = said_type  # type: ignore[method-assign]
    option_class.display_type_rich = option_said_type  # type: ignore[method-assign]
