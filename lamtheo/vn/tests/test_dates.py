import unicodedata
from datetime import date

import pytest

from lamtheo.vn.dates import (
    Period,
    find_dates,
    format_date,
    format_date_line,
    format_date_words,
    format_period,
    parse_date,
    parse_period,
)
from lamtheo.vn.errors import DateError

MAY_16 = date(2024, 5, 16)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("16/5/2024", MAY_16),
        ("16/05/2024", MAY_16),
        ("16-5-2024", MAY_16),
        ("16.5.2024", MAY_16),
        ("ngày 16/5/2024", MAY_16),
        ("ngày 16 tháng 5 năm 2024", MAY_16),
        ("16 tháng 5 năm 2024", MAY_16),
        ("Ngày 09 tháng 01 năm 2026", date(2026, 1, 9)),
        ("2024-05-16", MAY_16),
        (unicodedata.normalize("NFD", "ngày 16 tháng 5 năm 2024"), MAY_16),
        ("  NGÀY  16/5/2024 ", MAY_16),
    ],
)
def test_dates_are_read_in_every_written_form(text, value):
    assert parse_date(text) == value


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("30/2/2024", "bad_day", "'30/2/2024': tháng 2/2024 chỉ có 29 ngày"),
        ("29/2/2023", "bad_day", "'29/2/2023': tháng 2/2023 chỉ có 28 ngày"),
        ("32/1/2024", "bad_day", "'32/1/2024': tháng 1/2024 chỉ có 31 ngày"),
        ("16/13/2024", "bad_month", "'16/13/2024': không có tháng 13 (tháng từ 1 đến 12)"),
        ("16/5/24", "short_year", "'16/5/24': năm phải viết đủ 4 chữ số (ví dụ: 2024)"),
        ("", "empty", "Chưa nhập ngày"),
        ("abc", "not_a_date", "'abc': không phải là ngày (viết dạng 16/5/2024)"),
        ("0/5/2024", "bad_day", "'0/5/2024': không có ngày 0"),
        ("16/5-2024", "mixed_separators", None),
        ("16/5", "missing_year", "'16/5': thiếu năm"),
        ("16/5/0000", "bad_year", None),
        ("116/5/2024", "long_part", None),
    ],
)
def test_impossible_or_malformed_dates_are_refused_naming_the_problem(text, code, message):
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert caught.value.code == code
    if message:
        assert str(caught.value) == message


def test_dates_are_written_dd_mm_yyyy():
    assert format_date(MAY_16) == "16/05/2024"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (date(2026, 1, 9), "ngày 09 tháng 01 năm 2026"),
        (date(2022, 12, 2), "ngày 02 tháng 12 năm 2022"),
        (date(2021, 3, 5), "ngày 05 tháng 3 năm 2021"),
        (date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
        (MAY_16, "ngày 16 tháng 5 năm 2024"),
    ],
)
def test_written_dates_put_a_zero_before_days_below_10_and_months_1_and_2(value, words):
    assert format_date_words(value) == words
    assert parse_date(words) == value


def test_the_place_and_date_line_joins_the_place_and_the_written_date():
    assert format_date_line("Bắc Kạn", MAY_16) == "Bắc Kạn, ngày 16 tháng 5 năm 2024"


@pytest.mark.parametrize(
    ("code", "kind", "start", "end"),
    [
        ("2024", "year", date(2024, 1, 1), date(2025, 1, 1)),
        ("2024-H1", "half", date(2024, 1, 1), date(2024, 7, 1)),
        ("2024-H2", "half", date(2024, 7, 1), date(2025, 1, 1)),
        ("2024-Q2", "quarter", date(2024, 4, 1), date(2024, 7, 1)),
        ("2024-Q4", "quarter", date(2024, 10, 1), date(2025, 1, 1)),
        ("2024-05", "month", date(2024, 5, 1), date(2024, 6, 1)),
        ("2024-12", "month", date(2024, 12, 1), date(2025, 1, 1)),
        ("2020-2025", "term", date(2020, 1, 1), date(2026, 1, 1)),
    ],
)
def test_period_codes_name_a_start_and_an_exclusive_end(code, kind, start, end):
    assert Period.from_code(code) == Period(kind, start, end, code)


@pytest.mark.parametrize("code", ["2024-13", "2024-Q5", "2024-H3", "2025-2020", "abc", "24", ""])
def test_bad_period_codes_are_refused(code):
    with pytest.raises(DateError):
        Period.from_code(code)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("năm 2022", "2022"),
        ("tháng 3/2023", "2023-03"),
        ("tháng 3 năm 2023", "2023-03"),
        ("6 tháng đầu năm 2024", "2024-H1"),
        ("6 tháng cuối năm 2024", "2024-H2"),
        ("quý II/2024", "2024-Q2"),
        ("quý 2 năm 2024", "2024-Q2"),
        ("Quý IV/2024", "2024-Q4"),
        ("nhiệm kỳ 2020-2025", "2020-2025"),
        ("nhiệm kỳ 2020 - 2025", "2020-2025"),
        ("nhiệm kỳ 2020 – 2025", "2020-2025"),
        ("2024-Q2", "2024-Q2"),
        ("2024", "2024"),
    ],
)
def test_periods_are_read_as_reports_name_them(text, code):
    assert parse_period(text).code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("quý V/2024", "bad_quarter"),
        ("tháng 13/2024", "bad_month"),
        ("năm 24", "short_year"),
        ("nhiệm kỳ 2025-2020", "reversed"),
        ("tuần 3/2024", "not_a_period"),
        ("", "empty"),
    ],
)
def test_bad_periods_are_refused(text, code):
    with pytest.raises(DateError) as caught:
        parse_period(text)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "text",
    ["năm 2022", "6 tháng đầu năm 2024", "6 tháng cuối năm 2024", "quý II/2024", "tháng 3/2023"],
)
def test_periods_are_written_as_reports_name_them(text):
    assert format_period(parse_period(text)) == text


def test_a_term_is_written_with_its_two_years():
    assert format_period(parse_period("nhiệm kỳ 2020 - 2025")) == "nhiệm kỳ 2020-2025"


def test_dates_are_found_in_running_text_with_their_spans():
    text = (
        "ngày 2/12/2022, BTV Tỉnh ủy ban hành Kế hoạch; Báo cáo ngày 16 tháng 5 năm 2024, "
        "Nghị quyết ngày 20-6-1961, số 30/2020/NĐ-CP, tỷ lệ 1.234.567 và 20/63."
    )
    found = find_dates(text)
    assert [text[s:e] for s, e, _ in found] == [
        "ngày 2/12/2022",
        "ngày 16 tháng 5 năm 2024",
        "ngày 20-6-1961",
    ]
    assert [d for _, _, d in found] == [date(2022, 12, 2), MAY_16, date(1961, 6, 20)]


def test_impossible_dates_in_running_text_are_skipped():
    assert find_dates("hạn 30/2/2024 hoặc 16/13/2024") == []


def test_found_date_spans_index_the_text_as_given_even_when_decomposed():
    text = unicodedata.normalize("NFD", "Hồ sơ ngày 16 tháng 5 năm 2024 đã nộp")
    ((start, end, value),) = find_dates(text)
    assert value == MAY_16
    assert unicodedata.normalize("NFC", text[start:end]) == "ngày 16 tháng 5 năm 2024"
