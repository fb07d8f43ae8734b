"""The contact form and the Hub team's inbox, as their users rely on them."""

import pytest
from django.core import mail
from django.urls import reverse

from contact.choices import MessageStatus
from contact.models import ContactMessage, ContactReply, FaqEntry
from contact.services import message_close, message_receive, message_reply
from core.errors import NotAllowedError
from core.models import AuditEvent
from tests.factories import CallFactory, PracticeFactory, UserFactory
from tests.matrix import Case, check_matrix, make_actor

pytestmark = pytest.mark.django_db

FORM = {
    "category": "technical",
    "name": "Amina Diallo",
    "email": "amina@example.org",
    "organisation": "Ministry of Labour",
    "subject": "The upload button does nothing",
    "body": "When I attach my PDF the page reloads and the file is not there.",
}


def send(client, language="en", **changes):
    return client.post(f"/{language}/contact/", {**FORM, **changes})


def test_a_message_is_stored_acknowledged_with_its_reference_and_the_team_is_told(
    client, django_capture_on_commit_callbacks
):
    curator = make_actor("curator")
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, language="fr", confirmed="1")
    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert (message.status, message.language, message.email) == ("new", "fr", "amina@example.org")
    page = client.get(response["Location"]).content.decode()
    assert message.reference in page
    acknowledgement = next(m for m in mail.outbox if m.to == ["amina@example.org"])
    assert message.reference in acknowledgement.subject
    assert "Merci" in acknowledgement.body  # in the language she wrote in
    to_team = next(m for m in mail.outbox if m.to == [curator.email])
    assert reverse("contact:message", kwargs={"reference": message.reference}) in to_team.body
    assert ContactMessage.objects.get().acknowledged_at is not None


def test_bad_input_is_explained_and_kept(client):
    response = send(client, email="not-an-address", body="")
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The upload button does nothing" in page  # what she typed is still there
    assert not ContactMessage.objects.exists()


def test_a_robot_filling_the_trap_is_thanked_and_nothing_is_stored(client):
    response = send(client, website="http://spam.example")
    assert response.status_code == 302
    assert not ContactMessage.objects.exists()
    assert not mail.outbox


def test_senders_are_limited_to_a_few_messages_an_hour(client):
    for _ in range(5):
        assert send(client, confirmed="1").status_code == 302
    assert send(client, confirmed="1").status_code == 429
    assert ContactMessage.objects.count() == 5


def test_a_matching_faq_answer_is_shown_before_sending_and_the_message_is_kept(client):
    FaqEntry.objects.create(
        question="I cannot attach a file to my submission",
        answer="Files must be PDF or Word documents under 20 MB.",
    )
    FaqEntry.objects.create(question="When is the next call?", answer="Calls are listed…")
    response = send(client)
    page = response.content.decode()
    assert response.status_code == 200
    assert "I cannot attach a file to my submission" in page
    assert 'name="confirmed"' in page
    assert FORM["body"] in page
    assert not ContactMessage.objects.exists()
    assert send(client, confirmed="1").status_code == 302
    assert ContactMessage.objects.count() == 1


def test_a_calls_contact_link_routes_the_message_to_the_calls_address(
    client, django_capture_on_commit_callbacks
):
    call = CallFactory(contact_email="trafficking-call@example.org")
    link = client.get(call.get_absolute_url()).content.decode()
    assert f"/en/contact/?category=call&amp;call={call.slug}" in link
    form = client.get(f"/en/contact/?category=call&call={call.slug}").content.decode()
    assert f'value="{call.slug}"' in form
    with django_capture_on_commit_callbacks(execute=True):
        send(client, category="call", call=call.slug, confirmed="1")
    message = ContactMessage.objects.get()
    assert message.call == call
    routed = next(m for m in mail.outbox if m.to == ["trafficking-call@example.org"])
    assert routed.reply_to == ["amina@example.org"]


def test_a_correction_is_asked_from_the_published_page_it_is_about(client):
    practice = PracticeFactory(title="Mobile courts for late birth registration")
    page = client.get(practice.get_absolute_url()).content.decode()
    link = f"/en/contact/?category=correction&amp;page={practice.get_absolute_url()}"
    assert link in page.replace("%2F", "/")
    form = client.get(link.replace("&amp;", "&")).context["form"]
    assert form.initial["category"] == "correction"
    assert form.initial["page"] == practice.get_absolute_url()


def _message() -> ContactMessage:
    return message_receive(sender=None, language="es", **FORM)


def test_the_team_answers_from_the_inbox_and_the_response_time_is_kept(
    client, django_capture_on_commit_callbacks
):
    curator = make_actor("curator")
    message = _message()
    mail.outbox.clear()
    client.force_login(curator)
    inbox = client.get("/en/contact/inbox/").content.decode()
    assert message.subject in inbox
    url = f"/en/contact/inbox/{message.reference}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"body": "We're sorry: please try again with a file under 20 MB."}
        )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.ANSWERED
    assert message.first_response_at is not None
    assert message.assigned_to == curator
    answer = mail.outbox[-1]
    assert answer.to == ["amina@example.org"]
    assert "We're sorry" in answer.body  # plain text, not HTML-escaped
    assert message.reference in answer.subject
    assert ContactReply.objects.get().sent_at is not None
    client.post(f"{url}close/")
    message.refresh_from_db()
    assert message.status == MessageStatus.CLOSED
    page = client.get(url).content.decode()
    assert "answered by e-mail" in page  # the history in plain words
    assert "Reopen" in page


def test_assigning_and_overdue_messages(client):
    curator, colleague = make_actor("curator"), make_actor("curator")
    message = _message()
    ContactMessage.objects.filter(pk=message.pk).update(
        created_at=message.created_at.replace(year=message.created_at.year - 1)
    )
    client.force_login(curator)
    assert message.subject in client.get("/en/contact/inbox/?status=overdue").content.decode()
    client.post(f"/en/contact/inbox/{message.reference}/assign/", {"person": colleague.pk})
    message.refresh_from_db()
    assert (message.assigned_to, message.status) == (colleague, MessageStatus.OPEN)
    assert AuditEvent.objects.filter(verb="message_assigned", note=colleague.email).exists()
    client.force_login(colleague)
    assert message.subject in client.get("/en/contact/inbox/?status=mine").content.decode()


def test_services_refuse_people_outside_the_team():
    message = _message()
    member = UserFactory(roles=["member"])
    with pytest.raises(NotAllowedError):
        message_reply(message=message, actor=member, body="Hello")
    with pytest.raises(NotAllowedError):
        message_close(message=message, actor=None)
    assert ContactMessage.objects.get().status == MessageStatus.NEW


def test_permission_matrix():
    message = _message()
    reply = ContactReply.objects.create(message=message, author=make_actor("curator"), body="x")
    team = {"curator": "ok", "administrator": "ok"}
    cases = [
        Case("/en/contact/", {"*": "ok"}),
        Case("/en/contact/sent/", {"*": "ok"}),
        Case("/en/contact/inbox/", {"*": "denied", "anonymous": "login", **team}),
        Case(
            f"/en/contact/inbox/{message.reference}/",
            {"*": "denied", "anonymous": "login", **team},
        ),
        Case(
            "/en/contact/inbox/C-NOSUCHONE/",
            {
                "*": "denied",
                "anonymous": "login",
                **{"curator": "hidden", "administrator": "hidden"},
            },
        ),
        Case(
            f"/en/contact/inbox/{message.reference}/assign/",
            {"*": "not-allowed", "anonymous": "login"},
        ),
        Case(
            f"/en/contact/inbox/{message.reference}/answers/{reply.pk}/resend/",
            {"*": "not-allowed", "anonymous": "login"},
        ),
    ]
    assert check_matrix(cases) == []
