"""What a reviewer is told about conflicts of interest when invited: in open calls, the
organisations involved; in blind calls, the result of checking their declared affiliations and
conflicts against those organisations (the same check the matching uses)."""

from dataclasses import dataclass, field

from ..matching.explain import conflicting_organisations
from ..matching.types import ReviewerIn
from ..models import ReviewAssignment, ReviewerProfile
from .inputs import submission_input


@dataclass(frozen=True)
class ConflictCheck:
    """``blind``: organisations stay hidden; ``organisations``: those involved (open calls only);
    ``found``: whether the reviewer's affiliations or declared conflicts match one of them."""

    blind: bool
    organisations: list[str] = field(default_factory=list)
    found: bool = False


def is_blind(assignment: ReviewAssignment) -> bool:
    """Blind review hides the submitters' identities (the default outside calls)."""
    call = assignment.submission.call
    return call.blind_review if call else True


def conflict_check(assignment: ReviewAssignment) -> ConflictCheck:
    wanted = submission_input(assignment.submission)
    profile = ReviewerProfile.objects.filter(user_id=assignment.reviewer_id).first()
    reviewer = ReviewerIn(
        id=assignment.reviewer_id,
        text="",
        languages=(),
        organisation=profile.organisation if profile else "",
        conflicts=tuple(profile.conflict_list()) if profile else (),
    )
    found = bool(conflicting_organisations(wanted, reviewer))
    blind = is_blind(assignment)
    organisations = [] if blind else list(dict.fromkeys(o.strip() for o in wanted.organisations))
    return ConflictCheck(blind=blind, organisations=organisations, found=found)
