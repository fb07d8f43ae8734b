import pytest

from demo import accounts, discussions
from discussions.choices import ContributionStatus, SpaceStatus
from discussions.models import Contribution, Flag, Space

pytestmark = pytest.mark.django_db


def test_the_consultation_and_the_open_space(settings, client):
    settings.DEBUG = True
    accounts.load()
    assert discussions.load() == 2
    consultation = Space.objects.get(slug=discussions.CONSULTATION)
    assert {q.language for q in consultation.questions.all()} == {"en", "fr"}
    items = Contribution.objects.filter(question__space=consultation)
    published = items.filter(status=ContributionStatus.PUBLISHED)
    assert published.count() >= 12
    assert set(published.values_list("language", flat=True)) == {"en", "fr", "es"}
    assert items.filter(status=ContributionStatus.PENDING).count() == 1
    assert Flag.objects.filter(contribution__question__space=consultation).count() == 1
    assert Space.objects.filter(status=SpaceStatus.OPEN).exists()
    assert discussions.load() == 0
    assert client.get(consultation.get_absolute_url()).status_code == 200
    first = consultation.questions.first()
    page = client.get(first.get_absolute_url()).content.decode()
    assert "Pre-departure orientation" in page
    assert "Buy cheap visas" not in page  # still in the queue
