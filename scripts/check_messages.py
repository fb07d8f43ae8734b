"""Lint the translation catalogues: every UI string translated in every language, no fuzzy entry,
placeholders kept, as many plural forms as the language has, and the committed .mo files matching
their .po sources. The Hub speaks the six UN languages: a catalogue missing for one of them is a
problem too.

The .mo files are committed so a fresh machine needs no GNU gettext; this check makes sure they
were recompiled (``make messages``) after the last edit of a .po file.
"""

import re
import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sd]|\{[a-z_0-9]+\}")
NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
# English is the source language; these five need a catalogue (folder names under locale/).
LANGUAGES = ("fr", "es", "ar", "ru", "zh_Hans")


def placeholders_differ(entry: polib.POEntry, translations: list[str]) -> bool:
    wanted = set(PLACEHOLDER.findall(entry.msgid))
    # A plural form may leave out the count ("See the practice" / "See all 3 practices").
    allowed = wanted | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
    for text in translations:
        found = set(PLACEHOLDER.findall(text))
        if not (found <= allowed and (entry.msgid_plural or found == wanted)):
            return True
    return False


def entry_problems(entry: polib.POEntry, where: str, forms: int) -> list[str]:
    problems = []
    if "fuzzy" in entry.flags:
        problems.append(f"{where}: fuzzy translation of {entry.msgid!r}")
    translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    if not all(translations):
        return [*problems, f"{where}: untranslated {entry.msgid!r}"]
    if entry.msgid_plural and len(translations) != forms:
        problems.append(f"{where}: {len(translations)} plural forms, {forms} wanted")
    if placeholders_differ(entry, translations):
        problems.append(f"{where}: placeholders differ in {entry.msgid!r}")
    return problems


def check(po_path: Path) -> list[str]:
    problems = []
    po = polib.pofile(str(po_path))
    found = NPLURALS.search(po.metadata.get("Plural-Forms", ""))
    forms = int(found.group(1)) if found else 2
    for entry in po:
        if not entry.obsolete:
            where = f"{po_path.relative_to(ROOT)}:{entry.linenum}"
            problems += entry_problems(entry, where, forms)
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        problems.append(f"{mo_path.relative_to(ROOT)}: missing; run `make messages`")
        return problems
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(mo_path))
    }
    for entry in po.translated_entries():
        if compiled.get((entry.msgctxt, entry.msgid)) != (entry.msgstr or entry.msgstr_plural):
            problems.append(f"{mo_path.relative_to(ROOT)}: out of date; run `make messages`")
            break
    return problems


def main() -> int:
    catalogues = [ROOT / "locale" / lang / "LC_MESSAGES" / "django.po" for lang in LANGUAGES]
    problems: list[str] = []
    for path in catalogues:
        if not path.exists():
            problems.append(f"{path.relative_to(ROOT)}: missing; run `make messages`")
            continue
        found = check(path)
        problems += found
        print(f"{path.parent.parent.name}: {len(found)} problems")
    for problem in problems:
        print(problem)
    print(f"translations: {len(catalogues)} catalogues checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
