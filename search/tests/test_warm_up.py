"""The web process loads the sentence encoder when it starts, not on the first search."""

import importlib

import pytest
from django.core.management import call_command
from django.test import override_settings

from search import encoders
from search.encoders import CachedEncoder, UsemEncoder


@pytest.fixture
def unloaded(monkeypatch: pytest.MonkeyPatch) -> UsemEncoder:
    """A fresh default encoder whose model is not loaded yet."""
    model = UsemEncoder(threads=1, cache_dir=encoders.configured_cache_dir())
    monkeypatch.setattr(encoders, "_default_encoder", CachedEncoder(model))
    return model


def _start_web_process() -> None:
    """Import the WSGI module as gunicorn and runserver do (only here: importing it at the top
    would load the encoder when the tests are collected)."""
    importlib.reload(importlib.import_module("config.wsgi"))


def test_starting_the_web_process_loads_the_encoder(unloaded: UsemEncoder) -> None:
    assert not unloaded.loaded
    _start_web_process()
    assert unloaded.loaded


@override_settings(HUB_ENCODER_WARM_UP=False)
def test_the_warm_up_can_be_turned_off(unloaded: UsemEncoder) -> None:
    _start_web_process()
    assert not unloaded.loaded


def test_management_commands_do_not_load_the_encoder(unloaded: UsemEncoder) -> None:
    call_command("check", verbosity=0)
    assert not unloaded.loaded
