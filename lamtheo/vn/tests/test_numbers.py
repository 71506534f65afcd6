from decimal import Decimal

import pytest

from lamtheo.vn.errors import NumberError
from lamtheo.vn.numbers import (
    NumberRange,
    Ratio,
    format_number,
    format_range,
    format_ratio,
    parse_number,
    parse_range,
    parse_ratio,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.567", Decimal(1567)),
        ("12,8", Decimal("12.8")),
        ("1.234.567,5", Decimal("1234567.5")),
        ("-3", Decimal(-3)),
        ("0,5", Decimal("0.5")),
        ("2024", Decimal(2024)),
        ("  847 ", Decimal(847)),
        ("+12", Decimal(12)),
    ],
)
def test_vietnamese_numbers_are_read_with_dot_groups_and_comma_decimals(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("", "empty", "Chưa nhập số"),
        ("abc", "not_a_number", "'abc': không phải là số (ví dụ đúng: 1.567 hoặc 12,8)"),
        ("1,2,3", "many_decimal_marks", "'1,2,3': chỉ được có một dấu thập phân ','"),
        (
            "1.56",
            "bad_group",
            "'1.56': sau dấu '.' phải có đúng 3 chữ số (dấu '.' tách hàng nghìn)",
        ),
        ("12,", "missing_decimals", "'12,': thiếu chữ số sau dấu thập phân ','"),
        (",5", "missing_whole", None),
        ("1.234,5.6", "dot_after_comma", None),
        ("1234.567", "bad_group", None),
        ("12 345", "space_inside", None),
        ("-", "not_a_number", None),
        ("١٢", "not_a_number", None),
    ],
)
def test_malformed_numbers_are_refused_with_a_precise_message(text, code, message):
    with pytest.raises(NumberError) as caught:
        parse_number(text)
    assert caught.value.code == code
    if message:
        assert str(caught.value) == message


def test_the_error_points_at_the_bad_group():
    with pytest.raises(NumberError) as caught:
        parse_number(" 1.234.56")
    assert caught.value.position == 6


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (1567, None, "1.567"),
        (Decimal("12.8"), None, "12,8"),
        (1234567.891, 2, "1.234.567,89"),
        (-1234567, None, "-1.234.567"),
        (Decimal("-0.001"), 2, "0,00"),
        (999, None, "999"),
        (1000, None, "1.000"),
        (Decimal("2.5"), 0, "3"),
    ],
)
def test_numbers_are_written_the_vietnamese_way(value, places, text):
    assert format_number(value, places) == text


def test_a_non_finite_number_cannot_be_written():
    with pytest.raises(NumberError):
        format_number(float("nan"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,8 - 13%", NumberRange(Decimal("12.8"), Decimal(13), "%")),
        ("12,8-13%/năm", NumberRange(Decimal("12.8"), Decimal(13), "%/năm")),
        ("12,8 – 13 %", NumberRange(Decimal("12.8"), Decimal(13), "%")),
        ("5 - 7 tỷ đồng", NumberRange(Decimal(5), Decimal(7), "tỷ đồng")),
        ("12% - 13%", NumberRange(Decimal(12), Decimal(13), "%")),
        ("1.000-2.000", NumberRange(Decimal(1000), Decimal(2000), "")),
    ],
)
def test_ranges_are_read_with_their_unit(text, expected):
    assert parse_range(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("13 - 12,8%", "reversed"),
        ("12,8", "not_a_range"),
        ("", "empty"),
        ("1.56 - 2", "bad_group"),
        ("5 - 7 - 9", "bad_unit"),
        ("5% - 7 tỷ", "unit_mismatch"),
    ],
)
def test_malformed_ranges_are_refused(text, code):
    with pytest.raises(NumberError) as caught:
        parse_range(text)
    assert caught.value.code == code


def test_a_reversed_range_says_which_end_is_larger():
    with pytest.raises(NumberError, match="giá trị đầu 13 lớn hơn giá trị cuối 12,8"):
        parse_range("13 - 12,8%")


def test_a_range_unit_is_glued_only_when_it_starts_with_percent():
    assert format_range(parse_range("12,8-13%/năm")) == "12,8 - 13%/năm"
    assert format_range(parse_range("5-7 tỷ đồng")) == "5 - 7 tỷ đồng"


def test_ratios_read_and_write_both_sides_as_vietnamese_numbers():
    assert parse_ratio("20/63") == Ratio(Decimal(20), Decimal(63))
    assert parse_ratio("45.799/36.875") == Ratio(Decimal(45799), Decimal(36875))
    assert format_ratio(parse_ratio("45.799/36.875")) == "45.799/36.875"


@pytest.mark.parametrize("text", ["20/0", "20", "1/2/3", "", "a/b"])
def test_malformed_ratios_are_refused(text):
    with pytest.raises(NumberError):
        parse_ratio(text)
