"""Fill the catalogues from translation files written beside a change, then remove those files.

    python scripts/apply_pending_translations.py [--keep]

Run it between two ``make messages``: after the first has extracted the new strings. Work that
adds UI strings on a branch can put their translations in
``locale/pending/<anything>.json`` instead of editing the catalogues (which conflict when several
branches are merged). Each file is a JSON list of entries::

    {"msgid": "Search", "fr": "Rechercher", "es": "Buscar"}
    {"msgid": "Open", "msgctxt": "call status", "fr": "Ouvert", "es": "Abierta"}
    {"msgid": "%(n)s review", "msgid_plural": "%(n)s reviews", "fr": ["…", "…"], "es": ["…", "…"]}

The languages are the folders of ``locale/`` that hold a catalogue (``fr``, ``es``, ``ar``, ``ru``,
``zh_Hans``); an entry's key is the folder's name. A plural entry gives as many forms as the
catalogue's ``Plural-Forms`` header asks (``nplurals``: Arabic 6, Russian 4, Chinese 1, French 2,
Spanish 3): missing forms repeat the last one given, extra forms are dropped.

This script writes each translation into
the matching entry of ``locale/<lang>/LC_MESSAGES/django.po`` (clearing a fuzzy flag), reports
the entries it could not find, and deletes the pending files unless ``--keep`` is given. Run
``make messages`` again afterwards to compile the ``.mo`` files.
"""

import json
import re
import shutil
import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
PENDING = ROOT / "locale" / "pending"
NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")


def languages() -> list[str]:
    """Every language with a catalogue under locale/ (the folder's name: fr, es, ar, ru, zh_Hans)."""
    found = (ROOT / "locale").glob("*/LC_MESSAGES/django.po")
    return sorted(p.parent.parent.name for p in found if p.parent.parent != PENDING)


def nplurals(po: polib.POFile) -> int:
    found = NPLURALS.search(po.metadata.get("Plural-Forms", ""))
    return int(found.group(1)) if found else 2


def plural_forms(value: str | list[str], count: int) -> dict[int, str]:
    """``count`` forms from what the entry gives: padded with its last form, or cut."""
    forms = [value] if isinstance(value, str) else list(value)
    return {i: forms[min(i, len(forms) - 1)] for i in range(count)}


def load_pending() -> list[dict]:
    entries: list[dict] = []
    for path in sorted(PENDING.glob("*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8")):
            entry["_source"] = path.name
            entries.append(entry)
    return entries


def pad_plurals(po: polib.POFile) -> int:
    """Give every translated plural entry the catalogue's number of forms (Spanish has three in
    Django 5.2: an entry with two shows English for 2 and more). Returns how many changed."""
    count = nplurals(po)
    changed = 0
    for entry in po:
        forms = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
        if entry.msgid_plural and any(forms) and len(forms) != count:
            entry.msgstr_plural = plural_forms(forms, count)
            changed += 1
    return changed


def apply(po: polib.POFile, lang: str, entry: dict) -> bool | None:
    """True when written, False when the catalogue has no such entry, None when the pending
    entry gives nothing in this language (a file may hold only one language)."""
    value = entry.get(lang)
    if not value:
        return None
    target = po.find(entry["msgid"], msgctxt=entry.get("msgctxt"))
    if target is None:
        return False
    if target.msgid_plural:
        target.msgstr_plural = plural_forms(value, nplurals(po))
    else:
        target.msgstr = value if isinstance(value, str) else value[0]
    if "fuzzy" in target.flags:
        target.flags.remove("fuzzy")
    target.previous_msgid = None
    target.previous_msgctxt = None
    target.previous_msgid_plural = None
    return True


def main(argv: list[str]) -> int:
    entries = load_pending()
    missing = 0
    for lang in languages():
        po_path = ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(po_path), wrapwidth=79)
        applied = 0
        for entry in entries:
            done = apply(po, lang, entry)
            applied += bool(done)
            if done is False:
                missing += 1
                print(f"{lang}: not in the catalogue ({entry['_source']}): {entry['msgid']!r}")
        padded = pad_plurals(po)
        po.save()
        print(f"{lang}: {applied} translations applied, {padded} plural entries given all forms")
    print(f"{len(entries)} pending entries; {missing} translations not found in a catalogue")
    if "--keep" not in argv and PENDING.exists():
        # makemessages --all takes every folder of locale/ for a language (the first run made
        # pending/LC_MESSAGES/): leave nothing of it behind.
        shutil.rmtree(PENDING)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
