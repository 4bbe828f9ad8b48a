"""Where the files shipped with techconsole (policy presets, demo data) are found."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from techconsole.i18n import _


@cache
def data_dir() -> Path:
    """The ``data/`` folder: inside the installed package, or the source checkout's."""
    packaged = Path(str(files("techconsole"))) / "data"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "data"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(_("techconsole's data folder is missing; reinstall the package"))
