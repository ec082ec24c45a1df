from django.urls import path

from . import two_factor

urlpatterns = [
    path("setup/", two_factor.setup, name="two_factor_setup"),
    path("verify/", two_factor.verify, name="two_factor_verify"),
    path("disable/", two_factor.disable, name="two_factor_disable"),
]
