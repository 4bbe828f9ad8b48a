"""Mail in from message files, standard input and a Maildir (real files, real processes)."""

from __future__ import annotations

import io
import mailbox
import os
import subprocess
import sys
from pathlib import Path

import pytest

from techconsole.mail.sources import FileSource, MaildirSource, SourceError, StdinSource

WORKER = Path(__file__).with_name("maildir_worker.py")


def message(number: int, sender: str = "mario@rossi-srl.example") -> bytes:
    return (
        f"From: Mario Rossi <{sender}>\r\n"
        "To: assistenza@studio-bianchi.example\r\n"
        f"Subject: La stampante non stampa ({number})\r\n"
        f"Message-ID: <{number}.stampante@rossi-srl.example>\r\n"
        "Date: Tue, 3 Mar 2026 09:15:00 +0100\r\n"
        "\r\n"
        f"Buongiorno, la stampante dell'ufficio {number} non stampa.\r\n"
    ).encode()


def maildir_with(path: Path, count: int) -> dict[str, bytes]:
    """A Maildir with ``count`` new messages: their names in new/ and their bytes."""
    box = mailbox.Maildir(path, factory=None, create=True)
    keys = [box.add(message(n)) for n in range(count)]
    names = {}
    for key in keys:
        [name] = [n for n in os.listdir(path / "new") if n.startswith(key)]
        names[name] = (path / "new" / name).read_bytes()
    return names


# files


def test_files_are_given_in_order_and_not_again_once_taken(tmp_path):
    first, second = tmp_path / "uno.eml", tmp_path / "due.eml"
    first.write_bytes(message(1))
    second.write_bytes(message(2))
    source = FileSource([first, second, first])  # the same file twice is one message

    fetched = list(source.messages())
    assert [(f.key, f.raw) for f in fetched] == [
        (str(first), message(1)),
        (str(second), message(2)),
    ]
    assert source.name == "file"
    source.taken(fetched[0].key)
    assert [f.key for f in source.messages()] == [str(second)]


def test_a_missing_file_is_an_error_naming_it(tmp_path, english):
    missing = tmp_path / "non-esiste.eml"
    with pytest.raises(SourceError, match=r"non-esiste\.eml") as caught:
        FileSource([missing])
    assert "does not exist" in str(caught.value)


def test_a_folder_is_not_a_message_file(tmp_path, english):
    with pytest.raises(SourceError, match="is a folder"):
        FileSource([tmp_path])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file: no unreadable file to test")
def test_an_unreadable_file_is_an_error_naming_it(tmp_path):
    locked = tmp_path / "riservato.eml"
    locked.write_bytes(message(1))
    locked.chmod(0)
    with pytest.raises(SourceError, match=r"riservato\.eml"):
        FileSource([locked])


def test_a_file_that_vanishes_before_it_is_read_is_an_error_naming_it(tmp_path):
    path = tmp_path / "sparito.eml"
    path.write_bytes(message(1))
    source = FileSource([path])
    path.unlink()
    with pytest.raises(SourceError, match=r"sparito\.eml"):
        list(source.messages())


def test_an_empty_file_is_an_error(tmp_path, english):
    path = tmp_path / "vuoto.eml"
    path.write_bytes(b"\r\n")
    with pytest.raises(SourceError, match=r"vuoto\.eml is empty"):
        list(FileSource([path]).messages())


# standard input


def test_stdin_gives_its_one_message_until_taken():
    source = StdinSource(io.BytesIO(message(7)))
    assert source.name == "stdin"
    assert [(f.key, f.raw) for f in source.messages()] == [("stdin", message(7))]
    assert [f.raw for f in source.messages()] == [message(7)]  # read once, given again
    source.taken("stdin")
    assert list(source.messages()) == []


def test_empty_stdin_is_an_error(english):
    with pytest.raises(SourceError, match="empty"):
        list(StdinSource(io.BytesIO(b"")).messages())


# Maildir


def test_maildir_gives_the_new_messages_and_moves_a_taken_one_to_cur_as_seen(tmp_path):
    names = maildir_with(tmp_path / "Maildir", 3)
    # a message already read by a mail client is not new: never given
    (tmp_path / "Maildir" / "cur" / "1700000000.old.host:2,S").write_bytes(message(99))
    source = MaildirSource(tmp_path / "Maildir")
    assert source.name == f"maildir:{tmp_path / 'Maildir'}"

    fetched = list(source.messages())
    assert {f.key: f.raw for f in fetched} == names
    assert [f.key for f in fetched] == sorted(names)

    taken = fetched[1].key
    source.taken(taken)
    assert not (tmp_path / "Maildir" / "new" / taken).exists()
    assert (tmp_path / "Maildir" / "cur" / f"{taken}:2,S").read_bytes() == names[taken]
    assert [f.key for f in source.messages()] == [fetched[0].key, fetched[2].key]
    # and a mail client sees it as read
    box = mailbox.Maildir(tmp_path / "Maildir", factory=None, create=False)
    [read] = [box.get_message(k) for k in box.iterkeys() if taken.startswith(k)]
    assert read.get_subdir() == "cur"
    assert read.get_flags() == "S"


def test_a_taken_message_keeps_the_flags_it_had(tmp_path):
    maildir = tmp_path / "Maildir"
    maildir_with(maildir, 0)
    (maildir / "new" / "1700000000.flagged.host:2,F").write_bytes(message(1))
    source = MaildirSource(maildir)
    [fetched] = source.messages()
    source.taken(fetched.key)
    assert os.listdir(maildir / "cur") == ["1700000000.flagged.host:2,FS"]


def test_maildir_skips_a_message_that_vanished_and_taking_it_again_is_harmless(tmp_path):
    names = sorted(maildir_with(tmp_path / "Maildir", 3))
    source = MaildirSource(tmp_path / "Maildir")
    messages = source.messages()
    assert next(messages).key == names[0]
    # another process takes the second one meanwhile
    other = MaildirSource(tmp_path / "Maildir")
    assert other.take(names[1]) is True
    assert [f.key for f in messages] == [names[2]]
    assert source.take(names[1]) is False
    source.taken(names[1])  # no error
    assert sorted(os.listdir(tmp_path / "Maildir" / "cur")) == [f"{names[1]}:2,S"]


def test_two_processes_taking_from_one_maildir_take_each_message_once(tmp_path):
    maildir = tmp_path / "Maildir"
    names = maildir_with(maildir, 150)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(maildir)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    for worker in workers:  # both are ready and waiting: go
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    results = [worker.communicate(timeout=120) for worker in workers]
    for worker, (_out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err

    taken = [out.split() for out, _err in results]
    every = taken[0] + taken[1]
    assert sorted(every) == sorted(names)  # each message taken, and by one process only
    assert os.listdir(maildir / "new") == []
    assert sorted(os.listdir(maildir / "cur")) == sorted(f"{name}:2,S" for name in names)


def test_a_folder_that_is_not_a_maildir_is_an_error(tmp_path, english):
    (tmp_path / "posta").mkdir()
    (tmp_path / "posta" / "new").mkdir()
    with pytest.raises(SourceError, match="is not a Maildir") as caught:
        MaildirSource(tmp_path / "posta")
    assert str(tmp_path / "posta") in str(caught.value)
    with pytest.raises(SourceError, match="does not exist"):
        MaildirSource(tmp_path / "nessuna")


def test_a_maildir_is_created_when_asked_but_never_in_a_folder_with_other_files(tmp_path):
    source = MaildirSource(tmp_path / "nuova", create=True)
    assert sorted(os.listdir(tmp_path / "nuova")) == ["cur", "new", "tmp"]
    assert list(source.messages()) == []
    (tmp_path / "documenti").mkdir()
    (tmp_path / "documenti" / "fattura.pdf").write_bytes(b"%PDF")
    with pytest.raises(SourceError):
        MaildirSource(tmp_path / "documenti", create=True)
    assert os.listdir(tmp_path / "documenti") == ["fattura.pdf"]


def test_a_key_that_is_not_a_message_name_is_refused(tmp_path):
    maildir_with(tmp_path / "Maildir", 0)
    source = MaildirSource(tmp_path / "Maildir")
    with pytest.raises(ValueError, match="not a Maildir message name"):
        source.taken("../cur/x")


def test_the_italian_message_names_the_maildir(tmp_path):
    with pytest.raises(SourceError) as caught:
        MaildirSource(tmp_path)
    assert str(tmp_path) in str(caught.value)
    assert "Maildir" in str(caught.value)
