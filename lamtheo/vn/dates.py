"""Dates and periods as Vietnamese documents write them: "16/5/2024", "ngày 16 tháng 5 năm
2024", "6 tháng đầu năm 2024", "quý II/2024", "nhiệm kỳ 2020-2025"; the official written date
of a document ("Bắc Kạn, ngày 09 tháng 01 năm 2026": leading zero for days below 10 and for
months 1 and 2).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from lamtheo.vn.errors import DateError, gettext_noop, shown
from lamtheo.vn.text import normalize_with_offsets, span_back

_SEP = r"[/.\-]"
_NUMERIC = re.compile(
    r"(?:ngày\s*)?(?P<d>[0-9]+)\s*(?P<sep>[/.\-])\s*(?P<m>[0-9]+)\s*(?P=sep)\s*(?P<y>[0-9]+)",
    re.IGNORECASE,
)
_WORDS = re.compile(
    r"(?:ngày\s+)?(?P<d>[0-9]+)\s+tháng\s+(?P<m>[0-9]+)\s*(?:năm\s+|,\s*năm\s+)(?P<y>[0-9]+)",
    re.IGNORECASE,
)
_ISO = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})")
_MIXED = re.compile(r"(?:ngày\s*)?[0-9]+\s*[/.\-]\s*[0-9]+\s*[/.\-]\s*[0-9]+", re.IGNORECASE)
_NO_YEAR = re.compile(r"(?:ngày\s*)?[0-9]+\s*(?:[/.\-]|\s+tháng\s+)\s*[0-9]+", re.IGNORECASE)


def _clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _build(text: str, day: str, month: str, year: str) -> date:
    params = {"text": shown(text)}
    if len(year) != 4:
        raise DateError(
            gettext_noop("'%(text)s': năm phải viết đủ 4 chữ số (ví dụ: 2024)"),
            code="short_year",
            **params,
        )
    if len(day) > 2 or len(month) > 2:
        raise DateError(
            gettext_noop("'%(text)s': ngày và tháng có tối đa 2 chữ số"), code="long_part", **params
        )
    d, m, y = int(day), int(month), int(year)
    if y < 1:
        raise DateError(gettext_noop("'%(text)s': không có năm 0"), code="bad_year", **params)
    if not 1 <= m <= 12:
        raise DateError(
            gettext_noop("'%(text)s': không có tháng %(month)s (tháng từ 1 đến 12)"),
            code="bad_month",
            month=m,
            **params,
        )
    last = calendar.monthrange(y, m)[1]
    if d < 1:
        raise DateError(gettext_noop("'%(text)s': không có ngày 0"), code="bad_day", **params)
    if d > last:
        raise DateError(
            gettext_noop("'%(text)s': tháng %(month)s/%(year)s chỉ có %(last)s ngày"),
            code="bad_day",
            month=m,
            year=y,
            last=last,
            **params,
        )
    return date(y, m, d)


def parse_date(text: str) -> date:
    """Read a date: dd/mm/yyyy (or with '-' or '.'), "ngày 16 tháng 5 năm 2024", ISO.

    >>> parse_date("16/5/2024"), parse_date("Ngày 09 tháng 01 năm 2026")
    (datetime.date(2024, 5, 16), datetime.date(2026, 1, 9))
    >>> parse_date("2024-05-16") == parse_date("ngày 16.05.2024")
    True
    >>> parse_date("30/2/2024")
    Traceback (most recent call last):
    ...
    lamtheo.vn.errors.DateError: '30/2/2024': tháng 2/2024 chỉ có 29 ngày
    """
    clean = _clean(text)
    if not clean:
        raise DateError(gettext_noop("Chưa nhập ngày"), code="empty")
    if match := _ISO.fullmatch(clean):
        return _build(clean, match["d"], match["m"], match["y"])
    if (match := _NUMERIC.fullmatch(clean)) or (match := _WORDS.fullmatch(clean)):
        return _build(clean, match["d"], match["m"], match["y"])
    params = {"text": shown(clean)}
    if _MIXED.fullmatch(clean):
        raise DateError(
            gettext_noop("'%(text)s': dùng một loại dấu phân cách ('/', '-' hoặc '.') cho cả ngày"),
            code="mixed_separators",
            **params,
        )
    if _NO_YEAR.fullmatch(clean):
        raise DateError(gettext_noop("'%(text)s': thiếu năm"), code="missing_year", **params)
    raise DateError(
        gettext_noop("'%(text)s': không phải là ngày (viết dạng 16/5/2024)"),
        code="not_a_date",
        **params,
    )


def format_date(value: date) -> str:
    """dd/mm/yyyy.

    >>> format_date(date(2024, 5, 16))
    '16/05/2024'
    """
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def format_date_words(value: date) -> str:
    """The date as a document writes it: a leading zero for days below 10 and months 1 and 2.

    >>> format_date_words(date(2026, 1, 9)), format_date_words(date(2021, 3, 5))
    ('ngày 09 tháng 01 năm 2026', 'ngày 05 tháng 3 năm 2021')
    >>> format_date_words(date(2022, 12, 2))
    'ngày 02 tháng 12 năm 2022'
    """
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year:04d}"


def format_date_line(place: str, value: date) -> str:
    """The place-and-date line under the national or Party heading.

    >>> format_date_line("Bắc Kạn", date(2024, 5, 16))
    'Bắc Kạn, ngày 16 tháng 5 năm 2024'
    """
    return f"{place}, {format_date_words(value)}"


# Periods ---------------------------------------------------------------------------------

_KINDS = ("year", "half", "quarter", "month", "term")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_ROMAN_OF = {v: k for k, v in _ROMAN.items()}
_CODE = re.compile(
    r"(?P<y>[0-9]{4})(?:-(?:H(?P<h>[0-9]+)|Q(?P<q>[0-9]+)|(?P<m>[0-9]{2})|(?P<y2>[0-9]{4})))?"
)


@dataclass(frozen=True)
class Period:
    """A reporting period: a year, a half, a quarter, a month or a committee term, with its
    start and its (exclusive) end. A term covers its named years whole: 2020-2025 runs from
    01/01/2020 to 01/01/2026."""

    kind: str  # "year" | "half" | "quarter" | "month" | "term"
    start: date
    end: date  # exclusive
    code: str

    @classmethod
    def from_code(cls, code: str) -> Period:
        """The period a code names: "2024", "2024-H1", "2024-Q2", "2024-05", "2020-2025".

        >>> quarter = Period.from_code("2024-Q2")
        >>> quarter.kind, quarter.start, quarter.end
        ('quarter', datetime.date(2024, 4, 1), datetime.date(2024, 7, 1))
        >>> Period.from_code("2020-2025").end
        datetime.date(2026, 1, 1)
        """
        clean = code.strip()
        match = _CODE.fullmatch(clean)
        params = {"text": shown(clean)}
        if not match:
            raise DateError(
                gettext_noop(
                    "'%(text)s': không phải mã kỳ (2024, 2024-H1, 2024-Q2, 2024-05, 2020-2025)"
                ),
                code="not_a_period",
                **params,
            )
        year = int(match["y"])
        if not 1 <= year <= 9998:
            raise DateError(
                gettext_noop("'%(text)s': năm %(year)s nằm ngoài khoảng 1-9998"),
                code="bad_year",
                year=year,
                **params,
            )
        if match["h"] is not None:
            half = int(match["h"])
            if half not in (1, 2):
                raise DateError(
                    gettext_noop("'%(text)s': một năm chỉ có 2 nửa năm (H1, H2)"),
                    code="bad_half",
                    **params,
                )
            start = date(year, 1 + 6 * (half - 1), 1)
            end = date(year, 7, 1) if half == 1 else date(year + 1, 1, 1)
            return cls("half", start, end, f"{year:04d}-H{half}")
        if match["q"] is not None:
            quarter = int(match["q"])
            if not 1 <= quarter <= 4:
                raise DateError(
                    gettext_noop("'%(text)s': một năm chỉ có 4 quý (Q1 đến Q4)"),
                    code="bad_quarter",
                    **params,
                )
            start = date(year, 3 * quarter - 2, 1)
            end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
            return cls("quarter", start, end, f"{year:04d}-Q{quarter}")
        if match["m"] is not None:
            month = int(match["m"])
            if not 1 <= month <= 12:
                raise DateError(
                    gettext_noop("'%(text)s': không có tháng %(month)s (tháng từ 1 đến 12)"),
                    code="bad_month",
                    month=month,
                    **params,
                )
            end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            return cls("month", date(year, month, 1), end, f"{year:04d}-{month:02d}")
        if match["y2"] is not None:
            last = int(match["y2"])
            if not year < last <= 9998:
                raise DateError(
                    gettext_noop("'%(text)s': năm cuối nhiệm kỳ phải sau năm đầu"),
                    code="reversed",
                    **params,
                )
            return cls("term", date(year, 1, 1), date(last + 1, 1, 1), f"{year:04d}-{last:04d}")
        return cls("year", date(year, 1, 1), date(year + 1, 1, 1), f"{year:04d}")

    def __contains__(self, day: date) -> bool:
        """Whether a day falls in the period.

        >>> date(2024, 6, 30) in Period.from_code("2024-H1")
        True
        """
        return self.start <= day < self.end


_Y = r"(?P<y>[0-9]+)"
_PERIODS = [
    ("year", re.compile(rf"năm\s+{_Y}", re.IGNORECASE)),
    ("month", re.compile(rf"tháng\s+(?P<m>[0-9]+)\s*(?:/|\s+năm\s+)\s*{_Y}", re.IGNORECASE)),
    ("half", re.compile(rf"(?:6|sáu)\s+tháng\s+(?P<h>đầu|cuối)\s+năm\s+{_Y}", re.IGNORECASE)),
    (
        "quarter",
        re.compile(
            rf"quý\s+(?P<q>[0-9]+|[IVX]+)\s*(?:/|\s+năm\s+)\s*{_Y}",
            re.IGNORECASE,
        ),
    ),
    (
        "term",
        re.compile(rf"nhiệm\s+kỳ\s+{_Y}\s*[-\u2013\u2014]\s*(?P<y2>[0-9]+)", re.IGNORECASE),
    ),
]


def parse_period(text: str) -> Period:
    """Read a period as reports name it, or its code.

    >>> parse_period("6 tháng đầu năm 2024").code, parse_period("quý II/2024").code
    ('2024-H1', '2024-Q2')
    >>> parse_period("tháng 3 năm 2023").code, parse_period("nhiệm kỳ 2020 - 2025").kind
    ('2023-03', 'term')
    """
    clean = _clean(text)
    params = {"text": shown(clean)}
    if not clean:
        raise DateError(gettext_noop("Chưa nhập kỳ"), code="empty")
    if clean[:1].isdigit() and not clean.lower().startswith("6 "):
        return Period.from_code(clean)
    for kind, pattern in _PERIODS:
        match = pattern.fullmatch(clean)
        if not match:
            continue
        year = match["y"]
        if len(year) != 4:
            raise DateError(
                gettext_noop("'%(text)s': năm phải viết đủ 4 chữ số (ví dụ: 2024)"),
                code="short_year",
                **params,
            )
        if kind == "year":
            return Period.from_code(year)
        if kind == "month":
            month = match["m"]
            if len(month) > 2 or not 1 <= int(month) <= 12:
                raise DateError(
                    gettext_noop("'%(text)s': không có tháng %(month)s (tháng từ 1 đến 12)"),
                    code="bad_month",
                    month=month.lstrip("0") or "0",
                    **params,
                )
            return Period.from_code(f"{year}-{int(month):02d}")
        if kind == "half":
            half = 1 if match["h"].lower() == "đầu" else 2
            return Period.from_code(f"{year}-H{half}")
        if kind == "quarter":
            raw = match["q"].upper()
            quarter = _ROMAN.get(raw) if not raw.isdigit() else int(raw) if len(raw) < 3 else 0
            if quarter not in _ROMAN_OF:
                raise DateError(
                    gettext_noop("'%(text)s': một năm chỉ có 4 quý (I đến IV)"),
                    code="bad_quarter",
                    **params,
                )
            return Period.from_code(f"{year}-Q{quarter}")
        last = match["y2"]
        if len(last) != 4:
            raise DateError(
                gettext_noop("'%(text)s': năm phải viết đủ 4 chữ số (ví dụ: 2024)"),
                code="short_year",
                **params,
            )
        return Period.from_code(f"{year}-{last}")
    raise DateError(
        gettext_noop(
            "'%(text)s': không phải là kỳ (ví dụ: năm 2024, 6 tháng đầu năm 2024, quý II/2024, "
            "tháng 3/2023, nhiệm kỳ 2020-2025)"
        ),
        code="not_a_period",
        **params,
    )


def format_period(value: Period) -> str:
    """Name a period as reports do.

    >>> [format_period(Period.from_code(c)) for c in ("2022", "2024-H1", "2024-Q2", "2023-03")]
    ['năm 2022', '6 tháng đầu năm 2024', 'quý II/2024', 'tháng 3/2023']
    >>> format_period(Period.from_code("2020-2025"))
    'nhiệm kỳ 2020-2025'
    """
    year = f"{value.start.year:04d}"
    if value.kind == "half":
        which = "đầu" if value.start.month == 1 else "cuối"
        return f"6 tháng {which} năm {year}"
    if value.kind == "quarter":
        return f"quý {_ROMAN_OF[(value.start.month + 2) // 3]}/{year}"
    if value.kind == "month":
        return f"tháng {value.start.month}/{year}"
    if value.kind == "term":
        return f"nhiệm kỳ {year}-{value.end.year - 1:04d}"
    return f"năm {year}"


# Dates in running text -------------------------------------------------------------------

_B = r"\w\u0300-\u036f"
_IN_TEXT = re.compile(
    rf"(?<![{_B}./\-])(?:(?P<iso>[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}})"
    rf"|(?:ngày\s+)?(?:(?P<num>[0-9]{{1,2}}\s?(?P<sep>{_SEP})\s?[0-9]{{1,2}}\s?(?P=sep)\s?[0-9]{{4}})"
    rf"|(?P<words>[0-9]{{1,2}}\s+tháng\s+[0-9]{{1,2}}\s*,?\s*năm\s+[0-9]{{4}})))"
    rf"(?![{_B}]|[./\-][0-9])",
    re.IGNORECASE,
)


def find_dates(text: str) -> list[tuple[int, int, date]]:
    """The dates written in running text, as (start, end, date) spans of `text`; a span
    takes in the word "ngày" before the date. Impossible dates are skipped.

    >>> find_dates("ngày 2/12/2022, BTV Tỉnh ủy ban hành; 30/2/2024 không có")
    [(0, 14, datetime.date(2022, 12, 2))]
    >>> find_dates("Ngày 09 tháng 01 năm 2026")
    [(0, 25, datetime.date(2026, 1, 9))]
    """
    norm, starts, ends = normalize_with_offsets(text)
    found = []
    for match in _IN_TEXT.finditer(norm):
        try:
            value = parse_date(match[0])
        except DateError:
            continue
        start, end = span_back(starts, ends, match.start(), match.end())
        found.append((start, end, value))
    return found
