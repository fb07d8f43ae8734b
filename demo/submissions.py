"""Demo submissions in every status, so each screen of the journey has something to show.

Statuses after "submitted" are reached through the same guarded transitions the review
workflow uses, each one audited.
"""

import uuid
from typing import Any

from accounts.models import User
from calls.models import Call
from submissions.choices import SubmissionStatus as S
from submissions.models import Submission
from submissions.services import (
    draft_save,
    message_post,
    submission_start,
    submission_submit,
    submission_transition,
    submission_withdraw,
)

BASE = {
    "practice_type": "project",
    "completion": "completed",
    "start_year": 2020,
    "end_year": 2023,
    "principles": ["human-rights", "child-sensitive"],
    "scope": "national",
    "implementer_type": "ngo",
    "innovation": "Survivors co-designed the service and now train new staff.",
    "replicability": "A step-by-step guide and cost sheet are shared with partners.",
    "lessons": "Working with local councils from the start made the service last.",
    "focal_point_name": "Demo Focal Point",
    "focal_point_email": "focal.point@example.org",
    "licence": "cc-by-4.0",
    "consent_data_protection": True,
    "consent_no_victim_data": True,
    "consent_rights": True,
}

# (title, language, objectives, country, implementer, summary, results, target status)
ITEMS = [
    (
        "Mobile legal clinics for migrant workers",
        "en",
        ["6", "10"],
        "PH",
        "Migrant Rights Network",
        "Lawyers travel to worksites to advise migrant workers on contracts and exploitation.",
        "1,200 workers advised; 85 cases of withheld wages resolved.",
        S.DRAFT,
    ),
    (
        "Registre numérique des naissances aux frontières",
        "fr",
        ["4"],
        "SN",
        "Direction de l'état civil",
        "Des agents mobiles enregistrent les naissances des enfants de familles migrantes aux postes-frontières.",
        "3 000 enfants enregistrés en deux ans.",
        S.SUBMITTED,
    ),
    (
        "Red de albergues para niñas y niños no acompañados",
        "es",
        ["10", "7"],
        "GT",
        "Fundación Camino Seguro",
        "Una red de albergues ofrece protección y acompañamiento a niñas y niños migrantes no acompañados.",
        "Más de 900 niñas y niños atendidos; 70 % reunificados con su familia.",
        S.SCREENING,
    ),
    (
        "Fair recruitment label for agencies",
        "en",
        ["6"],
        "NP",
        "Department of Foreign Employment",
        "Recruitment agencies that charge no fees to workers receive a public label.",
        "40 agencies labelled; complaints fell by a third.",
        S.CLARIFICATION,
    ),
    (
        "Formation des inspecteurs du travail à la traite",
        "fr",
        ["10"],
        "CI",
        "Ministère de l'Emploi",
        "Les inspecteurs du travail apprennent à repérer les signes de traite dans les plantations.",
        "250 inspecteurs formés ; 60 signalements transmis à la police.",
        S.IN_REVIEW,
    ),
    (
        "Remesas digitales con comisiones bajas",
        "es",
        ["20"],
        "MX",
        "Banco de Desarrollo Rural",
        "Una aplicación permite enviar remesas con comisiones inferiores al 2 %.",
        "Comisión media reducida del 6 % al 1,8 %.",
        S.CHANGES_REQUESTED,
    ),
    (
        "Community reintegration grants",
        "en",
        ["21"],
        "NG",
        "Returnee Support Alliance",
        "Returnees and their neighbours receive joint grants to start small businesses.",
        "500 businesses started; 80 % still open after two years.",
        S.APPROVED,
    ),
    (
        "Hotline for survivors of trafficking",
        "en",
        ["10", "8"],
        "TH",
        "Safe Journey Foundation",
        "A multilingual hotline connects survivors with shelters, legal aid and health care.",
        "12,000 calls answered; 1,100 referrals to services.",
        S.PUBLISHED,
    ),
    (
        "Observatoire des migrations climatiques",
        "fr",
        ["2"],
        "BF",
        "Université de Ouagadougou",
        "Un observatoire suit les déplacements liés à la sécheresse.",
        "Trois rapports publiés.",
        S.DECLINED,
    ),
    (
        "Carnet de santé pour travailleurs saisonniers",
        "fr",
        ["15"],
        "MA",
        "Association Santé Mobile",
        "Un carnet suit la santé des travailleurs saisonniers entre deux pays.",
        "4 000 carnets distribués.",
        S.WITHDRAWN,
    ),
]

# Path from "submitted" to each status, with the actor's role for each step.
PATHS: dict[str, list[str]] = {
    S.SCREENING: [S.SCREENING],
    S.CLARIFICATION: [S.SCREENING, S.CLARIFICATION],
    S.IN_REVIEW: [S.SCREENING, S.IN_REVIEW],
    S.CHANGES_REQUESTED: [S.SCREENING, S.IN_REVIEW, S.CHANGES_REQUESTED],
    S.APPROVED: [S.SCREENING, S.IN_REVIEW, S.APPROVED],
    S.PUBLISHED: [S.SCREENING, S.IN_REVIEW, S.APPROVED, S.PUBLISHED],
    S.DECLINED: [S.SCREENING, S.DECLINED],
    S.WITHDRAWN: [S.WITHDRAWN],
}


def _data(item: tuple) -> dict[str, Any]:
    title, language, objectives, country, implementer, summary, results, _status = item
    return {
        **BASE,
        "title": title,
        "language": language,
        "objectives": objectives,
        "countries": [country],
        "implementer": implementer,
        "summary": summary,
        "results": results,
    }


def _advance(submission: Submission, target: str, curator: User) -> None:
    for status in PATHS.get(target, []):
        if status == S.WITHDRAWN:
            submission = submission_withdraw(
                submission=submission, actor=submission.owner, reason="demo"
            )
            continue
        submission = submission_transition(
            submission=submission, to=status, actor=curator, note="demo"
        )
        if status == S.CLARIFICATION:
            message_post(
                submission=submission,
                author=curator,
                from_hub_team=True,
                body="Could you say how many of the people served were children, and in which regions?",
            )
        if status == S.CHANGES_REQUESTED:
            message_post(
                submission=submission,
                author=curator,
                from_hub_team=True,
                body="The reviewers ask for evidence of the fee reduction and a short note on data protection.",
            )


def load() -> int:
    owners = list(
        User.objects.filter(email__in=["member@example.org", "focalpoint@example.org"]).order_by(
            "email"
        )
    )
    curator = User.objects.filter(email="curator@example.org").first()
    call = Call.objects.filter(slug="migration-data").first()
    if len(owners) < 2 or curator is None:
        return 0
    created = 0
    for index, item in enumerate(ITEMS):
        if Submission.objects.filter(title=item[0]).exists():
            continue
        owner = owners[index % 2]
        eligibility = {
            "relates_to_objective": True,
            "completion": "completed",
            "started_after_2018": "yes",
            "on_behalf": False,
        }
        submission = submission_start(
            owner=owner,
            content_type="practice",
            eligibility=eligibility,
            call=call if index % 3 == 0 else None,
        )
        submission = draft_save(
            submission=submission,
            actor=owner,
            values=_data(item),
            base_revision=submission.revision,
        ).submission
        if item[-1] != S.DRAFT:
            submission = submission_submit(
                submission=submission, actor=owner, submit_key=uuid.uuid4()
            )
            _advance(submission, item[-1], curator)
        created += 1
    return created
