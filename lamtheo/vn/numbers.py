"""Numbers as Vietnamese writes them: '.' groups thousands (groups of exactly 3 digits), ','
is the decimal mark: 1.567 điển hình, 12,8%, 1.234.567,5. Ranges ("12,8 - 13%/năm") and
ratios ("20/63", "45.799/36.875"). Values are `Decimal`, never float.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from lamtheo.vn.errors import NumberError, gettext_noop, shown

_SIGNS = "+-\u2212"  # plus, hyphen-minus, minus sign
_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash


def parse_number(text: str) -> Decimal:
    """Vietnamese digits: '.' groups thousands, ',' is the decimal mark.

    >>> parse_number("1.567"), parse_number("12,8"), parse_number(" -1.234.567,5 ")
    (Decimal('1567'), Decimal('12.8'), Decimal('-1234567.5'))
    >>> parse_number("2024"), parse_number("0,5")
    (Decimal('2024'), Decimal('0.5'))
    >>> parse_number("1.56")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lamtheo.vn.errors.NumberError: '1.56': sau dấu '.' phải có đúng 3 chữ số (...)
    """
    value, _ = _parse_number(text, offset=0)
    return value


def _parse_number(text: str, *, offset: int) -> tuple[Decimal, str]:
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    shown_text = shown(body)
    pos = offset + lead
    if not body:
        raise NumberError(gettext_noop("Chưa nhập số"), code="empty", position=offset)

    def fail(template: str, code: str, at: int, **params) -> NumberError:
        return NumberError(template, code=code, position=pos + at, text=shown_text, **params)

    sign = ""
    digits = body
    if body[0] in _SIGNS:
        sign = "-" if body[0] != "+" else ""
        digits = body[1:]
    start = len(body) - len(digits)
    for i, char in enumerate(digits):
        if char.isspace():
            raise fail(
                gettext_noop("'%(text)s': có khoảng trắng giữa các chữ số"),
                "space_inside",
                start + i,
            )
        if char not in "0123456789.,":
            raise fail(
                gettext_noop("'%(text)s': không phải là số (ví dụ đúng: 1.567 hoặc 12,8)"),
                "not_a_number",
                start + i,
            )
    if not any(c in "0123456789" for c in digits):
        raise fail(
            gettext_noop("'%(text)s': không phải là số (ví dụ đúng: 1.567 hoặc 12,8)"),
            "not_a_number",
            start,
        )
    if digits.count(",") > 1:
        second = digits.index(",", digits.index(",") + 1)
        raise fail(
            gettext_noop("'%(text)s': chỉ được có một dấu thập phân ','"),
            "many_decimal_marks",
            start + second,
        )
    whole, comma, fraction = digits.partition(",")
    if comma and not fraction:
        raise fail(
            gettext_noop("'%(text)s': thiếu chữ số sau dấu thập phân ','"),
            "missing_decimals",
            start + len(whole),
        )
    if not whole:
        raise fail(
            gettext_noop("'%(text)s': thiếu chữ số trước dấu thập phân ',' (viết 0,5)"),
            "missing_whole",
            start,
        )
    if "." in fraction:
        raise fail(
            gettext_noop("'%(text)s': dấu '.' (tách hàng nghìn) không được đứng sau dấu ','"),
            "dot_after_comma",
            start + len(whole) + 1 + fraction.index("."),
        )
    groups = whole.split(".")
    if not groups[0]:
        raise fail(gettext_noop("'%(text)s': thiếu chữ số trước dấu '.'"), "missing_whole", start)
    if len(groups) > 1:
        if len(groups[0]) > 3:
            raise fail(
                gettext_noop(
                    "'%(text)s': trước dấu '.' đầu tiên có tối đa 3 chữ số "
                    "(dấu '.' tách hàng nghìn)"
                ),
                "bad_group",
                start + len(groups[0]),
            )
        at = start + len(groups[0])
        for group in groups[1:]:
            if len(group) != 3:
                raise fail(
                    gettext_noop(
                        "'%(text)s': sau dấu '.' phải có đúng 3 chữ số (dấu '.' tách hàng nghìn)"
                    ),
                    "bad_group",
                    at,
                )
            at += 1 + len(group)
    literal = sign + "".join(groups) + ("." + fraction if fraction else "")
    return Decimal(literal), body


def _as_decimal(value: int | float | Decimal) -> Decimal:
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        raise TypeError(f"not a number: {value!r}")
    if not number.is_finite():
        raise NumberError(
            gettext_noop("'%(text)s': không phải là số hữu hạn"), code="not_finite", text=str(value)
        )
    return number


def format_number(value: int | float | Decimal, places: int | None = None) -> str:
    """Write a number the Vietnamese way; `places` rounds (half up) to that many decimals.

    >>> format_number(1567), format_number(Decimal("12.8")), format_number(-1234567.891, places=2)
    ('1.567', '12,8', '-1.234.567,89')
    >>> format_number(Decimal("0.5")), format_number(7, places=1)
    ('0,5', '7,0')
    """
    number = _as_decimal(value)
    if places is not None:
        try:
            number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        except InvalidOperation:
            raise NumberError(
                gettext_noop("'%(text)s': quá nhiều chữ số để làm tròn"),
                code="too_many_digits",
                text=shown(str(value)),
            ) from None
    plain = format(number, "f")
    negative = plain.startswith("-")
    whole, _, fraction = plain.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups) + ("," + fraction if fraction else "")
    is_zero = not out.strip("0.,")
    return ("-" if negative and not is_zero else "") + out


@dataclass(frozen=True)
class NumberRange:
    """A range of values with its unit: "12,8 - 13%/năm" is (12.8, 13, "%/năm")."""

    low: Decimal
    high: Decimal
    unit: str = ""


_RANGE = re.compile(
    rf"(?P<low>[{_SIGNS}]?[0-9][0-9.,]*)\s*(?P<low_unit>%)?\s*[{_DASHES}]\s*"
    rf"(?P<high>[{_SIGNS}]?[0-9][0-9.,]*)(?P<unit>.*)",
    re.DOTALL,
)


def parse_range(text: str) -> NumberRange:
    """Read "low - high unit" (hyphen or dash, spaces or none).

    >>> parse_range("12,8 - 13%")
    NumberRange(low=Decimal('12.8'), high=Decimal('13'), unit='%')
    >>> parse_range("12,8-13%/năm").unit, parse_range("5 – 7 tỷ đồng").unit
    ('%/năm', 'tỷ đồng')
    """
    body = text.strip()
    lead = len(text) - len(text.lstrip())
    shown_text = shown(body)
    if not body:
        raise NumberError(gettext_noop("Chưa nhập khoảng giá trị"), code="empty", position=0)
    match = _RANGE.fullmatch(body)
    if not match:
        raise NumberError(
            gettext_noop("'%(text)s': không phải là khoảng giá trị (ví dụ đúng: 12,8 - 13%%)"),
            code="not_a_range",
            position=lead,
            text=shown_text,
        )
    low, _ = _parse_number(match["low"], offset=lead + match.start("low"))
    high, _ = _parse_number(match["high"], offset=lead + match.start("high"))
    unit = match["unit"].strip()
    if (unit and not (unit[0].isalpha() or unit[0] in "%‰°")) or not unit.isprintable():
        raise NumberError(
            gettext_noop("'%(text)s': đơn vị '%(unit)s' không hợp lệ"),
            code="bad_unit",
            position=lead + match.start("unit"),
            text=shown_text,
            unit=shown(unit, 20),
        )
    if match["low_unit"] and not unit.startswith("%"):
        raise NumberError(
            gettext_noop("'%(text)s': giá trị đầu có đơn vị '%%' nhưng giá trị cuối thì không"),
            code="unit_mismatch",
            position=lead + match.start("low_unit"),
            text=shown_text,
        )
    if low > high:
        raise NumberError(
            gettext_noop("'%(text)s': giá trị đầu %(low)s lớn hơn giá trị cuối %(high)s"),
            code="reversed",
            position=lead,
            text=shown_text,
            low=format_number(low),
            high=format_number(high),
        )
    return NumberRange(low, high, unit)


def format_range(value: NumberRange) -> str:
    """Write a range: the unit is glued when it starts with '%', else after a space.

    >>> format_range(NumberRange(Decimal("12.8"), Decimal(13), "%"))
    '12,8 - 13%'
    >>> format_range(NumberRange(Decimal(5), Decimal(7), "tỷ đồng"))
    '5 - 7 tỷ đồng'
    """
    unit = value.unit
    glue = "" if not unit or unit.startswith("%") else " "
    return f"{format_number(value.low)} - {format_number(value.high)}{glue}{unit}"


@dataclass(frozen=True)
class Ratio:
    """A part of a whole, or an actual value of a target: "20/63", "45.799/36.875"."""

    value: Decimal
    of: Decimal

    @property
    def fraction(self) -> Decimal:
        """value / of.

        >>> Ratio(Decimal(1), Decimal(4)).fraction
        Decimal('0.25')
        """
        return self.value / self.of


def parse_ratio(text: str) -> Ratio:
    """Read "value/of" with Vietnamese numbers on both sides.

    >>> parse_ratio("20/63")
    Ratio(value=Decimal('20'), of=Decimal('63'))
    >>> parse_ratio("45.799/36.875").of
    Decimal('36875')
    """
    body = text.strip()
    lead = len(text) - len(text.lstrip())
    shown_text = shown(body)
    if not body:
        raise NumberError(gettext_noop("Chưa nhập tỷ số"), code="empty", position=0)
    if body.count("/") != 1:
        raise NumberError(
            gettext_noop("'%(text)s': tỷ số viết dạng a/b với đúng một dấu '/' (ví dụ: 20/63)"),
            code="not_a_ratio",
            position=lead,
            text=shown_text,
        )
    left, _, right = body.partition("/")
    value, _ = _parse_number(left, offset=lead)
    of, _ = _parse_number(right, offset=lead + len(left) + 1)
    if of == 0:
        raise NumberError(
            gettext_noop("'%(text)s': số sau dấu '/' phải khác 0"),
            code="zero_denominator",
            position=lead + len(left) + 1,
            text=shown_text,
        )
    return Ratio(value, of)


def format_ratio(value: Ratio) -> str:
    """Write a ratio.

    >>> format_ratio(Ratio(Decimal(45799), Decimal(36875)))
    '45.799/36.875'
    """
    return f"{format_number(value.value)}/{format_number(value.of)}"
