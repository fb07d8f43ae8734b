"""Demo expert directory: 18 imported experts (bios in English, French and Spanish) and six
roster reviewers who published their profile from their roster details, verified by the team.

Idempotent: imported experts are matched by e-mail address, roster reviewers with a profile are
skipped."""

import json
from pathlib import Path

from accounts.models import User
from experts.interchange import ExpertVocab, validate_expert
from experts.models import ExpertProfile
from experts.services import (
    ProfileData,
    experts_import,
    profile_from_roster,
    profile_save,
    profile_verify,
)
from search.services import index_item
from taxonomy.models import Language

DATA = Path(__file__).parent / "data" / "experts.jsonl"

# Roster reviewers (demo.roster) who publish their profile, with a few words about themselves.
ROSTER_BIOS = {
    "reviewer01@example.org": (
        "en",
        "I study how West African states organise labour mobility and the return of their "
        "citizens, and I advise on regional free movement.",
    ),
    "reviewer02@example.org": (
        "es",
        "Acompaño a gobiernos locales en la integración de personas migrantes venezolanas: "
        "acceso a la salud, a la escuela y al empleo formal.",
    ),
    "reviewer05@example.org": (
        "fr",
        "Je travaille sur la protection des réfugiés et l'accès aux documents d'identité dans "
        "les pays d'accueil du Moyen-Orient.",
    ),
    "reviewer06@example.org": (
        "fr",
        "J'accompagne les ministères du travail sur le recrutement équitable et la protection "
        "sociale des travailleurs migrants.",
    ),
    "reviewer11@example.org": (
        "es",
        "Trabajo en la protección de los derechos humanos de las personas migrantes en "
        "tránsito por Centroamérica y México.",
    ),
    "reviewer24@example.org": (
        "en",
        "I advise health ministries on including migrants in primary health care and in "
        "vaccination campaigns.",
    ),
}


def _imported() -> int:
    vocab = ExpertVocab.load()
    records = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        record, problems = validate_expert(json.loads(line), vocab)
        if record is None:
            raise ValueError(f"demo expert {line[:40]}: {problems}")
        if not ExpertProfile.objects.filter(email__iexact=record.email).exists():
            records.append(record)
    return experts_import(records=records).created


def _from_roster(curator: User) -> int:
    created = 0
    for email, (language, bio) in ROSTER_BIOS.items():
        user = User.objects.filter(email=email).first()
        if user is None or ExpertProfile.objects.filter(user=user).exists():
            continue
        profile = profile_from_roster(actor=user)
        profile_save(
            actor=user,
            profile=profile,
            data=ProfileData(
                fields={"bio": bio, "bio_language": Language.objects.get(code=language)},
                relations={},
                visibility={},
            ),
        )
        profile_verify(profile=profile, actor=curator)
        created += 1
    return created


def load() -> int:
    """Import, publish from the roster, then index the listed profiles at once (the support
    requests that follow are matched with them)."""
    curator = User.objects.get(email="curator@example.org")
    created = _imported() + _from_roster(curator)
    if created:
        for profile in ExpertProfile.objects.listed():
            index_item(profile)
    return created


def describe() -> str:
    return "  demo: experts at /en/experts/ (six of them from the reviewers' roster)"
