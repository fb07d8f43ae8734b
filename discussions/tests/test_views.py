from django.core import mail

from discussions.choices import ContributionStatus, SpaceStatus
from discussions.models import Contribution
from search.services import index_item
from search.site import site_hits
from tests.factories import PracticeFactory

from .conftest import make_contribution, make_space

C = ContributionStatus


def _url(question) -> str:
    return f"/en/discussions/{question.space.slug}/questions/{question.pk}/"


def test_a_new_member_contributes_and_is_told_it_waits(
    client, question, member, moderator, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(question), {"body": "Our centres help."}, follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "waits for a moderator" in body
    assert "24 hours" in body
    assert "Our centres help." in body  # the author sees it, marked as waiting
    item = Contribution.objects.get()
    assert item.status == C.PENDING
    assert mail.outbox[0].to == [moderator.email]
    client.logout()
    assert "Our centres help." not in client.get(_url(question)).content.decode()


def test_the_honeypot_stores_nothing(client, question, member):
    client.force_login(member)
    client.post(_url(question), {"body": "Buy now", "website": "http://spam.example"})
    assert not Contribution.objects.exists()


def test_an_empty_contribution_is_refused_with_a_message(client, question, member):
    client.force_login(member)
    response = client.post(_url(question), {"body": ""})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_a_moderator_approves_from_the_queue(client, question, member, moderator):
    item = make_contribution(question, member, body="Waiting text.", status=C.PENDING)
    client.force_login(moderator)
    queue = client.get(f"/en/discussions/{question.space.slug}/moderation/").content.decode()
    assert "Waiting text." in queue
    client.post(f"/en/discussions/{question.space.slug}/moderation/{item.pk}/approve/")
    item.refresh_from_db()
    assert item.status == C.PUBLISHED
    client.logout()
    assert "Waiting text." in client.get(_url(question)).content.decode()


def test_hiding_without_a_reason_is_refused(client, question, trusted, moderator):
    item = make_contribution(question, trusted)
    client.force_login(moderator)
    client.post(f"/en/discussions/{question.space.slug}/moderation/{item.pk}/hide/", {"reason": ""})
    item.refresh_from_db()
    assert item.status == C.PUBLISHED


def test_reply_quotes_the_contribution(client, question, trusted, member):
    item = make_contribution(question, trusted, body="Line one.")
    client.force_login(member)
    page = client.get(_url(question) + f"?quote={item.pk}").content.decode()
    assert "&gt; Line one." in page
    assert f'value="{item.pk}"' in page


def test_contributions_show_their_language(client, question, trusted):
    make_contribution(question, trusted, body="Nos centres aident.", language="fr")
    page = client.get(_url(question)).content.decode()
    assert 'lang="fr"' in page
    assert "French" in page


def test_exports_answer_once_closed(client, space, question, trusted, moderator):
    make_contribution(question, trusted, body="Exported text.")
    space.status = SpaceStatus.CLOSED
    space.save()
    client.force_login(moderator)
    csv_response = client.get(f"/en/discussions/{space.slug}/export.csv")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert "Exported text." in csv_response.content.decode("utf-8-sig")
    docx_response = client.get(f"/en/discussions/{space.slug}/export.docx")
    assert docx_response.content[:2] == b"PK"


def test_a_practice_page_lists_the_public_spaces_linking_to_it(client, space):
    practice = PracticeFactory()
    space.practices.add(practice)
    page = client.get(practice.get_absolute_url()).content.decode()
    assert space.title in page
    assert space.get_absolute_url() in page


def test_public_contributions_are_found_by_the_site_search_across_languages(question, trusted):
    item = make_contribution(
        question,
        trusted,
        body="Los centros de atención integral ayudan a los trabajadores migrantes.",
        language="es",
    )
    index_item(item)
    hits = site_hits("one-stop centres helping migrant workers")
    assert any(hit.key == "discussions" and hit.pk == item.pk for hit in hits)


def test_follow_button_works_without_javascript(client, space, member):
    client.force_login(member)
    response = client.post(f"/en/discussions/{space.slug}/follow/", follow=True)
    assert "Stop following this space" in response.content.decode()


def test_list_shows_spaces_without_drafts(client, space):
    draft_title = "Secret draft"
    make_space("draft", title=draft_title, status=SpaceStatus.DRAFT)
    page = client.get("/en/discussions/").content.decode()
    assert space.title in page
    assert draft_title not in page


def test_the_queue_holds_waiting_and_flagged_contributions_only(
    client, question, trusted, member, moderator
):
    make_contribution(question, trusted, body="Plain published text.")
    flagged = make_contribution(question, trusted, body="Flagged text.")
    flagged.flags.create(reporter=member, reason="spam")
    make_contribution(question, member, body="Waiting text.", status=C.PENDING)
    client.force_login(moderator)
    page = client.get(f"/en/discussions/{question.space.slug}/moderation/").content.decode()
    assert "Flagged text." in page
    assert "Waiting text." in page
    assert "Plain published text." not in page


def test_a_moderator_keeps_a_flagged_contribution(client, question, trusted, member, moderator):
    item = make_contribution(question, trusted, body="Fine text.")
    item.flags.create(reporter=member, reason="spam")
    client.force_login(moderator)
    client.post(f"/en/discussions/{question.space.slug}/moderation/{item.pk}/keep/")
    page = client.get(f"/en/discussions/{question.space.slug}/moderation/").content.decode()
    assert "Fine text." not in page
    log = client.get(f"/en/discussions/{question.space.slug}/moderation/log/").content.decode()
    assert "kept the contribution despite the flags" in log


def test_pages_read_in_a_fixed_number_of_queries(
    client, space, question, trusted, django_assert_max_num_queries
):
    def count(url):
        with django_assert_max_num_queries(60) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    first = make_contribution(question, trusted)
    make_contribution(question, trusted, parent=first)
    count("/en/discussions/")  # warm the per-process caches (site settings, content types)
    few = (count("/en/discussions/"), count(_url(question)))
    for _ in range(5):
        parent = make_contribution(question, trusted)
        make_contribution(question, trusted, parent=parent)
        make_space(f"more-{_}")
    assert (count("/en/discussions/"), count(_url(question))) == few
