"""The roster: applying, deciding, the coverage dashboard and its gaps, and who may see what."""

import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfWriter

from accounts.choices import Role
from accounts.models import User
from core.models import AuditEvent
from reviews.choices import ApplicationStatus
from reviews.models import ReviewerProfile, RosterApplication
from reviews.selectors.roster import roster_coverage, roster_gaps
from reviews.services import roster as services
from reviews.services.roster import RosterDecisionError, roster_apply, roster_decide
from taxonomy.models import Country, Language, Objective, Region, Theme
from tests.factories import UserFactory
from tests.matrix import Case, check_matrix, make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def lang(*codes: str) -> list[Language]:
    return list(Language.objects.filter(code__in=codes))


def objectives(*numbers: int) -> list[Objective]:
    return list(Objective.objects.filter(number__in=numbers))


def expertise(**overrides):
    data = {
        "objectives": objectives(7, 10),
        "themes": list(Theme.objects.filter(slug="gender")),
        "reading_languages": lang("en", "fr"),
        "regions": list(Region.objects.filter(m49=2)),
        "countries": list(Country.objects.filter(code="GH")),
        "years_experience": 8,
        "is_un": False,
        "organisation": "Migration Research Centre",
        "publications": "https://example.org/paper",
        "conflicts": "Ministry of Labour\nRed Cross",
        "reviews_per_year": 4,
        "gender": "Female",
        "motivation": "I know child protection.",
    }
    data.update(overrides)
    return data


def make_profile(*, is_un=False, reading=("en",), numbers=(1,), gender="", regions=(2,)):
    profile = ReviewerProfile.objects.create(
        user=UserFactory(roles=["member", "reviewer"]),
        organisation="Org",
        is_un=is_un,
        gender=gender,
    )
    profile.objectives.set(objectives(*numbers))
    profile.reading_languages.set(lang(*reading))
    profile.regions.set(Region.objects.filter(m49__in=regions))
    profile.themes.set(Theme.objects.all())
    return profile


def pdf_upload(name: str = "cv.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Author": "Secret Author"})
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def png_upload(name: str = "cv.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


@pytest.fixture
def curator():
    return make_actor("curator")


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client


# --- Services ---------------------------------------------------------------------------------


def test_apply_records_a_pending_application_audits_and_tells_the_staff_inbox(
    settings, django_capture_on_commit_callbacks
):
    settings.HUB_STAFF_INBOX = "team@example.org"
    user = UserFactory(roles=["member"])
    with django_capture_on_commit_callbacks(execute=True):
        application = roster_apply(user=user, data=expertise())
    assert application.status == ApplicationStatus.PENDING
    assert set(application.reading_languages.values_list("code", flat=True)) == {"en", "fr"}
    assert application.conflict_list() == ["Ministry of Labour", "Red Cross"]
    assert AuditEvent.objects.filter(target_id=str(application.pk), verb="roster_applied").exists()
    assert [m.to for m in mail.outbox] == [["team@example.org"]]
    assert f"/peer-review/applications/{application.pk}/" in mail.outbox[0].body


def test_one_pending_application_per_person():
    user = UserFactory(roles=["member"])
    roster_apply(user=user, data=expertise())
    with pytest.raises(ValidationError) as error:
        roster_apply(user=user, data=expertise())
    assert "already have an application waiting" in str(error.value)
    assert RosterApplication.objects.filter(user=user).count() == 1


def test_approve_makes_a_profile_from_the_application_grants_the_role_and_writes_in_french(
    curator, monkeypatch, django_capture_on_commit_callbacks
):
    applicant = UserFactory(roles=["member"], language="fr")
    application = roster_apply(user=applicant, data=expertise(is_un=True))
    seen = []
    monkeypatch.setattr(
        services, "gettext", lambda text: seen.append(translation.get_language()) or text
    )
    with django_capture_on_commit_callbacks(execute=True):
        roster_decide(application=application, actor=curator, approve=True, message="Bienvenue")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_by == curator
    profile = ReviewerProfile.objects.get(user=applicant)
    assert (profile.is_un, profile.years_experience, profile.gender) == (True, 8, "Female")
    assert profile.conflict_list() == ["Ministry of Labour", "Red Cross"]
    for name in ("objectives", "themes", "reading_languages", "regions", "countries"):
        assert set(getattr(profile, name).all()) == set(getattr(application, name).all()), name
    assert User.objects.get(pk=applicant.pk).has_role(Role.REVIEWER)
    assert [m.to for m in mail.outbox] == [[applicant.email]]
    assert mail.outbox[0].body == "Bienvenue"
    assert seen == ["fr"]  # the subject was written with French active
    event = AuditEvent.objects.get(target_id=str(application.pk), verb="roster_decided")
    assert (event.from_status, event.to_status, event.actor) == ("pending", "approved", curator)


def test_default_message_is_in_the_applicants_language(monkeypatch):
    applicant = UserFactory(roles=["member"], language="es")
    application = roster_apply(user=applicant, data=expertise())
    seen = []
    monkeypatch.setattr(
        services, "gettext", lambda text: seen.append(translation.get_language()) or text
    )
    text = services.default_decision_message(application=application, approve=False)
    assert seen == ["es"]
    assert applicant.display_name in text


def test_decline_gives_no_role_and_tells_the_applicant(curator, django_capture_on_commit_callbacks):
    applicant = UserFactory(roles=["member"])
    application = roster_apply(user=applicant, data=expertise())
    with django_capture_on_commit_callbacks(execute=True):
        roster_decide(application=application, actor=curator, approve=False, message="Sorry")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert not ReviewerProfile.objects.filter(user=applicant).exists()
    assert not User.objects.get(pk=applicant.pk).has_role(Role.REVIEWER)
    assert mail.outbox[-1].to == [applicant.email]
    # Declined people may apply again.
    assert roster_apply(user=applicant, data=expertise()).status == ApplicationStatus.PENDING


def test_a_decided_application_cannot_be_decided_again(curator):
    application = roster_apply(user=UserFactory(roles=["member"]), data=expertise())
    roster_decide(application=application, actor=curator, approve=False, message="No")
    with pytest.raises(RosterDecisionError):
        roster_decide(application=application, actor=curator, approve=True, message="Yes")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert not ReviewerProfile.objects.filter(user=application.user).exists()


# --- Coverage and gaps ------------------------------------------------------------------------


def test_gaps_name_missing_languages_objectives_and_the_internal_balance():
    make_profile(is_un=True, reading=("en", "fr"), numbers=(13,))
    make_profile(reading=("en", "fr"), numbers=(13,))
    make_profile(reading=("en",), numbers=(13,))
    gaps = roster_gaps()
    assert "No Spanish-reading reviewer for objective 13" in gaps
    assert "No French-reading reviewer for objective 13" not in gaps
    assert "Only one internal reviewer reads French" in gaps
    assert "Only one external reviewer reads French" in gaps
    assert "No reviewer for objective 1" in gaps
    assert "No internal reviewer for objective 13" not in gaps
    assert "No reviewer reads Chinese" in gaps
    assert "No reviewer has experience in Oceania" in gaps
    assert "No reviewer has experience in Africa" not in gaps

    make_profile(reading=("es",), numbers=(13,))
    assert "No Spanish-reading reviewer for objective 13" not in roster_gaps()


def test_objective_gaps_cover_the_six_interface_languages():
    make_profile(is_un=True, reading=("en", "fr", "es", "ar", "ru"), numbers=(13,))
    gaps = roster_gaps()
    # Chinese is an interface language ("zh-hans") written "zh" in the vocabulary.
    assert "No Chinese-reading reviewer for objective 13" in gaps
    assert "No Arabic-reading reviewer for objective 13" not in gaps


def test_inactive_reviewers_do_not_count():
    profile = make_profile(is_un=True, reading=("es",), numbers=(13,))
    profile.is_active = False
    profile.save()
    coverage = roster_coverage()
    assert coverage.total == 0
    assert "No reviewer for objective 13" in coverage.gaps


def test_coverage_counts_objectives_by_language_and_balance():
    make_profile(is_un=True, reading=("en", "ar"), numbers=(1, 2), gender="female")
    make_profile(reading=("ar",), numbers=(1,), gender="Female ", regions=(9,))
    make_profile(reading=("pt",), numbers=(2,))
    coverage = roster_coverage()
    codes = [lang.code for lang in coverage.languages]
    assert codes[:6] == ["en", "fr", "es", "ar", "ru", "zh"]
    assert "pt" in codes  # read by someone, so it gets a column
    row = coverage.rows[0]
    assert row.objective.number == 1
    assert row.counts[codes.index("ar")] == 2
    assert row.counts[codes.index("en")] == 1
    assert (row.internal, row.external, row.total) == (1, 1, 2)
    assert (coverage.internal, coverage.external) == (1, 2)
    assert coverage.genders == [("Female", 2)]
    assert coverage.gender_not_given == 1
    regions = {region.name: n for region, n in coverage.regions}
    assert regions["Africa"] == 2
    assert regions["Oceania"] == 1


# --- Views ------------------------------------------------------------------------------------


def test_public_page_explains_the_roster_and_shows_the_status(client):
    body = client.get("/en/peer-review/").content.decode()
    assert "at least one who works for a UN entity" in body
    assert reverse("reviews:apply") in body
    user = UserFactory(roles=["member"])
    roster_apply(user=user, data=expertise())
    client.force_login(user)
    body = client.get("/en/peer-review/").content.decode()
    assert "tag--status-pending" in body
    assert reverse("reviews:apply") not in body


def test_apply_form_errors_are_summarised_and_linked_to_fields(client):
    client.force_login(UserFactory(roles=["member"]))
    response = client.get("/en/peer-review/apply/")
    assert response.status_code == 200
    response = client.post("/en/peer-review/apply/", {"organisation": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'href="#id_objectives"' in body
    assert 'href="#id_organisation"' in body
    assert not RosterApplication.objects.exists()


def form_data(**overrides):
    data = {
        "objectives": [o.pk for o in objectives(3, 13)],
        "themes": [t.pk for t in Theme.objects.all()],
        "reading_languages": [lang_.pk for lang_ in lang("es", "en")],
        "regions": [r.pk for r in Region.objects.filter(m49=19)],
        "countries": [c.pk for c in Country.objects.filter(code="MX")],
        "years_experience": "7",
        "is_un": "true",
        "organisation": "IOM",
        "publications": "",
        "reviews_per_year": "3",
        "conflicts": "",
        "gender": "",
        "motivation": "",
    }
    data.update(overrides)
    return data


def test_apply_with_a_pdf_cv_strips_its_metadata(client, django_capture_on_commit_callbacks):
    user = UserFactory(roles=["member"])
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/peer-review/apply/", form_data(cv=pdf_upload()))
    assert response.status_code == 302
    application = RosterApplication.objects.get(user=user)
    assert application.is_un is True
    assert application.cv.name.endswith(".pdf")
    assert b"Secret Author" not in application.cv.read()
    assert len(mail.outbox) == 1
    # A second visit says the application is waiting rather than offering the form again.
    response = client.get("/en/peer-review/apply/", follow=True)
    assert "already have an application waiting" in response.content.decode()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: png_upload(), "must be a PDF or a Word"),
        (lambda: SimpleUploadedFile("cv.pdf", b"just text, not a PDF"), "not an allowed type"),
    ],
)
def test_a_cv_that_is_not_pdf_or_docx_is_refused(client, upload, message):
    client.force_login(UserFactory(roles=["member"]))
    response = client.post("/en/peer-review/apply/", form_data(cv=upload()))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'href="#id_cv"' in response.content.decode()
    assert not RosterApplication.objects.exists()


def test_curator_approves_from_the_detail_page(curator_client):
    applicant = UserFactory(roles=["member"], language="fr")
    application = roster_apply(user=applicant, data=expertise())
    url = f"/en/peer-review/applications/{application.pk}/"
    body = curator_client.get(url).content.decode()
    assert "Ministry of Labour" in body
    assert 'name="approve-message"' in body
    response = curator_client.post(url, {"decision": "approve", "approve-message": ""})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    response = curator_client.post(url, {"decision": "approve", "approve-message": "Welcome"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.decision_message == "Welcome"
    assert ReviewerProfile.objects.filter(user=applicant, is_active=True).exists()


def test_applications_filter_by_status(curator_client, curator):
    pending = roster_apply(
        user=UserFactory(roles=["member"], name="Pending Person"), data=expertise()
    )
    declined = roster_apply(
        user=UserFactory(roles=["member"], name="Declined Person"), data=expertise()
    )
    roster_decide(application=declined, actor=curator, approve=False, message="No")
    body = curator_client.get("/en/peer-review/applications/?status=pending").content.decode()
    assert "Pending Person" in body
    assert "Declined Person" not in body
    body = curator_client.get("/en/peer-review/applications/").content.decode()
    assert "Declined Person" in body
    assert pending.pk


def test_dashboard_lists_gaps(curator_client):
    make_profile(reading=("en",), numbers=(13,))
    body = curator_client.get("/en/peer-review/dashboard/").content.decode()
    assert "No Spanish-reading reviewer for objective 13" in body
    assert "<caption" in body


# --- Query counts -----------------------------------------------------------------------------


# The same ceiling at both sizes: the dashboard's cost does not grow with the roster.
@pytest.mark.parametrize("size", [3, 15])
def test_dashboard_queries_stay_constant(curator_client, django_assert_max_num_queries, size):
    for i in range(size):
        make_profile(
            is_un=i % 3 == 0,
            reading=("en", "fr", "ar")[: 1 + i % 3],
            numbers=(1 + i % 23, 1 + (i * 5) % 23),
            gender="female" if i % 2 else "",
            regions=(2, 150) if i % 2 else (9,),
        )
    with django_assert_max_num_queries(22):
        response = curator_client.get("/en/peer-review/dashboard/")
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_applications_list_queries_stay_constant(
    curator_client, django_assert_max_num_queries, size
):
    for _ in range(size):
        roster_apply(user=UserFactory(roles=["member"]), data=expertise())
    with django_assert_max_num_queries(11):
        response = curator_client.get("/en/peer-review/applications/")
    assert response.status_code == 200


# --- Permissions ------------------------------------------------------------------------------


def test_permission_matrix():
    application = roster_apply(user=UserFactory(roles=["member"]), data=expertise())
    curators_only = {"curator": "ok", "administrator": "ok", "*": "hidden"}
    cases = [
        Case("/en/peer-review/", {"*": "ok"}),
        Case("/en/peer-review/apply/", {"anonymous": "login", "*": "ok"}),
        Case("/en/peer-review/applications/", curators_only),
        Case(f"/en/peer-review/applications/{application.pk}/", curators_only),
        Case("/en/peer-review/applications/999999/", {"*": "hidden"}),
        Case("/en/peer-review/dashboard/", curators_only),
    ]
    roles = ("anonymous", "member", "reviewer", "curator", "administrator")
    assert check_matrix(cases, roles=roles) == []


def test_strangers_cannot_decide(client):
    application = roster_apply(user=UserFactory(roles=["member"]), data=expertise())
    client.force_login(make_actor("reviewer"))
    url = f"/en/peer-review/applications/{application.pk}/"
    response = client.post(url, {"decision": "approve", "approve-message": "Yes"})
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
