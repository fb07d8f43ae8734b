import pytest
from django.utils import timezone

from experts.choices import ProfileStatus
from experts.models import ExpertProfile
from search.services import index_item
from support.services import request_file
from taxonomy.models import Country, Language, Objective
from tests.factories import PracticeFactory, UserFactory, give_totp


@pytest.fixture
def focal_point():
    return UserFactory(roles=["member", "focal_point"], name="Amina Diallo", language="fr")


@pytest.fixture
def curator():
    return give_totp(UserFactory(roles=["member", "curator"], is_staff=True, name="Hub Curator"))


def file_request(user, **changes):
    fields = {
        "actor": user,
        "country": Country.objects.get(code="SN"),
        "institution": "Ministère de l'Intérieur",
        "title": "Réintégration des migrants de retour",
        "need": (
            "Nous voulons aider les migrants qui rentrent au pays à retrouver un emploi et un "
            "logement, avec un soutien psychosocial et une formation professionnelle."
        ),
        "language": "fr",
        "support_type": "technical_advice",
        "objectives": Objective.objects.filter(number__in=[21]),
        "languages": Language.objects.filter(code="fr"),
    }
    fields.update(changes)
    return request_file(**fields)


@pytest.fixture
def filed(focal_point):
    return file_request(focal_point)


def adviser(name, bio, *, availability=("advising",), objectives=(21,)):
    profile = ExpertProfile.objects.create(
        user=UserFactory(),
        slug=name.lower().replace(" ", "-"),
        name=name,
        email=f"{name.split()[0].lower()}@expert.example.org",
        bio=bio,
        bio_language=Language.objects.get(code="en"),
        expertise="reintegration, return migration",
        status=ProfileStatus.LISTED,
        verified_at=timezone.now(),
        availability=list(availability),
    )
    profile.objectives.set(Objective.objects.filter(number__in=objectives))
    index_item(profile)
    return profile


def practice(title, summary, **tags):
    item = PracticeFactory(title=title, summary=summary, tags=tags or {"objectives": [21]})
    index_item(item)
    return item


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` runs what the block queued on commit (e-mails) at its end, as a
    real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
