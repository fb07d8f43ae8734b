"""The public insights page (figures with their trends, the gap map as an HTML table or CSV,
supply and demand) and the Hub team's dashboard."""

import csv
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.text import spreadsheet_safe
from submissions.models import Submission

from . import selectors
from .charts import bars_svg
from .dashboards import dashboard
from .forms import CoverageForm, DashboardForm
from .permissions import InsightAction, policy
from .statistics import statistics


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
        "statistics": statistics(),
        "demand": [row for row in selectors.supply_and_demand() if row.practices or row.asked],
        "csv_query": grid_query(grid),
    }
    return render(request, "insights/index.html", context, status=200 if valid else 400)


def grid_query(grid: selectors.Grid) -> str:
    return urlencode(
        {"rows": grid.rows_dimension, "cols": grid.cols_dimension, "content": grid.content}
    )


def _funnel_chart(board: dict[str, Any]) -> Any:
    funnel = [(str(row.stage.label), row.reached) for row in board["funnel"]]
    return bars_svg(
        funnel,
        ident="chart-funnel",
        title=_("Submissions that reached each stage"),
        description=", ".join(f"{label}: {count}" for label, count in funnel),
    )


def _breakdowns(board: dict[str, Any]) -> list[dict[str, Any]]:
    """Who submits, three ways, each a chart with the same numbers in a table beside it."""
    titles = {
        "type": (_("Submissions by type of main implementer"), _("Type of main implementer")),
        "region": (_("Submissions by region"), _("Region")),
        "language": (_("Submissions by language"), _("Language")),
    }
    found = []
    for key, rows in board["breakdowns"].items():
        caption, key_title = titles[key]
        chart = bars_svg(
            rows,
            ident=f"chart-{key}",
            title=caption,
            description=", ".join(f"{label}: {count}" for label, count in rows),
        )
        found.append(
            {
                "ident": f"breakdown-{key}",
                "caption": caption,
                "key_title": key_title,
                "rows": rows,
                "chart": chart,
            }
        )
    return found


@require_safe
def team(request: HttpRequest) -> HttpResponse:
    """The Hub team's dashboard: the funnel with time per stage, reviewers, late items, who
    submits (all calls, or one chosen with a plain GET form)."""
    if not policy.can(request.user, InsightAction.DASHBOARDS):
        raise Http404
    form = DashboardForm(request.GET)
    valid = form.is_valid()
    call = form.cleaned_data.get("call") if valid else None
    submissions = Submission.objects.all()
    if call is not None:
        submissions = submissions.filter(call=call)
    board = dashboard(submissions, timezone.now())
    context = {
        "form": form,
        "call": call,
        "board": board,
        "funnel_chart": _funnel_chart(board),
        "breakdowns": _breakdowns(board),
    }
    return render(request, "insights/team.html", context, status=200 if valid else 400)
