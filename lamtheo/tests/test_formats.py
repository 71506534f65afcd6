"""Dates dd/mm/yyyy and numbers 1.567 and 12,8 in Vietnamese; 1,567 and 12.8 in English."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation


def _render(source: str, **context) -> str:
    return Template("{% load humanize l10n %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected_date", "expected_count", "expected_rate"),
    [("vi", "09/01/2026", "1.567", "12,8"), ("en", "09/01/2026", "1,567", "12.8")],
)
def test_dates_and_numbers_follow_the_language(
    language, expected_date, expected_count, expected_rate
):
    with translation.override(language):
        assert _render("{{ d|date:'SHORT_DATE_FORMAT' }}", d=date(2026, 1, 9)) == expected_date
        assert _render("{{ d|date }}", d=date(2026, 1, 9)) == expected_date
        assert _render("{{ n }}", n=1567) == expected_count
        assert _render("{{ x }}", x=Decimal("12.8")) == expected_rate


def test_vietnamese_forms_read_dd_mm_yyyy():
    with translation.override("vi"):
        assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
        assert formats.sanitize_separators("1.567,5") == "1567.5"
