"""gunicorn settings: ``gunicorn -c config/gunicorn.py config.wsgi``.

With ``PROMETHEUS_MULTIPROC_DIR`` set (an empty directory, emptied at each start), every process
writes its request metrics there and ``/metrics`` adds them up; a process that exits is marked
dead so its gauges stop counting.
"""

import os

from prometheus_client import multiprocess

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def child_exit(server, worker) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)
