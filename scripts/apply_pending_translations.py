"""Fill the catalogues from translation files written beside a change, then remove those files.

    python scripts/apply_pending_translations.py [--keep]

Run it between two ``make messages``: after the first has extracted the new strings. Work that
adds UI strings on a branch can put their translations in
``locale/pending/<anything>.json`` instead of editing the catalogues (which conflict when several
branches are merged). Each file is a JSON list of entries::

    {"msgid": "Search", "fr": "Rechercher", "es": "Buscar"}
    {"msgid": "Open", "msgctxt": "call status", "fr": "Ouvert", "es": "Abierta"}
    {"msgid": "%(n)s review", "msgid_plural": "%(n)s reviews", "fr": ["…", "…"], "es": ["…", "…"]}

This script writes each translation into
the matching entry of ``locale/<lang>/LC_MESSAGES/django.po`` (clearing a fuzzy flag), reports
the entries it could not find, and deletes the pending files unless ``--keep`` is given. Run
``make messages`` again afterwards to compile the ``.mo`` files.
"""

import json
import shutil
import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
PENDING = ROOT / "locale" / "pending"
LANGUAGES = ("fr", "es")


def load_pending() -> list[dict]:
    entries: list[dict] = []
    for path in sorted(PENDING.glob("*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8")):
            entry["_source"] = path.name
            entries.append(entry)
    return entries


def apply(po: polib.POFile, lang: str, entry: dict) -> bool:
    target = po.find(entry["msgid"], msgctxt=entry.get("msgctxt"))
    if target is None or lang not in entry:
        return False
    value = entry[lang]
    if target.msgid_plural:
        forms = value if isinstance(value, list) else [value, value]
        target.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(2)}
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
    if not entries:
        print("no pending translations")
        return 0
    missing = 0
    for lang in LANGUAGES:
        po_path = ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(po_path), wrapwidth=79)
        for entry in entries:
            if not apply(po, lang, entry):
                missing += 1
                print(f"{lang}: not in the catalogue ({entry['_source']}): {entry['msgid']!r}")
        po.save()
    print(f"applied {len(entries)} pending entries; {missing} not found")
    if "--keep" not in argv:
        # makemessages --all takes every folder of locale/ for a language (the first run made
        # pending/LC_MESSAGES/): leave nothing of it behind.
        shutil.rmtree(PENDING)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
