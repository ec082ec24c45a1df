"""Uploaded images and documents: where they are kept, and how images reach visitors.

Uploads live in MEDIA_ROOT, or in an S3-compatible bucket when WAYMARK_MEDIA_BUCKET names
one. Either way visitors fetch images from Waymark's own address (/media/…), never from
another origin, and the proxy in front caches them. Documents are never served from
/media/: Wagtail's document view (/documents/…) applies their collection's privacy and
sends them under a Content-Security-Policy that lets nothing in them run.
"""

import mimetypes
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.encoding import filepath_to_uri
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from storages.backends.s3 import S3Storage

# Images and their renditions appear on public pages; nothing else uploaded is public.
PUBLIC_PREFIXES = ("original_images/", "images/")


class MediaStorage(S3Storage):
    """Uploads in a private bucket, read and written with the app's own credentials (no
    public access or ACLs needed, so any S3-compatible store will do). An upload never
    replaces another file of the same name."""

    querystring_auth = False
    file_overwrite = False
    default_acl = None

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        if not name.startswith(PUBLIC_PREFIXES):
            # Should a document ever be reached in the bucket, it is still a download.
            parameters.setdefault("ContentDisposition", "attachment")
        return parameters


@require_safe
@cache_control(public=True, max_age=24 * 3600)
def public_media(request, path):
    """An image or one of its renditions, read from wherever uploads are kept."""
    if not path.startswith(PUBLIC_PREFIXES):
        raise Http404
    try:
        image = default_storage.open(path)
    except (FileNotFoundError, IsADirectoryError) as missing:
        raise Http404 from missing
    content_type, _ = mimetypes.guess_type(path)
    return FileResponse(image, content_type=content_type or "application/octet-stream")
