import pytest

pytestmark = pytest.mark.django_db


def test_objective_colours_are_served_as_a_stylesheet(client):
    response = client.get("/vocabulary/objectives.css")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert css.count(".badge--objective-") == 23
    assert ".badge--objective-10 { --badge-colour: #" in css
    again = client.get("/vocabulary/objectives.css", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_pages_link_the_objective_stylesheet_and_use_no_inline_styles(client):
    body = client.get("/en/calls/").content.decode()
    assert 'href="/vocabulary/objectives.css"' in body
    assert "style=" not in body
