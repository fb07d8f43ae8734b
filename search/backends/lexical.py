"""Lexical (full-text) search over the documents of one content type.

Two implementations of one small interface, chosen by the database vendor:

- :class:`Fts5Lexical` (SQLite): BM25 over the FTS5 table, title weighted above the body.
- :class:`PostgresLexical`: ``websearch_to_tsquery`` in the query's UI language *and* the
  'simple' configuration against the generated ``tsv`` column, ranked by ``ts_rank``
  (``ts_rank_cd`` gave the same benchmark figures at twice the cost on broad queries: p95
  44 ms against 20 ms over 100,000 documents).

Queries keep their content words (function words in en/fr/es/ru/ar dropped); Chinese is cut
into character pairs, as the documents were when indexed (:mod:`search.backends.cjk`). FTS5 ORs them (BM25 is
computed inside the index, so a broad match stays cheap) and the fusion step keeps only strong
lexical hits; PostgreSQL ANDs them (``websearch_to_tsquery``'s own semantics): the rank
is computed for every matching row, and an OR over common words matched most of 100,000 rows
(1.8 s a query), while the semantic list already covers partial matches.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol

from django.db import connection

from .cjk import cjk_bigrams, is_cjk
from .schema import FTS_TABLE, TABLE, pg_configs

Hit = tuple[int, float]  # (object id, score: higher is better)
Allowed = tuple[str, list]  # ('AND d.object_id IN (...)', params) or ('', [])

_WORD = re.compile(r"\w+", re.UNICODE)


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_STOPWORD_TEXT = """a an and are as at be by can do does for from how in into is it of on or that the their
    there these this to what when where which who why with without
    au aux avec ce ces comment dans de des du en et la le les leur leurs par pour qu que qui
    quoi sans se sur un une d l s
    al como con cuál cuáles del el en entre es la las lo los para por qué que se sin su sus un
    una y o
    а в во да для до же за и из или к как на над не но о об от по под при с со у что это
    في من على إلى عن مع أو ما لا هذا هذه ذلك التي الذي كيف بين"""
STOPWORDS = frozenset(
    _fold(w) for w in _STOPWORD_TEXT.split()
)  # function words of en, fr, es, ru and ar, accents folded
MIN_PREFIX = 5  # words longer than this also match their inflections (enfant/enfants, migra*)


def query_terms(query: str) -> list[str]:
    """The distinct content words of a query, accents kept, in order (Chinese: character
    pairs, or the character itself when it stands alone)."""
    text = cjk_bigrams(query.casefold())
    words = [w for w in _WORD.findall(text) if not w.isdigit() or len(w) == 4]
    kept = [w for w in words if _fold(w) not in STOPWORDS and (len(w) > 1 or is_cjk(w))]
    return list(dict.fromkeys(kept))


class LexicalBackend(Protocol):
    always_every_word: bool  # hits always contain every content word of the query

    def search(
        self,
        query: str,
        *,
        content_type_id: int,
        allowed: Allowed,
        language: str,
        limit: int,
        every_word: bool = False,
    ) -> list[Hit]:
        """Ranked hits; ``allowed`` is an SQL condition on ``d.object_id`` and its params.
        With ``every_word`` only documents containing every content word are hits."""
        ...


def _fts5_expression(terms: list[str], joiner: str = " OR ") -> str:
    parts = []
    for term in terms:
        quoted = '"' + term.replace('"', "") + '"'
        # A lone Chinese character also matches the pairs it begins.
        prefix = len(term) > MIN_PREFIX or (len(term) == 1 and is_cjk(term))
        parts.append(quoted + "*" if prefix else quoted)
    return joiner.join(parts)


class Fts5Lexical:
    """SQLite FTS5 with BM25 (title counts twice as much as the body)."""

    always_every_word = False

    def search(
        self,
        query: str,
        *,
        content_type_id: int,
        allowed: Allowed,
        language: str,
        limit: int,
        every_word: bool = False,
    ) -> list[Hit]:
        terms = query_terms(query)
        if not terms:
            return []
        sql = (
            f"SELECT d.object_id, -bm25({FTS_TABLE}, 2.0, 1.0) AS score"  # noqa: S608 - constants
            f" FROM {FTS_TABLE} JOIN {TABLE} d ON d.id = {FTS_TABLE}.rowid"
            f" WHERE {FTS_TABLE} MATCH %s AND d.content_type_id = %s {allowed[0]}"
            " ORDER BY score DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            expression = _fts5_expression(terms, " AND " if every_word else " OR ")
            cursor.execute(sql, [expression, content_type_id, *allowed[1], limit])
            return [(int(pk), float(score)) for pk, score in cursor.fetchall()]


class PostgresLexical:
    """PostgreSQL full text: every word, in the UI language's configuration or in 'simple'."""

    always_every_word = True
    _configs: dict[str, dict[str, str]] = {}  # database name -> configurations it has

    def configs(self) -> dict[str, str]:
        name = str(connection.settings_dict["NAME"])
        if name not in self._configs:
            with connection.cursor() as cursor:
                self._configs[name] = pg_configs(cursor)
        return self._configs[name]

    def search(
        self,
        query: str,
        *,
        content_type_id: int,
        allowed: Allowed,
        language: str,
        limit: int,
        every_word: bool = True,  # always: see the module docstring
    ) -> list[Hit]:
        terms = query_terms(query)
        if not terms:
            return []
        text = " ".join(terms)  # websearch semantics: every word must match
        config = self.configs().get(language[:2], "simple")
        sql = (
            "SELECT d.object_id, GREATEST(ts_rank(d.tsv, q1), ts_rank(d.tsv, q2)) AS score"  # noqa: S608
            f" FROM {TABLE} d, websearch_to_tsquery(%s::regconfig, %s) q1,"
            " websearch_to_tsquery('simple', %s) q2"
            f" WHERE d.content_type_id = %s AND (d.tsv @@ q1 OR d.tsv @@ q2) {allowed[0]}"
            " ORDER BY score DESC, d.object_id LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [config, text, text, content_type_id, *allowed[1], limit])
            return [(int(pk), float(score)) for pk, score in cursor.fetchall()]


def get_lexical() -> LexicalBackend:
    """The lexical backend of the default database."""
    if connection.vendor == "postgresql":
        return PostgresLexical()
    if connection.vendor == "sqlite":
        return Fts5Lexical()
    raise NotImplementedError(f"no lexical search for {connection.vendor}")
