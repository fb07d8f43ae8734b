"""Demo pledges, read from demo/data/pledges.jsonl in the import format (docs/pledges.md): States'
and UN entities' commitments linked to demo practices, with dated updates, and one update of the
demo focal point waiting for the Hub team. All text is our own wording. Idempotent."""

from pathlib import Path

from accounts.models import User
from pledges.interchange import Vocab, read_jsonl
from pledges.models import Pledge
from pledges.services import pledges_import, update_post

DATA = Path(__file__).parent / "data" / "pledges.jsonl"
PENDING = (
    "Two more terminals will open desks next month; the training now includes a module "
    "written with survivors."
)


def load() -> int:
    records, errors = read_jsonl(DATA, Vocab.load())
    if errors:
        raise ValueError("demo pledges: " + "; ".join(errors))
    new = [r for r in records if not Pledge.objects.filter(slug=r.slug).exists()]
    if not new:
        return 0
    result = pledges_import(records=new)
    focal_point = User.objects.get(email="focalpoint@example.org")
    pledge = Pledge.objects.get(slug="kenya-child-safe-transport-hubs")
    update_post(pledge=pledge, actor=focal_point, text=PENDING, language="en")
    return result.created
