"""Uploads served by Django itself (WAYMARK_SERVE_MEDIA, and `make run`): images straight
from MEDIA_ROOT, documents only through Wagtail's document view."""

import io
import tempfile

from django.core.files.base import ContentFile
from django.test import override_settings

from wagtail.documents.models import Document
from wagtail.images.models import Image

import pytest
from PIL import Image as PillowImage

from cms.urls import media_urlpatterns
from cms.urls import urlpatterns as site_urlpatterns

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.test_media")]

MEDIA_ROOT = tempfile.mkdtemp(prefix="waymark-media-")
with override_settings(MEDIA_ROOT=MEDIA_ROOT):
    urlpatterns = media_urlpatterns() + site_urlpatterns


@pytest.fixture
def media_on_disk(settings):
    settings.MEDIA_ROOT = MEDIA_ROOT
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": MEDIA_ROOT},
        },
    }


def test_documents_are_served_as_downloads_by_wagtails_view_only(client, media_on_disk):
    document = Document.objects.create(
        title="Plan", file=ContentFile(b"<html><script>alert(1)</script>", name="plan.html")
    )
    assert client.get(f"/media/{document.file.name}").status_code == 404
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_images_are_served_from_media(client, media_on_disk):
    png = io.BytesIO()
    PillowImage.new("RGB", (8, 8), "teal").save(png, "PNG")
    image = Image.objects.create(title="Poster", file=ContentFile(png.getvalue(), name="p.png"))
    response = client.get(f"/media/{image.file.name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png.getvalue()
