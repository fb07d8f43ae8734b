"""The in-process copies (the listing's facet index, the search vectors, the vocabulary labels)
with several processes: a write committed by one process is seen by another's next read, through
the content version tokens (``core.versions``) every copy checks before use."""

import json
import subprocess
import sys
from pathlib import Path

from .test_reindex_chunks import ROOT, _run, process_env

READER = """
import json, sys
import django
django.setup()
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from repository.facets import facet_options
from repository.listing.index import published_total
from repository.models import Practice
from search.backends.vectors import cached_matrix

content_type = ContentType.objects.get_for_model(Practice).pk
for line in sys.stdin:
    with translation.override("en"):
        label = dict((k, v) for k, v, _row in facet_options(Practice, ("objective",))["objective"])
    print(json.dumps({
        "published": published_total(Practice),
        "vectors": len(cached_matrix(content_type).ids),
        "objective_1": label["1"],
    }), flush=True)
"""

RENAME = (
    "from taxonomy.models import Objective; o = Objective.objects.get(number=1); "
    "o.short_name_en = 'Renamed by another process'; o.save()"
)


def test_a_write_in_one_process_is_seen_by_another_processs_copies(tmp_path: Path):
    env = process_env(tmp_path)
    _run("migrate", "-v0", env=env)
    _run("seed_synthetic", "--practices", "6", env=env)
    _run("reindex", "--here", "-v0", env=env)
    reader = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", READER],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdin
    assert reader.stdout

    def look() -> dict:
        reader.stdin.write("look\n")
        reader.stdin.flush()
        return json.loads(reader.stdout.readline())

    try:
        before = look()  # builds the three copies in the reader
        assert before == look()  # and keeps them while nothing changes
        _run("seed_synthetic", "--practices", "7", env=env)  # one more published practice
        _run("reindex", "--stale", "--here", "-v0", env=env)  # its document and vector
        _run("shell", "-c", RENAME, env=env)  # a vocabulary label
        after = look()
    finally:
        reader.stdin.close()
        reader.wait(30)
    assert before["published"] == before["vectors"] > 0
    assert after["published"] == after["vectors"] == before["published"] + 1
    assert "Renamed" not in before["objective_1"]
    assert after["objective_1"] == "1 - Renamed by another process"
