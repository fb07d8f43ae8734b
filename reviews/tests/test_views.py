import uuid

import lxml.html
import pytest
from django.core.files.base import ContentFile

from reviews.choices import Criterion
from reviews.services.matching_bridge import suggest_for_submission
from reviews.services.workflow import (
    assignment_invite,
    assignment_respond,
    review_submit,
    screening_send_to_review,
)
from submissions.models import Attachment
from submissions.services import submission_submit
from tests.factories import SubmissionFactory, UserFactory, give_totp, make_reviewer
from tests.matrix import Case, check_matrix, make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene():
    """A submission in review with one assigned reviewer who has accepted."""
    curator = give_totp(UserFactory(roles=["member", "curator"], is_staff=True))
    owner, co = make_actor("member"), make_actor("member")
    submission = SubmissionFactory(owner=owner)
    submission.co_submitters.add(co)
    submission = submission_submit(submission=submission, actor=owner, submit_key=uuid.uuid4())
    assigned = make_reviewer(email="assigned@example.org", internal=True, objectives=(10, 7))
    make_reviewer(email="ext-a@example.org", objectives=(10,))
    make_reviewer(email="ext-b@example.org", objectives=(7,))
    unassigned = make_reviewer(email="idle@example.org", languages=("zh",), objectives=(1,))
    screening_send_to_review(submission=submission, actor=curator)
    assignment = next(
        a
        for a in suggest_for_submission(submission=submission, actor=curator)
        if a.reviewer_id == assigned.pk
    )
    assignment_invite(assignment=assignment, actor=curator)
    assignment_respond(assignment=assignment, actor=assigned, answer="accept")
    return {
        "submission": submission,
        "assignment": assignment,
        "owner": owner,
        "co_submitter": co,
        "assigned_reviewer": assigned,
        "unassigned_reviewer": unassigned,
        "curator": curator,
    }


ROLES = (
    "anonymous",
    "member",
    "owner",
    "co_submitter",
    "assigned_reviewer",
    "unassigned_reviewer",
    "curator",
    "administrator",
)


def test_permission_matrix_for_review_urls(scene):
    s, a = scene["submission"], scene["assignment"]
    team_only = {"anonymous": "login", "curator": "ok", "administrator": "ok", "*": "hidden"}
    cases = [
        Case("/en/peer-review/screening/", team_only),
        Case(f"/en/peer-review/submissions/{s.uuid}/", team_only),
        Case(f"/en/peer-review/submissions/{s.uuid}/decide/", team_only),
        Case("/en/peer-review/mine/", {"anonymous": "login", "*": "ok"}),
        Case(
            f"/en/peer-review/assignments/{a.pk}/",
            {"anonymous": "login", "assigned_reviewer": "ok", "*": "hidden"},
        ),
        Case(
            f"/en/peer-review/assignments/{a.pk}/review/",
            {"anonymous": "login", "assigned_reviewer": "ok", "*": "hidden"},
        ),
        Case(
            f"/en/submit/{s.uuid}/",
            {
                "anonymous": "login",
                "owner": "ok",
                "co_submitter": "ok",
                "curator": "ok",
                "administrator": "ok",
                "*": "hidden",
            },
        ),
        Case(
            f"/en/submit/{s.uuid}/copy.pdf",
            {
                "anonymous": "login",
                "owner": "ok",
                "co_submitter": "ok",
                "curator": "ok",
                "administrator": "ok",
                "*": "hidden",
            },
        ),
    ]
    actors = {
        k: scene[k] for k in ("owner", "co_submitter", "assigned_reviewer", "unassigned_reviewer")
    }
    assert check_matrix(cases, roles=ROLES, actors=actors) == []


def test_post_actions_are_refused_to_everyone_but_curators(client, scene):
    s = scene["submission"]
    for person in (scene["owner"], scene["assigned_reviewer"], scene["unassigned_reviewer"]):
        client.force_login(person)
        for action in ("screen", "suggest", "invite", "decide"):
            assert (
                client.post(f"/en/peer-review/submissions/{s.uuid}/{action}/", {}).status_code
                == 404
            )


def test_submitter_never_sees_who_reviewed(client, scene):
    a = scene["assignment"]
    review_submit(
        assignment=a,
        actor=a.reviewer,
        scores={c.value: 4 for c in Criterion},
        comments={},
        comments_to_team="Internal note",
        comments_to_submitter="Good work.",
        recommendation="approve",
    )
    client.force_login(scene["owner"])
    body = client.get(f"/en/submit/{scene['submission'].uuid}/").content.decode()
    assert a.reviewer.email not in body
    assert a.reviewer.display_name not in body
    assert "Internal note" not in body


def test_blind_review_hides_submitter_identity_from_reviewers(client, scene):
    client.force_login(scene["assigned_reviewer"])
    body = client.get(
        f"/en/peer-review/assignments/{scene['assignment'].pk}/review/"
    ).content.decode()
    assert scene["submission"].title in body
    assert scene["owner"].email not in body
    assert "Department of Social Welfare" not in body  # the implementer
    assert "focal.point@example.org" not in body


def test_review_form_shows_errors_in_a_summary_and_records_a_complete_review(client, scene):
    a = scene["assignment"]
    client.force_login(scene["assigned_reviewer"])
    response = client.post(
        f"/en/peer-review/assignments/{a.pk}/review/", {"recommendation": "approve"}
    )
    assert 'class="error-summary"' in response.content.decode()
    data = {f"score_{c.value}": "4" for c in Criterion} | {
        "recommendation": "minor",
        "comments_to_submitter": "Add data.",
        "no_conflict": "on",
    }
    response = client.post(f"/en/peer-review/assignments/{a.pk}/review/", data)
    assert response.status_code == 302
    assert a.reviews.count() == 1


def test_curator_workspace_and_queue_have_constant_queries(
    client, scene, django_assert_max_num_queries
):
    client.force_login(scene["curator"])
    with django_assert_max_num_queries(20) as few:
        client.get("/en/peer-review/screening/")
    for _ in range(5):
        submission = SubmissionFactory()
        submission_submit(submission=submission, actor=submission.owner, submit_key=uuid.uuid4())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/peer-review/screening/")
    assert client.get(f"/en/peer-review/submissions/{scene['submission'].uuid}/").status_code == 200


def test_attachments_are_served_to_submitters_assigned_reviewers_and_the_team_only(client, scene):

    s, a = scene["submission"], scene["assignment"]
    attachment = Attachment(
        submission=s,
        name="results.pdf",
        mime="application/pdf",
        size=9,
        sha256="0" * 64,
        uploaded_by=scene["owner"],
    )
    attachment.file.save("results.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    cases = [
        Case(
            f"/en/submit/{s.uuid}/files/{attachment.pk}/",
            {
                "anonymous": "login",
                "owner": "ok",
                "co_submitter": "ok",
                "curator": "ok",
                "administrator": "ok",
                "*": "hidden",
            },
        ),
        Case(
            f"/en/peer-review/assignments/{a.pk}/files/{attachment.pk}/",
            {"anonymous": "login", "assigned_reviewer": "ok", "*": "hidden"},
        ),
    ]
    actors = {
        k: scene[k] for k in ("owner", "co_submitter", "assigned_reviewer", "unassigned_reviewer")
    }
    assert check_matrix(cases, roles=ROLES, actors=actors) == []


def test_decision_form_includes_anonymised_comments_for_the_submitter(client, scene):
    a = scene["assignment"]
    review_submit(
        assignment=a,
        actor=a.reviewer,
        scores={c.value: 3 for c in Criterion},
        comments={},
        comments_to_team="Only for the team",
        comments_to_submitter="Please add the budget.",
        recommendation="minor",
    )
    client.force_login(scene["curator"])
    body = client.get(
        f"/en/peer-review/submissions/{scene['submission'].uuid}/decide/?outcome=changes"
    ).content.decode()
    assert "Reviewer 1: Please add the budget." in body
    assert "Only for the team" not in body.split("<textarea")[1]
    assert a.reviewer.email not in body.split("<textarea")[1]


def test_invite_ignores_ids_that_are_no_numbers_the_database_holds(client, scene):
    """A hand-made post ("²", thirty digits) gets the workspace back, not a server error."""
    client.force_login(scene["curator"])
    url = f"/en/peer-review/submissions/{scene['submission'].uuid}/invite/"
    response = client.post(url, {"assignment": ["²", "9" * 30]})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("en", "Review"), ("fr", "Évaluation de la soumission"), ("es", "Revisión del envío")],
)
def test_reviewer_page_heading_reads_as_a_heading_in_each_language(client, scene, lang, heading):
    client.force_login(scene["assigned_reviewer"])
    body = client.get(f"/{lang}/peer-review/assignments/{scene['assignment'].pk}/review/")
    assert f"<h1>{heading}</h1>" in body.content.decode()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_screening_queue_cells_carry_their_column_name_for_narrow_screens(client, scene, lang):
    client.force_login(scene["curator"])
    body = client.get(f"/{lang}/peer-review/screening/").content.decode()
    table = lxml.html.fromstring(body).xpath("//main//table")[0]
    headers = [th.text_content().strip() for th in table.xpath("./thead//th")]
    rows = table.xpath("./tbody/tr")
    assert rows
    for row in rows:
        labels = [cell.get("data-label") for cell in row.xpath("./th|./td")]
        assert labels == headers
