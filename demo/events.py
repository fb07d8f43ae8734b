"""Demo events modelled on the "GCM Talks" webinars: two upcoming (one full, with a waiting
list; one for Member States only, with registrations waiting for approval) and two past ones
with a recording, a summary report and the practices they discussed.

All text is our own wording. Instants are set relative to the day the demo is first loaded;
loading again leaves existing events untouched.
"""

import io
from datetime import timedelta
from typing import Any

import docx
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.choices import Role
from accounts.models import User
from accounts.services import user_grant_role
from demo.accounts import PASSWORD
from events.choices import Audience, EventFormat
from events.choices import RegistrationStatus as R
from events.models import Event, Registration
from events.selectors import suggestions
from events.services import (
    event_attach_summary,
    event_publish,
    registration_create,
    registration_decide,
)
from repository.models import Practice
from taxonomy.models import Language, Objective, OrganisationType

PARTICIPANTS = [  # e-mail, name, language, country, type of organisation
    ("participant1@example.org", "Nadia Benali", "fr", "MA", "government"),
    ("participant2@example.org", "Carlos Mendoza", "es", "MX", "ngo"),
    ("participant3@example.org", "Grace Otieno", "en", "KE", "academia"),
    ("participant4@example.org", "Yusuf Karimi", "ar", "JO", "government"),
    ("participant5@example.org", "Elena Petrova", "ru", "KG", "migrant-organisation"),
]

EVENTS: list[dict[str, Any]] = [
    {
        "slug": "gcm-talk-skills-partnerships",
        "days": 9,
        "hours": 1.5,
        "title": "GCM Talk: skills partnerships between countries of origin and destination",
        "title_fr": "GCM Talk : partenariats de compétences entre pays d'origine et de destination",
        "description": "Two governments and a training centre explain how they train people for jobs in demand on both sides, and what they would do differently. Questions from the audience in any of the three languages.",
        "format": EventFormat.ONLINE,
        "platform": "Video conference",
        "audience": Audience.OPEN,
        "capacity": 3,
        "objectives": [5, 18],
        "languages": ["en", "fr", "es"],
        "registrants": 5,
    },
    {
        "slug": "imrf-briefing-member-states",
        "days": 20,
        "hours": 3,
        "title": "Briefing for Member States on the International Migration Review Forum",
        "title_fr": "Séance d'information des États membres sur le Forum d'examen des migrations internationales",
        "description": "The secretariat walks delegations through the programme, the round tables and the policy debate, and answers questions on the pledges.",
        "format": EventFormat.HYBRID,
        "place": "Palais des Nations, Geneva",
        "platform": "Video conference",
        "audience": Audience.MEMBER_STATES,
        "capacity": 80,
        "objectives": [23],
        "languages": ["en", "fr", "es", "ar", "ru", "zh"],
        "registrants": 3,
    },
    {
        "slug": "gcm-talk-missing-migrants",
        "days": -40,
        "hours": 1.5,
        "title": "GCM Talk: searching for missing migrants and supporting their families",
        "title_fr": "GCM Talk : rechercher les migrants disparus et soutenir leurs familles",
        "description": "Forensic services, the Red Cross and a family association compare how they identify people who died on migration routes and keep families informed.",
        "format": EventFormat.ONLINE,
        "platform": "Video conference",
        "audience": Audience.OPEN,
        "objectives": [8],
        "languages": ["en", "es"],
        "recording": "https://media.example.org/gcm-talks/missing-migrants",
    },
    {
        "slug": "youth-dialogue-climate-mobility",
        "days": -75,
        "hours": 2,
        "title": "Youth dialogue on climate change and human mobility",
        "title_fr": "Dialogue des jeunes sur les changements climatiques et la mobilité humaine",
        "description": "Young people under 30 from the Pacific, the Sahel and Central America present local answers to displacement caused by disasters and climate change.",
        "format": EventFormat.IN_PERSON,
        "place": "UN City, Copenhagen",
        "audience": Audience.YOUTH,
        "objectives": [2, 5],
        "languages": ["en", "fr"],
        "recording": "https://media.example.org/gcm-talks/youth-climate",
    },
]


def _participants() -> list[User]:
    people = []
    for email, name, language, country, kind in PARTICIPANTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                PASSWORD,
                name=name,
                language=language,
                country=country,
                organisation_type=OrganisationType.objects.filter(slug=kind).first(),
            )
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            user_grant_role(user=user, role=Role.MEMBER)
        people.append(user)
    return people


def _summary(title: str) -> SimpleUploadedFile:
    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(
        "Summary of the discussion, the recommendations and the follow-up agreed."
    )
    buffer = io.BytesIO()
    document.save(buffer)
    mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return SimpleUploadedFile("summary.docx", buffer.getvalue(), content_type=mime)


def _create(spec: dict, organisers: list[User]) -> Event:
    start = (timezone.now() + timedelta(days=spec["days"])).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    event = Event.objects.create(
        slug=spec["slug"],
        title=spec["title"],
        title_en=spec["title"],
        title_fr=spec["title_fr"],
        description=spec["description"],
        description_en=spec["description"],
        starts_at=start,
        ends_at=start + timedelta(hours=spec["hours"]),
        time_zone="Europe/Zurich",
        format=spec["format"],
        place=spec.get("place", ""),
        platform=spec.get("platform", ""),
        join_url="https://meet.example.org/" + spec["slug"]
        if spec["format"] != EventFormat.IN_PERSON
        else "",
        organised_by="Migration Network Hub, UN Network on Migration",
        audience=spec["audience"],
        capacity=spec.get("capacity"),
        recording_url=spec.get("recording", ""),
    )
    event.organisers.set(organisers)
    event.objectives.set(Objective.objects.filter(number__in=spec["objectives"]))
    event.interpretation_languages.set(Language.objects.filter(code__in=spec["languages"]))
    return event


def _past_story(event: Event, curator: User, people: list[User]) -> None:
    for number, person in enumerate(people):
        Registration.objects.create(
            event=event,
            user=person,
            status=R.CONFIRMED,
            language=person.language,
            attended=number % 3 != 0,
        )
    practices = Practice.objects.published().filter(objectives__in=event.objectives.all())
    event.practices.set(practices.distinct()[:3])
    event_attach_summary(event=event, actor=curator, uploaded=_summary(event.title))


def load() -> int:
    curator = User.objects.get(email="curator@example.org")
    moderator = User.objects.get(email="moderator@example.org")
    people = _participants()
    created = 0
    for spec in EVENTS:
        if Event.objects.filter(slug=spec["slug"]).exists():
            continue
        event = _create(spec, [curator, moderator])
        event = event_publish(event=event, actor=curator)
        # Two experts of the directory close to the subject speak (their profiles list it).
        event.speakers.set(suggestions(event=event)["experts"][:2])
        if spec["days"] < 0:
            _past_story(event, curator, people)
        else:
            _upcoming_story(event, curator, people[: spec["registrants"]])
        created += 1
    return created


def _upcoming_story(event: Event, curator: User, people: list[User]) -> None:
    """Registrations: the first fill the seats, the others wait (the list, or the organisers,
    who have already accepted the first person of a restricted event)."""
    for person in people:
        registration = registration_create(
            event=event,
            actor=person,
            language=person.language,
            note="I follow this file for my ministry.",
        )
        if registration.status == R.PENDING and person == people[0]:
            registration_decide(registration=registration, actor=curator, accept=True)


def describe() -> str:
    return "  demo: events at /en/events/ (participants participant1@example.org to participant5@example.org, same password)"
