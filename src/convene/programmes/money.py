"""Amounts in a currency: ISO 4217 codes, and their names and formats from Babel (CLDR) in
the reader's locale."""

import decimal
import functools

from babel.numbers import format_currency, get_currency_name, list_currencies

from convene.core.timezones import babel_locale


@functools.cache
def currency_codes() -> frozenset[str]:
    return frozenset(list_currencies())


def is_currency(code: str) -> bool:
    return code in currency_codes()


def format_amount(amount: decimal.Decimal, currency: str, language: str) -> str:
    """ "৳12,000.00", "12.000,00 €", "￥12,000": CLDR's format in `language`."""
    return str(format_currency(amount, currency, locale=babel_locale(language)))


@functools.lru_cache(maxsize=512)
def currency_name(currency: str, language: str) -> str:
    return str(get_currency_name(currency, locale=babel_locale(language)))


def currency_choices(language: str) -> list[tuple[str, str]]:
    """Every current ISO 4217 code with its name in `language`, by name."""
    locale = babel_locale(language)
    names = [
        (code, f"{get_currency_name(code, locale=locale)} ({code})") for code in currency_codes()
    ]
    return sorted(names, key=lambda pair: pair[1].casefold())
