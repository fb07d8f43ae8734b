"""A submission as the matcher reads it (used by the matching services and the team's page)."""

from submissions.models import Submission

from ..matching.types import SubmissionIn


def submission_input(submission: Submission) -> SubmissionIn:
    data = submission.data
    text = " ".join(str(data.get(k, "")) for k in ("title", "summary", "results", "innovation"))
    organisations = [data.get("implementer", ""), *str(data.get("partners", "")).splitlines()]
    if submission.owner.organisation:
        organisations.append(submission.owner.organisation.name)
    return SubmissionIn(
        id=submission.pk,
        text=text,
        language=str(data.get("language", "en")),
        objectives=tuple(int(o) for o in data.get("objectives", []) if str(o).isdigit()),
        countries=tuple(data.get("countries", [])),
        organisations=tuple(o for o in organisations if o),
    )
