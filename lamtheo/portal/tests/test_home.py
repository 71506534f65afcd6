from django.utils.html import escape

from lamtheo.portal import navigation


def test_an_anonymous_visitor_is_sent_to_sign_in(anonymous, db):
    response = anonymous.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/?next=/"


def test_the_home_page_greets_the_user_in_vietnamese_with_every_area(client, editor_a):
    client.force_login(editor_a)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Xin chào, Nông Văn An" in html
    for label in (
        "Tổ chức",
        "Văn bản",
        "Kế hoạch &amp; chỉ tiêu",
        "Điển hình",
        "Kiểm tra &amp; đánh giá",
        "Báo cáo",
        "Nhập liệu",
    ):
        assert label in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html


def test_the_home_page_shows_todays_date_as_dd_mm_yyyy(client, editor_a):
    client.force_login(editor_a)
    from django.utils import timezone

    today = timezone.localdate()
    html = client.get("/").content.decode()
    assert f"Hôm nay là ngày {today:%d/%m/%Y}." in html


def test_the_home_page_speaks_english_when_chosen(client, editor_a):
    client.force_login(editor_a)
    response = client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Hello, Nông Văn An" in html
    assert "Plans &amp; targets" in html
    assert "Kế hoạch &amp; chỉ tiêu" not in html


def test_an_area_appears_as_a_link_once_its_pages_exist(client, editor_a, settings):
    settings.ROOT_URLCONF = "lamtheo.portal.tests.urls_with_org"
    client.force_login(editor_a)
    html = client.get("/").content.decode()
    assert '<a href="/to-chuc/">Tổ chức</a>' in html
    assert 'title="Chức năng đang được xây dựng">Nhập liệu</span>' in html


def test_areas_not_yet_built_are_greyed_out_not_linked(client, editor_a):
    client.force_login(editor_a)
    html = client.get("/").content.decode()
    for entry in navigation.entries("/"):
        if entry["url"] is None:
            assert f'title="Chức năng đang được xây dựng">{escape(entry["label"])}</span>' in html


def test_vietnamese_stays_the_default_whatever_the_browser_prefers(client, editor_a):
    client.force_login(editor_a)
    html = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="vi">' in html
