"""The PDF copy of a submission is laid out in the reader's language and direction."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from submissions.presenters import present
from tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("ru", "ltr"), ("en", "ltr")])
def test_the_pdf_copy_declares_language_and_direction(language, direction):
    submission = SubmissionFactory()
    with translation.override(language):
        html = render_to_string(
            "submissions/pdf/copy.html",
            {"submission": submission, "version": None, "sections": present(submission.spec, {})},
        )
    assert f'<html lang="{language}" dir="{direction}">' in html
