"""The expert directory, as experts, members, visitors and the Hub team rely on it."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.errors import NotAllowedError
from experts.choices import ProfileStatus
from experts.models import ExpertProfile
from experts.services import confirmations_check, message_relay, profile_hide
from search.services import index_item
from taxonomy.models import Country, Language, Objective, OrganisationType
from tests.factories import UserFactory
from tests.matrix import Case, check_matrix, make_actor

pytestmark = pytest.mark.django_db

BIO_EN = (
    "I advise labour ministries on fair recruitment of migrant workers and on ending the "
    "recruitment fees that push workers into debt bondage."
)


def expert(name="Grace Mensah", *, bio=BIO_EN, visibility=None, user=None, **fields):
    """A verified, listed profile (indexed for search)."""
    profile = ExpertProfile.objects.create(
        user=user or UserFactory(),
        slug=name.lower().replace(" ", "-"),
        name=name,
        email=f"{name.split()[0].lower()}@expert.example.org",
        organisation="International Labour Office",
        organisation_type=OrganisationType.objects.get(slug="un-entity"),
        country=Country.objects.get(code="GH"),
        bio=bio,
        bio_language=Language.objects.get(code="en"),
        expertise="fair recruitment, labour migration",
        status=ProfileStatus.LISTED,
        verified_at=timezone.now(),
        visibility=visibility or {},
        availability=["advising"],
        **fields,
    )
    profile.languages.set(Language.objects.filter(code__in=["en", "fr"]))
    profile.objectives.set(Objective.objects.filter(number__in=[6, 10]))
    index_item(profile)
    return profile


def form_data(**changes):
    data = {
        "name": "Jean Dupont",
        "organisation": "Université de Genève",
        "organisation_type": OrganisationType.objects.get(slug="academia").pk,
        "country": Country.objects.get(code="CH").pk,
        "languages": [Language.objects.get(code="fr").pk],
        "bio": "Je travaille sur la traite des personnes et la protection des victimes.",
        "bio_language": Language.objects.get(code="fr").pk,
        "expertise": "traite des personnes, protection",
        "objectives": [Objective.objects.get(number=10).pk],
        "availability": ["review", "speaking"],
        "gender": "",
        **{
            f"visibility_{name}": "public"
            for name in (
                "photo",
                "organisation",
                "country",
                "languages",
                "bio",
                "expertise",
                "objectives",
                "experience",
                "orcid",
                "links",
                "availability",
            )
        },
    }
    data.update(changes)
    return data


def test_an_expert_creates_a_profile_asks_to_be_listed_and_the_team_verifies_it(
    client, django_capture_on_commit_callbacks
):
    member = UserFactory(email="jean@example.org")
    curator = make_actor("curator")
    client.force_login(member)
    assert client.post("/en/experts/me/", form_data()).status_code == 302
    profile = ExpertProfile.objects.get(user=member)
    assert profile.status == ProfileStatus.DRAFT
    assert profile.email == "jean@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/experts/me/list/")
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.PENDING
    assert any(m.to == [curator.email] and "Jean Dupont" in m.subject for m in mail.outbox)
    assert "Jean Dupont" not in client.get("/en/experts/").content.decode()

    client.force_login(curator)
    assert "Jean Dupont" in client.get("/en/experts/team/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/experts/team/{profile.slug}/", {"decision": "verify"})
    profile.refresh_from_db()
    assert profile.is_listed
    assert profile.verified_by == curator
    assert any(m.to == ["jean@example.org"] and "listed" in m.subject for m in mail.outbox)
    listing = client.get("/en/experts/").content.decode()
    assert "Jean Dupont" in listing
    assert "Verified" in listing


def test_the_team_sends_a_profile_back_with_a_reason(client, django_capture_on_commit_callbacks):
    profile = expert()
    ExpertProfile.objects.filter(pk=profile.pk).update(
        status=ProfileStatus.PENDING, verified_at=None
    )
    client.force_login(make_actor("curator"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/experts/team/{profile.slug}/",
            {"decision": "back", "reason": "Add your organisation's website."},
        )
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.DRAFT
    assert any("Add your organisation's website." in m.body for m in mail.outbox)


def test_each_field_is_shown_only_to_whom_the_expert_chose_and_the_address_never(client):
    profile = expert(visibility={"bio": "members", "organisation": "team"})
    page = client.get(f"/en/experts/{profile.slug}/").content.decode()
    assert "debt bondage" not in page
    assert "International Labour Office" not in page
    assert profile.email not in page
    client.force_login(UserFactory())
    page = client.get(f"/en/experts/{profile.slug}/").content.decode()
    assert "debt bondage" in page
    assert "International Labour Office" not in page
    assert profile.email not in page
    api = client.get("/api/v1/experts/").content.decode()
    assert profile.email not in api
    assert "International Labour Office" not in api


def test_facets_count_what_the_visitor_may_see_and_narrow_the_list(client):
    expert("Grace Mensah")
    other = expert("Ana Souza", bio="Researcher on climate mobility in small island states.")
    other.objectives.set(Objective.objects.filter(number=2))
    page = client.get("/en/experts/?objective=10").content.decode()
    assert "Grace Mensah" in page
    assert "Ana Souza" not in page
    assert "1 expert" in page


def test_a_french_query_finds_an_expert_whose_text_is_in_english(client):
    expert("Grace Mensah")
    expert(
        "Ana Souza",
        bio="Researcher on climate change, disasters and mobility in small island states.",
    )
    page = client.get(
        "/fr/experts/?q=recrutement+équitable+des+travailleurs+migrants"
    ).content.decode()
    assert "Grace Mensah" in page
    assert "Ana Souza" not in page or page.index("Grace Mensah") < page.index("Ana Souza")


def test_members_write_to_experts_through_the_relay_and_experts_can_block_them(
    client, django_capture_on_commit_callbacks
):
    profile = expert()
    member = UserFactory(email="asker@example.org")
    assert client.get(f"/en/experts/{profile.slug}/contact/").status_code == 302  # sign in first
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/experts/{profile.slug}/contact/",
            {"subject": "Fair recruitment in Ghana", "body": "Could we talk about fee bans?"},
        )
    assert response.status_code == 302
    relayed = mail.outbox[-1]
    assert relayed.to == [profile.email]
    assert relayed.reply_to == ["asker@example.org"]
    assert "fee bans" in relayed.body
    assert profile.email not in client.get(f"/en/experts/{profile.slug}/").content.decode()

    client.force_login(profile.user)
    message = profile.messages.get()
    client.post("/en/experts/me/messages/", {"message": message.pk})
    with pytest.raises(NotAllowedError):
        message_relay(expert=profile, actor=member, subject="Again", body="Hello?")


def test_an_expert_takes_the_profile_out_at_any_time(client):
    profile = expert()
    client.force_login(profile.user)
    client.post("/en/experts/me/hide/")
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.HIDDEN
    assert "Grace Mensah" not in client.get("/en/experts/").content.decode()
    client.post("/en/experts/me/list/")  # verified before: listed again at once
    profile.refresh_from_db()
    assert profile.is_listed
    with pytest.raises(NotAllowedError):
        profile_hide(profile=profile, actor=UserFactory())


def test_unconfirmed_profiles_are_reminded_then_drop_out_until_confirmed(
    client, django_capture_on_commit_callbacks
):
    profile = expert()
    ExpertProfile.objects.filter(pk=profile.pk).update(
        confirmed_at=timezone.now() - timedelta(days=400)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert confirmations_check() == (1, 0)
    assert any(m.to == [profile.email] and "still accurate" in m.subject for m in mail.outbox)
    assert confirmations_check() == (0, 0)  # reminded once only
    with django_capture_on_commit_callbacks(execute=True):
        assert confirmations_check(now=timezone.now() + timedelta(days=31)) == (0, 1)
    profile.refresh_from_db()
    assert profile.status == ProfileStatus.LAPSED
    assert "Grace Mensah" not in client.get("/en/experts/").content.decode()
    client.force_login(profile.user)
    client.post("/en/experts/me/confirm/")
    profile.refresh_from_db()
    assert profile.is_listed


def test_an_expert_downloads_and_deletes_their_profile(client):
    profile = expert()
    client.force_login(profile.user)
    data = json.loads(client.get("/en/experts/me/download/").content)
    assert data["email"] == profile.email
    assert data["objectives"] == [6, 10]
    client.post("/en/experts/me/delete/")
    assert not ExpertProfile.objects.filter(pk=profile.pk).exists()


def test_import_validates_every_line_then_creates_verified_listed_profiles(tmp_path, client):
    good = {
        "name": "Fatima Zahra",
        "email": "fatima@example.org",
        "organisation": "Ministère de l'Intérieur",
        "org_type": "government",
        "country": "MA",
        "languages": ["fr", "ar"],
        "objectives": [5, 23],
        "bio": "Je coordonne la politique marocaine de migration.",
        "bio_language": "fr",
        "expertise": "politique migratoire, coopération",
        "availability": ["speaking"],
    }
    bad = dict(good, email="not-an-address", org_type="ministry", objectives=[99])
    path = tmp_path / "experts.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="3 error"):
        call_command("import_experts", str(path))
    assert not ExpertProfile.objects.exists()
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    call_command("import_experts", str(path))
    profile = ExpertProfile.objects.get(email="fatima@example.org")
    assert profile.is_listed
    assert profile.organisation_type.slug == "government"
    item = client.get("/api/v1/experts/").json()["results"][0]
    assert item["name"] == "Fatima Zahra"
    assert item["country"] == "MA"
    assert item["objectives"] == [5, 23]
    assert "email" not in item
    call_command("import_experts", str(path))  # again: updated, not duplicated
    assert ExpertProfile.objects.count() == 1


def test_permission_matrix():
    profile = expert()
    hidden = expert("Hidden Person")
    ExpertProfile.objects.filter(pk=hidden.pk).update(status=ProfileStatus.HIDDEN)
    team = {"curator": "ok", "administrator": "ok"}
    cases = [
        Case("/en/experts/", {"*": "ok"}),
        Case(f"/en/experts/{profile.slug}/", {"*": "ok"}),
        Case(f"/en/experts/{hidden.slug}/", {"*": "hidden", **team}),
        Case(f"/en/experts/{profile.slug}/contact/", {"*": "ok", "anonymous": "login"}),
        Case("/en/experts/me/", {"*": "ok", "anonymous": "login"}),
        Case("/en/experts/me/messages/", {"*": "hidden", "anonymous": "login"}),
        Case("/en/experts/me/download/", {"*": "hidden", "anonymous": "login"}),
        Case("/en/experts/me/from-roster/", {"*": "not-allowed", "anonymous": "login"}),
        Case("/en/experts/team/", {"*": "denied", "anonymous": "login", **team}),
        Case(f"/en/experts/team/{profile.slug}/", {"*": "not-allowed", "anonymous": "login"}),
        Case("/api/v1/experts/", {"*": "ok"}),
        Case(f"/api/v1/experts/{hidden.slug}/", {"*": "hidden"}),
    ]
    assert check_matrix(cases) == []
