"""Security headers for every response.

Public pages get a strict Content-Security-Policy: everything from Waymark's own origin, no
inline scripts or styles, no framing. The admin, and public pages seen by signed-in editors
(whose Wagtail user bar and previews need it), get a policy of their own that allows the
inline code Wagtail's admin uses. A view may set its own policy (the framed widget does);
the middleware leaves that alone.

Public pages send no referrer at all, so nothing a visitor reads is told to the sites they
go on to. The admin sends its own address to itself only ("same-origin"): under
"no-referrer" browsers send `Origin: null` with form posts, which Django's CSRF protection
rightly refuses, so no editor could sign in or save anything.
"""

from django.utils.cache import patch_vary_headers

PUBLIC_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-src": "'self'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
}
EDITOR_POLICY = {
    **PUBLIC_POLICY,
    "script-src": "'self' 'unsafe-inline'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "frame-ancestors": "'self'",
}
# Nothing public needs the camera, microphone, location, payments or other powerful features.
ADMIN_REFERRER_POLICY = "same-origin"
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
)


def policy(directives, **overrides):
    """A Content-Security-Policy header value; overrides use underscores for hyphens."""
    merged = {**directives, **{name.replace("_", "-"): v for name, v in overrides.items()}}
    return "; ".join(f"{name} {value}" for name, value in merged.items())


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.public = policy(PUBLIC_POLICY)
        self.editor = policy(EDITOR_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        in_admin = request.path.startswith("/admin/")
        if in_admin:
            # Django's SecurityMiddleware, further out, sets the public policy by default.
            response.headers.setdefault("Referrer-Policy", ADMIN_REFERRER_POLICY)
        if "Content-Security-Policy" not in response:
            # Set by the authentication middleware further in, unless a response was served
            # before it (the API's cache), which is never for a signed-in editor.
            user = getattr(request, "user", None)
            editing = in_admin
            if not editing and user is not None:
                editing = user.is_authenticated
                # The policy depends on who is signed in: caches must keep them apart.
                patch_vary_headers(response, ["Cookie"])
            response["Content-Security-Policy"] = self.editor if editing else self.public
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
