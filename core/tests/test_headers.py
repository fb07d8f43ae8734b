"""Permissions-Policy on every kind of response (issue 11.8)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    ["/en/", "/en/no-such-page/", "/api/v1/practices/", "/healthz", "/admin/login/", "/oai"],
)
def test_every_response_refuses_camera_microphone_location_payment_and_usb(client, url):
    policy = client.get(url)["Permissions-Policy"]
    features = dict(item.strip().split("=", 1) for item in policy.split(","))
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


def test_security_txt_names_the_configured_contact(client, settings):
    settings.HUB_SECURITY_CONTACT = "security@hub.example.org"
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Contact: mailto:security@hub.example.org\n" in body
    assert "Expires: " in body


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, settings):
    settings.HUB_UPLOAD_MAX_BYTES = 1024 * 1024
    settings.HUB_REQUEST_MAX_BYTES = 2 * 1024 * 1024
    response = client.post(
        "/fr/contact/",
        data=b"x" * 16,
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "1,0" in response.content.decode() or "1.0" in response.content.decode()
    assert client.post("/fr/contact/", {"name": ""}).status_code != 413
