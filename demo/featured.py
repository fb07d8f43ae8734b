"""Demo featured page: the trafficking call's "Featured practices" for the World Day against
Trafficking in Persons, six practices with a takeaway each, introduction in English, French and
Spanish (the other languages fall back to English with a notice). Loading twice creates nothing."""

from calls.models import Call
from outputs.models import FeaturedSelection
from outputs.services import featured_add, featured_publish
from repository.models import Practice

from .calls import TRAFFICKING

TEXTS = {
    "title_en": "World Day against Trafficking in Persons: six practices that put victims first",
    "title_fr": "Journée mondiale de la lutte contre la traite : six pratiques centrées sur les victimes",
    "title_es": "Día Mundial contra la Trata: seis prácticas centradas en las víctimas",
    "introduction_en": (
        "On 30 July the Hub presents six practices from its call on trafficking in persons. "
        "Each one shows a way to reach children and survivors earlier, and to keep them safe."
    ),
    "introduction_fr": (
        "Le 30 juillet, le Hub présente six pratiques issues de son appel sur la traite des "
        "personnes. Chacune montre comment atteindre plus tôt les enfants et les survivantes, "
        "et les protéger."
    ),
    "introduction_es": (
        "El 30 de julio, el Hub presenta seis prácticas de su convocatoria sobre la trata de "
        "personas. Cada una muestra cómo llegar antes a niñas, niños y sobrevivientes, y protegerlos."
    ),
}

NOTE = "Read how {implementer} made it work, and what they would do differently."


def load() -> int:
    call = Call.objects.filter(slug=TRAFFICKING["slug"]).first()
    if call is None or FeaturedSelection.objects.filter(call=call).exists():
        return 0
    selection = FeaturedSelection.objects.create(call=call, **TEXTS)
    practices = Practice.objects.published().filter(call=call).order_by("-featured", "published_at")
    for practice in practices[:6]:
        note = NOTE.format(implementer=practice.implementer)
        featured_add(selection=selection, practice=practice, note=note, actor=None)
    featured_publish(selection=selection, actor=None)
    return 1


def describe() -> str:
    return f"  demo: featured practices at /en/calls/{TRAFFICKING['slug']}/featured/"
