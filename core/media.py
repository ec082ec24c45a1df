"""Uploaded images and documents: where they are kept, and how images reach visitors.

Uploads live in MEDIA_ROOT, or in an S3-compatible bucket when WAYMARK_MEDIA_BUCKET names
one. Either way visitors fetch images from Waymark's own address (/media/…), never from
another origin, and the proxy in front caches them. Documents are never served from
/media/: Wagtail's document view (/documents/…) applies their collection's privacy and
sends them under a Content-Security-Policy that lets nothing in them run.
"""

import logging
import mimetypes
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.encoding import filepath_to_uri
from django.views.decorators.http import require_safe

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

from .caching import RETRY_AFTER_SECONDS

# Images and their renditions appear on public pages; nothing else uploaded is public.
PUBLIC_PREFIXES = ("original_images/", "images/")
# A bucket that is down or slow answers well within a web worker's timeout (30 s), with
# one retry: botocore would otherwise wait a minute per try.
BUCKET_TIMEOUTS = Config(connect_timeout=3, read_timeout=10, retries={"max_attempts": 2})
# A day in browsers and in the proxy in front.
IMAGE_LIFETIME_SECONDS = 24 * 3600

logger = logging.getLogger(__name__)


class MediaStorage(S3Storage):
    """Uploads in a private bucket, read and written with the app's own credentials (no
    public access or ACLs needed, so any S3-compatible store will do). An upload never
    replaces another file of the same name."""

    querystring_auth = False
    file_overwrite = False
    default_acl = None

    def __init__(self, **settings):
        super().__init__(**settings)
        self.client_config = self.client_config.merge(BUCKET_TIMEOUTS)

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        if not name.startswith(PUBLIC_PREFIXES):
            # Should a document ever be reached in the bucket, it is still a download.
            parameters.setdefault("ContentDisposition", "attachment")
        return parameters


@require_safe
def public_media(request, path):
    """An image or one of its renditions, read from wherever uploads are kept. While they
    cannot be read (the bucket is down), 503 with Retry-After, stored by no one, so that the
    proxy serves its last copy and browsers try again."""
    if not path.startswith(PUBLIC_PREFIXES):
        raise Http404
    try:
        image = default_storage.open(path)
    except (FileNotFoundError, IsADirectoryError) as missing:
        raise Http404 from missing
    except (BotoCoreError, ClientError, OSError) as error:
        logger.error("Uploads cannot be read: %s", error)
        response = HttpResponse(
            "Images are unavailable for a moment.",
            status=503,
            content_type="text/plain; charset=utf-8",
            headers={"Retry-After": RETRY_AFTER_SECONDS},
        )
        add_never_cache_headers(response)
        return response
    content_type, _ = mimetypes.guess_type(path)
    response = FileResponse(image, content_type=content_type or "application/octet-stream")
    patch_cache_control(response, public=True, max_age=IMAGE_LIFETIME_SECONDS)
    return response
