"""The demo pledges: imported through the import format, linked to demo practices, with dated
updates and one update waiting for the Hub team."""

import pytest

from demo import accounts, calls, pledges, repository
from pledges.choices import UpdateStatus
from pledges.models import Pledge, PledgeUpdate

pytestmark = pytest.mark.django_db


def test_demo_pledges_link_practices_and_carry_updates(client):
    accounts.load()
    calls.load()
    repository.load()
    assert pledges.load() == 6
    assert Pledge.objects.public().count() == 6
    assert Pledge.objects.filter(practices__isnull=False).distinct().count() == 6
    assert PledgeUpdate.objects.filter(status=UpdateStatus.APPROVED).count() >= 4
    assert PledgeUpdate.objects.filter(status=UpdateStatus.PENDING).count() == 1
    kenya = Pledge.objects.get(slug="kenya-child-safe-transport-hubs")
    page = client.get(kenya.get_absolute_url()).content.decode()
    assert "Updated on" in page
    practice = kenya.practices.first()
    assert kenya.get_absolute_url() in client.get(practice.get_absolute_url()).content.decode()
    assert pledges.load() == 0
