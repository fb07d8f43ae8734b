import copy
import json

import pytest
from django.utils import translation

from taxonomy import models
from taxonomy.services import DEFAULT_FILE, VocabularyError, vocabulary_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def gcm():
    return json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))


def test_reference_data_is_complete():
    assert models.Objective.objects.count() == 23
    assert models.Principle.objects.count() == 10
    assert models.SDG.objects.count() == 17
    assert models.ScopeLevel.objects.count() == 4
    assert set(models.PracticeType.objects.values_list("slug", flat=True)) == {
        "project",
        "partnership",
        "policy",
        "research",
        "other",
    }
    assert models.Country.objects.count() >= 249
    assert models.Region.objects.filter(level="region").count() == 5


def test_labels_follow_the_interface_language():
    objective = models.Objective.objects.get(number=10)
    with translation.override("fr"):
        assert str(objective) == "10 - Éliminer la traite"
    with translation.override("es"):
        assert str(objective) == "10 - Erradicar la trata de personas"
    with translation.override("en"):
        assert str(objective) == "10 - Eradicate trafficking"


def test_countries_sit_in_the_m49_hierarchy_with_localised_names():
    senegal = models.Country.objects.select_related("region", "subregion").get(code="SN")
    assert senegal.region.m49 == 2
    assert senegal.subregion.m49 == 202
    assert senegal.intermediate_region.m49 == 11
    with translation.override("fr"):
        assert models.Country.objects.get(code="DE").name == "Allemagne"
    with translation.override("es"):
        assert models.Country.objects.get(code="DE").name == "Alemania"


def test_loading_twice_changes_nothing(gcm):
    counts = vocabulary_load(data=gcm)
    assert sum(counts.values()) == 0


def test_changed_label_is_updated_in_place(gcm):
    data = copy.deepcopy(gcm)
    data["objectives"][0]["short_name"]["fr"] = "Données fiables"
    counts = vocabulary_load(data=data)
    assert counts["objectives"] == 1
    assert models.Objective.objects.get(number=1).short_name_fr == "Données fiables"
    assert models.Objective.objects.count() == 23


def test_another_compact_can_load_its_own_vocabulary():
    data = {
        "format": "hub-vocabulary/1",
        "objectives": [
            {
                "number": 101,
                "short_name": {"en": "Clean water"},
                "title": {"en": "Water for all"},
                "colour": "#1a4d7a",
            }
        ],
        "countries": "none",
    }
    vocabulary_load(data=data)
    assert not models.Objective.objects.get(number=101).short_name_fr
    with translation.override("fr"):
        # Missing translations fall back to English.
        assert models.Objective.objects.get(number=101).short_name == "Clean water"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"format": "other/2"}, "unsupported format"),
        (
            {
                "format": "hub-vocabulary/1",
                "sdgs": [{"number": 1, "name": {"fr": "x"}}],
                "countries": "none",
            },
            "'en'",
        ),
        (
            {"format": "hub-vocabulary/1", "sdgs": [{"number": 1}], "countries": "none"},
            "missing field",
        ),
    ],
)
def test_malformed_files_are_rejected_with_a_reason(data, message):
    with pytest.raises(VocabularyError, match=message):
        vocabulary_load(data=data)


def test_objective_colours_reach_aa_contrast_with_white_text():
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for objective in models.Objective.objects.all():
        ratio = 1.05 / (luminance(objective.colour) + 0.05)
        assert ratio >= 4.5, f"objective {objective.number}: {ratio:.2f}"
