from django.urls import path

from . import two_factor

urlpatterns = [
    path("setup/", two_factor.setup, name="two_factor_setup"),
    path("verify/", two_factor.verify, name="two_factor_verify"),
    path("disable/", two_factor.disable, name="two_factor_disable"),
    path("backup-codes/", two_factor.backup_codes, name="two_factor_backup_codes"),
    path("backup-codes/new/", two_factor.new_backup_codes, name="two_factor_new_backup_codes"),
]
