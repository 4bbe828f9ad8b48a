"""Customers' text shown safely: no terminal control, nothing invisible that hides or
reorders what is shown (``abc\\u202etxt.exe`` must not read "abcexe.txt")."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from techconsole.domain.text import INVISIBLE, drop_controls, reveal, strip_controls

EVIL = "abc\u202etxt.exe"

#: Format characters (Unicode category Cf) that are visible signs or only arrange
#: hieroglyphs: shown as they are.
VISIBLE_FORMAT = {
    *range(0x0600, 0x0606),  # Arabic number signs
    0x06DD,
    0x070F,
    0x0890,
    0x0891,
    0x08E2,
    0x110BD,
    0x110CD,
    *range(0x13430, 0x13456),  # Egyptian hieroglyph format controls
}

BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
MARKS = ["\u200e", "\u200f", "\u061c"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


def test_the_right_to_left_override_is_shown_by_its_code_point():
    assert strip_controls("abc\u202etxt.exe") == "abc⟨U+202E⟩txt.exe"


@pytest.mark.parametrize("char", BIDI + MARKS + ZERO_WIDTH)
def test_each_invisible_character_is_shown(char):
    shown = strip_controls(f"a{char}b")
    assert shown == f"a⟨U+{ord(char):04X}⟩b"
    assert char not in shown


def test_tag_characters_cannot_hide_words():
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "rm -rf")
    shown = "⟨U+E0072⟩⟨U+E006D⟩⟨U+E0020⟩⟨U+E002D⟩⟨U+E0072⟩⟨U+E0066⟩"
    assert strip_controls(f"ok{hidden}") == f"ok{shown}"


def test_every_invisible_format_character_of_unicode_is_covered():
    """Every Cf character this Python's Unicode knows is either shown by its code point
    or one of the visible signs."""
    missed = [
        f"U+{cp:04X}"
        for cp in range(sys.maxunicode + 1)
        if unicodedata.category(chr(cp)) == "Cf"
        and cp not in VISIBLE_FORMAT
        and not INVISIBLE.fullmatch(chr(cp))
    ]
    assert missed == []


def test_emoji_joined_into_one_picture_stay_one_picture():
    family = "👨\u200d👩\u200d👧\u200d👦"
    rainbow = "🏳\ufe0f\u200d🌈"
    assert reveal(f"Il PC {family} {rainbow}") == f"Il PC {family} {rainbow}"
    assert reveal("pay\u200dpal") == "pay⟨U+200D⟩pal"  # between letters it is shown
    assert reveal("👨\u200d") == "👨⟨U+200D⟩"


def test_line_separators_break_lines_like_newlines():
    assert strip_controls("a\u2028b\u2029c") == "a\nb\nc"
    assert strip_controls("a\u2028b", keep_newlines=False) == "a b"


def test_escapes_and_controls_are_still_dropped_and_the_rest_kept():
    assert strip_controls("\x1b[31mrosso\x1b[0m\x07 [b]x[/b] ñ 漢字 مرحبا") == (
        "rosso [b]x[/b] ñ 漢字 مرحبا"
    )


def test_typed_text_loses_its_controls_only():
    """What a person types is stored as typed: only escapes and controls go."""
    assert drop_controls(f"\x1b[31m{EVIL}\x07", keep_newlines=False) == EVIL
    assert strip_controls(EVIL) == reveal(drop_controls(EVIL))


def test_plain_ascii_is_kept_as_it_is_and_ascii_controls_still_go():
    """Printable ASCII (the quick path) is returned as it is; every other ASCII character
    (tab, newline, escape, DEL) still goes through the rules."""
    printable = "".join(chr(c) for c in range(0x20, 0x7F))
    assert strip_controls(printable) is printable
    for char in map(chr, [*range(0x20), 0x7F]):
        assert strip_controls(f"a{char}b") == reveal(drop_controls(f"a{char}b"))
    assert strip_controls("a\tb\r\nc", keep_newlines=False) == "a b c"
    assert strip_controls("\x1b[31mrosso\x1b[0m") == "rosso"
