"""Demo support requests: the demo focal point (focalpoint@example.org, given the focal-point
role) filed three requests, which the Hub team moved to three different points of their life:
just received, experts proposed (its anonymised summary shared with partners), and completed
with an activity, an outcome and a rating.

Idempotent: a request whose title exists is skipped."""

from datetime import date

from accounts.choices import Role
from accounts.models import User
from accounts.services import user_grant_role
from experts.models import ExpertProfile
from support.choices import RequestStatus as S
from support.models import SupportRequest
from support.services import (
    activity_add,
    request_agree,
    request_complete,
    request_file,
    request_move,
    request_propose,
    request_rate,
)
from support.suggestions import Need, suggest
from taxonomy.models import Country, Language, Objective

# title, country, institution, language, support type, objectives, need, where it ends
REQUESTS = [
    (
        "Reintegración laboral de personas retornadas",
        "GT",
        "Ministerio de Trabajo y Previsión Social",
        "es",
        "technical_advice",
        (21,),
        "Cada año regresan miles de personas deportadas sin empleo ni apoyo. Queremos diseñar "
        "un programa de reinserción con certificación de competencias, bolsa de empleo y "
        "apoyo psicosocial, en coordinación con los municipios de origen.",
        S.RECEIVED,
    ),
    (
        "Regulating recruitment agencies for workers going abroad",
        "NP",
        "Department of Foreign Employment",
        "en",
        "capacity_building",
        (6,),
        "Our workers pay high fees to recruitment agencies before leaving for jobs in the Gulf "
        "and fall into debt. We would like help to license and rate agencies and to move "
        "recruitment costs to employers.",
        S.MATCHED,
    ),
    (
        "Accès des enfants migrants à l'école",
        "SN",
        "Ministère de l'Éducation nationale",
        "fr",
        "peer_exchange",
        (15, 16),
        "Beaucoup d'enfants arrivés récemment n'ont pas de papiers et ne peuvent pas "
        "s'inscrire à l'école. Nous cherchons des exemples de pays qui ont ouvert l'inscription "
        "sans document et organisé des classes de mise à niveau.",
        S.COMPLETED,
    ),
]

SHARED_SUMMARY = (
    "A ministry in South Asia wants to license and rate recruitment agencies and move "
    "recruitment costs to employers; partners with experience of fair recruitment are welcome."
)


def _advisers(request: SupportRequest) -> list[ExpertProfile]:
    slugs = [s.key for s in suggest(Need.of(request)).experts[:2]]
    return list(ExpertProfile.objects.filter(slug__in=slugs))


def _proposed(request: SupportRequest, team: User) -> SupportRequest:
    request = request_move(request=request, actor=team, to=S.ASSESSMENT)
    request = request_move(request=request, actor=team, to=S.ACCEPTED, note="We can help.")
    return request_propose(
        request=request,
        actor=team,
        experts=_advisers(request),
        partners="ILO country office",
        note="Here are two experts who have done this before.",
    )


def _completed(request: SupportRequest, team: User, requester: User) -> None:
    request = request_agree(request=request, actor=requester)
    activity_add(
        request=request,
        actor=team,
        title="Peer exchange with two ministries that opened school enrolment",
        starts_on=date(2026, 3, 10),
        ends_on=date(2026, 3, 12),
    )
    request = request_complete(
        request=request,
        actor=team,
        outcome="A circular now lets schools enrol children without documents.",
    )
    request_rate(request=request, actor=requester, rating=5, comment="Very practical exchange.")


def load() -> int:
    requester = User.objects.get(email="focalpoint@example.org")
    if not requester.has_role(Role.FOCAL_POINT):
        user_grant_role(user=requester, role=Role.FOCAL_POINT)
    team = User.objects.get(email="curator@example.org")
    created = 0
    for title, country, institution, language, kind, objectives, need, end in REQUESTS:
        if SupportRequest.objects.filter(title=title).exists():
            continue
        request = request_file(
            actor=requester,
            country=Country.objects.get(code=country),
            institution=institution,
            title=title,
            need=need,
            language=language,
            support_type=kind,
            objectives=Objective.objects.filter(number__in=objectives),
            languages=Language.objects.filter(code=language),
            # the matched request looks for partners too: its anonymised summary is shared
            share_summary=end == S.MATCHED,
            public_summary=SHARED_SUMMARY if end == S.MATCHED else "",
        )
        if end != S.RECEIVED:
            request = _proposed(request, team)
        if end == S.COMPLETED:
            _completed(request, team, requester)
        created += 1
    return created


def describe() -> str:
    return (
        "  demo: support requests at /en/support/ (focalpoint@example.org files them, "
        "curator@example.org handles them)"
    )
