"""Lint the translation catalogues: every UI string translated in every language, no fuzzy entry,
placeholders kept, and the committed .mo files matching their .po sources.

The .mo files are committed so a fresh machine needs no GNU gettext; this check makes sure they
were recompiled (``make messages``) after the last edit of a .po file.
"""

import re
import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sd]|\{[a-z_0-9]+\}")


def check(po_path: Path) -> list[str]:
    problems = []
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.obsolete:
            continue
        where = f"{po_path.relative_to(ROOT)}:{entry.linenum}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where}: fuzzy translation of {entry.msgid!r}")
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not all(translations):
            problems.append(f"{where}: untranslated {entry.msgid!r}")
            continue
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        # A plural form may leave out the count ("See the practice" / "See all 3 practices").
        allowed = wanted | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        for text in translations:
            found = set(PLACEHOLDER.findall(text))
            if not (found <= allowed and (entry.msgid_plural or found == wanted)):
                problems.append(f"{where}: placeholders differ in {entry.msgid!r}")
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
    catalogues = sorted((ROOT / "locale").glob("*/LC_MESSAGES/django.po"))
    if not catalogues:
        print("no translation catalogues found under locale/")
        return 1
    problems = [problem for path in catalogues for problem in check(path)]
    for problem in problems:
        print(problem)
    print(f"translations: {len(catalogues)} catalogues checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
