"""Values and HTML fragments that are the same for many readers, kept in Django's cache
under a key naming everything that changes them.

A page part that costs more than the rest of the page (the cards of a list, a board's
questions, a chapter's paragraphs) is built once and served from the cache until what it
shows changes. The key is the part's name, the reader's language and `parts`: the
generations and versions of the data it shows (`core.generations`, the directory's
version), and whatever else it depends on (the reader's zone, the filters, the page, the
minute when it shows what is past). What differs from reader to reader (their own
registration, vote, permissions) stays out of the cached part, or goes into `parts`.
"""

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar, cast

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from convene.core.generations import LOCAL_TTL_S

T = TypeVar("T")


def fragment_key(name: str, parts: Iterable[object]) -> str:
    """The cache key of `name` for the reader's language and `parts` (hashed: parts may be
    long, or hold characters that memcached refuses in keys)."""
    raw = "\x1f".join(str(part) for part in parts)
    digest = hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
    return f"fragment:{name}:{get_language() or 'en'}:{digest}"


def cached_value(
    name: str, parts: Iterable[object], build: Callable[[], T], *, timeout: int = LOCAL_TTL_S
) -> T:
    """build(), kept under `name`, the reader's language and `parts`. The value must be
    picklable; None is not kept (it is built again next time)."""
    key = fragment_key(name, parts)
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(key, value, timeout)
    return cast(T, value)


def cached_fragment(
    name: str, parts: Iterable[object], build: Callable[[], str], *, timeout: int = LOCAL_TTL_S
) -> SafeString:
    """The HTML build() returns (escaped already: a template's output, `format_html`), kept
    as `cached_value` keeps a value."""
    return mark_safe(cached_value(name, parts, lambda: str(build()), timeout=timeout))  # noqa: S308
