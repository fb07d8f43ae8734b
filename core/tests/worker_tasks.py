"""Tasks the worker tests enqueue (a task must live at module level to be enqueued)."""

import time
from pathlib import Path

from django_tasks import task


@task()
def append_line(path: str) -> None:
    """Write one line: a test counts the lines to see how often the task ran."""
    with Path(path).open("a", encoding="utf-8") as log:
        log.write("ran\n")


@task()
def slow_the_first_time(path: str) -> None:
    """Log "start", hang on the first attempt (long enough to be killed), then log "done"."""
    log = Path(path)
    with log.open("a", encoding="utf-8") as out:
        out.write("start\n")
    if log.read_text(encoding="utf-8").count("start") == 1:
        time.sleep(120)
    with log.open("a", encoding="utf-8") as out:
        out.write("done\n")
