import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from accounts.models import Organisation
from accounts.services import profile_update, user_grant_role
from core.models import AuditEvent
from taxonomy.models import Language
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_profile_update_links_existing_organisation_case_insensitively():
    Organisation.objects.create(name="Ministry of Labour")
    user = UserFactory()
    profile_update(
        user=user, organisation_name="  ministry of   labour ", name="Ana", time_zone="Africa/Dakar"
    )
    user.refresh_from_db()
    assert user.organisation.name == "Ministry of Labour"
    assert Organisation.objects.count() == 1
    assert user.time_zone == "Africa/Dakar"
    assert AuditEvent.objects.filter(verb="profile_updated", target_id=str(user.pk)).exists()


def test_profile_update_rejects_unknown_time_zone():
    user = UserFactory()
    with pytest.raises(ValidationError):
        profile_update(user=user, time_zone="Mars/Olympus")


def test_profile_update_sets_working_languages():
    user = UserFactory()
    languages = Language.objects.filter(code__in=["fr", "ar"])
    profile_update(user=user, languages=languages)
    assert set(user.working_languages.values_list("code", flat=True)) == {"fr", "ar"}


def test_roles_are_groups():
    user = UserFactory()
    assert not user.has_role(Role.REVIEWER)
    user_grant_role(user=user, role=Role.REVIEWER)
    assert user.has_role(Role.REVIEWER)
    assert not user.has_role(Role.CURATOR)
