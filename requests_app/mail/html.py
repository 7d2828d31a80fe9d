"""HTML bodies: sanitised for display (nh3, the Ammonia sanitiser), and read as text."""

from __future__ import annotations

import html
import re

import nh3

# Enough to show a letter as written (paragraphs, lists, tables, emphasis, links); no
# scripts, styles, forms, images (remote images are tracking pixels) or event attributes.
TAGS = {
    "a", "b", "blockquote", "br", "caption", "code", "div", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def sanitise_html(markup: str) -> str:
    """Markup safe to put in a page: only ``TAGS``, links limited to http(s) and mailto."""
    return nh3.clean(
        markup,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


_BREAKS = re.compile(r"<\s*(?:br|/p|/div|/tr|/li|/h[1-6]|/table|hr)\b[^>]*>", re.I)
_CELL = re.compile(r"<\s*/t[dh]\s*>", re.I)
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


def html_to_text(markup: str) -> str:
    """The words of an HTML body, paragraphs kept as lines, for the analyser."""
    marked = _CELL.sub("\t", _BREAKS.sub("\n", markup))
    # No tags kept, and script/style contents dropped with their tags.
    text = html.unescape(nh3.clean(marked, tags=set(), clean_content_tags={"script", "style"}))
    lines = [line.strip() for line in text.replace("\r", "").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
