"""Where a submission stands against its review rule: how many internal (UN) and external
reviewers must have sent a review (the call's numbers, or the Hub's defaults), how many have, and
who is still awaited, in plain words for the Hub team."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from submissions.models import Submission

from ..choices import AssignmentStatus as A
from ..matching.types import Policy
from ..models import Review


def review_policy(submission: Submission) -> Policy:
    """The call's review rule and load cap, or the Hub's defaults for submissions outside calls."""
    call = submission.call
    if call is None:
        return Policy()
    return Policy(
        internal=call.review_internal, external=call.review_external, max_load=call.review_max_load
    )


@dataclass(frozen=True)
class Side:
    """One kind of reviewer (internal or external): required, reviewed and still awaited."""

    need: int
    got: int = 0
    accepted: int = 0  # accepted, review not sent yet
    invited: int = 0  # invited, no answer yet

    @property
    def missing(self) -> int:
        return max(self.need - self.got, 0)

    @property
    def waiting_review(self) -> int:
        return min(self.missing, self.accepted)

    @property
    def waiting_answer(self) -> int:
        return min(self.missing - self.waiting_review, self.invited)

    @property
    def to_invite(self) -> int:
        return self.missing - self.waiting_review - self.waiting_answer


def _internal_lines(side: Side) -> list[str]:
    lines = []
    if n := side.waiting_review:
        lines.append(
            ngettext(
                "waiting for the review of %(count)d internal (UN) reviewer who accepted",
                "waiting for the reviews of %(count)d internal (UN) reviewers who accepted",
                n,
            )
            % {"count": n}
        )
    if n := side.waiting_answer:
        lines.append(
            ngettext(
                "waiting for %(count)d internal (UN) reviewer to answer the invitation",
                "waiting for %(count)d internal (UN) reviewers to answer the invitation",
                n,
            )
            % {"count": n}
        )
    if n := side.to_invite:
        lines.append(
            ngettext(
                "%(count)d more internal (UN) reviewer to invite",
                "%(count)d more internal (UN) reviewers to invite",
                n,
            )
            % {"count": n}
        )
    return lines


def _external_lines(side: Side) -> list[str]:
    lines = []
    if n := side.waiting_review:
        lines.append(
            ngettext(
                "waiting for the review of %(count)d external reviewer who accepted",
                "waiting for the reviews of %(count)d external reviewers who accepted",
                n,
            )
            % {"count": n}
        )
    if n := side.waiting_answer:
        lines.append(
            ngettext(
                "waiting for %(count)d external reviewer to answer the invitation",
                "waiting for %(count)d external reviewers to answer the invitation",
                n,
            )
            % {"count": n}
        )
    if n := side.to_invite:
        lines.append(
            ngettext(
                "%(count)d more external reviewer to invite",
                "%(count)d more external reviewers to invite",
                n,
            )
            % {"count": n}
        )
    return lines


@dataclass(frozen=True)
class ReviewProgress:
    """The review rule of one submission and how far it is met."""

    internal: Side
    external: Side
    assigned: int  # reviewers invited, accepted or done
    pending: int  # reviewers invited or accepted whose review is not in (re-reviews included)

    @property
    def need(self) -> int:
        return self.internal.need + self.external.need

    @property
    def got(self) -> int:
        return min(self.internal.got, self.internal.need) + min(
            self.external.got, self.external.need
        )

    @property
    def met(self) -> bool:
        return self.internal.missing == 0 and self.external.missing == 0

    def rule(self) -> str:
        """The rule itself, e.g. “reviews from at least 1 internal (UN) and 2 external reviewers”."""
        return _(
            "The review rule: reviews from at least %(internal)d internal (UN) and "
            "%(external)d external reviewers."
        ) % {"internal": self.internal.need, "external": self.external.need}

    def headline(self) -> str:
        if self.need == 0:
            return _("No review is required.")
        if self.met:
            return ngettext(
                "The required review is in.", "All %(count)d required reviews are in.", self.need
            ) % {"count": self.need}
        if self.assigned == 0:
            return ngettext(
                "No reviewers assigned yet: %(count)d review required.",
                "No reviewers assigned yet: %(count)d reviews required.",
                self.need,
            ) % {"count": self.need}
        return ngettext(
            "%(got)d of %(count)d required review in",
            "%(got)d of %(count)d required reviews in",
            self.need,
        ) % {"got": self.got, "count": self.need}

    def missing_lines(self) -> list[str]:
        """What is still awaited, one short phrase per kind and state (empty when met)."""
        return [*_internal_lines(self.internal), *_external_lines(self.external)]

    def sentence(self) -> str:
        """One sentence: “1 of 3 required reviews in: waiting for …; 1 more … to invite.”"""
        lines = self.missing_lines()
        if self.met or self.assigned == 0 or not lines:
            return self.headline()
        return _("%(headline)s: %(missing)s.") % {
            "headline": self.headline(),
            "missing": "; ".join(lines),
        }


def review_progress(submission: Submission) -> ReviewProgress:
    """Count, per kind, the reviewers who sent a review (of any version) and those still awaited."""
    policy = review_policy(submission)
    rows = (
        submission.assignments.filter(status__in=[A.INVITED, A.ACCEPTED, A.SUBMITTED])
        .annotate(reviewed=Exists(Review.objects.filter(assignment=OuterRef("pk"))))
        .values_list("is_internal", "status", "reviewed")
    )
    counts = {
        True: {"got": 0, "accepted": 0, "invited": 0},
        False: {"got": 0, "accepted": 0, "invited": 0},
    }
    pending = 0
    for is_internal, status, reviewed in rows:
        side = counts[bool(is_internal)]
        side["got"] += bool(reviewed)
        side["accepted"] += status == A.ACCEPTED and not reviewed
        side["invited"] += status == A.INVITED
        pending += status in (A.INVITED, A.ACCEPTED)
    return ReviewProgress(
        internal=Side(need=policy.internal, **counts[True]),
        external=Side(need=policy.external, **counts[False]),
        assigned=len(rows),
        pending=pending,
    )
