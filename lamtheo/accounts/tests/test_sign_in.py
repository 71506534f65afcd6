from lamtheo.conftest import PASSWORD


def test_the_sign_in_page_is_in_vietnamese(anonymous):
    html = anonymous.get("/dang-nhap/").content.decode()
    assert "Tên đăng nhập" in html
    assert "Mật khẩu" in html


def test_a_user_signs_in_and_lands_on_the_home_page(client, editor_a):
    response = client.post("/dang-nhap/", {"username": "xa_a", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_wrong_password_is_refused_with_a_message_in_vietnamese(client, editor_a):
    response = client.post("/dang-nhap/", {"username": "xa_a", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert client.get("/").status_code == 302


def test_sign_out_is_a_post_and_ends_the_session(client, editor_a):
    client.force_login(editor_a)
    assert client.get("/dang-xuat/").status_code == 405
    response = client.post("/dang-xuat/")
    assert response.status_code == 302
    assert response["Location"] == "/dang-nhap/"
    assert client.get("/").status_code == 302


def test_a_signed_in_user_going_to_sign_in_is_sent_home(client, editor_a):
    client.force_login(editor_a)
    response = client.get("/dang-nhap/")
    assert response.status_code == 302
    assert response["Location"] == "/"
