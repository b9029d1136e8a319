"""Light Markdown (paragraphs, bold, italics, links, lists) to safe HTML for emails and pages."""

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# Raw HTML in the source is shown as text, never passed through; nh3 then keeps only these.
_md = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable("image")
_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
         "h1", "h2", "h3", "h4", "hr"}
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def render_markdown(text: str) -> Markup:
    """Render ``text`` as sanitized HTML: only safe tags, only http(s) and mailto links."""
    html = _md.render(text or "")
    clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    return Markup(clean)
