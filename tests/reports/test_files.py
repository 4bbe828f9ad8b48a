"""Writing exports: the name from the number only, inside the folder, never over a file
unless forced, never half-written."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest

from techconsole.reports import files
from techconsole.reports.files import ExportError


@pytest.fixture(autouse=True)
def _english(english: None) -> None:
    """These tests read the refusals in English; the Italian ones are checked below."""


def test_the_refusals_speak_italian_by_default(tmp_path):
    from techconsole.i18n import set_language

    set_language("it")
    with pytest.raises(ExportError, match=f"--out: la cartella {tmp_path / 'nope'} non esiste"):
        files.folder(tmp_path / "nope")
    with pytest.raises(ExportError, match="non può essere usato come nome di file"):
        files.target(tmp_path, "../x", "pdf")


def test_writes_the_file_in_the_folder(tmp_path):
    path = files.target(files.folder(tmp_path), "RL-2026-0001-rev1", "pdf")
    assert path == tmp_path / "RL-2026-0001-rev1.pdf"
    assert files.write(path, b"%PDF-1") == path
    assert path.read_bytes() == b"%PDF-1"
    assert os.listdir(tmp_path) == ["RL-2026-0001-rev1.pdf"]  # no temporary left
    assert path.stat().st_mode & 0o777 == 0o600  # customers' data: never world-readable


def test_in_a_team_folder_the_file_is_the_groups_too(tmp_path):
    team = tmp_path / "team"
    team.mkdir()
    team.chmod(0o2775)  # group-writable, setgid
    path = files.write(files.target(files.folder(team), "RL-2026-0001", "pdf"), b"%PDF-1")
    assert path.stat().st_mode & 0o7777 == 0o660


def test_the_current_folder_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert files.folder(None) == tmp_path


def test_the_folder_typed_is_made_absolute_and_normal(tmp_path, monkeypatch):
    home = tmp_path / "home" / "anna"
    home.mkdir(parents=True)
    (tmp_path / "exports").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "exports")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home)
    assert files.normal("~/../../exports") == tmp_path / "exports"
    assert files.folder("~/../../exports") == tmp_path / "exports"
    assert files.folder("../.././exports/") == tmp_path / "exports"
    assert files.folder(tmp_path / "link") == tmp_path / "exports"  # where it is written
    assert files.normal("") == home
    with pytest.raises(ExportError, match=f"the folder {tmp_path / 'nope'} does not exist"):
        files.folder("~/../../exports/../nope")


@pytest.mark.parametrize(
    ("lang", "extension", "name"),
    [
        ("it", "pdf", "RL-2026-0001"),
        ("en", "pdf", "RL-2026-0001-en"),
        ("en", "md", "RL-2026-0001-en"),
        ("en", "json", "RL-2026-0001"),  # the same in every language
    ],
)
def test_a_document_in_english_is_named_apart(lang, extension, name):
    assert files.stem_in("RL-2026-0001", lang, extension) == name
    assert files.STEM.fullmatch(files.stem_in("RL-2026-0001-rev2", lang, extension))


@pytest.mark.parametrize(
    "stem",
    [
        "../RL-2026-0001",
        "RL/../../x",
        "/etc/passwd",
        ".hidden",
        "",
        "a b",
        "RL-2026-0001\x00",
        "..",
        "C:\\x",
        "x" * 101,
    ],
)
def test_a_name_that_is_not_a_plain_number_is_refused(tmp_path, stem):
    with pytest.raises(ExportError, match="cannot be used as a file name") as info:
        files.target(tmp_path, stem, "pdf")
    assert info.value.code == 2
    assert os.listdir(tmp_path) == []


def test_an_unknown_extension_is_refused(tmp_path):
    with pytest.raises(ExportError):
        files.target(tmp_path, "RL-2026-0001", "exe")


def test_an_existing_file_is_kept_unless_forced(tmp_path):
    existing = tmp_path / "RL-2026-0001.md"
    existing.write_text("mine")
    with pytest.raises(ExportError, match="exists already; add --force") as info:
        files.target(tmp_path, "RL-2026-0001", "md")
    assert info.value.code == 1
    # taken between the check and the write: still refused, still intact
    path = tmp_path / "RL-2026-0001.md"
    with pytest.raises(ExportError, match="exists already") as info:
        files.write(path, b"new")
    assert info.value.code == 1
    assert existing.read_text() == "mine"
    assert os.listdir(tmp_path) == ["RL-2026-0001.md"]
    forced = files.target(tmp_path, "RL-2026-0001", "md", force=True)
    files.write(forced, b"new", force=True)
    assert existing.read_text() == "new"


def test_a_symlink_in_the_way_is_replaced_not_followed(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "RL-2026-0001.pdf").symlink_to(outside)
    with pytest.raises(ExportError, match="exists already"):
        files.target(folder, "RL-2026-0001", "pdf")
    files.write(files.target(folder, "RL-2026-0001", "pdf", force=True), b"pdf", force=True)
    assert outside.read_text() == "keep"
    assert not (folder / "RL-2026-0001.pdf").is_symlink()


def test_a_folder_in_the_way_is_refused(tmp_path):
    (tmp_path / "RL-2026-0001.pdf").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        files.target(tmp_path, "RL-2026-0001", "pdf", force=True)


def test_a_missing_or_wrong_folder_is_a_clear_error(tmp_path):
    with pytest.raises(ExportError, match="does not exist") as info:
        files.folder(tmp_path / "nope")
    assert info.value.code == 2
    (tmp_path / "file").write_text("")
    with pytest.raises(ExportError, match="is not a folder"):
        files.folder(tmp_path / "file")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder")
def test_an_unwritable_folder_is_a_clear_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    with pytest.raises(ExportError, match="permission denied") as info:
        files.folder(locked)
    assert info.value.code == 2


def test_a_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    path = files.target(tmp_path, "RL-2026-0001", "pdf")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(ExportError, match="No space left on device"):
        files.write(path, b"x" * 10_000)
    assert os.listdir(tmp_path) == []


def test_a_folder_refusing_new_files_is_a_clear_error(tmp_path, monkeypatch):
    def denied(**kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(ExportError, match="cannot write in") as info:
        files.write(Path(tmp_path) / "RL-2026-0001.pdf", b"x")
    assert info.value.code == 2


def test_export_checks_the_name_before_rendering_and_names_a_file_in_the_way(tmp_path):
    rendered: list[str] = []

    def render() -> bytes:
        rendered.append("once")
        return b"# RL-2026-0001"

    path = files.export(tmp_path, "RL-2026-0001", "md", render)
    assert path.read_bytes() == b"# RL-2026-0001" and rendered == ["once"]
    with pytest.raises(files.FileExists) as info:
        files.export(tmp_path, "RL-2026-0001", "md", render)
    assert (info.value.path, info.value.code) == (path, 1)  # an ExportError, exit code 1
    assert isinstance(info.value, ExportError) and rendered == ["once"]
    assert files.export(tmp_path, "RL-2026-0001", "md", lambda: b"new", force=True) == path
    assert path.read_bytes() == b"new"


def test_the_folder_error_names_the_option_or_nothing(tmp_path):
    with pytest.raises(ExportError, match=r"^--out: the folder .* does not exist$"):
        files.folder(tmp_path / "nope")
    with pytest.raises(ExportError, match=r"^the folder .* does not exist$"):
        files.folder(tmp_path / "nope", option="")


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_an_export_is_private_whatever_the_umask(tmp_path, umask):
    """A report holds customers' data: 0600, never what a lax umask would give."""
    previous = os.umask(umask)
    try:
        written = files.write(tmp_path / "RL-2026-0001.pdf", b"%PDF-1.4")
        replaced = files.write(written, b"%PDF-1.5", force=True)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE(replaced.stat().st_mode) == 0o600
