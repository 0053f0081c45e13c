"""Safe rendering of user-written text (Markdown in, sanitised HTML out)."""

import functools

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip


@functools.cache
def _parser() -> MarkdownIt:
    # "js-default": CommonMark plus tables and strikethrough, raw HTML off, links checked.
    return MarkdownIt("js-default")


def render_markdown(text: str) -> SafeString:
    """`text` (Markdown) as HTML that is safe to put in a page: raw HTML is escaped by the
    parser, and nh3 keeps only harmless tags; links get rel="nofollow noopener"."""
    html = _parser().render(text or "")
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308  (sanitised by nh3 just above)
