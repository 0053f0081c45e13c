"""The page frame's parts that are the same on every page: `{% frame_part "name" a b %}…
{% endframe_part %}` renders its content once per process for the reader's language, the
URL configuration (and prefix) and the values named (`a`, `b`), and then writes it from memory.

The base layout is ~60 variables, tags, translations and URL reversals around each page's
content; rendered every time it costs about a quarter of a bare Django view. Its parts
depend only on the code, the catalogs, the URL configuration and the few values each part
names (the reader's zone, for the zone bar), so they are kept in this process, not in
Django's cache (no round trip to a shared cache for what never changes while the process
runs). What differs per reader or per page (the signed-in menu, CSRF tokens, the page's
own address, messages, the blocks) stays outside the parts.
"""

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.base import FilterExpression, NodeList, Parser, Token
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

# Bounded: a key names a language and, for the zone bar, a zone and its offset.
_MAX_PARTS = 5000
_parts: dict[tuple[object, ...], SafeString] = {}
_WHERE = "convene.core.frame"  # where a render keeps what its parts' keys share


def frame_parts_forget(**_kwargs: Any) -> None:
    """Forget the rendered parts (a test changed the settings they were rendered under)."""
    _parts.clear()


setting_changed.connect(frame_parts_forget, dispatch_uid="convene.core.frame")


class FramePartNode(template.Node):
    child_nodelists = ()  # no block may sit inside a part: it would be cached with it

    def __init__(self, name: str, values: list[FilterExpression], nodelist: NodeList) -> None:
        self.name = name
        self.values = values
        self.nodelist = nodelist

    def render(self, context: template.Context) -> SafeString:
        # The language, URL configuration and prefix, read once for the page's parts.
        where = context.render_context.get(_WHERE)
        if where is None:
            where = context.render_context[_WHERE] = (
                get_language(),
                get_urlconf(),
                get_script_prefix(),
            )
        key = (self.name, *where, *(value.resolve(context) for value in self.values))
        html = _parts.get(key)
        if html is None:
            html = mark_safe(self.nodelist.render(context))  # noqa: S308  (a template's output)
            if len(_parts) >= _MAX_PARTS:
                _parts.clear()
            _parts[key] = html
        return html


def frame_part(parser: Parser, token: Token) -> FramePartNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("frame_part needs a name")
    name = bits[1].strip("\"'")
    values = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endframe_part",))
    parser.delete_first_token()
    return FramePartNode(name, values, nodelist)
