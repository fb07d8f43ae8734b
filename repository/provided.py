"""What the repository answers for the apps below it in the layers, through their hooks.

``calls`` and ``submissions`` sit below the repository and never import it; they declare hooks
(:class:`core.hooks.Hook`) that :meth:`repository.apps.RepositoryConfig.ready` fills with the
functions here.
"""

from typing import Any

from calls import selectors as calls_selectors
from calls.models import Call
from calls.selectors import Collected
from search.selectors import possible_duplicates
from submissions import selectors as submissions_selectors

from .listing import item_cards
from .models import Practice, Resource


def collected_for_call(*, call: Call, limit: int) -> Collected:
    """Published practices linked to ``call``, newest first (two or three queries)."""
    published = Practice.objects.published().filter(call=call)
    count = published.count()
    if not count:
        return Collected()
    return Collected(item_cards(Practice, published.newest_first()[:limit]), count)


def published_near(text: str, *, content_type: str, limit: int) -> list[Any]:
    """Published practices (or resources) very close in meaning to ``text``, nearest first."""
    model: Any = Resource if content_type == "resource" else Practice
    ids = possible_duplicates(text, model=model, limit=limit)
    found = {item.pk: item for item in model.objects.published().filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def provide_hooks() -> None:
    """Fill the hooks of the apps below (called once, from the app's ready())."""
    calls_selectors.collected_for_call.provide(collected_for_call)
    submissions_selectors.published_near.provide(published_near)
