"""Text from customers is shown verbatim: nothing in it may drive the terminal."""

from __future__ import annotations

import re

# CSI / OSC / other ESC sequences, then any remaining C0/C1 control except tab/newline.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_controls(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` without terminal escape sequences or control characters.

    Tabs become a space; newlines are kept unless ``keep_newlines`` is false, in which
    case they become a space too (for one-line cells such as a subject).
    """
    cleaned = _ESCAPES.sub("", text)
    cleaned = cleaned.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n")
    if not keep_newlines:
        cleaned = cleaned.replace("\n", " ")
    return _CONTROLS.sub("", cleaned)
