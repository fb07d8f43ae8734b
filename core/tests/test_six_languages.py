"""The six UN languages: the browser's choice is honoured, each language is named in its own
script in the switcher, and Arabic pages run right to left."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept", "prefix"),
    [
        ("ar-EG,ar;q=0.9,en;q=0.5", "ar"),
        ("ru-RU,ru;q=0.9", "ru"),
        ("zh-CN,zh;q=0.9", "zh-hans"),
        ("zh", "zh-hans"),
        ("fr-CA,fr;q=0.8", "fr"),
        ("es-419", "es"),
        ("en-GB", "en"),
    ],
)
def test_root_redirect_negotiates_any_of_the_six(client, accept, prefix):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == f"/{prefix}/"


@pytest.mark.parametrize(
    ("prefix", "lang", "direction"),
    [("ar", "ar", "rtl"), ("ru", "ru", "ltr"), ("zh-hans", "zh-hans", "ltr"), ("en", "en", "ltr")],
)
def test_page_declares_its_language_and_direction(client, prefix, lang, direction):
    html = client.get(f"/{prefix}/").content.decode()
    assert re.search(rf'<html lang="{lang}" dir="{direction}">', html)


def test_switcher_names_each_language_in_its_own_script(client):
    html = client.get("/ru/").content.decode()
    switcher = html.split('class="lang-switch"')[1].split("</nav>")[0]
    names = re.findall(r'hreflang="([^"]+)"[^>]*>([^<]+)</a>', switcher)
    assert names == [
        ("en", "English"),
        ("fr", "Français"),
        ("es", "Español"),
        ("ar", "العربية"),
        ("ru", "Русский"),
        ("zh-hans", "中文"),
    ]
    # The Arabic name runs right to left inside a left-to-right page.
    assert 'hreflang="ar" lang="ar" dir="rtl"' in switcher
    assert 'href="/zh-hans/"' in switcher
