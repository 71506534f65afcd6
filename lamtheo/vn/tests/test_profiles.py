from datetime import date

import pytest

from lamtheo.vn.profiles import all_profiles, load_profile, profile_for

PARTY_CODES = {
    "Nghị quyết": "NQ",
    "Quyết định": "QĐ",
    "Quy định": "QĐ",
    "Chỉ thị": "CT",
    "Kết luận": "KL",
    "Quy chế": "QC",
    "Hướng dẫn": "HD",
    "Kế hoạch": "KH",
    "Thông báo": "TB",
    "Báo cáo": "BC",
    "Công văn": "CV",
    "Bản sao": "BS",
    "Chương trình": "CTr",
    "Chương trình hành động": "CTHĐ",
    "Tờ trình": "TTr",
    "Thông tri": "TT",
    "Đề án": "ĐA",
    "Phương án": "PA",
    "Biên bản": "BB",
}


@pytest.mark.parametrize("key", ["party-2018", "party-2026"])
def test_party_profiles_carry_the_party_type_codes(key):
    profile = load_profile(key)
    assert {t.name: t.code for t in profile.types} == PARTY_CODES
    assert profile.style == "party"
    assert profile.number_prefix == "Số "
    assert profile.numbering == "term"
    assert profile.leading_zero_below == 10
    assert profile.signing == ("T/M", "K/T", "T/L", "T/UQ")


def test_the_2026_party_profile_rests_on_quy_dinh_399():
    profile = load_profile("party-2026")
    assert profile.basis == "Quy định 399-QĐ/TW"
    assert profile.valid_from == date(2026, 1, 9)
    assert profile.layout == load_profile("party-2018").layout


def test_the_state_profile_follows_decree_30_2020():
    profile = load_profile("state-2020")
    assert profile.number_prefix == "Số: "
    assert profile.numbering == "year"
    assert profile.type_by_key("quy-dinh").code == "QyĐ"
    assert profile.type_by_key("cong-van").code == ""
    assert profile.type_by_key("nghi-dinh").legal
    assert {t.key for t in profile.types_with_code("QĐ")} == {"quyet-dinh", "quyet-dinh-qppl"}
    assert profile.signing == ("TM.", "KT.", "TL.", "TUQ.", "Q.")


def test_every_type_key_is_an_ascii_slug_unique_within_its_profile():
    for profile in all_profiles().values():
        keys = [t.key for t in profile.types]
        assert len(keys) == len(set(keys))
        assert all(k.isascii() and k == k.lower() and " " not in k for k in keys)


def test_the_party_page_layout_is_kept_as_data_with_unverified_margins():
    layout = load_profile("party-2018").layout
    assert (layout.page, layout.font) == ("A4", "Times New Roman")
    margins = layout.margins_mm
    assert (margins.top, margins.bottom, margins.left, margins.right) == (20, 20, 30, 15)
    assert not margins.verified
    header = layout.text["header"]
    assert (header.size, header.bold, header.caps) == ((15, 15), True, True)
    assert layout.text["place_date"].italic
    assert layout.text["type_name"].size == (15, 16)
    assert layout.text["recipients"].size == (12, 12)


@pytest.mark.parametrize(
    ("style", "on", "key"),
    [
        ("party", date(2024, 5, 16), "party-2018"),
        ("party", date(2026, 1, 8), "party-2018"),
        ("party", date(2026, 1, 9), "party-2026"),
        ("party", date(2010, 1, 1), "party-2018"),
        ("state", date(2024, 5, 16), "state-2020"),
    ],
)
def test_the_profile_in_force_depends_on_the_day(style, on, key):
    assert profile_for(style, on).key == key


def test_unknown_profiles_and_styles_are_programming_errors():
    with pytest.raises(KeyError):
        load_profile("party-1997")
    with pytest.raises(KeyError):
        profile_for("church", date(2024, 1, 1))
    with pytest.raises(KeyError):
        load_profile("party-2018").type_by_key("thu-tinh")


def test_profiles_are_read_once():
    assert all_profiles()["party-2018"] is load_profile("party-2018")
