"""Django-side steps of the fault tests, run as ``python -m tests.faults.scenario COMMAND`` in a
process pointed at the fault tests' own database (tests/faults/servers.py): they prepare people
and drafts, and report what the database holds afterwards, as JSON on stdout."""

import json
import secrets
import sys
from datetime import timedelta
from importlib import import_module

import django


def submitters(count: int, deadline_in: float | None) -> dict:
    """``count`` members, each signed in (a session in Redis) with a complete draft; to a call
    closing in ``deadline_in`` seconds when given, else to no call."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone

    from tests.factories import CallFactory, SubmissionFactory, UserFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call = None
    if deadline_in is not None:
        deadline = timezone.now() + timedelta(seconds=deadline_in)
        call = CallFactory(deadline=deadline, slug=f"call-{secrets.token_hex(6)}")
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    people = []
    for _n in range(count):
        user = UserFactory(roles=["member"], email=f"{secrets.token_hex(8)}@example.org")
        draft = SubmissionFactory(owner=user, call=call)
        session = store_class()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        csrf = secrets.token_hex(16)  # 32 characters: a CSRF secret, sent as cookie and field
        people.append({"uuid": str(draft.uuid), "session": session.session_key, "csrf": csrf})
    return {"people": people, "call": call.slug if call else None}


def state() -> dict:
    """Every submission with what makes it whole: status, reference, versions, audit events,
    receipt tasks queued."""
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from core.models import AuditEvent
    from submissions.models import Submission

    receipts: dict[int, int] = {}
    for row in DBTaskResult.objects.filter(task_path__endswith="send_submission_receipt"):
        receipts[row.args_kwargs["args"][0]] = receipts.get(row.args_kwargs["args"][0], 0) + 1
    submitted_events = dict(
        AuditEvent.objects.filter(target_type__model="submission", to_status="submitted")
        .values_list("target_id")
        .annotate(n=Count("id"))
    )
    rows = Submission.objects.annotate(n_versions=Count("versions")).order_by("pk")
    return {
        "submissions": [
            {
                "uuid": str(s.uuid),
                "status": s.status,
                "reference": s.reference,
                "submitted_at": s.submitted_at.isoformat() if s.submitted_at else None,
                "versions": s.n_versions,
                "events": submitted_events.get(str(s.pk), 0),
                "receipts": receipts.get(s.pk, 0),
            }
            for s in rows
        ]
    }


def main() -> None:
    django.setup()
    command, *args = sys.argv[1:]
    if command == "submitters":
        deadline = float(args[1]) if len(args) > 1 else None
        result = submitters(int(args[0]), deadline)
    elif command == "state":
        result = state()
    else:
        raise SystemExit(f"unknown command {command}")
    sys.stdout.write(json.dumps(result))


if __name__ == "__main__":
    main()
