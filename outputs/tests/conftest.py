import pytest
from django.utils import timezone

from calls.choices import CallStatus
from outputs.models import FeaturedSelection
from tests.factories import CallFactory, PracticeFactory


@pytest.fixture
def closed_call(db):
    now = timezone.now()
    return CallFactory(
        status=CallStatus.CLOSED,
        opens_at=now - timezone.timedelta(days=60),
        deadline=now - timezone.timedelta(days=1),
        title="Trafficking in persons",
        context="Why this call: **victims first**.",
    )


@pytest.fixture
def call_practices(closed_call):
    return [
        PracticeFactory(
            call=closed_call,
            title=f"Shelter network {n}",
            lessons="Work with survivors from the start.",
            tags={"objectives": [10], "secondary_objectives": [7]},
        )
        for n in range(3)
    ]


@pytest.fixture
def selection(closed_call, call_practices):
    page = FeaturedSelection.objects.create(
        call=closed_call,
        title_en="World Day against Trafficking",
        introduction_en="Six practices that protect victims.",
    )
    for position, practice in enumerate(call_practices):
        page.entries.create(practice=practice, position=position, note_en=f"Takeaway {position}")
    return page
