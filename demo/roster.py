"""Demo roster: 32 reviewers across languages, regions and objectives, and 3 pending applications.

Called by ``demo.reviews.load``. Idempotent: people whose e-mail exists are skipped.
"""

from typing import Any

from allauth.account.models import EmailAddress

from accounts.choices import Role
from accounts.models import User
from accounts.services import roles_ensure, user_grant_role
from reviews.choices import ApplicationStatus
from reviews.models import ReviewerProfile, RosterApplication
from taxonomy.models import Country, Language, Objective, Region, Theme

from .accounts import PASSWORD

# name, organisation, UN?, interface language, reading languages, region m49, countries, gender
PEOPLE: list[tuple[str, str, bool, str, tuple[str, ...], int, tuple[str, ...], str]] = [
    ("Aisha Bello", "University of Lagos", False, "en", ("en", "fr"), 2, ("NG", "SN"), "Female"),
    ("Mateo Gómez", "Fundación Migrar", False, "es", ("es", "en"), 19, ("CO", "MX"), "Male"),
    ("Li Wei", "IOM", True, "en", ("zh", "en"), 142, ("CN", "PH"), "Male"),
    ("Olga Petrova", "Moscow Migration Institute", False, "en", ("ru", "en"), 150, ("RU",), ""),
    ("Yasmin Haddad", "UNHCR", True, "fr", ("ar", "fr", "en"), 142, ("JO", "EG"), "Female"),
    ("Jean-Baptiste Ndiaye", "ILO", True, "fr", ("fr", "en"), 2, ("SN", "MA"), "Male"),
    ("Camila Rojas", "Universidad de Chile", False, "es", ("es", "pt"), 19, ("BR", "CO"), "Female"),
    ("Ravi Menon", "Migrant Forum in Asia", False, "en", ("en", "hi"), 142, ("IN", "BD"), "Male"),
    ("Fatima Zahra Alaoui", "UNICEF", True, "fr", ("ar", "fr"), 2, ("MA", "EG"), "Female"),
    ("Grace Wanjiru", "Kenya Red Cross", False, "en", ("en", "sw"), 2, ("KE",), "Female"),
    ("Tomás Herrera", "OHCHR", True, "es", ("es", "en"), 19, ("GT", "MX"), "Male"),
    ("Anna Schmidt", "Berlin Social Science Center", False, "en", ("en", "fr"), 150, ("DE",), ""),
    ("Zhang Min", "Fudan University", False, "en", ("zh", "en"), 142, ("CN",), "Female"),
    ("Dmitri Volkov", "UNODC", True, "en", ("ru", "en"), 150, ("RU", "TR"), "Male"),
    ("Leila Mansour", "Arab Women Organization", False, "fr", ("ar", "en"), 142, ("JO",), "Female"),
    ("Samuel Osei", "West Africa Migration Network", False, "en", ("en", "fr"), 2, ("NG",), "Male"),
    ("Sione Taufa", "Pacific Islands Forum", False, "en", ("en",), 9, ("FJ",), "Male"),
    ("Mariana Souza", "UN Women", True, "es", ("pt", "es", "en"), 19, ("BR",), "Female"),
    ("Chloé Martin", "Sciences Po", False, "fr", ("fr", "en"), 150, ("DE", "MA"), "Female"),
    ("Ahmed Karim", "UNDP", True, "en", ("ar", "en"), 2, ("EG",), "Male"),
    ("Nguyen Thi Lan", "Hanoi Labour Institute", False, "en", ("vi", "en"), 142, ("PH",), ""),
    ("Elena Ruiz", "Red Jesuita con Migrantes", False, "es", ("es",), 19, ("GT", "MX"), "Female"),
    ("Ivan Kozlov", "Eurasian Migration Centre", False, "en", ("ru", "tr"), 142, ("TR",), "Male"),
    ("Priya Sharma", "WHO", True, "en", ("en", "hi"), 142, ("IN",), "Female"),
    ("Kofi Asante", "African Union Commission", False, "fr", ("fr", "en"), 2, ("SN", "KE"), ""),
    ("Mei Chen", "UNFPA", True, "en", ("zh", "en", "fr"), 142, ("CN", "PH"), "Female"),
    ("Hamid Rahimi", "Danish Refugee Council", False, "en", ("fa", "en"), 142, ("TR",), "Male"),
    ("Sofía Castillo", "UNICEF", True, "es", ("es", "fr"), 19, ("CO",), "Female"),
    ("Natalia Ivanova", "IOM", True, "en", ("ru", "en"), 150, ("RU",), "Female"),
    ("Omar Benali", "Université Mohammed V", False, "fr", ("ar", "fr"), 2, ("MA",), "Male"),
    ("Ruth Kiptoo", "Refugee Law Project", False, "en", ("en", "sw"), 2, ("KE",), "Female"),
    ("Marc Dubois", "Caritas", False, "fr", ("fr", "es"), 150, ("DE", "SN"), "Male"),
]

# The existing demo reviewers of demo.accounts: email -> (organisation, reading languages).
EXISTING = {
    "reviewer@example.org": ("Ghana Immigration Research Centre", ("en", "fr")),
    "un.reviewer@example.org": ("IOM", ("en", "es", "fr")),
}

# name, email, organisation, UN?, interface language, reading languages
APPLICANTS = [
    (
        "Beatriz Lima",
        "applicant01@example.org",
        "Universidade de São Paulo",
        False,
        "es",
        ("pt", "es"),
    ),
    ("Youssef Amrani", "applicant02@example.org", "UN-Habitat", True, "fr", ("ar", "fr")),
    ("Hannah Becker", "applicant03@example.org", "Migration Policy Lab", False, "en", ("en",)),
]


class _Vocabulary:
    """The vocabulary rows, read once."""

    def __init__(self) -> None:
        self.objectives = list(Objective.objects.order_by("number"))
        self.themes = list(Theme.objects.order_by("sort_order", "slug"))
        self.languages = {lang.code: lang for lang in Language.objects.all()}
        self.regions = {r.m49: r for r in Region.objects.all()}
        self.countries = {c.code: c for c in Country.objects.all()}

    def expertise(self, index: int, reading: tuple[str, ...], m49: int, countries: tuple[str, ...]):
        """Four objectives per person, rotating so that all 23 are covered several times."""
        count = len(self.objectives)
        objectives = {self.objectives[(index * 3 + step * 6) % count] for step in range(4)}
        themes = (
            [self.themes[i % len(self.themes)] for i in (index, index + 1)] if self.themes else []
        )
        return {
            "objectives": list(objectives),
            "themes": list(set(themes)) if index % 3 else self.themes,
            "reading_languages": [self.languages[c] for c in reading if c in self.languages],
            "regions": [self.regions[m49]] if m49 in self.regions else [],
            "countries": [self.countries[c] for c in countries if c in self.countries],
        }


def _user(email: str, name: str, is_un: bool, language: str) -> User:
    user = User.objects.create_user(email, PASSWORD, name=name, is_un=is_un, language=language)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user_grant_role(user=user, role=Role.MEMBER)
    return user


def _set_expertise(obj: Any, expertise: dict[str, list[Any]]) -> None:
    for name, values in expertise.items():
        getattr(obj, name).set(values)


def _profile(user: User, index: int, organisation: str, gender: str, expertise: dict) -> None:
    profile = ReviewerProfile.objects.create(
        user=user,
        organisation=organisation,
        is_un=user.is_un,
        years_experience=5 + index % 12,
        reviews_per_year=2 + index % 5,
        publications="https://example.org/publications/" + user.email.split("@")[0],
        conflicts=organisation,
        gender=gender,
    )
    _set_expertise(profile, expertise)
    user_grant_role(user=user, role=Role.REVIEWER)


def load() -> int:
    """Create the demo roster; returns how many people were added."""
    roles_ensure()
    vocabulary = _Vocabulary()
    created = 0
    for index, (name, org, is_un, lang, reading, m49, countries, gender) in enumerate(PEOPLE, 1):
        email = f"reviewer{index:02d}@example.org"
        if User.objects.filter(email=email).exists():
            continue
        user = _user(email, name, is_un, lang)
        _profile(user, index, org, gender, vocabulary.expertise(index, reading, m49, countries))
        created += 1
    for offset, (email, (org, reading)) in enumerate(EXISTING.items()):
        existing = User.objects.filter(email=email).first()
        if existing is None or ReviewerProfile.objects.filter(user=existing).exists():
            continue
        expertise = vocabulary.expertise(40 + offset, reading, 2 if offset == 0 else 150, ("KE",))
        _profile(existing, 40 + offset, org, "", expertise)
    for index, (name, email, org, is_un, lang, reading) in enumerate(APPLICANTS, 1):
        if User.objects.filter(email=email).exists():
            continue
        user = _user(email, name, is_un, lang)
        application = RosterApplication.objects.create(
            user=user,
            organisation=org,
            is_un=is_un,
            years_experience=4 + index * 2,
            motivation="I would like to help the Hub share what works in migration governance.",
            status=ApplicationStatus.PENDING,
        )
        _set_expertise(application, vocabulary.expertise(50 + index, reading, 19, ("BR",)))
        created += 1
    return created
