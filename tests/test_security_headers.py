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
