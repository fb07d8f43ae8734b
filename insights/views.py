"""The public insights page: headline figures and the gap map (HTML table or CSV)."""

import csv
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from core.text import spreadsheet_safe

from . import selectors
from .forms import CoverageForm
from .permissions import InsightAction, policy


def _csv(grid: selectors.Grid) -> HttpResponse:
    name = f"coverage-{grid.content}-{grid.rows_dimension}-{grid.cols_dimension}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(
        [f"{grid.rows_title} / {grid.cols_title}", *(spreadsheet_safe(c.label) for c in grid.cols)]
    )
    for row, cells in grid.table:
        writer.writerow([spreadsheet_safe(row.label), *(cell.count for cell in cells)])
    return response


def index(request: HttpRequest) -> HttpResponse:
    if not policy.can(request.user, InsightAction.VIEW):
        raise PermissionDenied
    form = CoverageForm(request.GET)
    valid = form.is_valid()
    choice = form.cleaned_data if valid else CoverageForm.DEFAULTS
    grid = selectors.coverage(rows=choice["rows"], cols=choice["cols"], content=choice["content"])
    if valid and (request.GET.get("format") == "csv" or request.path.endswith(".csv")):
        return _csv(grid)
    context: dict[str, Any] = {
        "form": form,
        "grid": grid,
        "headline": selectors.headline(),
        "demand": [row for row in selectors.supply_and_demand() if row.practices or row.requests],
        "csv_query": grid_query(grid),
    }
    return render(request, "insights/index.html", context, status=200 if valid else 400)


def grid_query(grid: selectors.Grid) -> str:
    return urlencode(
        {"rows": grid.rows_dimension, "cols": grid.cols_dimension, "content": grid.content}
    )
