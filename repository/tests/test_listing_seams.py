"""The listing package's seams: the practice page's tags read in one query equal the ORM's
relations, and no code of the project writes Django's private attributes."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from repository.selectors import practice_page
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

TAGS = {
    "objectives": [23, 10, 7],
    "secondary_objectives": [5, 1],
    "principles": ["human-rights", "gender-responsive", "child-sensitive"],
    "sdgs": [10, 5, 8],
    "countries": ["TH", "KE", "MX"],
    "regions": [150, 2],
}


def test_practice_page_tags_equal_the_orm_relations(django_assert_num_queries):
    practice = PracticeFactory(tags=TAGS)
    PracticeFactory(tags={"objectives": [1], "countries": ["SN"]})  # another practice's tags
    page = practice_page(None, practice.slug)
    with django_assert_num_queries(0):  # everything the page shows is already read
        shown = {
            "principles": [p.pk for p in page.principle_list],
            "sdgs": [s.pk for s in page.sdg_list],
            "countries": [c.pk for c in page.country_list],
            "regions": [r.pk for r in page.region_list],
            "primary": [o.pk for o in page.primary_objectives],
            "secondary": [o.pk for o in page.secondary_objectives],
        }
    fresh = type(practice).objects.get(pk=practice.pk)
    assert shown == {
        "principles": [p.pk for p in fresh.principles.all()],
        "sdgs": [s.pk for s in fresh.sdgs.all()],
        "countries": [c.pk for c in fresh.countries.all()],
        "regions": [r.pk for r in fresh.regions.all()],
        "primary": [o.pk for o in fresh.primary_objectives],
        "secondary": [o.pk for o in fresh.secondary_objectives],
    }
    assert [o.number for o in page.primary_objectives] == [23, 10, 7]  # the order given


# Assignments to Django's private attributes (the prefetch and result caches, the instance
# state, a model's options) or through an instance's __dict__.
PRIVATE_WRITE = re.compile(
    r"\.(_prefetched_objects_cache|_result_cache|_state|_meta)(\.\w+)*\s*=[^=]"
    r"|\.__dict__\s*\[[^]]*\]\s*=[^=]|\.__dict__\.(update|setdefault)\("
)


def test_no_code_writes_django_private_attributes():
    root = Path(settings.BASE_DIR)
    found = []
    folders = [
        d for d in root.iterdir() if d.is_dir() and d.name[0] not in "._" and d.name != "var"
    ]
    for path in (path for folder in folders for path in folder.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PRIVATE_WRITE.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    assert found == []
