"""The message catalogues: every marked string of ``src/`` has its Italian words, with
the same placeholders, and they are compiled the same way in a wheel and in a checkout."""

from __future__ import annotations

import gettext
import importlib.util
import os
import re
import sys
import types
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from techconsole import i18n

ROOT = Path(__file__).parents[2]
LOCALE = ROOT / "src/techconsole/i18n/locale"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sdr]|%[sdr]")
Key = tuple[str, str | None]  # (msgid, context)


def catalogue(lang: str) -> Catalog:
    with (LOCALE / lang / "LC_MESSAGES/techconsole.po").open("rb") as po:
        return read_po(po, locale=lang)


@pytest.fixture(scope="module")
def marked() -> dict[Key, tuple[str, ...]]:
    """Every message marked in ``src/``, as ``pybabel extract -F babel.cfg`` finds them:
    (msgid, context) → its forms (one, or singular and plural)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found: dict[Key, tuple[str, ...]] = {}
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        forms = (message,) if isinstance(message, str) else tuple(message)
        found[(forms[0], context)] = forms
    assert len(found) > 100  # the reports' words at least: the extraction works
    return found


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_po_files_parse_and_say_their_language(lang: str):
    parsed = catalogue(lang)
    assert str(parsed.locale) == lang
    assert parsed.plural_expr


def test_every_marked_string_has_its_italian_words(marked: dict[Key, tuple[str, ...]]):
    italian = catalogue("it")
    missing, fuzzy = [], []
    for msgid, context in marked:
        entry = italian.get(msgid, context=context)
        strings = () if entry is None else entry.string
        strings = (strings,) if isinstance(strings, str) else strings
        if entry is None or not all(strings):
            missing.append(msgid)
        elif entry.fuzzy:
            fuzzy.append(msgid)
    assert not missing, f"no Italian for {missing}: see the README's Translations"
    assert not fuzzy, f"fuzzy (check, then drop the flag): {fuzzy}"


def test_the_template_has_every_marked_string(marked: dict[Key, tuple[str, ...]]):
    with (LOCALE / "techconsole.pot").open("rb") as pot:
        template = read_po(pot)
    english = catalogue("en")
    for msgid, context in marked:
        assert template.get(msgid, context=context) is not None, msgid
        assert english.get(msgid, context=context) is not None, msgid


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_translations_keep_the_placeholders(lang: str):
    for entry in catalogue(lang):
        if not entry.id:
            continue
        ids = (entry.id,) if isinstance(entry.id, str) else entry.id
        strings = (entry.string,) if isinstance(entry.string, str) else entry.string
        wanted = set(PLACEHOLDER.findall(" ".join(ids)))
        for string in strings:
            if string:
                assert set(PLACEHOLDER.findall(string)) == wanted, (entry.id, string)


def test_no_entry_is_fuzzy_or_obsolete():
    for lang in i18n.LANGUAGES:
        parsed = catalogue(lang)
        assert not [m.id for m in parsed if m.id and m.fuzzy], lang
        assert not parsed.obsolete, f"{lang}: obsolete entries left by pybabel update"


#: the technician is spoken to as "tu" ("indica il codice", "scrivi 23/11"): these are the
#: imperatives that slipped into "voi" in the mail messages
_VOI = re.compile(
    r"\b(usate|scrivete|impostate|togliete|controllate|verificate|mettete|inviatelo|lasciatelo)\b"
)


def test_the_italian_speaks_to_the_technician_as_tu():
    said_voi = [
        entry.string
        for entry in catalogue("it")
        if entry.id and isinstance(entry.string, str) and _VOI.search(entry.string)
    ]
    assert not said_voi


# ---------------------------------------------------------------------- loading
def _copy_po(tmp: Path, lang: str = "it") -> Path:
    target = tmp / lang / "LC_MESSAGES/techconsole.po"
    target.parent.mkdir(parents=True)
    target.write_bytes((LOCALE / lang / "LC_MESSAGES/techconsole.po").read_bytes())
    return target


def test_a_checkout_compiles_the_po_in_memory(tmp_path: Path):
    _copy_po(tmp_path)
    words = i18n.load("it", tmp_path)
    assert words.gettext("Work report") == "Rapporto di lavoro"
    assert words.pgettext("company", "Name") == "Ragione sociale"
    assert words.ngettext("{n} unit", "{n} units", 4) == "{n} scatti"
    assert not list(tmp_path.rglob("*.mo"))  # nothing written beside the sources


def test_a_mo_older_than_its_po_is_not_used(tmp_path: Path):
    po = _copy_po(tmp_path)
    mo = po.with_suffix(".mo")
    stale = Catalog(locale="it", domain="techconsole")
    stale.add("Work report", "VECCHIO")
    from babel.messages.mofile import write_mo

    with mo.open("wb") as out:
        write_mo(out, stale)
    os.utime(mo, (po.stat().st_mtime - 60,) * 2)
    assert i18n.load("it", tmp_path).gettext("Work report") == "Rapporto di lavoro"
    os.utime(mo, (po.stat().st_mtime + 60,) * 2)  # compiled after the last edit: used
    assert i18n.load("it", tmp_path).gettext("Work report") == "VECCHIO"
    po.unlink()  # a wheel: only the .mo
    assert i18n.load("it", tmp_path).gettext("Work report") == "VECCHIO"


def test_without_any_catalogue_the_english_msgids_show(tmp_path: Path):
    assert i18n.load("it", tmp_path).gettext("Work report") == "Work report"


def test_a_translator_does_not_change_the_process_language():
    i18n.set_language("en")
    assert i18n.translator("it").gettext("Work report") == "Rapporto di lavoro"
    assert i18n._("Work report") == "Work report"
    assert i18n.language() == "en" and i18n.locale() == "en_GB"
    i18n.set_language("it")
    assert i18n._("Work report") == "Rapporto di lavoro"
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.set_language("fr")


def test_importing_the_package_does_not_import_babel():
    code = "import sys, techconsole.i18n as t; t._('x'); print('babel' in sys.modules)"
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    # the in-memory compile needs Babel, but only once a .po has no compiled .mo
    has_mo = (LOCALE / "it/LC_MESSAGES/techconsole.mo").is_file()
    assert done.stdout.strip() == ("False" if has_mo else "True")


# ---------------------------------------------------------------------- the wheel
def _hook_module(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """``hatch_build.py`` as hatch loads it (hatchling stubbed when not installed: the
    compile function does not need it)."""
    if importlib.util.find_spec("hatchling") is None:
        stub = types.ModuleType("hatchling.builders.hooks.plugin.interface")
        stub.BuildHookInterface = object  # type: ignore[attr-defined]
        monkeypatch.setitem(sys.modules, "hatchling.builders.hooks.plugin.interface", stub)
    spec = importlib.util.spec_from_file_location("hatch_build", ROOT / "hatch_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_build_hook_compiles_every_catalogue_for_the_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    hook = _hook_module(monkeypatch)
    built = hook.compile_catalogues(LOCALE, tmp_path)
    assert sorted(built.values()) == [
        f"{lang}/LC_MESSAGES/techconsole.mo" for lang in sorted(i18n.LANGUAGES)
    ]
    it = gettext.translation("techconsole", tmp_path, languages=["it"])
    assert it.gettext("Work report") == "Rapporto di lavoro"
    assert it.ngettext("{n} unit", "{n} units", 1) == "{n} scatto"
    en = gettext.translation("techconsole", tmp_path, languages=["en"])
    assert en.ngettext("{n} unit", "{n} units", 2) == "{n} units"
    # the loader reads what the hook wrote (a wheel: .mo only)
    assert i18n.load("it", tmp_path).gettext("Work report") == "Rapporto di lavoro"
