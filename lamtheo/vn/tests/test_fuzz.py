"""Fuzzing the toolkit: every function that reads text people type takes any text at all
without crashing (or refuses it with the error it documents) and keeps its promises.

A parser joins by adding a `Parser` to PARSERS with the checks its result must pass; the
generated text (any Unicode; Vietnamese with its marks composed, decomposed and misordered;
near-misses of document numbers, dates, periods, numbers, ranges and ratios, alone and in
running text) is the same for all. `derandomize` makes the examples the same on every run, so
CI is stable.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lamtheo.vn.dates import (
    Period,
    find_dates,
    format_date,
    format_date_words,
    format_period,
    parse_date,
    parse_period,
)
from lamtheo.vn.docnum import format_doc_number, parse_doc_number
from lamtheo.vn.errors import DateError, DocNumberError, NumberError
from lamtheo.vn.numbers import (
    format_number,
    format_range,
    format_ratio,
    parse_number,
    parse_range,
    parse_ratio,
)
from lamtheo.vn.refs import find_references
from lamtheo.vn.text import fold, normalize_with_offsets


@dataclass(frozen=True)
class Parser:
    name: str
    parse: Callable[[str], object]
    check: Callable[[str, object], None]  # asserts what must hold of parse(text)
    refuses: tuple[type[Exception], ...] = ()  # the errors it raises on text it cannot read


def _check_fold(text: str, folded: str) -> None:
    nfc = unicodedata.normalize("NFC", text)
    assert len(folded) == len(nfc), "one character out per character of the NFC input"
    assert fold(folded) == folded, "folding twice changes nothing"
    assert not any(unicodedata.combining(c) for c in folded), "no marks left"
    for char, out in zip(nfc, folded, strict=True):
        letter, *marks = unicodedata.normalize("NFD", char)
        if char in "đĐ":
            assert out == "d"
        elif letter.isascii() and letter.isalnum() and all(unicodedata.combining(m) for m in marks):
            assert out == letter.lower(), f"{char!r} folds to {letter.lower()!r} in place"


def _check_offsets(text: str, result) -> None:
    out, starts, ends = result
    assert len(out) == len(starts) == len(ends)
    assert unicodedata.normalize("NFC", out) == unicodedata.normalize("NFC", text)
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        assert 0 <= start < end <= len(text)
        assert i == 0 or starts[i - 1] <= start, "offsets never go back"


def _check_number(text: str, value) -> None:
    assert value.is_finite()
    assert parse_number(format_number(value)) == value, "written back, it reads the same"


def _check_range(text: str, value) -> None:
    assert value.low <= value.high
    assert parse_range(format_range(value)) == value


def _check_ratio(text: str, value) -> None:
    assert value.of != 0
    assert parse_ratio(format_ratio(value)) == value


def _check_date(text: str, value) -> None:
    assert parse_date(format_date(value)) == value
    assert parse_date(format_date_words(value)) == value


def _check_period(text: str, value) -> None:
    assert value.start < value.end
    assert Period.from_code(value.code) == value
    assert parse_period(format_period(value)) == value


def _check_doc_number(text: str, value) -> None:
    written = format_doc_number(value)
    assert parse_doc_number(written) == value, "written back, it reads the same"
    assert format_doc_number(parse_doc_number(written)) == written
    assert parse_doc_number(format_doc_number(value, prefix=True)) == value
    assert value.value >= 1


def _check_references(text: str, refs) -> None:
    previous_end = 0
    for index, ref in enumerate(refs):
        assert ref.surface == text[ref.start : ref.end], "the surface is the text at the span"
        assert previous_end <= ref.start < ref.end <= len(text), "in order, not overlapping"
        previous_end = ref.end
        if ref.doc_number is not None:
            assert parse_doc_number(ref.symbol) == ref.doc_number
            _check_doc_number(ref.symbol, ref.doc_number)
            assert ref.resolved is None
        else:
            assert ref.kind is not None
            assert ref.number.isdigit()
        if ref.resolved is not None:
            assert any(r.doc_number == ref.resolved for r in refs[:index]), "given earlier"
        assert ref.date is None or ref.date_in_context is None


def _check_dates(text: str, found) -> None:
    previous_end = 0
    for start, end, value in found:
        assert previous_end <= start < end <= len(text)
        previous_end = end
        assert parse_date(text[start:end]) == value, "the span reads as the date"


PARSERS = [
    Parser("fold", fold, _check_fold),
    Parser("normalize_with_offsets", normalize_with_offsets, _check_offsets),
    Parser("parse_number", parse_number, _check_number, (NumberError,)),
    Parser("parse_range", parse_range, _check_range, (NumberError,)),
    Parser("parse_ratio", parse_ratio, _check_ratio, (NumberError,)),
    Parser("parse_date", parse_date, _check_date, (DateError,)),
    Parser("parse_period", parse_period, _check_period, (DateError,)),
    Parser("parse_doc_number", parse_doc_number, _check_doc_number, (DocNumberError,)),
    Parser("find_references", find_references, _check_references),
    Parser("find_dates", find_dates, _check_dates),
]

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # huyền sắc ngã hỏi nặng
_LETTERS = sorted(
    {unicodedata.normalize("NFC", v + t) for v in _VOWELS + _VOWELS.upper() for t in _TONES}
    | set("bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX")
)
_MARKS = [*_TONES[1:], "\u0302", "\u0306", "\u031b"]  # and circumflex, breve, horn
_VIETNAMESE = st.text(st.sampled_from([*_LETTERS, *_MARKS, *"0123456789 .,/-:()"]))


# Near-misses of what the parsers read: document numbers, dates, periods, numbers, ranges,
# pieced from right and wrong parts, alone and inside running text, so that the deep paths
# (a valid number, a State year, a date after a symbol, a short reference) are reached.
def _join(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map("".join)


def _one(*choices: str) -> st.SearchStrategy[str]:
    return st.sampled_from(choices)


_DIGITS = st.one_of(
    _one("1", "01", "5", "05", "16", "12", "2", "30", "29", "499", "2024", "2020", "2025"),
    st.text(st.sampled_from("0123456789"), max_size=5),
)
_SOME_DIGITS = st.text(st.sampled_from("0123456789"), min_size=1, max_size=4)
_DAY = st.one_of(st.integers(1, 31).map(str), st.integers(1, 9).map("0{}".format), _DIGITS)
_MONTH = st.one_of(st.integers(1, 12).map(str), st.integers(1, 9).map("0{}".format), _DIGITS)
_YEAR = st.one_of(
    st.sampled_from([str(y) for y in range(2015, 2027)]), st.integers(1900, 2100).map(str), _DIGITS
)
_SERIAL = st.one_of(
    _one("01", "05", "129", "499", "1161"),
    st.integers(1, 2000).map(str),
    st.integers(1, 9).map("0{}".format),
    _DIGITS,
)
_CODE = st.one_of(
    _one("KL", "NQ", "QĐ", "QyĐ", "NĐ", "TT", "CTr", "CTHĐ", "BC", "HD", "KH", "XY", "bc", ""),
    st.text(st.sampled_from("ABCĐKLNQTUWyĐ1"), max_size=4),
)
_ISSUER = st.one_of(
    _one("TW", "TƯ", "TU", "BTGTU", "UBKTTU", "VPTW", "CP", "UBND", "TTg", "QH14", "tu", ""),
    st.text(st.sampled_from("ABCĐKLNPTUVWƯg1"), max_size=5),
)
_PREFIX = _one("", "", "Số ", "số ", "Số: ", "Số:")
_DOC_NUMBER = st.one_of(
    _join(
        _PREFIX,
        _SERIAL,
        _one("-", "-", "", "/", " -", "–"),
        _CODE,
        _one("/", "/", "-", ""),
        _ISSUER,
        _one("", "", "-MTTW", "/", "-"),
    ),
    _join(
        _PREFIX,
        _SERIAL,
        _one("/", "/", "-", ""),
        _one("", "2020/", "2024/", "20/", "0202/"),
        _CODE,
        _one("-", "-", "", "--"),
        _ISSUER,
        _one("", "", "-VP", "-", "-BTC"),
    ),
)
_SEPARATORS = st.one_of(
    st.sampled_from([("/", "/"), ("-", "-"), (".", "."), (" tháng ", " năm ")]),
    st.tuples(*[_one("/", "-", ".", " tháng ", " / ", " năm ", ", năm ", "")] * 2),
)
_DATE = st.tuples(_one("", "ngày ", "Ngày ", "NGÀY "), _DAY, _SEPARATORS, _MONTH, _YEAR).map(
    lambda t: t[0] + t[1] + t[2][0] + t[3] + t[2][1] + t[4]
)
_PERIOD = st.tuples(
    _one(
        "năm {y}",
        "6 tháng đầu năm {y}",
        "6 tháng cuối năm {y}",
        "tháng {m}/{y}",
        "Tháng {m} năm {y}",
        "quý {q}/{y}",
        "quý {q} năm {y}",
        "nhiệm kỳ {y}-{y2}",
        "nhiệm kỳ {y} – {y2}",
        "{y}-Q{q}",
        "{y}-H{m}",
        "{y}-{m}",
        "{y}",
        "{y}{m}",
    ),
    _YEAR,
    _YEAR,
    _MONTH,
    st.one_of(_one("I", "II", "III", "IV", "V"), _MONTH),
).map(lambda t: t[0].format(y=t[1], y2=t[2], m=t[3], q=t[4]))
_NUMBER = st.one_of(
    st.decimals(min_value=-(10**9), max_value=10**9, places=2).map(format_number),
    st.integers(-(10**7), 10**7).map(format_number),
    st.lists(st.one_of(_SOME_DIGITS, _one(".", ",", "-", " ", "%", "+")), max_size=8).map("".join),
)
_RANGE = _join(_NUMBER, _one(" - ", "-", " – ", "–"), _NUMBER, _one("", "%", "%/năm", " tỷ đồng"))
_WORDS = _one(
    "Kết luận",
    "kết luận số",
    "Báo cáo số",
    "Chỉ thị",
    "Nghị định",
    "Chương trình hành động",
    "Công văn",
    "Nghị quyết Trung ương",
    "ngày",
    "ban hành",
    ".",
    ",",
    "Tỉnh ủy",
    "\n",
    "theo",
)
_RUNNING = st.lists(st.one_of(_DOC_NUMBER, _DATE, _WORDS, _SOME_DIGITS), max_size=10).map(" ".join)
_RATIO = _join(_NUMBER, _one("/", "/", " / ", ""), _NUMBER)
_NEAR = (_DOC_NUMBER, _DATE, _PERIOD, _NUMBER, _RANGE, _RATIO, _RUNNING)
TEXT = st.one_of(
    st.text(),
    _VIETNAMESE,
    _VIETNAMESE.map(lambda text: unicodedata.normalize("NFD", text)),
    *_NEAR,
    st.one_of(*_NEAR).map(lambda text: unicodedata.normalize("NFD", text)),
)


@pytest.mark.parametrize("parser", PARSERS, ids=lambda p: p.name)
@settings(max_examples=2000, derandomize=True, deadline=None)
@given(text=TEXT)
# What the fuzzing found in fold: a mark NFC cannot place (after x; acute before circumflex;
# on İ, whose dot is a mark too) stayed a mark, and a Hangul syllable lost its vowel.
@example(text="x\u0301")
@example(text="e\u0301\u0302")
@example(text="İ\u0301")
@example(text="가\u1161")
@example(text="Kết luận số 01-KL/TƯ, ngày 16/5/2024; Kết luận 01")
@example(text="ngày 2/12/2022, Tỉnh ủy ban hành Kế hoạch số 129-KH/TU")
@example(text="Số: 30/2020/NĐ-CP")
@example(text="12,8 - 13%/năm")
@example(text="6 tháng đầu năm 2024")
def test_any_text_is_read_or_refused_and_the_promises_hold(parser, text):
    try:
        result = parser.parse(text)
    except parser.refuses:
        return
    parser.check(text, result)
