"""The catalogue scripts: pending translations reach every language's catalogue with the right
number of plural forms, and the check fails on what a reader would see untranslated."""

import json
import shutil
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest

from scripts import apply_pending_translations as apply_script
from scripts import check_messages

PLURALS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=3; plural=n == 1 ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;",
    "ar": "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
    ": n%100>=11 ? 4 : 5;",
    "ru": "nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<12 || n%100>14) ? 1 : n%10==0 || (n%10>=5 && n%10<=9) || (n%100>=11 && "
    "n%100<=14)? 2 : 3);",
    "zh_Hans": "nplurals=1; plural=0;",
}


def write_catalogue(root: Path, lang: str) -> Path:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": PLURALS[lang]}
    po.append(polib.POEntry(msgid="Search", msgstr=""))
    count = int(PLURALS[lang].split(";")[0].split("=")[1])
    po.append(
        polib.POEntry(
            msgid="%(n)s review",
            msgid_plural="%(n)s reviews",
            msgstr_plural=dict.fromkeys(range(count), ""),
            flags=["python-format"],
        )
    )
    path = root / "locale" / lang / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    po.save(str(path))
    return path


@pytest.fixture
def tree(tmp_path, monkeypatch):
    for lang in PLURALS:
        write_catalogue(tmp_path, lang)
    pending = tmp_path / "locale" / "pending"
    pending.mkdir()
    for module in (apply_script, check_messages):
        monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(apply_script, "PENDING", pending)
    return tmp_path


def pending(tree: Path, name: str, entries: list[dict]) -> None:
    path = tree / "locale" / "pending" / name
    path.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")


def catalogue(tree: Path, lang: str) -> polib.POFile:
    return polib.pofile(str(tree / "locale" / lang / "LC_MESSAGES" / "django.po"))


def compile_all(tree: Path) -> None:
    for path in (tree / "locale").glob("*/LC_MESSAGES/django.po"):
        polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))


def test_pending_files_fill_all_five_catalogues_with_their_plural_forms(tree):
    pending(tree, "base.json", [{"msgid": "Search", "fr": "Rechercher", "es": "Buscar"}])
    pending(tree, "tr-ar.json", [{"msgid": "Search", "ar": "بحث"}])
    pending(tree, "tr-ruzh.json", [{"msgid": "Search", "ru": "Поиск", "zh_Hans": "搜索"}])
    pending(
        tree,
        "plural.json",
        [
            {
                "msgid": "%(n)s review",
                "msgid_plural": "%(n)s reviews",
                "ar": [f"%(n)s مراجعة {i}" for i in range(6)],
                "ru": ["%(n)s отзыв", "%(n)s отзыва", "%(n)s отзывов", "%(n)s отзыва"],
                "zh_Hans": ["%(n)s 条评审", "extra form dropped"],
                "es": ["%(n)s revisión", "%(n)s revisiones"],
            }
        ],
    )
    assert apply_script.main([]) == 0
    assert not (tree / "locale" / "pending").exists()
    searched = {lang: catalogue(tree, lang).find("Search").msgstr for lang in PLURALS}
    assert searched == {
        "fr": "Rechercher", "es": "Buscar", "ar": "بحث", "ru": "Поиск", "zh_Hans": "搜索"
    }  # fmt: skip
    forms = {lang: catalogue(tree, lang).find("%(n)s review").msgstr_plural for lang in PLURALS}
    assert len(forms["ar"]) == 6
    assert forms["ar"][5] == "%(n)s مراجعة 5"
    assert len(forms["ru"]) == 4
    assert forms["ru"][2] == "%(n)s отзывов"
    assert forms["zh_Hans"] == {0: "%(n)s 条评审"}
    # Spanish has three forms in Django: the second repeats for the third.
    assert forms["es"] == {0: "%(n)s revisión", 1: "%(n)s revisiones", 2: "%(n)s revisiones"}


def test_check_fails_on_an_empty_catalogue_and_passes_when_all_six_are_translated(tree, capsys):
    compile_all(tree)
    assert check_messages.main() == 1
    assert "ar: 2 problems" in capsys.readouterr().out
    for lang in PLURALS:
        po = catalogue(tree, lang)
        po.find("Search").msgstr = f"Search ({lang})"
        plural = po.find("%(n)s review")
        plural.msgstr_plural = dict.fromkeys(plural.msgstr_plural, f"%(n)s ({lang})")
        po.save()
    compile_all(tree)
    assert check_messages.main() == 0


def test_check_reports_fuzzy_lost_placeholders_and_missing_catalogue(tree, capsys):
    po = catalogue(tree, "ru")
    po.find("Search").msgstr = "Поиск"
    po.find("Search").flags.append("fuzzy")
    po.find("%(n)s review").msgstr_plural = {0: "отзыв", 1: "отзыва", 2: "x", 3: "%(m)s"}
    po.save()
    shutil.rmtree(tree / "locale" / "zh_Hans")
    compile_all(tree)
    assert check_messages.main() == 1
    out = capsys.readouterr().out
    assert "fuzzy translation of 'Search'" in out
    assert "placeholders differ in '%(n)s review'" in out
    assert "locale/zh_Hans/LC_MESSAGES/django.po: missing" in out
