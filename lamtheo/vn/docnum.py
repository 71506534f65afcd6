"""Document numbers (số và ký hiệu) in the two grammars Vietnam uses.

Party (Hướng dẫn 36-HD/VPTW; Quy định 399-QĐ/TW): `Số 499-BC/TU` - number, '-', type code,
'/', issuer code; a sub-body glues its initials to its parent's code (BTG + TU = BTGTU); texts
also write TƯ for TW. State (Nghị định 30/2020/NĐ-CP): `Số: 15/QĐ-UBND` - number, '/', type
code, '-', issuer code, then the drafting unit (123/UBND-VP, a công văn, has no type code);
legal documents put the year after the number: 30/2020/NĐ-CP.

`parse_doc_number` reads either grammar and says precisely what is wrong; `validate_doc_number`
then holds a number to a format profile (lamtheo.vn.profiles).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache

from lamtheo.vn.errors import DocNumberError, gettext_noop, shown
from lamtheo.vn.profiles import (
    DocType,
    Profile,
    all_profiles,
    load_profile,
    profile_for,
)
from lamtheo.vn.text import fold, normalize_with_offsets

__all__ = [
    "DocNumber",
    "DocType",
    "Profile",
    "all_profiles",
    "format_doc_number",
    "kind_of_word",
    "load_profile",
    "parse_doc_number",
    "profile_for",
    "validate_doc_number",
    "with_number",
]

_DIGITS = "0123456789"
_CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzĐđƯ0123456789")
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZĐƯ")
_LOOKALIKES = str.maketrans({"\u00d0": "Đ", "\u0189": "Đ"})  # Icelandic eth, African D
_PREFIX = re.compile(r"số\s*:?\s*", re.IGNORECASE)
_MAX_DIGITS = 7


@dataclass(frozen=True)
class DocNumber:
    """A parsed số và ký hiệu. `number` is as written ("01"); `kind` is the type code (None for
    a State công văn or a law); `issuer` is normalised (TƯ -> TW); `year` is set for State legal
    documents; `sub_body` is the State drafting unit (VP in 123/UBND-VP) or the Party body
    initials of a glued issuer code (BTG in BTGTU; None for plain TU)."""

    style: str  # "party" | "state"
    number: str
    kind: str | None
    issuer: str
    year: int | None = None
    sub_body: str | None = None

    @property
    def value(self) -> int:
        """The number as an integer.

        >>> parse_doc_number("01-KL/TW").value
        1
        """
        return int(self.number)

    @property
    def parent_issuer(self) -> str | None:
        """The committee a Party sub-body belongs to: TU for BTGTU.

        >>> parse_doc_number("43-HD/BTGTU").parent_issuer, parse_doc_number("1-KL/TW").parent_issuer
        ('TU', None)
        """
        if self.style != "party" or not self.sub_body:
            return None
        return self.issuer[len(self.sub_body) :]

    @property
    def key(self) -> tuple[str | None, str, str]:
        """What identifies the document: (kind, number, issuer).

        >>> parse_doc_number("Số 01-KL/TƯ").key
        ('KL', '01', 'TW')
        """
        return (self.kind, self.number, self.issuer)


def _party_profiles() -> list[Profile]:
    return [p for p in all_profiles().values() if p.style == "party"]


@cache
def _tables() -> tuple[frozenset[str], tuple[str, ...], frozenset[str], dict[str, str]]:
    profiles = all_profiles().values()
    state_kinds = frozenset(
        code for p in profiles if p.style == "state" for code in (*p.codes, *p.also_seen) if code
    )
    levels = sorted({lv for p in profiles for lv in p.issuer_levels}, key=len, reverse=True)
    bodies = frozenset(b for p in profiles for b in p.issuer_bodies)
    aliases = {a: b for p in profiles for a, b in p.issuer_aliases.items()}
    return state_kinds, tuple(levels), bodies, aliases


def _fail(template: str, code: str, text: str, position: int | None, **params):
    return DocNumberError(template, code=code, position=position, text=shown(text), **params)


def parse_doc_number(text: str) -> DocNumber:
    """Read a số và ký hiệu of either grammar; "Số", "Số:" and "số" in front are allowed.

    >>> parse_doc_number("Số 499-BC/TU")
    DocNumber(style='party', number='499', kind='BC', issuer='TU', year=None, sub_body=None)
    >>> parse_doc_number("24-BS/UBKTTU").sub_body, parse_doc_number("số 01-KL/TƯ").issuer
    ('UBKT', 'TW')
    >>> d = parse_doc_number("30/2020/NĐ-CP")
    >>> d.style, d.number, d.kind, d.issuer, d.year
    ('state', '30', 'NĐ', 'CP', 2020)
    >>> d = parse_doc_number("123/UBND-VP")
    >>> d.kind, d.issuer, d.sub_body
    (None, 'UBND', 'VP')
    >>> parse_doc_number("05-CT-TW")
    Traceback (most recent call last):
    ...
    lamtheo.vn.errors.DocNumberError: '05-CT-TW': thiếu dấu '/' trước cơ quan ban hành
    """
    return _parse(text)[0]


def _parse(text: str) -> tuple[DocNumber, str]:
    """The number and its issuer code as written (TƯ stays TƯ)."""
    norm, starts, _ = normalize_with_offsets(text)
    s = norm.translate(_LOOKALIKES)

    def at(i: int) -> int:
        return starts[i] if i < len(starts) else len(text)

    lo, hi = 0, len(s)
    while lo < hi and s[lo].isspace():
        lo += 1
    while hi > lo and s[hi - 1].isspace():
        hi -= 1
    whole = s[lo:hi]
    if not whole:
        raise DocNumberError(gettext_noop("Chưa nhập số và ký hiệu văn bản"), code="empty")

    def fail(template: str, code: str, i: int | None, **params) -> DocNumberError:
        return _fail(template, code, whole, None if i is None else at(i), **params)

    prefix = _PREFIX.match(s, lo, hi)
    i = prefix.end() if prefix else lo
    j = i
    while j < hi and s[j] in _DIGITS:
        j += 1
    if j == i:
        if i < hi and (s[i] in "-/" or (s[i] in _UPPER and "/" in s[i:hi])):
            raise fail(gettext_noop("'%(text)s': thiếu số văn bản"), "missing_number", i)
        raise fail(
            gettext_noop("'%(text)s': không phải số và ký hiệu văn bản"), "not_a_doc_number", i
        )
    number = s[i:j]
    for k in range(i, hi):
        if s[k].isspace():
            raise fail(
                gettext_noop("'%(text)s': có khoảng trắng trong số và ký hiệu"), "space_inside", k
            )
    if j == hi:
        raise fail(
            gettext_noop("'%(text)s': thiếu ký hiệu loại văn bản và cơ quan ban hành"),
            "missing_symbol",
            j,
        )
    if s[j] == "-":
        result, written = _parse_party(s, j + 1, hi, number, fail)
    elif s[j] == "/":
        result, written = _parse_state(s, j + 1, hi, number, fail)
    elif s[j].isalpha():
        if "/" not in s[j:hi] and "-" in s[j:hi]:
            raise fail(
                gettext_noop("'%(text)s': thiếu dấu '/' giữa số và ký hiệu"), "missing_slash", j
            )
        raise fail(
            gettext_noop("'%(text)s': thiếu dấu '-' giữa số và loại văn bản"), "missing_hyphen", j
        )
    else:
        raise fail(
            gettext_noop("'%(text)s': ký tự '%(char)s' không dùng được trong số và ký hiệu"),
            "bad_char",
            j,
            char=s[j],
        )
    if len(number) > _MAX_DIGITS:
        raise fail(gettext_noop("'%(text)s': số văn bản quá dài"), "long_number", i)
    if int(number) == 0:
        raise fail(gettext_noop("'%(text)s': số văn bản phải từ 1 trở lên"), "zero_number", i)
    return result, written


def _check_code(s: str, start: int, end: int, fail, *, letters_only: bool) -> str:
    code = s[start:end]
    for k in range(start, end):
        if s[k] not in _CODE_CHARS or (letters_only and s[k] in _DIGITS):
            raise fail(
                gettext_noop("'%(text)s': ký tự '%(char)s' không dùng được trong ký hiệu"),
                "bad_char",
                k,
                char=s[k],
            )
    if code[0] not in _UPPER:
        raise fail(
            gettext_noop("'%(text)s': ký hiệu '%(symbol)s' phải bắt đầu bằng chữ in hoa"),
            "lowercase_code",
            start,
            symbol=shown(code, 20),
        )
    return code


def _normal_issuer(issuer: str) -> str:
    for alias, canonical in _tables()[3].items():
        if issuer.endswith(alias):
            return issuer[: -len(alias)] + canonical
    return issuer


def _parse_party(s: str, p: int, hi: int, number: str, fail) -> tuple[DocNumber, str]:
    q = p
    while q < hi and s[q] not in "/-":
        q += 1
    if q == p:
        raise fail(gettext_noop("'%(text)s': thiếu ký hiệu loại văn bản"), "missing_kind", p)
    if q == hi:
        raise fail(
            gettext_noop("'%(text)s': thiếu dấu '/' và ký hiệu cơ quan ban hành"),
            "missing_issuer",
            q,
        )
    if s[q] == "-":
        raise fail(
            gettext_noop("'%(text)s': thiếu dấu '/' trước cơ quan ban hành"), "missing_slash", q
        )
    kind = _check_code(s, p, q, fail, letters_only=True)
    issuer = _read_codes(s, q + 1, hi, fail, missing="issuer")
    written = "-".join(issuer)
    normal = _normal_issuer(written)
    return DocNumber("party", number, kind, normal, None, _glued_body(normal)), written


def _glued_body(issuer: str) -> str | None:
    _, levels, bodies, _ = _tables()
    for level in levels:
        if issuer.endswith(level) and issuer[: -len(level)] in bodies:
            return issuer[: -len(level)]
    return None


def _read_codes(s: str, p: int, hi: int, fail, *, missing: str) -> list[str]:
    """The '-'-joined codes from p to hi, each checked."""
    if p == hi:
        if missing == "issuer":
            raise fail(
                gettext_noop("'%(text)s': thiếu ký hiệu cơ quan ban hành"), "missing_issuer", p
            )
        raise fail(
            gettext_noop("'%(text)s': thiếu ký hiệu loại văn bản và cơ quan ban hành"),
            "missing_symbol",
            p,
        )
    codes = []
    start = p
    for k in range(p, hi + 1):
        if k < hi and s[k] == "/":
            raise fail(gettext_noop("'%(text)s': thừa dấu '/'"), "extra_slash", k)
        if k == hi or s[k] == "-":
            if k == start:
                if k == p and missing != "issuer":
                    raise fail(
                        gettext_noop("'%(text)s': thiếu ký hiệu loại văn bản"), "missing_kind", k
                    )
                if k in (hi, p):
                    raise fail(
                        gettext_noop("'%(text)s': thiếu ký hiệu cơ quan ban hành"),
                        "missing_issuer",
                        k,
                    )
                raise fail(gettext_noop("'%(text)s': thừa dấu '-'"), "extra_hyphen", k)
            codes.append(_check_code(s, start, k, fail, letters_only=False))
            start = k + 1
    return codes


def _parse_state(s: str, p: int, hi: int, number: str, fail) -> tuple[DocNumber, str]:
    year = None
    q = p
    while q < hi and s[q] in _DIGITS:
        q += 1
    if q > p:
        if q == hi or s[q] != "/":
            raise fail(
                gettext_noop("'%(text)s': không phải số và ký hiệu văn bản"), "not_a_doc_number", p
            )
        if q - p != 4 or s[p] == "0":
            raise fail(
                gettext_noop("'%(text)s': năm trong số và ký hiệu phải có đủ 4 chữ số"),
                "bad_year",
                p,
            )
        year = int(s[p:q])
        p = q + 1
    codes = _read_codes(s, p, hi, fail, missing="symbol")
    state_kinds = _tables()[0]
    if year is not None and len(codes) == 1:  # a law: 59/2020/QH14
        kind, issuer, rest = None, codes[0], []
    elif year is not None or codes[0] in state_kinds:
        if len(codes) == 1:
            raise fail(
                gettext_noop("'%(text)s': thiếu dấu '-' và ký hiệu cơ quan ban hành"),
                "missing_issuer",
                hi,
            )
        kind, issuer, rest = codes[0], codes[1], codes[2:]
    else:  # a công văn: 123/UBND-VP
        kind, issuer, rest = None, codes[0], codes[1:]
    normal = _normal_issuer(issuer)
    doc = DocNumber("state", number, kind, normal, year, "-".join(rest) or None)
    return doc, issuer


def _prefix_of(style: str) -> str:
    profiles = sorted(
        (p for p in all_profiles().values() if p.style == style), key=lambda p: p.valid_from
    )
    return profiles[-1].number_prefix


def format_doc_number(value: DocNumber, *, prefix: bool = False) -> str:
    """Write a number in its grammar; `prefix` adds "Số " (Party) or "Số: " (State).

    >>> format_doc_number(parse_doc_number("số 499-BC/TU"), prefix=True)
    'Số 499-BC/TU'
    >>> format_doc_number(parse_doc_number("15/QĐ-UBND"), prefix=True)
    'Số: 15/QĐ-UBND'
    >>> [format_doc_number(parse_doc_number(s)) for s in ("30/2020/NĐ-CP", "123/UBND-VP")]
    ['30/2020/NĐ-CP', '123/UBND-VP']
    """
    if value.style == "party":
        body = f"{value.number}-{value.kind}/{value.issuer}"
    else:
        codes = [c for c in (value.kind, value.issuer, value.sub_body) if c]
        year = [f"{value.year:04d}"] if value.year is not None else []
        body = "/".join([value.number, *year, "-".join(codes)])
    return _prefix_of(value.style) + body if prefix else body


def _canonical_number(value: int, profile: Profile) -> str:
    below = profile.leading_zero_below
    return str(value).zfill(len(str(below))) if value < below else str(value)


def _check_issuer_code(code: str, profile: Profile) -> bool:
    if code in profile.issuer_mixed_case:
        return True
    letters = code.rstrip(_DIGITS)
    if letters != code and letters not in profile.issuer_numbered:
        return False
    return all(c in _UPPER for c in letters)


def validate_doc_number(text: str, profile: Profile) -> DocNumber:
    """Parse, then hold the number to a format profile: its grammar, its type codes, the
    leading zero below 10, the year of State legal documents, the form of issuer codes. Whether
    the issuer code is the right one for the unit is the caller's check.

    >>> validate_doc_number("01-KL/TW", load_profile("party-2018")).kind
    'KL'
    >>> validate_doc_number("1-KL/TW", load_profile("party-2018"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lamtheo.vn.errors.DocNumberError: '1-KL/TW': số nhỏ hơn 10 ... phía trước: 01-KL/TW
    """
    doc = parse_doc_number(text)
    shown_text = " ".join(text.split())
    params = {"basis": profile.basis}

    def fail(template: str, code: str, **more) -> DocNumberError:
        return _fail(template, code, shown_text, None, **params, **more)

    if doc.style != profile.style:
        if profile.style == "party":
            raise fail(
                gettext_noop(
                    "'%(text)s' là số và ký hiệu kiểu văn bản Nhà nước, không theo thể thức văn "
                    "bản của Đảng (%(basis)s); văn bản của Đảng viết dạng 01-KL/TU"
                ),
                "wrong_style",
            )
        raise fail(
            gettext_noop(
                "'%(text)s' là số và ký hiệu kiểu văn bản của Đảng, không theo thể thức văn bản "
                "Nhà nước (%(basis)s); văn bản Nhà nước viết dạng 15/QĐ-UBND"
            ),
            "wrong_style",
        )
    kind = doc.kind or ""
    types = profile.types_with_code(kind)
    if doc.kind is not None and not types:
        raise fail(
            gettext_noop("'%(text)s': '%(kind)s' không phải ký hiệu loại văn bản theo %(basis)s"),
            "unknown_kind",
            kind=doc.kind,
        )
    if profile.style == "state":
        _check_state_year(doc, types, fail)
    for code in (doc.issuer.split("-") if doc.style == "party" else [doc.issuer]) + (
        doc.sub_body.split("-") if doc.sub_body and doc.style == "state" else []
    ):
        if not _check_issuer_code(code, profile):
            raise fail(
                gettext_noop(
                    "'%(text)s': ký hiệu cơ quan ban hành '%(issuer)s' chỉ viết bằng chữ in hoa, "
                    "không có chữ thường hay chữ số"
                ),
                "bad_issuer",
                issuer=code,
            )
    canonical = _canonical_number(doc.value, profile)
    if doc.number != canonical:
        right = format_doc_number(dataclasses.replace(doc, number=canonical))
        if len(doc.number) < len(canonical):
            raise fail(
                gettext_noop(
                    "'%(text)s': số nhỏ hơn %(below)s phải viết có số 0 phía trước: %(right)s"
                ),
                "missing_zero",
                below=profile.leading_zero_below,
                right=right,
            )
        raise fail(
            gettext_noop("'%(text)s': số văn bản viết thừa số 0 phía trước: %(right)s"),
            "extra_zero",
            right=right,
        )
    return doc


def _check_state_year(doc: DocNumber, types: tuple[DocType, ...], fail) -> None:
    if not types:  # a law or a công văn with no type code in the profile
        raise fail(
            gettext_noop("'%(text)s': thiếu ký hiệu loại văn bản theo %(basis)s"),
            "missing_kind",
        )
    legal = [t for t in types if t.legal]
    plain = [t for t in types if not t.legal]
    name = types[0].name
    if doc.year is not None and not legal:
        raise fail(
            gettext_noop(
                "'%(text)s': %(name)s không phải văn bản quy phạm pháp luật nên số và ký hiệu "
                "không ghi năm (ví dụ: 15/QĐ-UBND)"
            ),
            "unexpected_year",
            name=name,
        )
    if doc.year is None and not plain:
        raise fail(
            gettext_noop(
                "'%(text)s': %(name)s là văn bản quy phạm pháp luật, số và ký hiệu phải ghi năm "
                "ban hành (ví dụ: 30/2020/NĐ-CP)"
            ),
            "missing_year",
            name=name,
        )


def with_number(value: DocNumber, n: int, profile: Profile) -> DocNumber:
    """The same symbol with another number, written as the profile wants (01 below 10).

    >>> d = parse_doc_number("12-KL/TU")
    >>> format_doc_number(with_number(d, 3, load_profile("party-2026")))
    '03-KL/TU'
    """
    if n < 1:
        raise DocNumberError(
            gettext_noop("'%(text)s': số văn bản phải từ 1 trở lên"),
            code="zero_number",
            text=str(n),
        )
    return dataclasses.replace(value, number=_canonical_number(n, profile))


@cache
def _words() -> dict[tuple[str, str], str]:
    table: dict[tuple[str, str], str] = {}
    latest_first = sorted(all_profiles().values(), key=lambda p: p.valid_from, reverse=True)
    for profile in latest_first:
        for doc_type in profile.types:
            table.setdefault((profile.style, " ".join(fold(doc_type.name).split())), doc_type.code)
    return table


def kind_of_word(word: str, style: str = "party") -> str | None:
    """The type code a type word names, ignoring case and marks; a word only the other style
    knows still gets its code (Nghị định); None for an unknown word or a type with no code
    (a State công văn).

    >>> kind_of_word("Kết luận"), kind_of_word("ket luan"), kind_of_word("Quy định", "state")
    ('KL', 'KL', 'QyĐ')
    >>> kind_of_word("CHƯƠNG TRÌNH HÀNH ĐỘNG"), kind_of_word("Nghị định"), kind_of_word("Tin")
    ('CTHĐ', 'NĐ', None)
    """
    key = " ".join(fold(word).split())
    table = _words()
    for candidate in (style, *sorted({s for s, _ in table} - {style})):
        if (candidate, key) in table:
            return table[candidate, key] or None
    return None
