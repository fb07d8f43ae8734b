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
