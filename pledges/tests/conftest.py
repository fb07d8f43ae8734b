import pytest

from pledges.choices import EntityType, PledgeStatus
from pledges.models import Pledge
from taxonomy.models import Country, Objective
from tests.factories import UserFactory


def make_pledge(*, objectives=(10,), countries=("KE",), focal_points=(), **fields) -> Pledge:
    values = {
        "slug": f"pledge-{Pledge.objects.count() + 1}",
        "title": "Screen every arriving child for signs of trafficking",
        "description": "Border officers are trained and a referral desk opens at each crossing.",
        "entity": "Republic of Kenya",
        "entity_type": EntityType.STATE,
        "status": PledgeStatus.IN_PROGRESS,
        **fields,
    }
    pledge = Pledge.objects.create(**values)
    pledge.objectives.set(Objective.objects.filter(number__in=objectives))
    pledge.countries.set(Country.objects.filter(code__in=countries))
    pledge.focal_points.set(focal_points)
    return pledge


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` runs what the block queued on commit (e-mails) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def focal_point():
    return UserFactory(roles=["member", "focal_point"], language="fr")


@pytest.fixture
def member():
    return UserFactory(roles=["member"])
