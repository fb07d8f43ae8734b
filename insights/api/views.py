"""``/api/v1/coverage/``: the gap map as JSON, with the same counts as the insights page and the
public listings."""

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from .. import selectors
from ..forms import CoverageForm


class AxisSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="What the listing's filter takes, e.g. 10 or 2.")
    label = serializers.CharField(  # type: ignore[assignment]  # a field named "label"
        help_text="The value's name in the request's language."
    )


class CellSerializer(serializers.Serializer):
    row = serializers.CharField()
    col = serializers.CharField()
    count = serializers.IntegerField(min_value=0)


class CoverageSerializer(serializers.Serializer):
    rows = AxisSerializer(many=True)
    cols = AxisSerializer(many=True)
    cells = CellSerializer(many=True)


def _parameter(name: str, choices: list[str], default: str, text: str) -> OpenApiParameter:
    return OpenApiParameter(name, str, enum=choices, default=default, description=text)


class CoverageView(APIView):
    """Published items per pair of facet values: each count equals the public listing's count
    with those two facets (`/en/practices/?objective=10&region=2`)."""

    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes = [AnonRateThrottle]

    @extend_schema(
        operation_id="coverage",
        parameters=[
            _parameter("rows", list(selectors.DIMENSIONS), "objective", "Facet of the rows."),
            _parameter("cols", list(selectors.DIMENSIONS), "region", "Facet of the columns."),
            _parameter("content", list(selectors.CONTENT_KINDS), "practice", "What is counted."),
        ],
        responses={
            200: CoverageSerializer,
            400: OpenApiResponse(
                response=OpenApiTypes.OBJECT,
                description=(
                    "Unknown or equal dimensions, or an unknown content; the body names"
                    " each wrong parameter with a message."
                ),
            ),
        },
    )
    def get(self, request: Request) -> Response:
        form = CoverageForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(_errors(form))
        grid = selectors.coverage(**form.cleaned_data)
        return Response(
            {
                "rows": [{"value": a.value, "label": a.label} for a in grid.rows],
                "cols": [{"value": a.value, "label": a.label} for a in grid.cols],
                "cells": [{"row": c.row, "col": c.col, "count": c.count} for c in grid.cells],
            }
        )


def _errors(form: Any) -> dict[str, list[str]]:
    return {
        ("detail" if name == "__all__" else name): [str(e) for e in errors]
        for name, errors in form.errors.items()
    }
