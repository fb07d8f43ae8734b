"""What the encoder keeps between processes: text vectors in a SQLite store, the loaded model."""

import logging
from pathlib import Path

import numpy as np
import pytest

from search.encoders import CachedEncoder, HashingEncoder, UsemEncoder, VectorStore, with_store


class _Counting:
    """An encoder that records what it was asked to encode."""

    dimension = 8
    model_id = "counting-8"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return HashingEncoder(8).encode(texts)


def test_a_second_process_reads_stored_vectors_instead_of_encoding(tmp_path: Path) -> None:
    store = tmp_path / "cache" / "vectors.sqlite3"
    first = _Counting()
    vectors = CachedEncoder(first, store=VectorStore(store, first.model_id)).encode(["a b", "c d"])
    assert first.calls == [["a b", "c d"]]

    # A new process: empty memory, same file. Only the text never seen is encoded.
    second = _Counting()
    again = CachedEncoder(second, store=VectorStore(store, second.model_id))
    out = again.encode(["c d", "e f", "a b"])
    assert second.calls == [["e f"]]
    np.testing.assert_array_equal(out[0], vectors[1])
    np.testing.assert_array_equal(out[2], vectors[0])
    assert out.dtype == np.float32


def test_vectors_of_another_model_are_not_used(tmp_path: Path) -> None:
    store = tmp_path / "vectors.sqlite3"
    VectorStore(store, "model-a").put_many({"k": np.ones(8, dtype=np.float32)})
    assert VectorStore(store, "model-b").get_many(["k"], 8) == {}
    assert VectorStore(store, "model-a").get_many(["k"], 16) == {}  # another dimension
    assert list(VectorStore(store, "model-a").get_many(["k"], 8)) == ["k"]


def test_the_store_keeps_the_newest_vectors_up_to_its_cap(tmp_path: Path) -> None:
    store = VectorStore(tmp_path / "vectors.sqlite3", "m", max_entries=2)
    for key in ("one", "two", "three"):
        store.put_many({key: np.full(4, 1.0, dtype=np.float32)})
    assert sorted(store.get_many(["one", "two", "three"], 4)) == ["three", "two"]


def test_an_unreadable_store_only_costs_encoding(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = tmp_path / "vectors.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    inner = _Counting()
    encoder = with_store(inner, broken)
    with caplog.at_level(logging.WARNING, logger="search.encoders"):
        vectors = encoder.encode(["a b"])
    assert vectors.shape == (1, 8)
    assert inner.calls == [["a b"]]
    assert "vector store" in caplog.text


def test_with_store_without_a_path_leaves_the_encoder_alone() -> None:
    inner = _Counting()
    assert with_store(inner, None) is inner


def test_the_loaded_model_is_cached_reused_and_rebuilt_when_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    texts = ["trafficking of children", "traite des enfants"]
    built = UsemEncoder(threads=1, cache_dir=tmp_path)
    expected = built.encode(texts)
    path = built.cache_file()
    assert path is not None
    assert path.exists()
    assert "usem3" in path.name
    assert "threads1" in path.name

    # The next process reads the pickle instead of building the model.
    reader = UsemEncoder(threads=1, cache_dir=tmp_path)
    monkeypatch.setattr(reader, "_build", lambda: pytest.fail("rebuilt instead of read"))
    np.testing.assert_array_equal(reader.encode(texts), expected)

    # A damaged pickle is ignored, the model built again and the pickle written again, whole.
    path.write_bytes(b"truncated")
    again = UsemEncoder(threads=1, cache_dir=tmp_path)
    with caplog.at_level(logging.WARNING, logger="search.encoders"):
        np.testing.assert_array_equal(again.encode(texts), expected)
    assert "ignoring the cached encoder model" in caplog.text
    assert path.stat().st_size > 1_000_000
