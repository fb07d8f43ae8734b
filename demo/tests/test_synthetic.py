import io

import pytest
from django.core.management import call_command

from repository.models import Practice, Resource

pytestmark = pytest.mark.django_db


def test_seed_synthetic_makes_varied_multilingual_practices():
    call_command("seed_synthetic", "--practices", "150", "--resources", "10", stdout=io.StringIO())
    practices = Practice.objects.published()
    assert practices.count() == 150
    assert Resource.objects.count() == 10
    assert set(practices.values_list("language__code", flat=True)) == {"en", "fr", "es"}
    assert practices.values("scope__slug").distinct().count() == 4
    assert practices.values("objective_rows__objective__number").distinct().count() >= 15
    lengths = [len(s) for s in practices.values_list("summary", flat=True)]
    assert max(lengths) > 2 * min(lengths)


def test_seed_is_reproducible_and_does_not_duplicate():
    call_command("seed_synthetic", "--practices", "30", "--seed", "7", stdout=io.StringIO())
    first = list(Practice.objects.order_by("slug").values_list("slug", "title"))
    call_command("seed_synthetic", "--practices", "30", "--seed", "7", stdout=io.StringIO())
    assert list(Practice.objects.order_by("slug").values_list("slug", "title")) == first
