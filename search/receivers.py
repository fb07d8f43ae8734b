"""Search's answers to signals of other parts of the Hub."""

from typing import Any

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .backends.vectors import index_changed, pgvector_ready, write_pgvector
from .models import SearchDocument
from .registry import contributions

BATCH = 2000


def forget_vectors(**_: Any) -> None:
    """After a restore (``core.backup.data_restored``): content types may have new ids, and a
    process may hold vectors cached under those ids for other content; give every searchable
    model's vectors a new version so they are read again."""
    for contribution in contributions():
        index_changed(ContentType.objects.get_for_model(contribution.model).pk)


def refill_embeddings(**_: Any) -> None:
    """After a restore (``core.backup.data_restored``): the pgvector column is not part of the
    archive (the vectors are, as bytes), so copy every stored vector into it again."""
    if not pgvector_ready():
        return
    rows = SearchDocument.objects.order_by("pk").values_list("pk", "vector")
    batch: list[tuple[int, Any]] = []
    with transaction.atomic():
        for pk, vector in rows.iterator(chunk_size=BATCH):
            batch.append((pk, np.frombuffer(bytes(vector), dtype=np.float32)))
            if len(batch) == BATCH:
                write_pgvector(batch)
                batch = []
        write_pgvector(batch)
