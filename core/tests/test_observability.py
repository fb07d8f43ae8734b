"""What an operator watches: request ids in responses and logs, metrics, worker readiness."""

import json
import logging
from datetime import timedelta

import pytest
from django.utils import timezone

from core.logs import JsonFormatter, RequestIdFilter, request_id
from core.models import WorkerBeat
from core.tests.worker_tasks import append_line

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id_and_keeps_the_proxys(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert (
        client.get("/healthz", HTTP_X_REQUEST_ID="proxy-1234abcd")["X-Request-ID"]
        == "proxy-1234abcd"
    )
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")["X-Request-ID"]
    assert forged != "bad id\nwith newline"
    assert len(forged) == 32


def test_a_json_log_line_names_the_request():
    record = logging.LogRecord(
        "hub", logging.WARNING, __file__, 1, "Mail server down: %s", ("x",), None
    )
    token = request_id.set("abc123def456")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "abc123def456"
    assert (line["level"], line["message"]) == ("WARNING", "Mail server down: x")


def test_metrics_need_the_token(client, settings):
    settings.HUB_METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    settings.HUB_METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_metrics_count_requests_waiting_tasks_and_live_workers(client, settings, tmp_path):
    settings.HUB_METRICS_TOKEN = "s3cret-token"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    append_line.enqueue(str(tmp_path / "log"))
    WorkerBeat.objects.create(worker_id="w1", seen_at=timezone.now())
    WorkerBeat.objects.create(worker_id="w2", seen_at=timezone.now() - timedelta(hours=1))
    client.get("/en/")

    body = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").content.decode()

    assert 'hub_tasks_waiting{queue="default"} 1.0' in body
    assert "hub_tasks_oldest_waiting_seconds" in body
    assert "hub_workers_alive 1.0" in body
    assert 'hub_http_request_duration_seconds_count{method="GET",route="en/",status="2xx"}' in body


def test_healthz_reports_workers_and_can_require_them(client):
    assert client.get("/healthz").json() == {"status": "ok"}  # the plain check: no count
    assert client.get("/healthz?require=workers").status_code == 503
    WorkerBeat.objects.create(worker_id="w1", seen_at=timezone.now())
    assert client.get("/healthz?require=workers").json() == {"status": "ok", "workers": 1}
