"""Production settings: refuse to start without a secret, and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

from config.settings import base

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    dropped = ("SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "REDIS_URL")
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    base.update({"DJANGO_SETTINGS_MODULE": "config.settings.production", **env})
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True
    )


SECRET = "x" * 20 + "-production-secret-for-check-deploy-only-" + "y" * 20


def production_env(tmp_path: Path) -> dict[str, str]:
    """What an operator sets (docs/deployment.md). Checks never connect to Redis."""
    return {
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "hub.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "HUB_VAR_DIR": str(tmp_path),
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", env={"REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_shared_cache(tmp_path):
    env = production_env(tmp_path)
    del env["REDIS_URL"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "REDIS_URL must be set in production" in result.stderr


def test_production_passes_check_deploy_with_nothing_silenced(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_settings_silence_no_check(tmp_path):
    code = "from django.conf import settings; print(repr(settings.SILENCED_SYSTEM_CHECKS))"
    result = run_manage("shell", "-c", code, env=production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_base_settings_silence_no_check():
    """Only the embedded default (local, test) may silence django-ratelimit's cache warnings."""
    assert base.SILENCED_SYSTEM_CHECKS == []
