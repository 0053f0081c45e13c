"""Template helpers of the consultation pages: a paragraph's text as HTML (Markdown
rendered safely; wikitext shown as written, headings as headings), a word diff."""

import re

from django import template
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe

from convene.consultations.text import diff_words
from convene.core.text import render_markdown

register = template.Library()

_WIKI_HEADING = re.compile(r"^(=+)\s*(.*?)\s*\1$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")


def _heading(kind: str, text: str) -> tuple[int, str] | None:
    if kind != "heading":
        return None
    for pattern in (_MD_HEADING, _WIKI_HEADING):
        match = pattern.match(text.strip())
        if match:
            return len(match.group(1)), match.group(2)
    return 2, text.strip()


@register.simple_tag
def paragraph_html(text: str, kind: str, fmt: str) -> SafeString:
    """A paragraph of a version as HTML. Headings become h2 to h6 (h1 is the chapter's)."""
    heading = _heading(kind, text)
    if heading is not None:
        level = min(6, max(2, heading[0] + 1))
        return format_html('<h{} class="para-heading">{}</h{}>', level, heading[1], level)
    if fmt == "markdown":
        return render_markdown(text)
    return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308  (escaped by linebreaks)


@register.simple_tag
def word_diff(old: str, new: str) -> SafeString:
    """`old` changed into `new` word by word: deleted words in <del>, inserted in <ins>."""
    words = diff_words(old, new)
    tags = {"del": "del", "ins": "ins"}
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<{}>{}</{}>", tags[op], text, tags[op]) if op in tags else text,)
            for op, text in words
        ),
    )


@register.simple_tag
def plain_text(text: str, kind: str) -> str:
    """A paragraph's text without its heading markers ("## Hubs" -> "Hubs")."""
    heading = _heading(kind, text)
    return heading[1] if heading is not None else text
