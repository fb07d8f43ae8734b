"""Message templates the Hub team edits in the admin, rendered in the submitter's language."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from submissions.models import Submission

from ..models import MessageTemplate, Review

DEFAULTS = {
    "approve": _(
        "Thank you: the reviewers and the Hub team have approved “{title}” ({reference}). It will be published in the repository."
    ),
    "changes": _(
        "Thank you for “{title}” ({reference}). The reviewers ask for some changes, listed below. Please edit your submission and send the new version."
    ),
    "decline": _(
        "Thank you for “{title}” ({reference}). After review, the Hub team has decided not to publish it. The reviewers' comments are below."
    ),
    "clarification": _(
        "Thank you for “{title}” ({reference}). Before review, could you clarify the following?"
    ),
    "screening_decline": _(
        "Thank you for “{title}” ({reference}). It does not meet the submission criteria, for the reason below."
    ),
}


def render_template(*, kind: str, submission: Submission) -> str:
    """The template's text for this submission, in the owner's language."""
    language = submission.owner.language or "en"
    with translation.override(language):
        template = MessageTemplate.objects.filter(kind=kind).first()
        body = template.body if template else str(DEFAULTS.get(kind, "{title}"))
        values = {
            "title": submission.title,
            "reference": submission.reference or "",
            "name": submission.owner.display_name,
        }
        try:
            return body.format(**values)
        except (KeyError, IndexError, ValueError):
            return body


def reviewer_comments_for_submitter(submission: Submission) -> str:
    """The reviewers' comments meant for the submitter on the current version, anonymised
    ("Reviewer 1: ..."), in the submitter's language, ready to paste into a decision."""
    version = max(submission.versions.count(), 1)
    reviews = Review.objects.filter(assignment__submission=submission, version=version).order_by(
        "submitted_at"
    )
    with translation.override(submission.owner.language or "en"):
        lines = [
            _("Reviewer %(number)d: %(comment)s")
            % {"number": number, "comment": review.comments_to_submitter.strip()}
            for number, review in enumerate(reviews, start=1)
            if review.comments_to_submitter.strip()
        ]
    return "\n\n".join(str(line) for line in lines)
