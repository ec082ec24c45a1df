"""The admin's "Scheduled jobs" report: each job's timetable and how its last run went."""

from django.core.exceptions import PermissionDenied
from django.views.generic import TemplateView

from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .models import ScheduledJob
from .scheduling import JOBS


class ScheduledJobsView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Scheduled jobs"
    header_icon = "time"
    template_name = "core/admin/scheduled_jobs.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        runs = {job.name: job for job in ScheduledJob.objects.all()}
        rows = [(job, runs.get(job.name)) for job in JOBS.values()]
        return super().get_context_data(rows=rows, **kwargs)
