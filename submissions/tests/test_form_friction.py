"""What a newcomer hit on the practice submission form (issue 10, point 10): who must name a
focal point, the linked data-protection notice, "Import from Word" where the form is filled,
the countries (searchable, UN names, sorted for the reader) and a practice still ongoing."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from submissions.fields import Vocabulary
from submissions.forms import validate_content
from submissions.models import Submission
from submissions.safeguarding import Finding, FindingKind
from submissions.vocabularies import options
from tests.factories import COMPLETE_PRACTICE, SubmissionFactory

pytestmark = pytest.mark.django_db

PARTNERS = {
    "implementer": "Department of Social Welfare",
    "implementer_type": "government",
}
ELIGIBLE = {"relates_to_objective": "on", "started_after_2018": "yes"}


def _draft(client, **data):
    submission = SubmissionFactory(data={**COMPLETE_PRACTICE, **data})
    client.force_login(submission.owner)
    return submission


def _step_url(submission, step):
    return reverse("submissions:step", kwargs={"uuid": submission.uuid, "step": step})


def _post_step(client, submission, step, data):
    submission.refresh_from_db()
    return client.post(
        _step_url(submission, step), {"revision": submission.revision, "action": "stay", **data}
    )


# 1. The focal point is asked for only when someone submits on another organisation's behalf.


def test_submitting_for_ones_own_organisation_needs_no_focal_point(client):
    submission = _draft(client, focal_point_name="", focal_point_email="")
    response = _post_step(client, submission, "partners", PARTNERS)
    assert response.status_code == 302  # saved without errors
    submission.refresh_from_db()
    assert not validate_content(submission.spec, submission.data)  # and it can be submitted


def test_submitting_on_behalf_of_another_organisation_needs_its_focal_point(client):
    submission = _draft(client, focal_point_name="", focal_point_email="")
    response = _post_step(client, submission, "partners", {**PARTNERS, "on_behalf": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Fill this in: it is needed because you ticked" in page
    submission.refresh_from_db()
    errors = validate_content(submission.spec, submission.data)
    assert {
        "partners:focal_point_name",
        "partners:focal_point_email",
        "partners:focal_point_organisation",
    } <= set(errors)


def test_the_on_behalf_box_reads_the_same_before_the_draft_and_in_it(client):
    submission = _draft(client)
    eligibility = client.get(reverse("submissions:start")).content.decode()
    step = client.get(_step_url(submission, "partners")).content.decode()
    label = "I am submitting on behalf of another organisation (the main implementer)."
    assert label in eligibility
    assert label in step


# 2. The consent box links the notice it names.


def test_the_consent_box_links_the_data_protection_notice(client):
    submission = _draft(client)
    page = client.get(_step_url(submission, "files")).content.decode()
    help_text = re.search(r'id="id_consent_data_protection_helptext">(.*?)</div>', page, re.S)
    assert help_text, "the consent box has no help text"
    assert f'href="{reverse("core:privacy")}"' in help_text.group(1)


# 3. "Import from Word" is offered where the form is filled in.


@pytest.mark.parametrize("step", ["about", "scope", "partners", "files"])
def test_every_step_offers_import_from_word(client, step):
    submission = _draft(client)
    page = client.get(_step_url(submission, step)).content.decode()
    action = reverse("submissions:import_word", kwargs={"uuid": submission.uuid})
    assert f'action="{action}"' in page
    assert 'type="file" name="file"' in page


# 4. Countries: UN names, sorted for the reader, searchable without JavaScript.


def test_countries_carry_their_un_names():
    labels = dict(options(Vocabulary.COUNTRIES))
    assert labels["NR"] == "Nauru"  # django-countries says "Naoero"
    assert labels["KR"] == "Republic of Korea"
    with translation.override("fr"):
        assert dict(options(Vocabulary.COUNTRIES))["BO"] == "Bolivie (État plurinational de)"


@pytest.mark.parametrize(
    ("language", "before", "after"),
    [
        ("en", "Åland Islands", "Albania"),
        ("en", "Côte d’Ivoire", "Croatia"),
        ("fr", "Égypte", "El Salvador"),
        ("es", "Egipto", "El Salvador"),
    ],
)
def test_countries_are_sorted_as_a_reader_of_the_language_expects(language, before, after):
    with translation.override(language):
        names = [name for _code, name in options(Vocabulary.COUNTRIES)]
    assert names.index(before) < names.index(after)
    assert names.index(after) - names.index(before) < 5  # neighbours, not at the list's end


def test_the_country_field_suggests_every_country_instead_of_250_boxes(client):
    submission = _draft(client, countries=["GH"])
    page = client.get(_step_url(submission, "scope")).content.decode()
    assert page.count('name="countries"') == 1  # the chosen one, ticked
    assert re.search(r'<input[^>]*name="countries_add"[^>]*list="id_countries_options"', page)
    datalist = re.search(r'<datalist id="id_countries_options">(.*?)</datalist>', page, re.S)
    assert datalist
    assert datalist.group(1).count("<option") == len(options(Vocabulary.COUNTRIES))
    assert '<option value="Nauru">' in datalist.group(1)


def test_typed_country_names_are_added_ignoring_case_and_accents(client):
    submission = _draft(client, countries=["GH"])
    response = _post_step(
        client, submission, "scope", _scope(countries=["GH"], countries_add="nauru; cote d'ivoire")
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.data["countries"] == ["GH", "NR", "CI"]


def test_an_unknown_country_name_is_kept_and_named_in_the_error(client):
    submission = _draft(client, countries=[])
    response = _post_step(client, submission, "scope", _scope(countries_add="Atlantis"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "is not a country of the list" in page
    assert re.search(r'name="countries_add"[^>]*value="Atlantis"', page)


def test_unticking_every_country_removes_them(client):
    submission = _draft(client, countries=["GH", "NR"])
    _post_step(client, submission, "scope", _scope())
    submission.refresh_from_db()
    assert submission.data["countries"] == []


def _scope(**extra):
    data = {
        "objectives": COMPLETE_PRACTICE["objectives"],
        "principles": COMPLETE_PRACTICE["principles"],
        "scope": "national",
    }
    return {**data, **extra}


# 6. A practice still ongoing: the message and what the form does agree.


def test_an_ongoing_practice_is_offered_a_draft_and_gets_one(client, django_user_model):
    user = django_user_model.objects.create_user(email="ongoing@example.org", password="x" * 20)
    client.force_login(user)
    refused = client.post(reverse("submissions:start"), {**ELIGIBLE, "completion": "ongoing"})
    page = refused.content.decode()
    assert "You can still prepare a draft now" in page
    assert 'name="draft_anyway"' in page
    assert not Submission.objects.exists()

    started = client.post(
        reverse("submissions:start"),
        {**ELIGIBLE, "completion": "ongoing", "draft_anyway": "1"},
        follow=True,
    )
    submission = Submission.objects.get(owner=user)
    assert started.redirect_chain[-1][0] == _step_url(submission, "about")
    assert submission.data["completion"] == "ongoing"
    assert "You can submit it once the practice is mostly completed" in started.content.decode()


def test_an_ongoing_practice_cannot_be_submitted_until_mostly_completed(client):
    submission = _draft(client, completion="ongoing")
    review = client.get(reverse("submissions:review", kwargs={"uuid": submission.uuid}))
    assert "about:completion" in validate_content(submission.spec, submission.data)
    assert review.context["errors"]
    submission.data["completion"] = "mostly-completed"
    assert not validate_content(submission.spec, submission.data)


def test_personal_data_kinds_read_as_words_not_codes():
    finding = Finding("summary", FindingKind.NAMED_PERSON, "Ms Amina", 0, 8, "x")
    assert finding.label == "Name of a person"
