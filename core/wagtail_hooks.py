from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import ScheduledJobsView


@hooks.register("register_admin_urls")
def register_scheduled_jobs_url():
    return [path("reports/scheduled-jobs/", ScheduledJobsView.as_view(), name="scheduled_jobs")]


class AdministratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_reports_menu_item")
def register_scheduled_jobs_menu_item():
    return AdministratorsMenuItem(
        "Scheduled jobs", reverse("scheduled_jobs"), icon_name="time", order=900
    )
