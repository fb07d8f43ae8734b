"""Demo practices and resources, written for the demo in English, French and Spanish.

They live as data in data/*.jsonl and go through the same validation and import service
as any migrated repository. Loading twice creates nothing new.
"""

from pathlib import Path

from repository.interchange import Vocab, read_jsonl, validate_record, validate_resource
from repository.models import Practice, Resource
from repository.services import practices_import, resources_import

DATA = Path(__file__).parent / "data"


class DemoDataError(ValueError):
    """A demo file does not validate (a vocabulary or call it names is missing)."""


def load() -> int:
    vocab = Vocab.load()
    practices, errors = read_jsonl(DATA / "practices.jsonl", vocab, validate_record)
    resources, resource_errors = read_jsonl(DATA / "resources.jsonl", vocab, validate_resource)
    if errors or resource_errors:
        raise DemoDataError("; ".join(errors + resource_errors))
    known = set(Practice.objects.values_list("slug", flat=True))
    known_resources = set(Resource.objects.values_list("slug", flat=True))
    new = [r for r in practices if r.slug not in known]
    new_resources = [r for r in resources if r.slug not in known_resources]
    created = practices_import(records=new).created
    return created + resources_import(records=new_resources).created


def describe() -> str:
    return "  demo: practices at /en/practices/, resources at /en/resources/"
