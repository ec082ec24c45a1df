"""Editors' uploads are limited by type and size, and rich text keeps only safe features: a
refused upload stores nothing, and nothing an editor pastes can run in a visitor's browser."""

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

import pytest

from core.blocks import RICH_TEXT_FEATURES

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def upload(admin_client, kind, name, content):
    return admin_client.post(
        f"/admin/{kind}/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


@pytest.mark.parametrize(
    "name, content",
    [
        ("page.html", b"<script>alert(1)</script>"),
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("setup.exe", b"MZ\x90\x00"),
        ("macro.docm", b"PK\x03\x04"),
    ],
)
def test_documents_of_unsafe_types_are_refused(admin_client, name, content):
    count = Document.objects.count()
    response = upload(admin_client, "documents", name, content)
    assert response.status_code == 200
    assert b"is not allowed. Allowed extensions are" in response.content
    assert Document.objects.count() == count


def test_documents_over_the_size_limit_are_refused(admin_client, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    count = Document.objects.count()
    response = upload(admin_client, "documents", "plan.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    assert b"This file is too big" in response.content
    assert Document.objects.count() == count
    upload(admin_client, "documents", "plan.pdf", b"%PDF-1.4\n" + b"0" * 512)
    assert Document.objects.count() == count + 1


@pytest.mark.parametrize("name", ["drawing.svg", "page.html"])
def test_images_of_unsafe_types_are_refused(admin_client, name):
    count = Image.objects.count()
    response = upload(admin_client, "images", name, b"<svg onload='alert(1)'/>")
    assert b"Not a supported image format" in response.content
    assert Image.objects.count() == count


@pytest.mark.parametrize(
    "name, content",
    [
        ("poster.png", PNG[:40]),
        ("poster.png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
        ("poster.gif", b"GIF89a" + b"\x01" * 50),
        ("poster.webp", b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(40)),
        ("poster.avif", b"\x00\x00\x00\x1cftypavif" + bytes(40)),
    ],
    ids=["truncated-png", "png-header", "gif-header", "webp-header", "avif-header"],
)
@pytest.mark.parametrize("address, field", [("add", "file"), ("multiple/add", "files[]")])
def test_files_that_only_look_like_images_are_refused_as_such(
    admin_client, name, content, address, field
):
    """Their first bytes name an image format their contents do not hold."""
    count = Image.objects.count()
    response = admin_client.post(
        f"/admin/images/{address}/",
        {"title": name, field: SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert b"not an image or a corrupted image" in response.content
    assert Image.objects.count() == count


def test_images_over_the_size_limit_are_refused(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = len(PNG) - 1
    count = Image.objects.count()
    response = upload(admin_client, "images", "poster.png", PNG)
    assert b"This file is too big" in response.content
    assert Image.objects.count() == count


def test_rich_text_keeps_only_safe_features():
    pasted = (
        "<h2>Steps</h2><p><b>Breathe</b> <i>slowly</i>. "
        '<a href="https://www.example.org/help">More help</a> '
        '<a href="javascript:alert(1)">Click</a></p>'
        "<script>alert(1)</script><iframe src='https://evil.example'></iframe>"
        "<img src='x' onerror='alert(1)'><p onclick='alert(1)' style='color:red'>Hi</p>"
        "<h1>Too big</h1><table><tr><td>cell</td></tr></table>"
    )
    stored = EditorHTMLConverter(features=RICH_TEXT_FEATURES).to_database_format(pasted)
    for unsafe in ("<script", "<iframe", "<img", "onerror", "onclick", "style=", "javascript:"):
        assert unsafe not in stored
    for unsupported in ("<h1", "<table", "<td"):
        assert unsupported not in stored
    assert "<h2>Steps</h2>" in stored
    assert "<b>Breathe</b>" in stored
    assert '<a href="https://www.example.org/help">More help</a>' in stored
