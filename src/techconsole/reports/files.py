"""Writing an export into a folder, safely.

* The file's name is the report's number and an extension (``RL-2026-0001-rev1.pdf``),
  with ``-en`` when the document is in English (:func:`stem_in`: the Italian and English
  files of one report never replace each other): nothing a customer typed reaches it, and
  a name that is not a plain number (a separator, ``..``, a leading dot) is refused, so
  nothing is written outside the folder.
* The folder typed is made absolute and normal (``~`` is the home folder, ``..`` and
  links resolved): the path said is the one written.
* An existing file is kept unless the caller forces (:class:`FileExists` names it, so a
  console can ask before forcing); the check is atomic (a hard link of the finished file,
  which fails if the name is taken meanwhile).
* The bytes go to a hidden temporary file in the same folder, flushed to disk, then take
  the name in one step: a crash or a full disk never leaves a half-written report.
  After a batch, :func:`settle` flushes the folder itself once, so that the names too
  survive a power cut.
* A report is customers' data: the file is ``0600`` (``0660`` in a team folder, see
  :mod:`techconsole.domain.file_modes`), never readable by every user of the machine,
  whatever the umask.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from techconsole.domain.file_modes import new_file_mode
from techconsole.i18n import _
from techconsole.services.errors import ServiceError

#: what a file name may be made of: the report number, ``-rev2``
STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
EXTENSIONS = ("pdf", "md", "json", "csv")
EXISTS, BAD_PLACE = 1, 2


class ExportError(ServiceError):
    """The file could not be written; ``code`` is the exit code (1 exists, 2 bad folder)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


class FileExists(ExportError):
    """A file of that name is there already (code 1); ``path`` is the file."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            _("{path} exists already; add --force to overwrite it").format(path=path), EXISTS
        )
        self.path = path


def stem_in(stem: str, lang: str, extension: str) -> str:
    """The name of a document in ``lang``: Italian (the default) as ``stem``, another
    language suffixed (``RL-2026-0001-en``); JSON, the same in every language, as ``stem``."""
    if lang == "it" or extension == "json":
        return stem
    return f"{stem}-{lang}"


def normal(typed: str | Path | None) -> Path:
    """The folder ``typed`` as an absolute path (empty: the current folder): ``~`` is the
    home folder, ``..`` and symbolic links resolved."""
    where = Path(typed).expanduser() if typed is not None and str(typed) else Path.cwd()
    try:
        return where.resolve()
    except (OSError, RuntimeError):  # a loop of links: said when it is written in
        return Path(os.path.abspath(where))


def folder(out: str | Path | None, *, option: str = "--out") -> Path:
    """The folder to write in (``out``, else the current one; :func:`normal`): existing
    and writable.  Its errors start with ``option`` (``--out: the folder … does not
    exist``); an empty ``option`` leaves that out (the console asks for the folder in a
    form)."""
    where = normal(out)
    said = f"{option}: " if option else ""
    if not where.exists():
        raise ExportError(
            said + _("the folder {where} does not exist").format(where=where), BAD_PLACE
        )
    if not where.is_dir():
        raise ExportError(said + _("{where} is not a folder").format(where=where), BAD_PLACE)
    if not os.access(where, os.W_OK | os.X_OK):
        raise ExportError(
            said + _("cannot write in {where} (permission denied)").format(where=where), BAD_PLACE
        )
    return where


def target(where: Path, stem: str, extension: str, *, force: bool = False) -> Path:
    """``where/stem.extension``, refused if the name is not a plain report number, or if
    the file exists and ``force`` is false."""
    if extension not in EXTENSIONS:
        raise ExportError(_("no export as .{extension}").format(extension=extension), BAD_PLACE)
    if not STEM.fullmatch(stem):
        raise ExportError(_("'{stem}' cannot be used as a file name").format(stem=stem), BAD_PLACE)
    path = where / f"{stem}.{extension}"
    if path.parent != where:  # cannot happen with STEM; kept as the last word
        raise ExportError(_("{path} is outside {where}").format(path=path, where=where), BAD_PLACE)
    if path.is_dir():
        raise ExportError(_("{path} is a folder").format(path=path), BAD_PLACE)
    if os.path.lexists(path) and not force:
        raise FileExists(path)
    return path


def export(
    where: Path, stem: str, extension: str, render: Callable[[], bytes], *, force: bool = False
) -> Path:
    """Write ``render()`` as ``where/stem.extension``: the name (and that no file is in the
    way, unless ``force``) is checked before anything is rendered.  The command line and
    the console both export through this."""
    path = target(where, stem, extension, force=force)
    return write(path, render(), force=force)


def write(path: Path, data: bytes, *, force: bool = False) -> Path:
    """Put ``data`` at ``path`` (from :func:`target`) all at once, or not at all."""
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".partial"
        )
    except OSError as exc:
        raise ExportError(
            _("cannot write in {where}: {error}").format(where=path.parent, error=exc.strerror),
            BAD_PLACE,
        ) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, new_file_mode(path.parent.stat().st_mode))
        if force:
            os.replace(temporary, path)
        else:
            _place_new(temporary, path)
    except OSError as exc:
        raise ExportError(
            _("could not write {path}: {error}").format(path=path, error=exc.strerror or exc),
            EXISTS,
        ) from exc
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)
    return path


def _place_new(temporary: str, path: Path) -> None:
    try:
        os.link(temporary, path)  # fails if the name was taken meanwhile
    except FileExistsError:
        raise FileExists(path) from None
    except OSError:  # a file system without hard links (FAT, some network shares)
        if os.path.lexists(path):
            raise FileExists(path) from None
        os.replace(temporary, path)


def settle(where: Path) -> None:
    """Flush the folder ``where`` to disk: the names of the files just written in it
    survive a power cut (their bytes were flushed each).  Where a folder cannot be
    opened (Windows), nothing."""
    try:
        handle = os.open(where, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
