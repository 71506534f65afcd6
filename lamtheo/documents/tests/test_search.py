"""Full-text search over the number, title and body: accent-insensitive, exact on symbols,
ranked, highlighted, filtered - the same answers on SQLite (FTS5) and PostgreSQL (tsvector)."""

from datetime import date

import pytest

from lamtheo.documents import search, selectors, services
from lamtheo.documents.selectors import Filters

from .conftest import register


def _find(user, q="", **filters):
    return selectors.find(user, Filters(q=q, **filters), limit=20)


def _symbols(page):
    return [d.symbol for d in page.documents]


@pytest.fixture
def registry(provincial_plan, directives, province, commune_a, provincial_admin):
    report = register(
        province,
        "bao-cao",
        "499-BC/TU",
        date(2024, 5, 16),
        "Sơ kết 3 năm thực hiện Kết luận số 01-KL/TW",
        body="Tỉnh ủy Điện Biên báo cáo kết quả thực hiện Kết luận 01 và Kế hoạch 129-KH/TU.",
        relations=[("reports_on", directives["kl01"])],
    )
    other = register(
        province,
        "ke-hoach",
        "130-KH/TU",
        date(2023, 2, 1),
        "Tổ chức hội nghị quán triệt",
        body="Các huyện ủy báo cáo về Tỉnh ủy theo Báo cáo số 499-BC/TU.",
    )
    return {"report": report, "other": other, **directives, "plan": provincial_plan}


def test_words_without_accents_find_them_with_accents(registry, provincial_admin):
    page = _find(provincial_admin, "dien bien")
    assert {"129-KH/TU", "499-BC/TU"} <= set(_symbols(page))
    assert "05-CT/TW" not in _symbols(page)


def test_ket_luan_01_finds_the_conclusion_first(registry, provincial_admin):
    page = _find(provincial_admin, "ket luan 01")
    assert _symbols(page)[0] == "01-KL/TW"
    assert "499-BC/TU" in _symbols(page)  # its title cites it


def test_a_new_plan_is_found_by_typing_ke_hoach_129(registry, provincial_admin):
    page = _find(provincial_admin, "ke hoach 129")
    assert _symbols(page)[0] == "129-KH/TU"


def test_a_symbol_finds_its_document_first_and_then_those_citing_it(registry, provincial_admin):
    page = _find(provincial_admin, "499-BC/TU")
    assert _symbols(page) == ["499-BC/TU", "130-KH/TU"]
    # Exact: another number of the same kind and issuer is not a match.
    assert _symbols(_find(provincial_admin, "498-BC/TU")) == []


def test_the_last_word_may_be_unfinished(registry, provincial_admin):
    assert "129-KH/TU" in _symbols(_find(provincial_admin, "chuyen de hoc ta"))


def test_filters_narrow_the_search(registry, provincial_admin, province):
    assert _symbols(_find(provincial_admin, "bao cao", kind="KH")) == ["130-KH/TU"]
    assert _symbols(_find(provincial_admin, "", kind="party:ket-luan")) == ["01-KL/TW"]
    assert _symbols(_find(provincial_admin, "", issuer="TW")) == ["01-KL/TW", "05-CT/TW"]
    in_2023 = _find(provincial_admin, "", date_from=date(2023, 1, 1), date_to=date(2023, 12, 31))
    assert _symbols(in_2023) == ["130-KH/TU"]
    assert set(_symbols(_find(provincial_admin, "", unit=province.code))) == {
        "499-BC/TU",
        "130-KH/TU",
        "129-KH/TU",
    }


def test_counts_and_pages(registry, provincial_admin):
    first = selectors.find(provincial_admin, Filters(), limit=2)
    second = selectors.find(provincial_admin, Filters(), limit=2, offset=2)
    assert first.total == second.total == 5
    assert len(first.documents) == 2
    assert not set(first.documents) & set(second.documents)


def test_what_the_user_may_not_see_is_not_found(registry, document_of_a, editor_b):
    assert _symbols(_find(editor_b, "muong luan")) == []
    assert _symbols(_find(editor_b, "01-NQ/ĐU")) == []


def test_an_edit_is_searched_at_once(registry, province, provincial_admin):
    other = registry["other"]
    services.update_document(
        document=other,
        draft=services.Draft(
            unit=province,
            kind="party:ke-hoach",
            symbol="130-KH/TU",
            issued_on=other.issued_on,
            title="Tổ chức hội nghị trực tuyến về chuyển đổi số",
        ),
        version=other.version,
        by=provincial_admin,
    )
    assert _symbols(_find(provincial_admin, "chuyen doi so")) == ["130-KH/TU"]
    assert _symbols(_find(provincial_admin, "quan triet")) == []


def test_snippets_mark_the_words_found_in_the_original_text():
    query = search.parse_query("dien bien ket luan 1")
    html = search.highlight("Tỉnh ủy Điện Biên thực hiện Kết luận số 01 <b>", query)
    assert html == (
        "Tỉnh ủy <mark>Điện</mark> <mark>Biên</mark> thực hiện <mark>Kết</mark> "
        "<mark>luận</mark> số <mark>01</mark> &lt;b&gt;"
    )


def test_a_long_body_is_cut_around_the_matches():
    body = "Mở đầu. " * 100 + "Huyện ủy Tủa Chùa đột phá giảm nghèo. " + "Kết thúc. " * 100
    html = search.highlight(body, search.parse_query("giam ngheo"), width=120)
    assert "<mark>giảm</mark> <mark>nghèo</mark>" in html
    assert html.startswith("… ")
    assert html.endswith(" …")
    assert len(html) < 250
