"""A received message as a note: the quoted reply and the signature trimmed."""

from __future__ import annotations


def note_text(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    kept: list[str] = []
    for line in lines:
        if line == "-- " or line.startswith(">"):
            break
        kept.append(line)
    note = "\n".join(kept).strip()
    return note or text.strip()
