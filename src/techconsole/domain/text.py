"""Text from customers is shown verbatim: nothing in it may drive the terminal, and
nothing in it may hide or reorder what is shown.

:func:`strip_controls` is the one function every output of people's text goes through
(the console, the command line's text, CSV, Markdown, PDF): it drops terminal escape
sequences and control characters, and shows the invisible formatting characters
(bidirectional overrides, isolates and marks, zero-width characters, the soft hyphen, tag
characters) by their code point, ``⟨U+202E⟩``, so that ``abc\\u202etxt.exe`` reads
``abc⟨U+202E⟩txt.exe`` and never "abcexe.txt".  The database keeps the text as typed,
and ``--json`` gives it as typed: it is for programs, which see every character anyway.
"""

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
#: Unicode's line and paragraph separators break a line where a newline would.
_SEPARATORS = re.compile("[\u2028\u2029]")

#: The invisible format characters (Unicode category Cf) that can hide, join or reorder
#: the text around them.  The Cf characters left out are visible signs (the Arabic number
#: signs U+0600–U+0605, U+06DD, U+0890–U+0891, U+08E2, U+070F, U+110BD, U+110CD) and the
#: Egyptian hieroglyph format controls, which only arrange hieroglyphs.
_PICTURE = "\U0001f000-\U0001faff\u2600-\u27bf"  # emoji and pictographs
INVISIBLE = re.compile(
    # a zero-width joiner between two emoji makes one picture of them (a family, a rainbow flag):
    # kept as it is (the group), while anywhere else it is shown like the others
    f"(?P<join>(?<=[{_PICTURE}\ufe0f])\u200d(?=[{_PICTURE}]))"
    "|["
    "\u00ad"  # soft hyphen: hidden unless a line breaks there
    "\u061c"  # Arabic letter mark (bidirectional)
    "\u180e"  # Mongolian vowel separator (zero width)
    "\u200b-\u200f"  # zero-width space, non-joiner, joiner; left-to-right, right-to-left mark
    "\u202a-\u202e"  # bidirectional embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u206f"  # bidirectional isolates; deprecated format characters
    "\ufeff"  # zero-width no-break space (byte-order mark)
    "\ufff9-\ufffb"  # interlinear annotation
    "\U0001bca0-\U0001bca3"  # shorthand format controls
    "\U0001d173-\U0001d17a"  # musical format controls
    "\U000e0001\U000e0020-\U000e007f"  # tag characters (hidden ASCII)
    "]"
)


def code_point(char: str) -> str:
    """How an invisible character is shown: ``⟨U+202E⟩``."""
    return f"⟨U+{ord(char):04X}⟩"


def reveal(text: str) -> str:
    """``text`` with each invisible format character shown as its code point."""
    return INVISIBLE.sub(lambda match: match[0] if match["join"] else code_point(match[0]), text)


def drop_escapes(text: str) -> str:
    """``text`` without its terminal escape sequences, each dropped whole; the rest as it is."""
    return _ESCAPES.sub("", text)


def drop_controls(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` without terminal escape sequences or control characters, and nothing else
    changed: for what a person types (it is stored as typed, invisible characters too).

    Tabs become a space; newlines (and Unicode's line separators) are kept unless
    ``keep_newlines`` is false, in which case they become a space too (for one-line cells
    such as a subject).
    """
    cleaned = drop_escapes(text)
    cleaned = cleaned.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n")
    cleaned = _SEPARATORS.sub("\n", cleaned)
    if not keep_newlines:
        cleaned = cleaned.replace("\n", " ")
    return _CONTROLS.sub("", cleaned)


def strip_controls(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` made safe to show: :func:`drop_controls`, then every invisible format
    character shown as its code point (:func:`reveal`)."""
    if text.isascii() and text.isprintable():  # space to ~: nothing to drop or show
        return text
    return reveal(drop_controls(text, keep_newlines=keep_newlines))
