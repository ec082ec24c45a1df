"""Uploads in an S3-compatible bucket, in real Chromium against gunicorn: an editor uploads
an image and a document in the admin as usual; visitors see images from Waymark's own
address and get documents through Wagtail's view, never from the bucket."""

import types

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.test_object_storage import CREDENTIALS, png

from .conftest import build_demo_site, free_port, gunicorn, manage, site_environment
from .editors import DESKTOP, log_in

pytestmark = pytest.mark.browser

BUCKET = "waymark-browser-media"


@pytest.fixture(scope="module")
def bucket_site(tmp_path_factory):
    """The demo site with its uploads in a bucket on a local S3 server: (site, bucket)."""
    port = free_port()
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    s3.start()
    address = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=address, region_name="eu-west-2", **CREDENTIALS)
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"}
    )
    env = site_environment(
        tmp_path_factory.mktemp("bucket"),
        WAYMARK_MEDIA_BUCKET=BUCKET,
        WAYMARK_MEDIA_ENDPOINT=address,
        WAYMARK_MEDIA_REGION="eu-west-2",
        AWS_ACCESS_KEY_ID=CREDENTIALS["aws_access_key_id"],
        AWS_SECRET_ACCESS_KEY=CREDENTIALS["aws_secret_access_key"],
    )
    del env["MEDIA_ROOT"]
    build_demo_site(env)
    manage(env, "shell", "-c", "from tests.browser.editor_site import prepare; prepare()")
    with gunicorn(env) as url:
        yield types.SimpleNamespace(url=url, env=env), client
    s3.stop()


def keys(client):
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def shown(image):
    """Whether `image` loads and has pixels (waits for it to finish loading)."""
    image.scroll_into_view_if_needed()
    return image.evaluate(
        """image => new Promise(done => {
            const check = () => done(image.naturalWidth > 0);
            image.complete ? check() : (image.onload = image.onerror = check);
        })"""
    )


def test_a_visitor_sees_campaign_images_kept_in_the_bucket_from_waymarks_own_address(
    visit, bucket_site
):
    site, client = bucket_site
    seen = visit(**DESKTOP)
    seen.page.goto(f"{site.url}/campaigns/scroll-less-live-more/")
    hero = seen.page.locator("img.campaign__image")
    assert shown(hero)
    assert hero.get_attribute("src").startswith("/media/images/")
    assert hero.get_attribute("src").removeprefix("/media/") in keys(client)
    assert seen.origins() == {site.url}
    assert seen.errors == []
    assert seen.context.cookies() == []


def test_an_editor_uploads_an_image_and_a_document_that_go_to_the_bucket(visit, bucket_site):
    site, client = bucket_site
    editor = visit(**DESKTOP)
    page = editor.page
    log_in(page, site, "admin")
    before = keys(client)

    page.goto(f"{site.url}/admin/images/multiple/add/")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "event-poster.png", "mimeType": "image/png", "buffer": png((300, 200))}]
    )
    page.get_by_role("button", name="Update").first.wait_for()
    page.goto(f"{site.url}/admin/images/?q=event-poster")
    thumbnail = page.locator("main img").filter(has=page.locator("xpath=self::*[@alt]")).first
    assert shown(thumbnail)
    assert thumbnail.get_attribute("src").startswith("/media/images/")

    page.goto(f"{site.url}/admin/documents/multiple/add/")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "poster-pack.csv", "mimeType": "text/csv", "buffer": b"day,task\n1,ok\n"}]
    )
    page.get_by_role("button", name="Update").first.wait_for()
    added = keys(client) - before
    assert any(key.startswith("original_images/event-poster") for key in added)
    document = next(key for key in added if key.startswith("documents/"))
    assert editor.origins() <= {site.url, f"blob:{site.url}"}  # the uploader's previews

    printed = manage(
        site.env,
        "shell",
        "-c",
        "from wagtail.documents.models import Document; "
        f"print(Document.objects.get(file='{document}').url)",
    )
    address = printed.strip().splitlines()[-1]
    visitor = visit(**DESKTOP)
    response = visitor.page.request.get(f"{site.url}{address}")
    assert response.status == 200
    assert response.body() == b"day,task\n1,ok\n"
    assert response.headers["content-disposition"].startswith("attachment")
    assert visitor.page.request.get(f"{site.url}/media/{document}").status == 404
