"""html_to_text(): an HTML body read as text, never rendered."""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from techconsole.mail.html_text import html_to_text


def test_head_style_and_script_are_dropped_even_left_open():
    html = (
        "<html><head><title>Oggetto</title><meta charset=utf-8><style>p{}</style>"
        "<body><p>Testo</p><script>var x = '<p>no</p>';</script><style>.a{}</style>"
    )
    assert html_to_text(html) == "Testo"


def test_blocks_breaks_and_entities():
    html = "<div>Riga uno</div><div>Riga&nbsp;due &egrave; &lt;qui&gt;<br>tre</div><p>Paragrafo</p>"
    assert html_to_text(html) == "Riga uno\nRiga due è <qui>\ntre\n\nParagrafo"


def test_whitespace_is_collapsed_but_pre_kept():
    html = "<p>molto\n\n   spazio\t qui</p><pre>  a   b\n  c</pre>"
    assert html_to_text(html) == "molto spazio qui\n\n  a   b\n  c"


def test_nested_lists():
    html = "<ul><li>uno<ul><li>uno.a</li></ul></li><li>due</li></ul><p>dopo</p>"
    assert html_to_text(html) == "- uno\n  - uno.a\n- due\n\ndopo"


def test_links():
    html = (
        '<a href="https://rossi-srl.example/a?x=1&amp;y=2">la pagina</a> '
        '<a href="mailto:info@rossi-srl.example">info@rossi-srl.example</a> '
        '<a href="#sopra">sopra</a> <a href="javascript:void(0)">clic</a> '
        '<a href="https://rossi-srl.example/logo"><img src="cid:x"></a>'
    )
    assert html_to_text(html) == (
        "la pagina (https://rossi-srl.example/a?x=1&y=2) info@rossi-srl.example sopra clic "
        "https://rossi-srl.example/logo"
    )


def test_at_most_two_blank_lines():
    html = "uno" + "<br>" * 8 + "due" + "<p>&nbsp;</p>" * 5 + "<p>tre</p>"
    assert html_to_text(html) == "uno\n\n\ndue\n\ntre"


def test_table_rows_and_cells():
    html = (
        "<table><tr><td><p>Modello</p></td><td><p>HP 400</p></td></tr>"
        "<tr><td>Seriale</td><td></td><td>ABC</td></tr></table>fine"
    )
    assert html_to_text(html) == "Modello | HP 400\nSeriale | ABC\n\nfine"


@given(st.text())
def test_any_text_is_read(html: str):
    text = html_to_text(html)
    assert "\n\n\n\n" not in text
    assert text == text.strip()


def test_comments_and_outlook_conditionals_are_no_text():
    html = (
        "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings/></xml><![endif]-->"
        "<p>uno<!-- nascosto --> due</p><![if !vml]><p>tre</p><![endif]>"
    )
    assert html_to_text(html) == "uno due\n\ntre"


def test_a_lone_less_than_is_text():
    assert html_to_text("<p>3 < 5 e 7 > 2</p>") == "3 < 5 e 7 > 2"


@pytest.mark.parametrize(
    "hostile", ["<a" * 100_000, "<!--x>" * 50_000, "<![if x>" * 50_000, "<![CDATA[" * 50_000]
)
def test_hostile_html_is_read_in_linear_time(hostile: str):
    # html.parser alone takes minutes on these (it rescans to the end at every "<")
    started = time.monotonic()
    html_to_text(hostile)
    assert time.monotonic() - started < 15  # about 0.05 s unloaded
