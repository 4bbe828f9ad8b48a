"""Mail from an IMAP folder, over TLS, with the standard library's :mod:`imaplib`.

The messages given are those in the folder without the keyword ``$TechconsoleTaken``
(and not deleted), read with ``BODY.PEEK[]`` so reading marks nothing; a message taken
gets the keyword and ``\\Seen``, and is moved to ``taken_folder`` when one is given
(``MOVE``; where the server has none, ``COPY``, ``\\Deleted`` and ``UID EXPUNGE`` of that
message alone — without UIDPLUS it stays, deleted, for the server to clean up).
Keys are UIDs. Every failure (login, TLS, certificate, network, timeout) is a
:class:`~techconsole.mail.sources.SourceError` whose message never holds the password.

Polling is the caller's: call :meth:`ImapSource.messages` again, or
:meth:`ImapSource.wait` first (IMAP IDLE when the server has it).
"""

from __future__ import annotations

import imaplib
import re
import select
from collections.abc import Iterator
from pathlib import Path

from techconsole.i18n import _
from techconsole.mail.imap_connect import KEYWORD, Connection
from techconsole.mail.imap_errors import guard, ok
from techconsole.mail.imap_idle import idle
from techconsole.mail.imap_url import ImapTarget, mailbox_name, parse_imap_url
from techconsole.mail.sources import Closable, Fetched, SourceError

__all__ = ["KEYWORD", "ImapSource", "ImapTarget", "parse_imap_url"]

#: messages fetched together: at most this many, and at most this many bytes (one
#: larger message is fetched alone)
BATCH_COUNT = 20
BATCH_BYTES = 8 * 1024 * 1024
#: longest IDLE before it is renewed (RFC 2177 asks for less than 30 minutes)
IDLE_MAX = 25 * 60

_UID = re.compile(rb"\bUID (\d+)", re.IGNORECASE)
_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)", re.IGNORECASE)


class ImapSource(Closable):
    """The new messages of one IMAP folder (the address's path, ``INBOX`` by default)."""

    def __init__(
        self,
        url: str,
        password: str,
        *,
        ca_file: Path | None = None,
        taken_folder: str | None = None,
        timeout: float = 30,
    ) -> None:
        try:
            self.target = parse_imap_url(url)
        except ValueError as error:
            raise SourceError(str(error)) from None
        if taken_folder is not None and _same_folder(taken_folder.strip("/"), self.target.folder):
            raise SourceError(
                _("the folder for the taken messages must be another folder than {folder}").format(
                    folder=self.target.folder
                )
            )
        self.name = self.target.url
        self.taken_folder = taken_folder.strip("/") if taken_folder else None
        self._link = Connection(self.target, password, ca_file=ca_file, timeout=timeout)
        self._exists: int | None = None  # the folder's message count when last looked
        self._folder_ready = False

    def connect(self) -> None:
        """Log in and open the folder now (the other methods do it when first needed)."""
        with guard(self._link):
            self._link.open()

    def messages(self) -> Iterator[Fetched]:
        with guard(self._link):
            conn = self._link.open()
            criteria = ["UNDELETED"]
            if self._link.keywords:
                criteria += ["UNKEYWORD", KEYWORD]
            elif self.taken_folder is None:
                raise SourceError(
                    _(
                        "the folder {folder} on {server} cannot mark messages as taken:"
                        " give a folder to move them to"
                    ).format(folder=self.target.folder, server=self.target.server)
                )
            self._grew(conn)  # the count this search sees: wait() looks for more than it
            if self._exists is None:
                self._exists = 0  # no count yet: anything the server announces is new
            data = ok(conn.uid("SEARCH", *criteria), _("searching {folder}"), self.target)
            uids = sorted({int(n) for item in data if item for n in item.split()})
            sizes = self._sizes(conn, uids)
        for batch in _batches(uids, sizes):
            with guard(self._link):
                conn = self._link.open()  # the caller's taken() may have reconnected
                data = ok(
                    conn.uid("FETCH", _uid_set(batch), "(UID BODY.PEEK[])"),
                    _("reading {folder}"),
                    self.target,
                )
            bodies = _bodies(data)
            for uid in batch:
                if uid in bodies:  # not expunged meanwhile
                    yield Fetched(str(uid), bodies[uid])

    def taken(self, key: str) -> None:
        if not key.isdigit():
            raise ValueError(f"not an IMAP UID: {key!r}")
        with guard(self._link):
            conn = self._link.open()
            flags = f"({KEYWORD} \\Seen)" if self._link.keywords else "(\\Seen)"
            where = _("marking a message in {folder}")
            ok(conn.uid("STORE", key, "+FLAGS.SILENT", flags), where, self.target)
            if self.taken_folder is None:
                return
            self._ensure_taken_folder(conn)
            target = mailbox_name(self.taken_folder)
            where, folder = _("moving a message to {folder}"), self.taken_folder
            if "MOVE" in self._link.capabilities:
                ok(conn.uid("MOVE", key, target), where, self.target, folder)
                return
            ok(conn.uid("COPY", key, target), where, self.target, folder)
            ok(conn.uid("STORE", key, "+FLAGS.SILENT", "(\\Deleted)"), where, self.target, folder)
            if "UIDPLUS" in self._link.capabilities:
                ok(conn.uid("EXPUNGE", key), where, self.target, folder)

    def wait(self, seconds: float, wake: int | None = None) -> bool:
        """Wait up to ``seconds`` for new mail: ``True`` when some may have arrived (look
        with :meth:`messages`), ``False`` when the time ran out without any. IMAP IDLE
        when the server has it; otherwise it just sleeps and says ``True``.  A byte
        written to the ``wake`` file descriptor, when given, ends the wait at once."""
        with guard(self._link):
            conn = self._link.open()
            if self._grew(conn):
                return True  # the server said so while answering another command
            if "IDLE" not in self._link.capabilities:
                select.select([] if wake is None else [wake], [], [], max(0.0, seconds))
                return True
            return idle(conn, min(max(0.0, seconds), IDLE_MAX), self._link.timeout, wake)

    def _grew(self, conn: imaplib.IMAP4) -> bool:
        """Whether the folder holds more messages than when last looked (the ``EXISTS``
        counts the server sent with its other answers, a SELECT's included)."""
        counts = [
            int(n)
            for n in conn.untagged_responses.pop("EXISTS", [])
            if isinstance(n, bytes) and n.isdigit()
        ]
        if not counts:
            return False
        before, self._exists = self._exists, max(counts)
        return before is not None and self._exists > before

    def close(self) -> None:
        self._link.close()

    def _sizes(self, conn: imaplib.IMAP4, uids: list[int]) -> dict[int, int]:
        if not uids:
            return {}
        data = ok(
            conn.uid("FETCH", _uid_set(uids), "(UID RFC822.SIZE)"),
            _("reading {folder}"),
            self.target,
        )
        sizes: dict[int, int] = {}
        for item in data:
            head = item[0] if isinstance(item, tuple) else item
            if isinstance(head, bytes) and (uid := _UID.search(head)):
                size = _SIZE.search(head)
                sizes[int(uid.group(1))] = int(size.group(1)) if size else 0
        return sizes

    def _ensure_taken_folder(self, conn: imaplib.IMAP4) -> None:
        if self._folder_ready:
            return
        assert self.taken_folder is not None
        name = mailbox_name(self.taken_folder)
        if conn.status(name, "(MESSAGES)")[0] != "OK":
            created = conn.create(name)
            if created[0] != "OK" and conn.status(name, "(MESSAGES)")[0] != "OK":
                ok(created, _("creating the folder {folder}"), self.target, self.taken_folder)
            conn.subscribe(name)  # shown by mail clients; a refusal changes nothing here
        self._folder_ready = True


def _same_folder(one: str, other: str) -> bool:
    """Whether two names are one folder (``INBOX`` is so in any case, RFC 3501)."""
    return one == other or not one or one.upper() == other.upper() == "INBOX"


def _uid_set(uids: list[int]) -> str:
    """``1:3,7,9:10``: a sorted list of UIDs, ranges joined."""
    parts: list[str] = []
    start = previous = uids[0]
    for uid in [*uids[1:], None]:
        if uid is not None and uid == previous + 1:
            previous = uid
            continue
        parts.append(str(start) if start == previous else f"{start}:{previous}")
        if uid is not None:
            start = previous = uid
    return ",".join(parts)


def _batches(uids: list[int], sizes: dict[int, int]) -> Iterator[list[int]]:
    batch: list[int] = []
    total = 0
    for uid in uids:
        size = sizes.get(uid, 0)
        if batch and (len(batch) >= BATCH_COUNT or total + size > BATCH_BYTES):
            yield batch
            batch, total = [], 0
        batch.append(uid)
        total += size
    if batch:
        yield batch


def _bodies(data: list[object]) -> dict[int, bytes]:
    """UID → message bytes, from the answer to ``UID FETCH ... (UID BODY.PEEK[])``: the UID
    may come before the literal (``1 (UID 7 BODY[] {n}``) or after it (`` UID 7)``)."""
    bodies: dict[int, bytes] = {}
    for index, item in enumerate(data):
        if not (isinstance(item, tuple) and len(item) == 2 and b"BODY[]" in item[0].upper()):
            continue
        uid = _UID.search(item[0])
        following = data[index + 1] if index + 1 < len(data) else None
        if uid is None and isinstance(following, bytes):
            uid = _UID.search(following)
        if uid is not None:
            bodies[int(uid.group(1))] = item[1]
    return bodies
