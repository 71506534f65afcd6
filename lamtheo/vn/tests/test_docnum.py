import unicodedata

import pytest

from lamtheo.vn.docnum import (
    DocNumber,
    format_doc_number,
    kind_of_word,
    parse_doc_number,
    validate_doc_number,
    with_number,
)
from lamtheo.vn.errors import DocNumberError
from lamtheo.vn.profiles import load_profile

PARTY = load_profile("party-2018")
PARTY_2026 = load_profile("party-2026")
STATE = load_profile("state-2020")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("499-BC/TU", DocNumber("party", "499", "BC", "TU")),
        ("Số 499-BC/TU", DocNumber("party", "499", "BC", "TU")),
        ("số 01-KL/TƯ", DocNumber("party", "01", "KL", "TW")),
        ("24-BS/UBKTTU", DocNumber("party", "24", "BS", "UBKTTU", None, "UBKT")),
        ("43-HD/BTGTU", DocNumber("party", "43", "HD", "BTGTU", None, "BTG")),
        ("36-HD/VPTW", DocNumber("party", "36", "HD", "VPTW", None, "VP")),
        ("05-HD/BTGDVTW", DocNumber("party", "05", "HD", "BTGDVTW", None, "BTGDV")),
        ("30/2020/NĐ-CP", DocNumber("state", "30", "NĐ", "CP", 2020)),
        ("Số: 15/QĐ-UBND", DocNumber("state", "15", "QĐ", "UBND")),
        ("1161/QĐ-UBND", DocNumber("state", "1161", "QĐ", "UBND")),
        ("123/UBND-VP", DocNumber("state", "123", None, "UBND", None, "VP")),
        ("45/2019/QĐ-UBND", DocNumber("state", "45", "QĐ", "UBND", 2019)),
        ("05/2024/TT-BNV", DocNumber("state", "05", "TT", "BNV", 2024)),
        ("02/QyĐ-UBND", DocNumber("state", "02", "QyĐ", "UBND")),
        ("1071/QĐ-TTg", DocNumber("state", "1071", "QĐ", "TTg")),
        ("59/2020/QH14", DocNumber("state", "59", None, "QH14", 2020)),
    ],
)
def test_both_grammars_are_read(text, expected):
    assert parse_doc_number(text) == expected
    assert parse_doc_number(unicodedata.normalize("NFD", text)) == expected


def test_an_eth_typed_for_d_with_stroke_is_read_as_d_with_stroke():
    assert parse_doc_number("30/2020/N\u00d0-CP").kind == "NĐ"


@pytest.mark.parametrize(
    ("text", "code", "message", "position"),
    [
        ("05-CT-TW", "missing_slash", "'05-CT-TW': thiếu dấu '/' trước cơ quan ban hành", 5),
        ("499BC/TU", "missing_hyphen", "'499BC/TU': thiếu dấu '-' giữa số và loại văn bản", 3),
        ("-BC/TU", "missing_number", "'-BC/TU': thiếu số văn bản", 0),
        ("499-/TU", "missing_kind", "'499-/TU': thiếu ký hiệu loại văn bản", 4),
        ("499-BC/", "missing_issuer", "'499-BC/': thiếu ký hiệu cơ quan ban hành", 7),
        ("0-BC/TU", "zero_number", "'0-BC/TU': số văn bản phải từ 1 trở lên", 0),
        ("abc", "not_a_doc_number", "'abc': không phải số và ký hiệu văn bản", 0),
        ("499 -BC/TU", "space_inside", "'499 -BC/TU': có khoảng trắng trong số và ký hiệu", 3),
        ("499-BC", "missing_issuer", "'499-BC': thiếu dấu '/' và ký hiệu cơ quan ban hành", 6),
        ("499", "missing_symbol", "'499': thiếu ký hiệu loại văn bản và cơ quan ban hành", 3),
        ("15QĐ-UBND", "missing_slash", "'15QĐ-UBND': thiếu dấu '/' giữa số và ký hiệu", 2),
        ("15/QĐ-", "missing_issuer", "'15/QĐ-': thiếu ký hiệu cơ quan ban hành", 6),
        ("15/-UBND", "missing_kind", "'15/-UBND': thiếu ký hiệu loại văn bản", 3),
        ("15/QĐ", "missing_issuer", "'15/QĐ': thiếu dấu '-' và ký hiệu cơ quan ban hành", 5),
        (
            "30/20/NĐ-CP",
            "bad_year",
            "'30/20/NĐ-CP': năm trong số và ký hiệu phải có đủ 4 chữ số",
            3,
        ),
        ("15/QĐ--UBND", "extra_hyphen", "'15/QĐ--UBND': thừa dấu '-'", 6),
        ("01-KL/TW/", "extra_slash", "'01-KL/TW/': thừa dấu '/'", 8),
        (
            "499-bc/tu",
            "lowercase_code",
            "'499-bc/tu': ký hiệu 'bc' phải bắt đầu bằng chữ in hoa",
            4,
        ),
        ("499-B1/TU", "bad_char", "'499-B1/TU': ký tự '1' không dùng được trong ký hiệu", 5),
        ("499.5-BC/TU", "bad_char", None, 3),
        ("20/63", "not_a_doc_number", None, 3),
        ("", "empty", "Chưa nhập số và ký hiệu văn bản", None),
    ],
)
def test_a_broken_number_is_refused_saying_what_is_wrong_and_where(text, code, message, position):
    with pytest.raises(DocNumberError) as caught:
        parse_doc_number(text)
    assert caught.value.code == code
    assert caught.value.position == position
    if message:
        assert str(caught.value) == message


def test_the_error_position_indexes_the_text_as_given():
    text = "  Số 05-CT-TW"
    with pytest.raises(DocNumberError) as caught:
        parse_doc_number(text)
    assert text[caught.value.position] == "-"
    assert caught.value.position == text.rindex("-")


@pytest.mark.parametrize(
    "text",
    [
        "499-BC/TU",
        "01-KL/TW",
        "24-BS/UBKTTU",
        "43-HD/BTGTU",
        "31-QĐ/ĐU-MTTW",
        "30/2020/NĐ-CP",
        "15/QĐ-UBND",
        "123/UBND-VP",
        "45/2019/QĐ-UBND",
        "04/2012/TTLT-BYT-BTC",
        "1234/QĐ-BNN-TCLN",
        "59/2020/QH14",
    ],
)
def test_a_canonical_number_is_written_back_as_it_was(text):
    assert format_doc_number(parse_doc_number(text)) == text


def test_the_prefix_follows_the_grammar():
    assert format_doc_number(parse_doc_number("499-BC/TU"), prefix=True) == "Số 499-BC/TU"
    assert format_doc_number(parse_doc_number("15/QĐ-UBND"), prefix=True) == "Số: 15/QĐ-UBND"


def test_a_glued_issuer_names_its_parent_committee():
    assert parse_doc_number("43-HD/BTGTU").parent_issuer == "TU"
    assert parse_doc_number("499-BC/TU").parent_issuer is None
    assert parse_doc_number("123/UBND-VP").parent_issuer is None


@pytest.mark.parametrize(
    ("text", "profile"),
    [
        ("01-KL/TW", PARTY),
        ("144-QĐ/TW", PARTY_2026),
        ("10-CTHĐ/TU", PARTY),
        ("24-BS/UBKTTU", PARTY),
        ("15/QĐ-UBND", STATE),
        ("02/QyĐ-UBND", STATE),
        ("30/2020/NĐ-CP", STATE),
        ("45/2019/QĐ-UBND", STATE),
        ("123/UBND-VP", STATE),
        ("1071/QĐ-TTg", STATE),
        ("01/2016/QH14", STATE),
    ],
)
def test_numbers_written_by_the_rules_pass_validation(text, profile):
    assert validate_doc_number(text, profile) == parse_doc_number(text)


@pytest.mark.parametrize(
    ("text", "profile", "code", "message"),
    [
        (
            "30/2020/NĐ-CP",
            PARTY,
            "wrong_style",
            "'30/2020/NĐ-CP' là số và ký hiệu kiểu văn bản Nhà nước, không theo thể thức văn bản"
            " của Đảng (Hướng dẫn 36-HD/VPTW); văn bản của Đảng viết dạng 01-KL/TU",
        ),
        (
            "01-KL/TW",
            STATE,
            "wrong_style",
            "'01-KL/TW' là số và ký hiệu kiểu văn bản của Đảng, không theo thể thức văn bản Nhà"
            " nước (Nghị định 30/2020/NĐ-CP); văn bản Nhà nước viết dạng 15/QĐ-UBND",
        ),
        (
            "499-XY/TU",
            PARTY,
            "unknown_kind",
            "'499-XY/TU': 'XY' không phải ký hiệu loại văn bản theo Hướng dẫn 36-HD/VPTW",
        ),
        ("02/QyĐ-UBND", PARTY_2026, "wrong_style", None),
        ("12-QyĐ/TU", PARTY_2026, "unknown_kind", None),
        (
            "1-KL/TW",
            PARTY,
            "missing_zero",
            "'1-KL/TW': số nhỏ hơn 10 phải viết có số 0 phía trước: 01-KL/TW",
        ),
        ("001-KL/TW", PARTY, "extra_zero", None),
        ("5/QĐ-UBND", STATE, "missing_zero", None),
        ("12-KL/Tu", PARTY, "bad_issuer", None),
        ("12-KL/TU1", PARTY, "bad_issuer", None),
        ("15/QĐ-UBNDx", STATE, "bad_issuer", None),
        ("30/NĐ-CP", STATE, "missing_year", None),
        ("45/2019/TB-UBND", STATE, "unexpected_year", None),
        ("825/KL-SYT", STATE, "unknown_kind", None),
    ],
)
def test_validation_holds_a_number_to_its_profile(text, profile, code, message):
    with pytest.raises(DocNumberError) as caught:
        validate_doc_number(text, profile)
    assert caught.value.code == code
    if message:
        assert str(caught.value) == message


def test_renumbering_applies_the_leading_zero_rule():
    base = parse_doc_number("129-KH/TU")
    assert format_doc_number(with_number(base, 7, PARTY)) == "07-KH/TU"
    assert format_doc_number(with_number(base, 130, PARTY)) == "130-KH/TU"
    state = parse_doc_number("1161/QĐ-UBND")
    assert format_doc_number(with_number(state, 3, STATE)) == "03/QĐ-UBND"
    with pytest.raises(DocNumberError):
        with_number(base, 0, PARTY)


@pytest.mark.parametrize(
    ("word", "style", "code"),
    [
        ("Kết luận", "party", "KL"),
        ("kết luận", "party", "KL"),
        ("ket luan", "party", "KL"),
        ("KẾT  LUẬN", "party", "KL"),
        ("Quy định", "party", "QĐ"),
        ("Quy định", "state", "QyĐ"),
        ("Quyết định", "state", "QĐ"),
        ("Kế hoạch", "party", "KH"),
        ("Chương trình hành động", "party", "CTHĐ"),
        ("Chương trình", "party", "CTr"),
        ("Nghị định", "party", "NĐ"),
        ("Nghị định", "state", "NĐ"),
        ("Thông tri", "party", "TT"),
        ("Công văn", "party", "CV"),
        ("Công văn", "state", None),
        ("Tin tức", "party", None),
    ],
)
def test_a_type_word_names_its_code_ignoring_case_and_marks(word, style, code):
    assert kind_of_word(word, style) == code
