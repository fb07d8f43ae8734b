import io
from datetime import timedelta

import docx
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.errors import DomainError, NotAllowedError
from core.models import AuditEvent, Notification
from discussions import services
from discussions.choices import ContributionStatus, HoldReason, SpaceStatus
from discussions.exports import contributions_csv, contributions_docx
from discussions.language import detect_language
from discussions.models import Flag, Follow
from discussions.schedule import spaces_sync
from discussions.selectors import moderation_log
from submissions.safeguarding import DOCX_MIME
from tests.factories import UserFactory

from .conftest import make_contribution, make_question, make_space

C = ContributionStatus


def test_a_new_accounts_first_contribution_waits_and_moderators_are_told_at_once(
    question, member, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = services.contribution_post(question=question, actor=member, body="Our view.")
    assert item.status == C.PENDING
    assert item.hold_reason == HoldReason.NEW_ACCOUNT
    assert [m.to for m in mail.outbox] == [[moderator.email]]
    assert "waits for moderation" in mail.outbox[0].subject


def test_a_trusted_member_is_published_and_followers_and_mentions_are_told(
    question, trusted, moderator, django_capture_on_commit_callbacks
):
    follower = UserFactory(name="Sofia Rossi")
    Follow.objects.create(user=follower, space=question.space)
    body = "I agree with @Jean Dupont: the centres helped."
    with django_capture_on_commit_callbacks(execute=True):
        item = services.contribution_post(question=question, actor=trusted, body=body)
    assert item.status == C.PUBLISHED
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([moderator.email, follower.email])
    mention = next(m for m in mail.outbox if m.to == [moderator.email])
    assert "mentioned you" in mention.subject


def test_text_naming_a_victim_is_held_even_for_a_trusted_member(question, trusted):
    body = "The victim, Maria Gonzalez, told us her story; call her on +34 612 345 678."
    item = services.contribution_post(question=question, actor=trusted, body=body)
    assert item.status == C.PENDING
    assert item.hold_reason == HoldReason.PERSONAL_DATA


def test_approve_publishes_and_tells_the_author(
    question, member, moderator, django_capture_on_commit_callbacks
):
    item = services.contribution_post(question=question, actor=member, body="Our view.")
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_approve(contribution=item, actor=moderator)
    item.refresh_from_db()
    assert item.status == C.PUBLISHED
    assert item.published_at is not None
    assert any(m.to == [member.email] and "published" in m.subject for m in mail.outbox)


def test_only_moderators_approve(question, member, trusted):
    item = services.contribution_post(question=question, actor=member, body="Our view.")
    with pytest.raises(NotAllowedError):
        services.contribution_approve(contribution=item, actor=trusted)


def test_hide_needs_a_reason_and_restore_brings_it_back(question, trusted, moderator):
    item = make_contribution(question, trusted)
    with pytest.raises(DomainError):
        services.contribution_hide(contribution=item, actor=moderator, reason=" ")
    services.contribution_hide(contribution=item, actor=moderator, reason="Off topic")
    item.refresh_from_db()
    assert item.status == C.HIDDEN
    assert item.moderation_note == "Off topic"
    services.contribution_restore(contribution=item, actor=moderator, reason="Misread")
    item.refresh_from_db()
    assert item.status == C.PUBLISHED
    sentences = [d.sentence for d in moderation_log(question.space)]
    assert any("Hidden by a moderator" in s and "Published" in s for s in sentences)


def test_a_reply_to_a_reply_answers_the_first_contribution(question, trusted):
    first = make_contribution(question, trusted)
    reply = services.contribution_post(question=question, actor=trusted, body="Yes.", parent=first)
    again = services.contribution_post(question=question, actor=trusted, body="No.", parent=reply)
    assert reply.parent == first
    assert again.parent == first


def test_the_language_is_kept_when_chosen_and_detected_otherwise(question, trusted):
    chosen = services.contribution_post(
        question=question, actor=trusted, body="Hello there.", language="es"
    )
    assert (chosen.language, chosen.language_detected) == ("es", False)
    guessed = services.contribution_post(
        question=question, actor=trusted, body="Nous avons ouvert des centres pour les migrants."
    )
    assert (guessed.language, guessed.language_detected) == ("fr", True)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The centres are open to all migrants and their families.", "en"),
        ("Los centros están abiertos para los migrantes y sus familias.", "es"),
        ("نحن نعمل مع المهاجرين في المدن", "ar"),
        ("Мы работаем с мигрантами", "ru"),
        ("我们与移民合作", "zh"),
    ],
)
def test_detect_language(text, code):
    assert detect_language(text) == code


def test_nobody_writes_in_a_closed_space(question, trusted):
    question.space.status = SpaceStatus.CLOSED
    question.space.save()
    with pytest.raises(DomainError):
        services.contribution_post(question=question, actor=trusted, body="Late.")


def test_a_flag_tells_the_moderators_and_counts_once(
    question, trusted, member, moderator, django_capture_on_commit_callbacks
):
    item = make_contribution(question, trusted)
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_flag(contribution=item, actor=member, reason="victim_data")
    assert Flag.objects.filter(contribution=item).count() == 1
    assert mail.outbox[-1].to == [moderator.email]
    with pytest.raises(DomainError):
        services.contribution_flag(contribution=item, actor=member, reason="spam")
    assert AuditEvent.objects.filter(verb="contribution_flagged").count() == 1


def test_an_attachment_goes_through_the_upload_gate(question, trusted):
    bad = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    with pytest.raises(ValidationError):
        services.contribution_post(question=question, actor=trusted, body="See.", files=[bad])


def test_spaces_open_and_close_by_themselves(db):
    now = timezone.now()
    waiting = make_space("waiting", status=SpaceStatus.DRAFT, opens_at=now - timedelta(minutes=1))
    ending = make_space("ending", opens_at=now - timedelta(days=9), closes_at=now - timedelta(1))
    future = make_space("future", status=SpaceStatus.DRAFT, opens_at=now + timedelta(days=1))
    assert spaces_sync(now=now) == 2
    for space in (waiting, ending, future):
        space.refresh_from_db()
    assert (waiting.status, ending.status, future.status) == ("open", "closed", "draft")
    assert spaces_sync(now=now) == 0


def test_follow_toggles(question, member):
    assert services.follow_toggle(actor=member, question=question) is True
    assert services.follow_toggle(actor=member, question=question) is False


def test_export_groups_by_question_with_the_authors_details(space, trusted, question):
    second = make_question(space, title="What should change?", position=2)
    make_contribution(second, trusted, body="More funding.")
    make_contribution(question, trusted, body="=HYPERLINK(evil)", language="fr")
    text = contributions_csv(space)
    lines = text.splitlines()
    assert lines[0].lstrip("\ufeff").startswith("Question,Author,Organisation")
    assert text.index("What has worked") < text.index("What should change?")
    assert "'=HYPERLINK(evil)" in text
    assert "French" in text
    assert contributions_docx(space)[:2] == b"PK"


def test_synthesis_only_after_closing(space, moderator):
    with pytest.raises(DomainError):
        services.synthesis_publish(space=space, actor=moderator, text="Summary.")
    with pytest.raises(NotAllowedError):
        services.synthesis_publish(space=space, actor=UserFactory(), text="Summary.")
    space.status = SpaceStatus.CLOSED
    space.save()
    services.synthesis_publish(space=space, actor=moderator, text="Summary.")
    space.refresh_from_db()
    assert space.synthesis_published_at is not None


def test_a_follower_who_chose_the_digest_gets_it_there(
    question, trusted, django_capture_on_commit_callbacks
):
    follower = UserFactory(email_digest=True)
    Follow.objects.create(user=follower, question=question)
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_post(question=question, actor=trusted, body="News.")
    assert not any(m.to == [follower.email] for m in mail.outbox)
    assert Notification.objects.filter(user=follower).count() == 1


def test_an_attachment_naming_a_victim_holds_the_contribution(question, trusted):
    document = docx.Document()
    document.add_paragraph("The victim Maria Gonzalez lives at 12 Rue de la Paix, Lyon.")
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("case.docx", buffer.getvalue(), DOCX_MIME)
    item = services.contribution_post(question=question, actor=trusted, body="See.", files=[upload])
    assert item.status == C.PENDING
    assert item.hold_reason == HoldReason.PERSONAL_DATA
    assert item.files.get().name == "case.docx"
