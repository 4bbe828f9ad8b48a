"""Hatch build hook: compile the gettext catalogues (``.po``) into the wheel (``.mo``).

The ``.mo`` files are never committed (several branches edit the catalogues, and
binaries cannot be merged): a wheel gets them compiled here, so ``pip install .``
finds them; an editable install or a source checkout compiles the ``.po`` in memory
instead (``techconsole.i18n.load``). Babel is in ``build-system.requires``.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("src/techconsole/i18n/locale")
IN_WHEEL = "techconsole/i18n/locale"


def compile_catalogues(locale_dir: Path, out_dir: Path) -> dict[str, str]:
    """Compile every ``<lang>/LC_MESSAGES/<domain>.po`` under ``locale_dir`` into
    ``out_dir`` (same layout); a map of each ``.mo`` written to its path relative to
    ``out_dir``. Fuzzy entries are left out, as ``pybabel compile`` does."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    built: dict[str, str] = {}
    for po in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name, domain=po.stem)
        relative = po.relative_to(locale_dir).with_suffix(".mo")
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            write_mo(out, catalog)
        built[str(target)] = relative.as_posix()
    if not built:
        raise RuntimeError(f"no message catalogue (.po) under {locale_dir}")
    return built


class CatalogueBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the .po files in place
        self._out = tempfile.mkdtemp(prefix="techconsole-mo-")
        built = compile_catalogues(Path(self.root) / LOCALE, Path(self._out))
        for mo, relative in built.items():
            build_data["force_include"][mo] = f"{IN_WHEEL}/{relative}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)
