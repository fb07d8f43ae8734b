"""Guess the language of a contribution when its author did not say (offline, no model).

The script settles Arabic, Russian and Chinese; among Latin-script texts, the most frequent
common words of English, French and Spanish decide. Short or mixed texts fall back to the
language of the page the author wrote from: the guess is shown as such, and editable.
"""

import re

from .choices import Language

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_COMMON = {
    Language.EN: frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "that",
            "for",
            "are",
            "with",
            "this",
            "on",
            "be",
            "we",
            "it",
            "not",
            "our",
            "as",
            "have",
            "by",
            "from",
        ]
    ),
    Language.FR: frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "des",
            "du",
            "est",
            "que",
            "pour",
            "dans",
            "une",
            "un",
            "nous",
            "sur",
            "pas",
            "qui",
            "au",
            "aux",
            "avec",
            "sont",
            "ce",
        ]
    ),
    Language.ES: frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "de",
            "del",
            "que",
            "es",
            "para",
            "en",
            "una",
            "un",
            "por",
            "con",
            "no",
            "se",
            "su",
            "sus",
            "al",
            "como",
        ]
    ),
}


def _script(text: str) -> str | None:
    counts = {Language.AR: 0, Language.RU: 0, Language.ZH: 0}
    for char in text:
        code = ord(char)
        if 0x0600 <= code <= 0x06FF:
            counts[Language.AR] += 1
        elif 0x0400 <= code <= 0x04FF:
            counts[Language.RU] += 1
        elif 0x4E00 <= code <= 0x9FFF:
            counts[Language.ZH] += 1
    best = max(counts, key=lambda key: counts[key])
    return str(best) if counts[best] >= 3 else None


def detect_language(text: str, fallback: str = "en") -> str:
    """The ISO code of the language ``text`` is most likely written in."""
    by_script = _script(text)
    if by_script:
        return by_script
    words = [word.lower() for word in _WORD.findall(text)]
    scores = {code: sum(word in common for word in words) for code, common in _COMMON.items()}
    best = max(scores, key=lambda key: scores[key])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] >= 2 and ranked[0] > ranked[1]:
        return str(best)
    return fallback if fallback in Language.values else str(Language.EN)
