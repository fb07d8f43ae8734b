from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from core.templatetags.hub import instant
from core.text import render_markdown, spreadsheet_safe


def test_markdown_escapes_raw_html_and_scripts():
    html = render_markdown("Hello <script>alert(1)</script> **world** [x](javascript:alert(1))")
    assert "<script>" not in html
    assert "<strong>world</strong>" in html
    assert 'href="javascript' not in html


def test_markdown_links_are_safe():
    html = render_markdown("[Hub](https://example.org)")
    assert 'rel="noopener noreferrer"' in html


def test_instant_shows_viewer_zone_and_offset():
    moment = datetime(2024, 6, 25, 3, 59, tzinfo=UTC)
    with timezone.override(ZoneInfo("America/New_York")), translation.override("en"):
        text = instant(moment)
    assert "24 June 2024" in text
    assert "UTC−04:00" in text
    assert 'datetime="2024-06-25T03:59:00+00:00"' in text


def test_instant_localised_in_french_and_far_zones():
    moment = datetime(2024, 6, 25, 3, 59, tzinfo=UTC)
    with timezone.override(ZoneInfo("Asia/Kolkata")), translation.override("fr"):
        text = instant(moment)
    assert "25 juin 2024" in text
    assert "UTC+05:30" in text
    with timezone.override(ZoneInfo("Etc/GMT+12")), translation.override("es"):
        text = instant(moment)
    assert "24 de junio de 2024" in text
    assert "UTC−12:00" in text


@pytest.mark.parametrize("text", ["=SUM(A1)", "+1", "-2", "@cmd", "\tx", "\rx"])
def test_text_that_starts_like_a_formula_is_kept_as_text(text):
    assert spreadsheet_safe(text) == "'" + text


def test_other_cells_pass_unchanged():
    assert spreadsheet_safe("Ana Pérez") == "Ana Pérez"
    assert spreadsheet_safe(-2) == -2
    assert spreadsheet_safe(None) is None
