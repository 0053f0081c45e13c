"""The interface in Arabic (right to left, mirrored), Japanese and Chinese, as a browser
sets it from its language; screenshots in var/ for people to look at."""

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reader(browser: Any, live_server: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_as(locale: str, width: int = 1100) -> Any:
        context = browser.new_context(
            base_url=live_server.url,
            locale=locale,
            timezone_id="Asia/Riyadh",
            viewport={"width": width, "height": 800},
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


def test_arabic_is_laid_out_right_to_left(reader: Any) -> None:
    page = reader("ar")
    page.goto("/")

    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "ar"
    assert page.get_by_role("link", name="الدليل").first.is_visible()
    # Mirrored: the site's name, first in the header, sits at the right edge.
    brand = page.locator("header a").first.bounding_box()
    assert brand["x"] > 1100 / 2
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.screenshot(path="var/shot-ar-home.png", full_page=True)


def test_arabic_at_360px_has_no_horizontal_scroll(reader: Any) -> None:
    page = reader("ar", width=360)
    page.goto("/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path="var/shot-ar-home-360.png", full_page=True)


@pytest.mark.parametrize(
    ("locale", "lang", "directory"),
    [("ja", "ja", "ディレクトリ"), ("zh-CN", "zh-hans", "名录"), ("zh-TW", "zh-hans", "名录")],
)
def test_japanese_and_chinese_pages_are_translated(
    reader: Any, locale: str, lang: str, directory: str
) -> None:
    page = reader(locale)
    page.goto("/")

    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == "ltr"
    assert page.get_by_role("link", name=directory).first.is_visible()
    # The stylesheet names the script's fonts first for the language (Han glyphs differ
    # between Japanese and Chinese); the browser falls back per glyph after them.
    family = page.evaluate("getComputedStyle(document.documentElement).fontFamily")
    assert ("Hiragino Sans" if lang == "ja" else "PingFang SC") in family
    page.screenshot(path=f"var/shot-{lang}-home.png", full_page=False)


def test_portuguese_from_portugal_falls_back_to_brazilian(reader: Any) -> None:
    page = reader("pt-PT")
    page.goto("/")

    assert page.locator("html").get_attribute("lang") == "pt-br"
    assert page.get_by_role("link", name="Diretório").first.is_visible()
