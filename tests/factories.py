"""factory_boy factories shared by every app's tests."""

from datetime import timedelta

import factory
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import Organisation, User
from calls.choices import CallStatus
from calls.models import Call
from repository.services import Tags, item_retag
from reviews.models import ReviewerProfile
from search.services import index_item
from taxonomy.models import (
    SDG,
    Country,
    Language,
    Objective,
    PracticeType,
    Principle,
    Region,
    ResourceType,
    ScopeLevel,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Organisation {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        for role in extracted or []:
            self.groups.add(Group.objects.get_or_create(name=role)[0])
        EmailAddress.objects.get_or_create(
            user=self, email=self.email, defaults={"verified": True, "primary": True}
        )
        self.save()


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    title = factory.Sequence(lambda n: f"Call number {n}")
    slug = factory.Sequence(lambda n: f"call-{n}")
    summary = "A call for practices used in tests."
    status = CallStatus.OPEN
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_totp(user: User) -> User:
    """Give a user a TOTP authenticator with a known secret (for curators and administrators)."""
    TOTP.activate(user, TEST_TOTP_SECRET)
    return user


def record_second_factor(client, user: User) -> None:
    """Write into a test client's session that this person signed in with their second factor,
    as allauth does after a valid code (accounts/middleware.py closes sessions without it).
    Does nothing for people without TOTP."""
    device = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if device is None:
        return
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", id=device.pk, type=device.type)
    request.session.save()


def totp_code(secret: str = TEST_TOTP_SECRET) -> str:
    """The current code for a secret, as an authenticator app would show it."""
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


COMPLETE_PRACTICE = {
    "title": "Community shelters for child survivors of trafficking",
    "language": "en",
    "practice_type": "project",
    "completion": "completed",
    "start_year": 2019,
    "end_year": 2023,
    "summary": "Safe shelters run with local councils gave children who escaped trafficking a place to recover and go back to school.",
    "objectives": ["10", "7"],
    "principles": ["child-sensitive", "human-rights"],
    "scope": "national",
    "countries": ["GH"],
    "results": "Four hundred children were housed; nine in ten returned to school within a year.",
    "innovation": "Shelters are run by councils with survivor mentors.",
    "replicability": "A manual and a budget template are available.",
    "lessons": "Early family tracing shortens stays.",
    "implementer": "Department of Social Welfare",
    "implementer_type": "government",
    "focal_point_name": "Ama Owusu",
    "focal_point_email": "focal.point@example.org",
    "licence": "cc-by-4.0",
    "consent_data_protection": True,
    "consent_no_victim_data": True,
    "consent_rights": True,
}


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "submissions.Submission"

    content_type = "practice"
    owner = factory.SubFactory(UserFactory, roles=["member"])
    data = factory.LazyFunction(lambda: dict(COMPLETE_PRACTICE))
    title = factory.LazyAttribute(lambda o: o.data.get("title", ""))


def make_reviewer(
    *,
    email: str,
    languages=("en",),
    objectives=(10,),
    internal: bool = False,
    organisation: str = "Independent",
):
    """An approved reviewer with a roster profile."""
    user = UserFactory(email=email, roles=["member", "reviewer"], is_un=internal)
    profile = ReviewerProfile.objects.create(
        user=user, organisation=organisation, is_un=internal, years_experience=8
    )
    profile.reading_languages.set(Language.objects.filter(code__in=languages))
    profile.objectives.set(Objective.objects.filter(number__in=objectives))
    return user


# Repository: published practices and resources. Vocabularies are loaded by the root conftest.


def _term(model, **lookup):
    return model.objects.get(**lookup)


class PracticeFactory(factory.django.DjangoModelFactory):
    """A published practice. ``tags=dict(objectives=[10, 7], countries=["KE"], ...)`` sets its
    tags by key (objective and SDG numbers, slugs, ISO codes, M49 codes) through the service."""

    class Meta:
        model = "repository.Practice"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Practice number {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    summary = "A practice used in tests."
    language = factory.LazyFunction(lambda: _term(Language, code="en"))
    practice_type = factory.LazyFunction(lambda: _term(PracticeType, slug="project"))
    scope = factory.LazyFunction(lambda: _term(ScopeLevel, slug="national"))
    implementer = "Ministry of Tests"
    start_year = 2019
    end_year = None
    status = "published"
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create:
            tag_item(self, extracted or {"objectives": [1]})


class ResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "repository.Resource"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Resource number {n}")
    slug = factory.Sequence(lambda n: f"resource-{n}")
    abstract = "A knowledge resource used in tests."
    publisher = "Institute of Tests"
    year = 2023
    language = factory.LazyFunction(lambda: _term(Language, code="en"))
    resource_type = factory.LazyFunction(lambda: _term(ResourceType, slug="report"))
    scope = factory.LazyFunction(lambda: _term(ScopeLevel, slug="global"))
    status = "published"
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create:
            tag_item(self, extracted or {"objectives": [1]})


def tag_item(item, keys: dict):
    """Tag a practice or resource by vocabulary keys, through the retag service."""

    def rows(model, field, values):
        found = {getattr(r, field): r for r in model.objects.filter(**{f"{field}__in": values})}
        return [found[v] for v in values]

    tags = Tags(
        objectives=rows(Objective, "number", keys.get("objectives", [])),
        secondary_objectives=rows(Objective, "number", keys.get("secondary_objectives", [])),
        principles=rows(Principle, "slug", keys.get("principles", [])),
        sdgs=rows(SDG, "number", keys.get("sdgs", [])),
        countries=rows(Country, "code", keys.get("countries", [])),
        regions=rows(Region, "m49", keys.get("regions", [])),
    )
    item = item_retag(item=item, tags=tags)
    # In production the index follows changes after commit (a background task); tests run
    # inside a transaction that never commits, so index the item directly.

    index_item(item)
    return item
