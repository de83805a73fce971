from gongkai.portal.context_processors import A11Y_COOKIE


def test_it_shows_the_site_identity_in_the_footer(client, db, settings):
    settings.SITE_CODE, settings.SITE_ICP = "3100000106", "沪ICP备2021016245号-2"
    page = client.get("/").content.decode()
    assert '网站标识码：<span data-testid="site-code">3100000106</span>' in page
    assert "沪ICP备2021016245号-2" in page
    assert '<main id="main"' in page and 'role="contentinfo"' in page and 'aria-label="主导航"' in page


def test_it_lists_agencies_with_guide_contacts(client, tree):
    tree["a"].phone = "021-5555"
    tree["a"].save()
    page = client.get("/").content.decode()
    assert "测试区甲局" in page and "021-5555" in page


def test_it_switches_large_text_on_and_off_and_remembers(client, db):
    response = client.post("/a11y/", {"next": "/register/"})
    assert response.status_code == 302 and response["Location"] == "/register/"
    assert response.cookies[A11Y_COOKIE].value == "1"
    assert response.cookies[A11Y_COOKIE]["max-age"] == 365 * 24 * 3600
    assert '<html lang="zh-Hans" class="a11y">' in client.get("/").content.decode()
    client.post("/a11y/", {"next": "/"})
    assert '<html lang="zh-Hans" class="">' in client.get("/").content.decode()


def test_it_refuses_an_offsite_redirect_after_switching(client, db):
    assert client.post("/a11y/", {"next": "https://evil.example/"})["Location"] == "/"


def test_every_form_field_has_a_label(client, db):
    page = client.get("/register/").content.decode()
    for field in ("id_username", "id_full_name", "id_credit_code", "id_password1"):
        assert f'for="{field}"' in page
