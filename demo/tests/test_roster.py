import pytest

from accounts.choices import Role
from accounts.models import User
from demo import accounts as accounts_demo
from demo import roster
from reviews.choices import ApplicationStatus
from reviews.models import ReviewerProfile, RosterApplication
from reviews.selectors.roster import roster_gaps

pytestmark = pytest.mark.django_db


def test_demo_roster_is_varied_and_idempotent():
    accounts_demo.load()
    assert roster.load() == 35
    profiles = ReviewerProfile.objects.filter(is_active=True)
    assert profiles.count() >= 32
    assert profiles.filter(user__email="un.reviewer@example.org", is_un=True).exists()
    assert profiles.filter(user__email="reviewer@example.org", is_un=False).exists()
    internal = profiles.filter(is_un=True).count()
    assert 0.25 <= internal / profiles.count() <= 0.45
    read = set(profiles.values_list("reading_languages__code", flat=True))
    assert {"en", "fr", "es", "ar", "ru", "zh"} <= read
    assert not [g for g in roster_gaps() if "objective" in g and g.startswith("No reviewer")]
    assert RosterApplication.objects.filter(status=ApplicationStatus.PENDING).count() == 3
    assert User.objects.get(email="reviewer07@example.org").has_role(Role.REVIEWER)
    assert roster.load() == 0
