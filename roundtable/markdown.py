"""Light Markdown (paragraphs, bold, italics, links, lists) to safe HTML, and to plain text.

Every long text an organizer writes (event, series and agenda descriptions, bios,
summaries, messages) is this Markdown: pages show `render_markdown`, the text part of
emails and calendar descriptions show `markdown_to_text`.
"""

import re

import nh3
from flask_babel import lazy_gettext as _l
from markdown_it import MarkdownIt
from markupsafe import Markup

# Raw HTML in the source is shown as text, never passed through; nh3 then keeps only these.
_md = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable("image")
_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
         "h1", "h2", "h3", "h4", "h5", "h6", "hr"}
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}

# The note under every field that takes this Markdown.
MARKDOWN_NOTE = _l("Markdown: paragraphs, **bold**, *italics*, [links](https://…), "
                   "lists (- item).")


def render_markdown(text: str, top_heading: int = 1) -> Markup:
    """Render ``text`` as sanitized HTML: only safe tags, only http(s) and mailto links.

    ``top_heading`` is the level a "#" heading gets, so a description inside a page's
    section does not open a second <h1> (the outline stays in order).
    """
    tokens = _md.parse(text or "")
    if top_heading > 1:
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(6, int(token.tag[1]) + top_heading - 1)}"
    html = _md.renderer.render(tokens, _md.options, {})
    clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    return Markup(clean)


# Text with none of these is Markdown's plain paragraphs (see _plain_text): no
# character that opens or closes inline syntax (emphasis, code, links, autolinks,
# entities, escapes, HTML), no tab or NUL, no whitespace but spaces and line feeds ...
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<>&~\t\x00]|[^\S \n\r]")
# ... and no line that could open a block: indented (code), a heading, a quote, a list
# item or numbered one, a rule or a heading's underline.
_BLOCK_START = re.compile(r"^[ #>+\-=0-9]", re.MULTILINE)


def markdown_to_text(text: str | None) -> str:
    """Readable plain text from Markdown: no ``**``, links as "words (address)", lists kept.

    For the text part of emails and calendar descriptions, where HTML cannot go.
    """
    plain = _plain_text(text or "")
    return plain if plain is not None else _parsed_text(text or "")


def _plain_text(text: str) -> str | None:
    """What ``_parsed_text`` gives for text without Markdown syntax, without parsing it.

    Parsing costs a calendar build most of its time per event (a 1,000-event feed
    spent 80 ms in it); most descriptions are plain paragraphs. None when ``text``
    has anything Markdown could read as syntax (tests/test_markdown_plain.py checks
    both ways agree on random text).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _NOT_PLAIN.search(text) or _BLOCK_START.search(text):
        return None
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.strip(" "):
            lines.append(line.rstrip(" "))  # spaces before a line break are dropped
        elif lines:  # a blank line ends a paragraph
            paragraphs.append("\n".join(lines))
            lines = []
    return "".join(p + "\n\n" for p in paragraphs).strip() + ("\n" if paragraphs else "")


def _parsed_text(text: str) -> str:
    """``markdown_to_text`` by parsing: each block and inline token written as text."""
    blocks: list[str] = []
    prefixes: list[str] = []      # "- " / "1. " per open list item, "> " per quote
    counters: list[int | None] = []  # per open list: the next number, None if bulleted
    for token in _md.parse(text):
        kind = token.type
        if kind == "bullet_list_open":
            counters.append(None)
        elif kind == "ordered_list_open":
            counters.append(int(token.attrs.get("start") or 1))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            counters.pop()
            if not counters:  # the list ends: a blank line before what follows
                blocks.append("\n")
        elif kind == "list_item_open":
            number = counters[-1]
            prefixes.append("- " if number is None else f"{number}. ")
            if number is not None:
                counters[-1] = number + 1
        elif kind == "list_item_close" or kind == "blockquote_close":
            prefixes.pop()
        elif kind == "blockquote_open":
            prefixes.append("> ")
        elif kind == "inline":
            blocks.append(_block(prefixes, _inline_text(token.children or []),
                                 tight=bool(counters)))
        elif kind in ("fence", "code_block"):
            blocks.append(_block(prefixes, token.content.rstrip("\n"), tight=False))
        elif kind == "hr":
            blocks.append("—" * 8)
    return "".join(blocks).strip() + ("\n" if blocks else "")


def _block(prefixes: list[str], text: str, tight: bool) -> str:
    """A paragraph or list item, its first line marked, its other lines indented."""
    rest = "".join(p if p == "> " else " " * len(p) for p in prefixes)
    first = rest[:len(rest) - len(prefixes[-1])] + prefixes[-1] if prefixes else ""
    lines = text.split("\n")
    body = "\n".join([first + lines[0], *(rest + line for line in lines[1:])])
    # A list item is one line of a list; a paragraph stands apart.
    return body + ("\n" if tight else "\n\n")


def _inline_text(children) -> str:
    out: list[str] = []
    href_stack: list[str] = []
    start: list[int] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "link_open":
            href_stack.append(str(child.attrs.get("href", "")))
            start.append(len(out))
        elif kind == "link_close":
            href, begin = href_stack.pop(), start.pop()
            words = "".join(out[begin:])
            shown = href.removeprefix("mailto:")
            if words.strip() not in (href, shown):
                out.append(f" ({shown})")
    return "".join(out)
