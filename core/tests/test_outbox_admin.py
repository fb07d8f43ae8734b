"""The outbox in the admin: administrators see how much mail waits or failed, and send again."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from core.choices import MailStatus
from core.mail import mail_once
from core.models import OutgoingMail
from tests.factories import UserFactory, give_totp

pytestmark = pytest.mark.django_db


def test_administrators_see_the_counts_and_send_failed_mail_again(client):
    sent = mail_once(key="a", message=EmailMessage("Sent one", "Text", to=["a@example.org"]))
    failed = mail_once(key="b", message=EmailMessage("Refused one", "Text", to=["b@example.org"]))
    OutgoingMail.objects.filter(pk=failed.pk).update(status=MailStatus.FAILED)
    admin = give_totp(UserFactory(roles=["administrator"], is_staff=True, is_superuser=True))
    client.force_login(admin)

    page = client.get("/admin/core/outgoingmail/")
    assert page.status_code == 200
    assert "Waiting to be sent: 0. Not sent (refused or given up): 1." in page.content.decode()

    mail.outbox.clear()
    client.post(
        "/admin/core/outgoingmail/",
        {"action": "send_again", "_selected_action": [sent.pk, failed.pk]},
    )
    assert OutgoingMail.objects.get(pk=failed.pk).status == MailStatus.SENT
    assert [m.subject for m in mail.outbox] == ["Refused one"]  # the sent one is left alone
