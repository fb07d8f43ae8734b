"""Entry point of ``make bench`` (``python -m bench.run``): runs the benchmarks, writes JSON.

Importable without Django settings: the matching benchmark needs no database, and Django is only
configured (``config.settings.local`` unless DJANGO_SETTINGS_MODULE is set) when this runs.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def _setup_django() -> None:
    """Configure Django once, so code that reads settings works (e.g. the encoder's threads)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()


def write_result(name: str, figures: dict[str, Any]) -> Path:
    """Write one benchmark's figures to ``bench/results/<name>.json`` and return the path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def run_matching() -> bool:
    """Run the matching benchmark; return True when it meets its budget and target."""
    from bench import matching

    figures = matching.run()
    path = write_result("matching", figures)
    print(matching.summary(figures))
    print(f"  → {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    return (
        bool(figures["warm_within_budget"]) and figures["ratio_to_optimum"] >= matching.TARGET_RATIO
    )


def main() -> int:
    """Run every benchmark; exit status 1 when one misses its budget."""
    _setup_django()
    ok = run_matching()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
