"""An HTML body as readable plain text, for a message that came without a text part.

The HTML is read, never rendered: no script runs, no image or style is fetched, nothing
of it reaches a terminal but its text.  Scripts, styles and the head are dropped; block
elements end lines, ``<br>`` breaks one, list items start with ``- ``, table cells are
joined by `` | ``, a link reads ``text (url)`` when its text is not the address itself,
an image its ``alt`` text; entities are decoded, whitespace is collapsed and at most two
blank lines are left in a row.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP = {"script", "style", "head", "title", "template", "noscript", "object", "iframe"}
#: elements that stand apart as paragraphs (a blank line around them)
_PARAGRAPHS = {
    *("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol"),
    *("dl", "figure", "form", "fieldset", "address", "hr"),
}
#: elements on lines of their own
_LINES = {
    *("div", "tr", "li", "dt", "dd", "section", "article", "header", "footer", "nav"),
    *("main", "aside", "center", "caption", "figcaption", "details", "summary", "body"),
}
_SPACES = re.compile(r"\s+")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
#: a "<" that starts no tag closed before the next "<" (html.parser would look for its end
#: again at every one of them: hostile HTML would take minutes)
_LONE_LT = re.compile(r"<(?![a-zA-Z/!?][^<>]*>)")
#: marked sections, Outlook's ``<![if !vml]>`` and ``<![endif]>`` among them: no text
_MARKED = re.compile(r"<!\[[^<>]*>")
_BLANK_LINES = re.compile(r"\n{4,}")
_LINK_SCHEMES = ("mailto:", "tel:")
#: how much of an HTML body is read (about a second's work): a note needs less
MAX_HTML = 2_000_000


def _same_target(text: str, href: str) -> bool:
    def bare(value: str) -> str:
        value = value.strip().lower()
        for scheme in _LINK_SCHEMES:
            value = value.removeprefix(scheme)
        return value.removeprefix("http://").removeprefix("https://").rstrip("/")

    return bare(text) == bare(href)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip: list[str] = []  # the open elements whose content is dropped
        self.breaks = 0  # newlines owed before the next text
        self.space = False  # a space owed before the next text
        self.prefix = ""  # a list item's "- ", owed before its text
        self.pre = 0
        self.lists = 0
        self.row_cells = 0  # cells of the current table row that had text
        self.cell_open = False
        self.links: list[tuple[str, int]] = []  # (href, where its text starts in out)

    # -- layout -------------------------------------------------------------------------
    def _block(self, lines: int) -> None:
        if self.cell_open:  # a paragraph opening a table cell: the cell is on its row
            return
        self.breaks = max(self.breaks, lines)
        self.space = False

    def _text(self, text: str) -> None:
        sep = ""
        if self.out:
            if self.breaks:
                sep = "\n" * self.breaks
            elif self.cell_open and self.row_cells:
                sep = " | "
            elif self.space:
                sep = " "
        if self.cell_open:
            self.row_cells += 1
            self.cell_open = False
        self.out.append(sep + self.prefix + text)
        self.prefix = ""
        self.breaks = 0
        self.space = False

    # -- parser events ------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":  # a head left open ends here
            self.skip = [t for t in self.skip if t != "head"]
        if tag in _SKIP:
            self.skip.append(tag)
            return
        if self.skip:
            return
        self._open(tag, dict(attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip and tag not in _SKIP:
            self._open(tag, dict(attrs))

    def _open(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "br":
            self.breaks += 1
            self.space = False
        elif tag == "li":
            self._block(1)
            self.prefix = "  " * max(self.lists - 1, 0) + "- "
        elif tag in ("ul", "ol"):
            self._block(1 if self.lists else 2)
            self.lists += 1
        elif tag in _PARAGRAPHS:
            self._block(2)
            self.pre += tag == "pre"
        elif tag in _LINES:
            self._block(1)
            if tag == "tr":
                self.row_cells = 0
        elif tag in ("td", "th"):
            if self.row_cells:  # the row goes on on the same line
                self.breaks = 0
            self.cell_open = True
        elif tag == "a":
            self.links.append((attrs.get("href") or "", len(self.out)))
        elif tag == "img" and (alt := _SPACES.sub(" ", attrs.get("alt") or "").strip()):
            self._text(alt)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            if tag in self.skip:
                del self.skip[len(self.skip) - 1 - self.skip[::-1].index(tag) :]
            return
        if self.skip:
            return
        if tag in ("ul", "ol"):
            self.lists = max(self.lists - 1, 0)
            self._block(1 if self.lists else 2)
        elif tag in _PARAGRAPHS:
            self._block(2)
            if tag == "pre":
                self.pre = max(self.pre - 1, 0)
        elif tag in _LINES:
            self._block(1)
        elif tag in ("td", "th"):  # a cell's last paragraph ends no line: its row does
            self.breaks = 0
        elif tag == "a" and self.links:
            self._close_link(*self.links.pop())

    def _close_link(self, href: str, start: int) -> None:
        href = href.strip()
        text = "".join(self.out[start:]).strip()
        if not href or href.startswith(("#", "javascript:")) or _same_target(text, href):
            return
        if text:
            self.out.append(f" ({href})")
        else:
            self._text(href)

    def handle_data(self, data: str) -> None:
        if self.skip or not data:
            return
        if self.pre:
            lines = data.replace("\r\n", "\n").replace("\xa0", " ").split("\n")
            for i, line in enumerate(lines):
                if i:
                    self.breaks += 1
                if line.strip():
                    self._text(line.rstrip())
            return
        words = _SPACES.sub(" ", data)
        if words.startswith(" "):
            self.space = True
        if words.strip():
            self._text(words.strip())
        if words.endswith(" "):
            self.space = True


def _defused(html: str) -> str:
    """``html`` without comments, and with every ``<`` that opens nothing written ``&lt;``:
    what html.parser reads in a time proportional to its length."""
    end = html.rfind("-->") + 3 if "-->" in html else 0
    html = _COMMENT.sub("", html[:end]) + html[end:].replace("<!--", "&lt;!--")
    return _LONE_LT.sub("&lt;", _MARKED.sub("", html))


def html_to_text(html: str) -> str:
    """The readable text of an HTML document (see the module's description)."""
    parser = _Text()
    try:
        parser.feed(_defused(html[:MAX_HTML]))
        parser.close()
    except Exception:  # html.parser is lenient; should it ever give up, its text so far
        pass
    text = "".join(parser.out)
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n\n", "\n".join(lines)).strip()
