"""Addresses that hold words someone typed (the finder's `q`, which the search page, the
directory and topic pages all take) are answered so that nothing on the way keeps them."""

from django.utils.cache import add_never_cache_headers, patch_cache_control


def holds_typed_text(request):
    """Whether the address carries words someone typed, or the page shows back a value from
    it that nothing published knows (`shows_typed_value`)."""
    return bool(request.GET.get("q", "").strip()) or getattr(request, "shows_typed_value", False)


def shows_typed_value(request):
    """Mark a page that shows back a value from its address that nothing published knows (a
    topic or country nobody defined, in a notice): it may be anything someone typed there."""
    request.shows_typed_value = True


def never_store(response):
    """Kept by no browser, proxy or cache on the way."""
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response
