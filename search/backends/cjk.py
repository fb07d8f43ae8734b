"""Chinese (and Japanese kana) for the lexical index: overlapping character bigrams.

Chinese writes no spaces between words, so SQLite's unicode61 tokenizer and PostgreSQL's parser
each take a whole run of Han characters for one word: "国际移民组织" would match only itself.
Both sides therefore rewrite every run of such characters into its overlapping pairs, the
classic approach of CJK full-text search without a dictionary ("国际 际移 移民 民组 组织"):
documents when they are indexed, queries when they are searched, so "移民" finds the run above
on either database. A run of one character stays as it is.
"""

import re

# Han (with extensions A and compatibility ideographs), hiragana and katakana.
CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def is_cjk(text: str) -> bool:
    return bool(text) and CJK_RUN.fullmatch(text) is not None


def _pairs(match: re.Match[str]) -> str:
    run = match.group(0)
    if len(run) == 1:
        return f" {run} "
    return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "


def cjk_bigrams(text: str) -> str:
    """``text`` with every run of Chinese characters written as its character pairs; any other
    text is left as it is."""
    if not CJK_RUN.search(text):
        return text
    return CJK_RUN.sub(_pairs, text)
