"""Demo discussion spaces: a regional consultation before the review forum (closed, ready for
its synthesis), and an open space on return and reintegration.

All text is our own wording. Contributors are demo accounts of their own, with organisations and
countries, so that exports show every column. Loading again changes nothing.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Organisation, User
from core.choices import AuditVerb
from core.services import audit_record
from discussions.choices import Access, ContributionStatus, HoldReason, SpaceStatus
from discussions.models import Contribution, Flag, Question, Space
from experts.models import ExpertProfile
from repository.models import Practice
from taxonomy.models import Language, Objective, OrganisationType

from .accounts import PASSWORD

CONSULTATION = "regional-review-consultation"
OPEN_SPACE = "return-and-reintegration"

# email, name, organisation, organisation type, country, language
PEOPLE = [
    (
        "mission.ecuador@example.org",
        "Camila Herrera",
        "Ministry of Foreign Affairs",
        "government",
        "EC",
        "es",
    ),
    ("ngo.dakar@example.org", "Moussa Ndiaye", "Réseau Migration Dakar", "ngo", "SN", "fr"),
    ("city.lyon@example.org", "Claire Martin", "Ville de Lyon", "local-authority", "FR", "fr"),
    ("union.manila@example.org", "Jose Santos", "Migrant Workers Union", "trade-union", "PH", "en"),
    ("uni.nairobi@example.org", "Wanjiru Kamau", "University of Nairobi", "academia", "KE", "en"),
    (
        "diaspora.mexico@example.org",
        "Diego Ramírez",
        "Red de Migrantes Retornados",
        "migrant-organisation",
        "MX",
        "es",
    ),
    ("newcomer@example.org", "Sam Newcomer", "Visa Helpers Ltd", "private-sector", "GB", "en"),
]

QUESTIONS = [
    ("en", "Which practices have helped your country make migration safer since the last review?"),
    ("fr", "Quels obstacles freinent la mise en œuvre du Pacte au niveau local ?"),
    ("en", "What should the next review forum recommend to Member States?"),
]

# (question index, author index, language, text, reply to the contribution at this index or None)
CONTRIBUTIONS = [
    (
        0,
        3,
        "en",
        "Pre-departure orientation run jointly by the labour ministry and our union cut recruitment fee abuse. Workers now know their rights before they sign.",
        None,
    ),
    (
        0,
        0,
        "es",
        "Ecuador abrió ventanillas únicas en los consulados para regularizar y orientar a sus nacionales en el exterior. La coordinación entre ministerios fue la clave.",
        None,
    ),
    (
        0,
        1,
        "fr",
        "À Dakar, les centres d'information pour les migrants de retour combinent accompagnement psychosocial et formation professionnelle.",
        None,
    ),
    (
        0,
        4,
        "en",
        "Our survey of returnees shows that the centres work best when local employers are involved from the start.",
        2,
    ),
    (
        0,
        5,
        "es",
        "Coincidimos: en México la red de retornados consiguió empleo para la mitad de sus miembros gracias a acuerdos con empresas locales.",
        2,
    ),
    (
        1,
        2,
        "fr",
        "Les collectivités locales manquent de données fiables sur les personnes migrantes qui vivent sur leur territoire.",
        None,
    ),
    (
        1,
        1,
        "fr",
        "Le financement reste annuel alors que l'intégration demande plusieurs années de suivi.",
        None,
    ),
    (
        1,
        4,
        "en",
        "Local authorities are rarely invited to national coordination meetings, so their experience is lost.",
        5,
    ),
    (
        1,
        0,
        "es",
        "La falta de intérpretes en los servicios públicos locales sigue siendo un obstáculo importante.",
        None,
    ),
    (
        2,
        3,
        "en",
        "Recommend that every Member State publish its recruitment fee rules and enforce the employer-pays principle.",
        None,
    ),
    (
        2,
        5,
        "es",
        "Que los Estados reconozcan las competencias adquiridas en el extranjero; muchos retornados no pueden certificar su experiencia.",
        None,
    ),
    (
        2,
        2,
        "fr",
        "Associer systématiquement les villes aux rapports nationaux sur la mise en œuvre du Pacte.",
        None,
    ),
    (
        2,
        4,
        "en",
        "Fund longitudinal studies so the next review can measure results rather than activities.",
        None,
    ),
]
FLAGGED = 8  # index of the contribution a member flagged
QUEUED = ("Buy cheap visas here, fast service, write to us today!", 1, 6, "en")  # a new account


def _person(email, name, organisation, org_type, country, language) -> User:
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    kind = OrganisationType.objects.filter(slug=org_type).first()
    org, _created = Organisation.objects.get_or_create(name=organisation, defaults={"type": kind})
    return User.objects.create_user(
        email,
        PASSWORD,
        name=name,
        organisation=org,
        organisation_type=kind,
        country=country,
        language=language,
    )


def _consultation(moderator: User | None) -> Space:
    now = timezone.now()
    space = Space.objects.create(
        slug=CONSULTATION,
        title_en="Regional review of the Global Compact: online consultation",
        title_fr="Examen régional du Pacte mondial : consultation en ligne",
        title_es="Examen regional del Pacto Mundial: consulta en línea",
        context_en=(
            "Before the review forum, Member States and stakeholders share what has worked, "
            "what holds implementation back and what the forum should recommend. The "
            "moderators will summarise the contributions in a synthesis for the forum."
        ),
        context_fr=(
            "Avant le forum d'examen, les États membres et les parties prenantes partagent ce "
            "qui a fonctionné, ce qui freine la mise en œuvre et ce que le forum devrait "
            "recommander. Les modérateurs résumeront les contributions dans une synthèse."
        ),
        audience_en="Member States, local authorities, civil society, trade unions, academia",
        access=Access.PUBLIC,
        opens_at=now - timedelta(days=40),
        closes_at=now - timedelta(days=2),
        status=SpaceStatus.CLOSED,
    )
    space.languages.set(Language.objects.filter(code__in=["en", "fr", "es"]))
    space.objectives.set(Objective.objects.filter(number__in=[6, 21, 23]))
    space.practices.set(Practice.objects.order_by("pk")[:2])
    if moderator:
        space.moderators.add(moderator)
    return space


def _questions(space: Space, moderator: User | None) -> list[Question]:
    return [
        Question.objects.create(
            space=space, author=moderator, title=title, language=language, position=number
        )
        for number, (language, title) in enumerate(QUESTIONS, start=1)
    ]


def _contributions(questions: list[Question], people: list[User]) -> list[Contribution]:
    made: list[Contribution] = []
    start = timezone.now() - timedelta(days=30)
    for index, (q, who, language, text, reply_to) in enumerate(CONTRIBUTIONS):
        when = start + timedelta(days=index * 2)
        item = Contribution.objects.create(
            question=questions[q],
            author=people[who],
            body=text,
            language=language,
            parent=made[reply_to] if reply_to is not None else None,
            status=ContributionStatus.PUBLISHED,
            published_at=when,
        )
        Contribution.objects.filter(pk=item.pk).update(created_at=when)
        made.append(item)
    return made


def _open_space(moderator: User | None, people: list[User]) -> Space:
    now = timezone.now()
    space = Space.objects.create(
        slug=OPEN_SPACE,
        title_en="Return and reintegration: community of practice",
        title_fr="Retour et réintégration : communauté de pratique",
        title_es="Retorno y reintegración: comunidad de práctica",
        context_en="An open space for practitioners of return and sustainable reintegration.",
        context_fr="Un espace ouvert aux praticiens du retour et de la réintégration durable.",
        context_es="Un espacio abierto para quienes trabajan en retorno y reintegración sostenible.",
        access=Access.PUBLIC,
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=60),
        status=SpaceStatus.OPEN,
    )
    space.objectives.set(Objective.objects.filter(number=21))
    if moderator:
        space.moderators.add(moderator)
    # An expert on return (from the roster, so with an account) co-moderates: their profile
    # lists the space.
    with_account = ExpertProfile.objects.listed().filter(user__isnull=False).order_by("name")
    expert = with_account.filter(objectives__number=21).first() or with_account.first()
    if expert is not None:
        space.moderators.add(expert.user)
    question = Question.objects.create(
        space=space,
        author=moderator,
        title="How do you follow up with returnees after the first year?",
        language="en",
        position=1,
    )
    Contribution.objects.create(
        question=question,
        author=people[1],
        body="Nous appelons chaque personne tous les trois mois pendant deux ans.",
        language="fr",
        status=ContributionStatus.PUBLISHED,
        published_at=now - timedelta(days=3),
    )
    return space


def load() -> int:
    if Space.objects.filter(slug=CONSULTATION).exists():
        return 0
    moderator = User.objects.filter(email="moderator@example.org").first()
    people = [_person(*row) for row in PEOPLE]
    space = _consultation(moderator)
    questions = _questions(space, moderator)
    made = _contributions(questions, people)
    member = User.objects.filter(email="member@example.org").first() or people[2]
    Flag.objects.create(contribution=made[FLAGGED], reporter=member, reason="off_topic")
    text, q, who, language = QUEUED
    Contribution.objects.create(
        question=questions[q],
        author=people[who],
        body=text,
        language=language,
        status=ContributionStatus.PENDING,
        hold_reason=HoldReason.NEW_ACCOUNT,
    )
    second = _open_space(moderator, people)
    for created in (space, second):
        audit_record(actor=None, target=created, verb=AuditVerb.DEMO_CREATED)
    return 2
