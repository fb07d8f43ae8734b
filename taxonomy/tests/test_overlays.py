"""Vocabulary labels in Arabic, Russian and Chinese: overlay files beside the vocabulary file
add their texts; what an overlay lacks falls back; countries take the UN's M49 names."""

import json
import shutil

import pytest
from django.utils import translation

from taxonomy import models
from taxonomy.services import DEFAULT_FILE, overlay_merge, vocabulary_load_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def vocabulary_dir(tmp_path):
    shutil.copy(DEFAULT_FILE, tmp_path / "gcm.json")
    return tmp_path


def write_overlay(folder, locale: str, data: dict) -> None:
    path = folder / "i18n" / locale / "gcm.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_overlays_give_labels_in_arabic_and_chinese(vocabulary_dir):
    write_overlay(
        vocabulary_dir,
        "ar",
        {"objectives": [{"number": 1, "short_name": "البيانات", "title": "جمع البيانات"}]},
    )
    write_overlay(
        vocabulary_dir,
        "zh_Hans",
        {"themes": [{"slug": "gender", "name": "性别"}], "sdgs": [{"number": 1, "name": "无贫穷"}]},
    )
    # A database that never had an Arabic label for objective 2 (the migrations load one now).
    models.Objective.objects.filter(number=2).update(short_name_ar=None)
    vocabulary_load_file(path=vocabulary_dir / "gcm.json")

    with translation.override("ar"):
        assert models.Objective.objects.get(number=1).short_name == "البيانات"
        # Objective 2 is not in the overlay: the English label shows instead.
        assert models.Objective.objects.get(number=2).short_name == "Minimize adverse drivers"
    with translation.override("zh-hans"):
        assert models.Theme.objects.get(slug="gender").name == "性别"
        assert models.SDG.objects.get(number=1).name == "无贫穷"
    with translation.override("fr"):
        assert models.Theme.objects.get(slug="gender").name == "Genre"


def test_an_overlay_item_naming_another_slug_is_not_applied():
    base = {"themes": [{"slug": "gender", "name": {"en": "Gender"}}]}
    overlay = {"themes": [{"slug": "human-rights", "name": "Права человека"}]}
    assert overlay_merge(base, overlay, "ru") == base
    overlay = {"themes": [{"slug": "gender", "name": "Гендер"}]}
    assert overlay_merge(base, overlay, "ru")["themes"][0]["name"] == {
        "en": "Gender",
        "ru": "Гендер",
    }


def test_countries_carry_un_m49_names_in_arabic_russian_and_chinese():
    germany = models.Country.objects.get(code="DE")
    assert germany.name_ar == "ألمانيا"
    assert germany.name_ru == "Германия"
    assert germany.name_zh_hans == "德国"
    with translation.override("zh-hans"):
        assert models.Country.objects.get(code="DE").name == "德国"
