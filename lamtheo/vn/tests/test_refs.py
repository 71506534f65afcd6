import unicodedata
from datetime import date

import pytest

from lamtheo.vn.docnum import parse_doc_number
from lamtheo.vn.refs import find_references, type_words


def _one(text):
    (ref,) = find_references(text)
    return ref


@pytest.mark.parametrize(
    ("text", "surface", "kind", "number", "issuer"),
    [
        ("theo Kết luận số 01-KL/TW của Bộ Chính trị", "Kết luận số 01-KL/TW", "KL", "01", "TW"),
        ("thực hiện Chỉ thị số 05-CT/TW “Về", "Chỉ thị số 05-CT/TW", "CT", "05", "TW"),
        ("Quy định số 144-QĐ/TW của", "Quy định số 144-QĐ/TW", "QĐ", "144", "TW"),
        ("Quyết định số 1161/QĐ-UBND.", "Quyết định số 1161/QĐ-UBND", "QĐ", "1161", "UBND"),
        ("theo Nghị định 30/2020/NĐ-CP,", "Nghị định 30/2020/NĐ-CP", "NĐ", "30", "CP"),
        ("Nghị quyết số 29-NQ/TƯ", "Nghị quyết số 29-NQ/TƯ", "NQ", "29", "TƯ"),
        ("theo 499-BC/TU thì", "499-BC/TU", "BC", "499", "TU"),
        ("Công văn số 123/UBND-VP", "Công văn số 123/UBND-VP", None, "123", "UBND"),
        ("Hướng dẫn số 43-HD/BTGTU", "Hướng dẫn số 43-HD/BTGTU", "HD", "43", "BTGTU"),
        (
            "Chương trình hành động số 05-CTr/TU",
            "Chương trình hành động số 05-CTr/TU",
            "CTr",
            "05",
            "TU",
        ),
        ("Kết luận 01 và chủ đề", "Kết luận 01", "KL", "01", None),
        ("Kết luận số 01 gắn", "Kết luận số 01", "KL", "01", None),
        ("trong tổ chức thực hiện kết luận 01 để", "kết luận 01", "KL", "01", None),
        ("Chương trình hành động số 05 của", "Chương trình hành động số 05", "CTHĐ", "05", None),
        ("Nghị định 49 chỉ rõ", "Nghị định 49", "NĐ", "49", None),
    ],
)
def test_references_are_found_with_their_kind_number_and_issuer_as_written(
    text, surface, kind, number, issuer
):
    ref = _one(text)
    assert (ref.surface, ref.kind, ref.number, ref.issuer) == (surface, kind, number, issuer)
    assert text[ref.start : ref.end] == ref.surface


def test_a_date_right_after_the_symbol_belongs_to_the_reference():
    text = (
        "Tại Báo cáo số 499-BC/TU, ngày 16/5/2024 của Tỉnh ủy; Kết luận số 01-KL/TW ngày 18/5/2021"
    )
    first, second = find_references(text)
    assert first.surface == "Báo cáo số 499-BC/TU, ngày 16/5/2024"
    assert first.date == date(2024, 5, 16)
    assert second.surface == "Kết luận số 01-KL/TW ngày 18/5/2021"
    assert second.date == date(2021, 5, 18)
    assert first.date_in_context is None


def test_an_impossible_date_after_the_symbol_stays_outside_the_surface():
    ref = _one("Kết luận số 01-KL/TW ngày 30/2/2021")
    assert (ref.surface, ref.date) == ("Kết luận số 01-KL/TW", None)


def test_the_issue_date_elsewhere_in_the_sentence_is_the_date_in_context():
    text = (
        "Ngày 2/12/2022, BTV Tỉnh ủy đã ban hành Kế hoạch số 129-KH/TU về việc thực hiện Kết "
        "luận số 01-KL/TW ngày 18/5/2021 về tiếp tục thực hiện Chỉ thị số 05-CT/TW. Sáng "
        "16/5/2024, hội nghị quán triệt Kết luận số 21-KL/TW."
    )
    plan, conclusion, directive, other = find_references(text)
    assert plan.date_in_context == date(2022, 12, 2)
    assert conclusion.date == date(2021, 5, 18)
    assert conclusion.date_in_context is None
    assert directive.date_in_context is None
    assert other.date_in_context is None  # a meeting date, not an issue date


def test_a_short_reference_resolves_to_the_full_symbol_given_earlier():
    text = "Kết luận 01 mở đầu; thực hiện Kết luận số 01-KL/TƯ; rồi Kết luận 01 và Chỉ thị 05."
    before, full, after, directive = find_references(text)
    assert before.resolved is None
    assert after.resolved == parse_doc_number("01-KL/TW")
    assert after.key == ("KL", "01", None)
    assert full.key == ("KL", "01", "TW")
    assert directive.resolved is None


@pytest.mark.parametrize(
    "text",
    [
        "Nghị quyết Trung ương 4 khóa XII",
        "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XII, nhiệm kỳ 2020 - 2025",
        "ngày 16/5/2024 và 20/63 xã, tỷ lệ 12,8 - 13%",
        "gọi 0912-345-678 hoặc 0209.3870.123",
        "dịch COVID-19 và Covid-19",
        "phong trào Phụ nữ 2 tốt",
        "Báo cáo 6 tháng đầu năm, Kế hoạch 5 năm, Chương trình 2 nội dung",
        "Kế hoạch 2021 của tỉnh",
        "thông báo 3 lần, báo cáo 5 nội dung, chỉ thị 12",
        "Kết luận số 0-KL/TW",
        "Quyết định số 217 và Nghị quyết 19-2017/NQ-CP",
        "mã 4G/LTE, xe 29A-123.45, F0/F1",
    ],
)
def test_things_that_only_look_like_references_are_not_found(text):
    found = find_references(text)
    assert [r.surface for r in found if r.surface != "Quyết định số 217"] == []


def test_type_words_are_matched_longest_first_and_case_insensitively():
    assert type_words().index("Chương trình hành động") < type_words().index("Chương trình")
    ref = _one("CHỈ THỊ SỐ 05-CT/TW")
    assert (ref.type_word, ref.kind) == ("CHỈ THỊ", "CT")


def test_spans_index_the_text_as_given_even_when_it_is_decomposed():
    text = unicodedata.normalize("NFD", "Tại Báo cáo số 499-BC/TU, ngày 16/5/2024 của Tỉnh ủy")
    ref = _one(text)
    assert ref.surface == text[ref.start : ref.end]
    assert unicodedata.normalize("NFC", ref.surface) == "Báo cáo số 499-BC/TU, ngày 16/5/2024"
    assert ref.date == date(2024, 5, 16)


def test_state_references_carry_the_year_and_the_drafting_unit():
    legal, letter = find_references("Nghị định số 30/2020/NĐ-CP và Công văn 123/UBND-VP")
    assert (legal.style, legal.year, legal.kind, legal.issuer) == ("state", 2020, "NĐ", "CP")
    assert (letter.kind, letter.sub_body, letter.type_word) == (None, "VP", "Công văn")


def test_a_glued_party_issuer_gives_its_body_initials():
    ref = _one("Hướng dẫn 43-HD/BTGTU")
    assert (ref.style, ref.sub_body, ref.doc_number.parent_issuer) == ("party", "BTG", "TU")
