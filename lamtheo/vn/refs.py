"""References to documents inside running text: "Kết luận số 01-KL/TW ngày 18/5/2021",
"Quyết định số 1161/QĐ-UBND", a bare "499-BC/TU", and short references such as "Kết luận 01"
that lean on a full symbol given earlier.

The text is matched NFC-normalised letter by letter (lamtheo.vn.text.normalize_with_offsets) and
every span is mapped back, so `ref.surface == text[ref.start:ref.end]` for any input, composed
or not. Not references: plenum labels ("Nghị quyết Trung ương 4"), dates, ordinals ("lần thứ
XII"), counts after a type word ("Báo cáo 6 tháng"), numbers inside names ("COVID-19").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from lamtheo.vn.dates import find_dates, parse_date
from lamtheo.vn.docnum import DocNumber, _parse, kind_of_word
from lamtheo.vn.errors import VnError
from lamtheo.vn.profiles import all_profiles
from lamtheo.vn.text import normalize_with_offsets, span_back


@dataclass(frozen=True)
class Reference:
    """One reference found in a text; spans index the text as given.

    `issuer` is as written ("TƯ" stays); `date` is set when the date follows the symbol
    directly (and the surface then includes it); `date_in_context` is an issue date written
    elsewhere in the sentence ("ngày 2/12/2022, Tỉnh ủy ban hành Kế hoạch số 129-KH/TU");
    `resolved` is, for a short reference, the full symbol of the same kind and number given
    earlier in the text; `symbol` is the full symbol as written."""

    start: int
    end: int
    surface: str
    type_word: str | None
    kind: str | None
    number: str
    issuer: str | None
    style: str | None
    year: int | None
    sub_body: str | None
    date: date | None
    date_in_context: date | None
    doc_number: DocNumber | None
    resolved: DocNumber | None
    symbol: str | None = None

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        """(kind, number, issuer) with TƯ written TW, as the corpus gold compares them.

        >>> find_references("theo Kết luận số 01-KL/TƯ")[0].key
        ('KL', '01', 'TW')
        """
        issuer = self.doc_number.issuer if self.doc_number else None
        return (self.kind, self.number, issuer)


_B = r"\w\u0300-\u036f"  # what continues a word: letters, digits, stray combining marks
_CODE = r"[A-ZĐ][A-Za-zĐ0-9]*"
_PARTY = rf"[0-9]{{1,7}}-[A-ZĐ][A-Za-zĐ]*/[A-ZĐƯ][A-Za-zĐƯ0-9]*(?:-{_CODE})*"
_STATE = rf"[0-9]{{1,7}}/(?:[0-9]{{4}}/)?{_CODE}(?:-{_CODE})*"
_BARE_STATE = rf"[0-9]{{1,7}}/(?:[0-9]{{4}}/{_CODE}(?:-{_CODE})*|{_CODE}(?:-{_CODE})+)"
_SYMBOL_END = rf"(?![{_B}]|[-/][{_B}])"
_NUMBER_END = rf"(?![{_B}]|[.,/\-][{_B}])"
_DATE_AFTER = re.compile(
    r"(?:\s*,\s*|\s+)ngày\s+(?:[0-9]{1,2}(?:/[0-9]{1,2}/|-[0-9]{1,2}-|\.[0-9]{1,2}\.)[0-9]{4}"
    r"|[0-9]{1,2}\s+tháng\s+[0-9]{1,2}\s+năm\s+[0-9]{4})(?![0-9])",
    re.IGNORECASE,
)
# Words that make "type word + number" a count, not a reference: "Báo cáo 6 tháng".
_COUNTED = re.compile(
    r"\s*(?:%|tháng|năm|ngày|quý|tuần|giờ|phút|lần|người|đồng|triệu|tỷ|nghìn|ngàn|điểm|nội dung"
    r"|nhiệm vụ|mục tiêu|chỉ tiêu|tiêu chí|giải pháp|chương trình|đề án|dự án|văn bản|xã|huyện"
    rf"|tỉnh|đơn vị|cơ quan|tập thể|cá nhân|hộ|thôn|bản|km|ha|m)(?![{_B}])",
    re.IGNORECASE,
)
_ISSUING = re.compile(r"(?<![\w])(?:ban hành|ký|thông qua|công bố|phê duyệt)(?![\w])", re.I)
_SENTENCE_END = re.compile(r"[.!?…](?=\s)|\n")


@cache
def type_words() -> tuple[str, ...]:
    """The type names of every profile, longest first (so that "Chương trình hành động"
    wins over "Chương trình").

    >>> type_words()[0], "Kết luận" in type_words()
    ('Chương trình hành động', True)
    """
    names = {t.name for p in all_profiles().values() for t in p.types}
    return tuple(sorted(names, key=lambda n: (-len(n), n)))


@cache
def _pattern() -> re.Pattern[str]:
    words = "|".join(r"\s+".join(map(re.escape, w.split())) for w in type_words())
    return re.compile(
        rf"(?<![{_B}])(?P<tw>{words})\s+(?:(?P<so>số)\s*:?\s*)?"
        rf"(?:(?-i:(?P<sym>{_PARTY}|{_STATE})){_SYMBOL_END}|(?P<num>[0-9]{{1,4}}){_NUMBER_END})"
        rf"|(?<![{_B}./\-])(?-i:(?P<bare>{_PARTY}|{_BARE_STATE})){_SYMBOL_END}",
        re.IGNORECASE,
    )


def find_references(text: str) -> list[Reference]:
    """The document references in a text, in text order.

    >>> text = "Tại Báo cáo số 499-BC/TU, ngày 16/5/2024 về Kết luận số 01-KL/TƯ; Kết luận 01 nêu"
    >>> [(r.surface, r.kind, r.number, r.issuer, r.date) for r in find_references(text)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('Báo cáo số 499-BC/TU, ngày 16/5/2024', 'BC', '499', 'TU', datetime.date(2024, 5, 16)),
     ('Kết luận số 01-KL/TƯ', 'KL', '01', 'TƯ', None),
     ('Kết luận 01', 'KL', '01', None, None)]
    >>> find_references(text)[2].resolved.issuer
    'TW'
    >>> find_references("Nghị quyết Trung ương 4, Báo cáo 6 tháng đầu năm, COVID-19")
    []
    """
    norm, starts, ends = normalize_with_offsets(text)
    found: list[tuple[int, int, dict]] = []  # spans in `norm`, fields
    latest: dict[tuple[str | None, int], DocNumber] = {}  # the last full symbol of a kind, number
    pos = 0
    pattern = _pattern()
    while match := pattern.search(norm, pos):
        pos = match.end()
        fields = _typed(match, latest) if match["tw"] else _bare(match)
        if fields is None:
            continue
        if (doc := fields["doc_number"]) is not None:
            latest[doc.kind, doc.value] = doc
        end = match.end()
        if fields["doc_number"] is not None and (after := _DATE_AFTER.match(norm, end)):
            try:
                fields["date"] = parse_date(after[0].lstrip(" ,\t\n\r\f\v\xa0"))
                end = pos = after.end()
            except VnError:
                pass
        start = match.start("tw") if match["tw"] else match.start("bare")
        found.append((start, end, fields))
    if not found:
        return []
    _dates_in_context(norm, found)
    refs = []
    for start, end, fields in found:
        a, b = span_back(starts, ends, start, end)
        refs.append(Reference(start=a, end=b, surface=text[a:b], **fields))
    return refs


def _fields(type_word, kind, number, doc, written, symbol, resolved) -> dict:
    return {
        "type_word": type_word,
        "kind": kind,
        "number": number,
        "issuer": written,
        "style": doc.style if doc else None,
        "year": doc.year if doc else None,
        "sub_body": doc.sub_body if doc else None,
        "date": None,
        "date_in_context": None,
        "doc_number": doc,
        "resolved": resolved,
        "symbol": symbol,
    }


def _typed(match: re.Match[str], latest: dict) -> dict | None:
    type_word = " ".join(match["tw"].split())
    if match["sym"]:
        try:
            doc, written = _parse(match["sym"])
        except VnError:
            return None
        kind = doc.kind or kind_of_word(type_word, doc.style)
        return _fields(type_word, kind, doc.number, doc, written, match["sym"], None)
    number = match["num"]
    kind = kind_of_word(type_word)
    if kind is None or int(number) == 0:
        return None
    resolved = latest.get((kind, int(number)))
    said_so = match["so"] is not None
    if not said_so:
        if _COUNTED.match(match.string, match.end()):
            return None
        if len(number) == 4 and number[:2] in ("19", "20"):  # a year: "Kế hoạch 2021"
            return None
    if not (said_so or type_word[0].isupper() or number.startswith("0") or resolved):
        return None
    return _fields(type_word, kind, number, None, None, None, resolved)


def _bare(match: re.Match[str]) -> dict | None:
    try:
        doc, written = _parse(match["bare"])
    except VnError:
        return None
    return _fields(None, doc.kind, doc.number, doc, written, match["bare"], None)


def _dates_in_context(norm: str, found: list[tuple[int, int, dict]]) -> None:
    """Give a reference with no direct date the issue date its sentence names before it:
    the nearest date outside every reference, with an issuing verb ("ban hành", "ký") and no
    other reference between the two."""
    spans = [(start, end) for start, end, _ in found]
    free = []
    for s, e, d in find_dates(norm):
        k = bisect.bisect_left(spans, (e, e))  # references starting before the date ends
        if k == 0 or spans[k - 1][1] <= s:
            free.append((s, e, d))
    if not free:
        return
    free_ends = [e for _, e, _ in free]
    bounds = [m.end() for m in _SENTENCE_END.finditer(norm)]
    for index, (start, _, fields) in enumerate(found):
        if fields["date"] is not None:
            continue
        k = bisect.bisect_right(free_ends, start)
        if k == 0:
            continue
        s, e, d = free[k - 1]
        b = bisect.bisect_right(bounds, start)
        sentence_start = bounds[b - 1] if b else 0
        previous_end = found[index - 1][1] if index else 0
        if s >= max(sentence_start, previous_end) and _ISSUING.search(norm, e, start):
            fields["date_in_context"] = d
