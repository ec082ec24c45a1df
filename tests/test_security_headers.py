"""Every response carries the security headers; public pages the strictest policy."""

from django.test import Client

import pytest

pytestmark = pytest.mark.django_db


def directives(response):
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/helplines/",
        "/helplines/samaritans/",
        "/search/?q=bullying",
        "/widgets/",
        "/api/v1/docs",
        "/api/v1/console",
    ],
)
def test_public_pages_allow_only_waymark_and_no_inline_code(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_only_the_framed_widget_may_be_framed(client):
    response = client.get("/embed/v1/helplines/?country=GB")
    policy = directives(response)
    assert policy["frame-ancestors"] == "*"
    assert policy["script-src"] == "'self'" and "unsafe-inline" not in str(policy)


def test_the_admin_has_its_own_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["frame-ancestors"] == "'self'"
    assert "'unsafe-inline'" in policy["script-src"]


def test_signed_in_editors_get_the_policy_wagtails_user_bar_needs(admin_client):
    editor = admin_client.get("/helplines/samaritans/")
    assert "'unsafe-inline'" in directives(editor)["script-src"]
    assert "Cookie" in editor["Vary"]
    public = Client().get("/helplines/samaritans/")
    assert directives(public)["script-src"] == "'self'" and "Cookie" in public["Vary"]


# Admin forms as real browsers post them. Browsers attach an Origin header to every form
# post; under `Referrer-Policy: no-referrer` that header is "null" (Fetch standard,
# "serializing a request origin"), which Django's CSRF check refuses. Django's test client
# sends no Origin at all, so these tests send what Chromium sends for the page's policy.
SITE = "http://testserver"


def origin_sent_from(page):
    """The Origin a browser sends with a same-origin form posted from `page`."""
    return "null" if page["Referrer-Policy"] == "no-referrer" else SITE


def post_like_a_browser(client, url, data, page):
    return client.post(
        url,
        data,
        HTTP_ORIGIN=origin_sent_from(page),
        HTTP_SEC_FETCH_SITE="same-origin",
        HTTP_REFERER=f"{SITE}{url}" if page["Referrer-Policy"] != "no-referrer" else "",
    )


def test_an_editor_can_sign_in_from_a_real_browser(django_user_model):
    django_user_model.objects.create_user("ed", "ed@example.org", "a-long-pass-phrase")
    browser = Client(enforce_csrf_checks=True)
    login = browser.get("/admin/login/")
    assert login["Referrer-Policy"] == "same-origin"
    response = post_like_a_browser(
        browser,
        "/admin/login/",
        {
            "username": "ed",
            "password": "a-long-pass-phrase",
            "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
        },
        login,
    )
    assert response.status_code == 302 and response.url == "/admin/"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/pages/add/resources/helplinepage/{helplines}/",
        "/admin/pages/{samaritans}/edit/",
        "/admin/snippets/resources/organisation/add/",
        "/admin/snippets/resources/problemreport/",
        "/admin/helplines/import/",
        "/admin/reports/helplines-due/",
        "/admin/two-factor/setup/",
        "/admin/account/",
        "/admin/images/multiple/add/",
    ],
)
def test_every_admin_form_can_be_posted_from_a_real_browser(django_user_model, url):
    from wagtail.models import Page

    english = Page.objects.filter(locale__language_code="en-gb")
    ids = {slug: english.get(slug=slug).pk for slug in ("helplines", "samaritans")}
    url = url.format(**ids)
    user = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    page = browser.get(url)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    token = browser.cookies["csrftoken"].value
    response = post_like_a_browser(browser, url, {"csrfmiddlewaretoken": token}, page)
    assert response.status_code != 403, response.content[:300]


@pytest.mark.parametrize(
    "origin", ["null", "https://elsewhere.example", "http://testserver.elsewhere.example"]
)
def test_admin_posts_from_anywhere_else_are_still_refused(django_user_model, origin):
    django_user_model.objects.create_user("ed", "ed@example.org", "a-long-pass-phrase")
    browser = Client(enforce_csrf_checks=True)
    browser.get("/admin/login/")
    response = browser.post(
        "/admin/login/",
        {
            "username": "ed",
            "password": "a-long-pass-phrase",
            "csrfmiddlewaretoken": browser.cookies["csrftoken"].value,
        },
        HTTP_ORIGIN=origin,
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session


def test_public_pages_still_send_no_referrer_to_the_sites_they_link_to(client):
    for url in ("/", "/helplines/samaritans/", "/search/?q=lonely", "/browse-safely/"):
        assert client.get(url)["Referrer-Policy"] == "no-referrer"


def test_editor_avatars_never_come_from_another_origin(admin_client):
    import re

    page = admin_client.get("/admin/account/").content.decode()
    sources = re.findall(r'<img[^>]*src="([^"]+)"', page)
    assert any("avatar" in source for source in sources)
    for source in sources:
        assert source.startswith("/") and not source.startswith("//"), source
    assert "gravatar" not in page
