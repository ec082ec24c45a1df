"""Addresses that hold words someone typed (the finder's `q`, which the search page, the
directory and topic pages all take) are answered so that nothing on the way keeps them."""

from django.utils.cache import add_never_cache_headers, patch_cache_control


def holds_typed_text(request):
    """Whether the address carries words someone typed."""
    return bool(request.GET.get("q", "").strip())


def never_store(response):
    """Kept by no browser, proxy or cache on the way."""
    add_never_cache_headers(response)
    patch_cache_control(response, no_store=True, private=True)
    return response
