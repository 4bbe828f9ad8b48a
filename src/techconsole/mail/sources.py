"""Where received mail comes from: message files, standard input, a Maildir.

A :class:`Source` gives the raw bytes of the messages it has not handed over yet
(:meth:`Source.messages`); the caller records each one and then says so with
:meth:`Source.taken`, so a message is never lost between the two: a crash before
``taken`` gives it again next time (the services recognise a message they already
recorded). The IMAP source is in :mod:`techconsole.mail.imap`.

Nothing here reads what a message says: the bytes go to the parser as they came.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Protocol, Self

from techconsole.i18n import _

#: the Maildir flag of a message read ("Seen"), set on the messages the console took
SEEN_FLAG = "S"


class SourceError(Exception):
    """A source cannot be read: the message is one line, for the user, already translated."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """One message as it came: ``key`` names it within its source (for :meth:`Source.taken`)."""

    key: str
    raw: bytes


class Source(Protocol):
    """A place messages come in from."""

    #: shown to users and stored as the mail's source: ``file``, ``stdin``,
    #: ``maildir:/path``, ``imaps://user@host/INBOX``
    name: str

    def messages(self) -> Iterator[Fetched]:
        """The messages not taken yet, oldest first."""
        ...

    def taken(self, key: str) -> None:
        """Mark the message ``key`` as taken (after it was recorded): it is not given again."""
        ...

    def close(self) -> None: ...


class Closable:
    """A source's ``close`` and ``with source:``, which closes it."""

    def close(self) -> None:
        """Nothing to release."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


class FileSource(Closable):
    """Message files, one RFC 822 message each (``.eml``), in the order given."""

    name = "file"

    def __init__(self, paths: Sequence[Path]) -> None:
        self._paths = list(dict.fromkeys(Path(p) for p in paths))
        self._taken: set[str] = set()
        for path in self._paths:
            if path.is_dir():
                raise SourceError(_("{path} is a folder, not a message file").format(path=path))
            if not path.exists():
                raise SourceError(_("the message file {path} does not exist").format(path=path))
            try:
                path.open("rb").close()
            except OSError as error:
                raise SourceError(
                    _("cannot read the message file {path}: {reason}").format(
                        path=path, reason=_reason(error)
                    )
                ) from error

    def messages(self) -> Iterator[Fetched]:
        for path in self._paths:
            if str(path) in self._taken:
                continue
            try:
                raw = path.read_bytes()
            except OSError as error:
                raise SourceError(
                    _("cannot read the message file {path}: {reason}").format(
                        path=path, reason=_reason(error)
                    )
                ) from error
            if not raw.strip():
                raise SourceError(_("the message file {path} is empty").format(path=path))
            yield Fetched(str(path), raw)

    def taken(self, key: str) -> None:
        self._taken.add(key)


class StdinSource(Closable):
    """One message read from standard input (a mail server's pipe, ``| techconsole ...``)."""

    name = "stdin"

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._raw: bytes | None = None
        self._taken = False

    def messages(self) -> Iterator[Fetched]:
        if self._taken:
            return
        if self._raw is None:
            try:
                self._raw = self._stream.read()
            except OSError as error:
                raise SourceError(
                    _("cannot read the message from standard input: {reason}").format(
                        reason=_reason(error)
                    )
                ) from error
        if not self._raw.strip():
            raise SourceError(_("standard input is empty: no message to read"))
        yield Fetched("stdin", self._raw)

    def taken(self, key: str) -> None:
        self._taken = True


_MAILDIR_PARTS = ("new", "cur", "tmp")


def _empty_folder(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


class MaildirSource(Closable):
    """The new messages of a Maildir (those in ``new/``); a taken one moves to ``cur/``
    with the Seen flag, as a mail client does when it reads it. ``create`` makes the
    Maildir when the folder does not exist or is empty.

    Several processes may take from the same Maildir at once: the move is one atomic
    rename, a message another process moved first is skipped, and :meth:`take` says
    which process moved it.
    """

    def __init__(self, path: Path, create: bool = False) -> None:
        self.path = Path(path)
        self.name = f"maildir:{self.path}"
        if create and (not self.path.exists() or _empty_folder(self.path)):
            try:
                for part in _MAILDIR_PARTS:
                    (self.path / part).mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as error:
                raise SourceError(
                    _("cannot create the Maildir {path}: {reason}").format(
                        path=self.path, reason=_reason(error)
                    )
                ) from error
        if not self.path.is_dir():
            raise SourceError(_("the Maildir {path} does not exist").format(path=self.path))
        if not all((self.path / part).is_dir() for part in _MAILDIR_PARTS):
            raise SourceError(
                _("{path} is not a Maildir: it has no new/, cur/ and tmp/ folders").format(
                    path=self.path
                )
            )

    def messages(self) -> Iterator[Fetched]:
        new = self.path / "new"
        try:
            names = sorted(
                entry.name
                for entry in os.scandir(new)
                if not entry.name.startswith(".") and entry.is_file()
            )
        except OSError as error:
            raise SourceError(
                _("cannot read the Maildir {path}: {reason}").format(
                    path=self.path, reason=_reason(error)
                )
            ) from error
        for name in names:
            try:
                raw = (new / name).read_bytes()
            except FileNotFoundError:
                continue  # another process took it meanwhile
            except OSError as error:
                raise SourceError(
                    _("cannot read the message {name} in the Maildir {path}: {reason}").format(
                        name=name, path=self.path, reason=_reason(error)
                    )
                ) from error
            yield Fetched(name, raw)

    def take(self, key: str) -> bool:
        """Move ``new/<key>`` to ``cur/`` with the Seen flag; ``False`` when it was no longer
        there (another process took it)."""
        if not key or "/" in key or os.sep in key or key.startswith("."):
            raise ValueError(f"not a Maildir message name: {key!r}")
        unique, _colon, info = key.partition(":")
        flags = set(info[2:]) if info.startswith("2,") else set()
        target = f"{unique}:2,{''.join(sorted(flags | {SEEN_FLAG}))}"
        try:
            os.rename(self.path / "new" / key, self.path / "cur" / target)
        except FileNotFoundError:
            return False
        except OSError as error:
            raise SourceError(
                _("cannot move the message {name} to cur/ in the Maildir {path}: {reason}").format(
                    name=key, path=self.path, reason=_reason(error)
                )
            ) from error
        return True

    def taken(self, key: str) -> None:
        self.take(key)
