"""The current practice listing as a CSV or XLSX file (same GET parameters as the page)."""

import csv
from collections.abc import Iterator
from io import BytesIO
from typing import Any

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.text import spreadsheet_safe

from .selectors import practice_queryset

MAX_ROWS = 10_000


def _columns() -> list[tuple[str, Any]]:
    """(header in the UI language, value getter) for each exported column."""
    return [
        (_("Title"), lambda p, link: p.title),
        (_("Summary"), lambda p, link: p.summary),
        (_("Language"), lambda p, link: p.language.code),
        (
            _("Primary GCM objectives"),
            lambda p, link: ", ".join(str(o.number) for o in p.primary_objectives),
        ),
        (
            _("Secondary GCM objectives"),
            lambda p, link: ", ".join(str(o.number) for o in p.secondary_objectives),
        ),
        (_("Type of practice"), lambda p, link: p.practice_type.name),
        (_("Geographic scope"), lambda p, link: p.scope.name if p.scope else ""),
        (_("Countries"), lambda p, link: ", ".join(c.code for c in p.countries.all())),
        (_("Main implementer"), lambda p, link: p.implementer),
        (_("Start year"), lambda p, link: p.start_year or ""),
        (_("End year"), lambda p, link: p.end_year or ""),
        (_("Link"), lambda p, link: link),
    ]


def _rows(request: HttpRequest) -> Iterator[list[Any]]:
    qs = practice_queryset(user=None, params=request.GET)
    qs = qs.select_related("practice_type", "scope").prefetch_related("countries")
    columns = _columns()
    yield [header for header, _get in columns]
    for practice in qs[:MAX_ROWS]:
        link = request.build_absolute_uri(practice.get_absolute_url())
        yield [spreadsheet_safe(get(practice, link)) for _header, get in columns]


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_safe
def practices_csv(request: HttpRequest) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in _rows(request)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="practices.csv"'
    return response


@require_safe
def practices_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Practices")[:31])
    for row in _rows(request):
        sheet.append([str(v) if not isinstance(v, int) else v for v in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="practices.xlsx"'
    return response
