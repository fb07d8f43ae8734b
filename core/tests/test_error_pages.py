"""Error pages in the reader's language, and addresses no database can read."""

import pytest
from django.template import loader

pytestmark = pytest.mark.django_db


def test_a_missing_page_says_so_in_the_readers_language(client):
    response = client.get("/es/practices/no-such-practice/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="es"' in body
    assert 'href="/es/"' in body


@pytest.mark.parametrize("url", ["/en/support/shared/%00/", "/en/practices/a%00b/"])
def test_a_nul_byte_in_the_address_is_a_bad_request_not_a_crash(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "This address cannot be read" in response.content.decode()


def test_the_server_error_page_renders_without_a_request_in_six_languages():
    page = loader.get_template("500.html").render({})
    assert "Something went wrong on our side" in page
    assert 'lang="ar" dir="rtl"' in page
    assert "hub.css" in page
