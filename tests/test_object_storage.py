"""Uploads in S3-compatible object storage (WAYMARK_MEDIA_BUCKET), against a real local S3
server (moto's server mode) that these tests start: editors upload as usual, images reach
visitors from Waymark's own address, and documents keep their privacy rules."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

import boto3
import pytest
from moto.server import ThreadedMotoServer
from PIL import Image as PillowImage

from cms.urls import media_urlpatterns
from cms.urls import urlpatterns as site_urlpatterns
from tests.test_settings import free_port, run_manage

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.test_object_storage")]

with override_settings(MEDIA_URL="/media/"):
    urlpatterns = media_urlpatterns() + site_urlpatterns

BUCKET = "waymark-media"
CREDENTIALS = {"aws_access_key_id": "waymark-test", "aws_secret_access_key": "not-secret"}


@pytest.fixture(scope="module")
def s3_address():
    """A local S3-compatible server, for this module's tests."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_address, settings):
    """An empty private bucket, and Waymark's uploads going to it as production's settings
    put them when WAYMARK_MEDIA_BUCKET is set."""
    client = boto3.client("s3", endpoint_url=s3_address, region_name="eu-west-2", **CREDENTIALS)
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "core.media.MediaStorage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_address,
                "region_name": "eu-west-2",
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
            },
        },
    }
    yield client
    stored = client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    for item in stored:
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client):
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def png(size=(64, 48)):
    picture = io.BytesIO()
    PillowImage.new("RGB", size, "teal").save(picture, "PNG")
    return picture.getvalue()


def upload(client, kind, name, content, collection=None):
    collection = collection or Collection.get_first_root_node()
    response = client.post(
        f"/admin/{kind}/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": collection.pk},
    )
    assert response.status_code == 302, response.content[:500]


def body(response):
    return b"".join(response.streaming_content)


def test_an_uploaded_image_is_kept_in_the_bucket_and_shown_from_waymarks_own_address(
    admin_client, bucket
):
    upload(admin_client, "images", "poster.png", png())
    image = Image.objects.get(title="poster.png")
    assert image.file.name in keys(bucket)
    assert image.file.name.startswith("original_images/")

    rendition = image.get_rendition("fill-32x32")
    assert rendition.file.name in keys(bucket)
    assert rendition.url.startswith("/media/images/")

    admin_client.logout()
    response = admin_client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "public" in response["Cache-Control"]
    served = body(response)
    assert PillowImage.open(io.BytesIO(served)).size == (32, 32)
    assert served == bucket.get_object(Bucket=BUCKET, Key=rendition.file.name)["Body"].read()


@pytest.mark.parametrize(
    ("name", "disposition"),
    [("safety-plan.pdf", "inline"), ("contacts.csv", "attachment")],
)
def test_a_document_is_read_from_the_bucket_by_wagtails_view_only(
    admin_client, bucket, name, disposition
):
    """Never linked to in the bucket, nor under /media/: Wagtail's view sends it, with its
    own Content-Security-Policy; PDFs open in the browser, other types download."""
    content = b"%PDF-1.4\nsafety plan template\n"
    upload(admin_client, "documents", name, content)
    document = Document.objects.get(title=name)
    stored = bucket.head_object(Bucket=BUCKET, Key=document.file.name)
    assert stored["ContentDisposition"] == "attachment"

    admin_client.logout()
    assert admin_client.get(f"/media/{document.file.name}").status_code == 404
    response = admin_client.get(document.url)
    assert response.status_code == 200, "served through Wagtail, not a redirect to the bucket"
    assert response["Content-Disposition"].startswith(disposition)
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert body(response) == content


def test_a_document_in_a_private_collection_is_refused_to_visitors(admin_client, bucket):
    private = Collection.get_first_root_node().add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    content = b"%PDF-1.4\ninternal rota\n"
    upload(admin_client, "documents", "rota.pdf", content, collection=private)
    document = Document.objects.get(title="rota.pdf")
    assert document.file.name in keys(bucket)
    assert body(admin_client.get(document.url)) == content

    admin_client.logout()
    response = admin_client.get(document.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_deleting_an_image_takes_it_and_its_renditions_out_of_the_bucket(
    admin_client, bucket, django_capture_on_commit_callbacks
):
    upload(admin_client, "images", "old-poster.png", png())
    image = Image.objects.get(title="old-poster.png")
    image.get_rendition("fill-32x32")
    assert len(keys(bucket)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/images/{image.pk}/delete/")
    assert response.status_code == 302
    assert keys(bucket) == set()


def test_an_image_not_in_the_bucket_is_not_found(client, bucket):
    assert client.get("/media/original_images/missing.png").status_code == 404
    assert client.get("/media/images/").status_code == 404


def test_while_the_bucket_is_down_an_image_is_503_for_a_moment_and_stored_by_no_one(
    client, bucket, settings
):
    down = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    default = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**default, "OPTIONS": {**default["OPTIONS"], "endpoint_url": down}},
    }

    response = client.get("/media/original_images/poster.png")

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_production_keeps_uploads_in_the_bucket_the_environment_names():
    shown = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; from django.core.files.storage import storages; "
        "storage = storages['default']; "
        "print(type(storage).__name__, storage.bucket_name, storage.endpoint_url, "
        "settings.WAYMARK_SERVE_MEDIA)",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="waymark.example",
        CACHE_URL="locmem://",
        WAYMARK_MEDIA_BUCKET="org-media",
        WAYMARK_MEDIA_ENDPOINT="https://objects.example.net",
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[-1].split() == [
        "MediaStorage",
        "org-media",
        "https://objects.example.net",
        "True",
    ]
