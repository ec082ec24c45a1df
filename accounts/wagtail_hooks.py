from django.urls import include, path, reverse

from wagtail import hooks

from django_otp import user_has_device

from . import urls


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("two-factor/", include(urls))]


@hooks.register("register_account_menu_item")
def two_factor_menu_item(request):
    on = user_has_device(request.user)
    return {
        "url": reverse("two_factor_setup"),
        "label": "Two-factor sign-in",
        "help_text": "On: sign-in asks for a code from your phone."
        if on
        else "Off: turn it on so a stolen password is not enough to sign in as you.",
    }
