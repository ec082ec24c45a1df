"""Keeping helpline details right: who has what due for a check, and recording a check.

Each helpline is due for a check `review_interval_days` after it was last verified. Editors
see their organisation's due helplines in a report (with CSV and XLSX export) and on their
dashboard, each organisation is emailed its list (`manage.py send_review_reminders`), and
"Mark as verified" records who checked and when, in the page and in the audit log.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import log

import django_filters

from core.languages import originals

from .models import Country, HelplinePage, Organisation
from .permissions import manages_all_organisations, organisation_ids_for
from .signals import helpline_checked

VERIFY_ACTION = "waymark.verify"


def reminder_horizon(today=None):
    return (today or timezone.localdate()) + timedelta(days=settings.WAYMARK_REVIEW_REMINDER_DAYS)


def due_for_review(today=None):
    """Live helplines never checked, overdue, or due within the reminder period."""
    due = Q(review_due_on__isnull=True) | Q(review_due_on__lte=reminder_horizon(today))
    return (
        originals(HelplinePage.objects.live())
        .filter(due)
        .select_related("organisation", "verified_by")
        .order_by("review_due_on", "title")
    )


def visible_to(user, helplines):
    """Moderators and administrators see every organisation's; editors their own."""
    if manages_all_organisations(user):
        return helplines
    return helplines.filter(organisation__in=organisation_ids_for(user))


def review_state(helpline, today=None):
    today = today or timezone.localdate()
    if helpline.review_due_on is None:
        return "never checked"
    return "overdue" if helpline.review_due_on < today else "due soon"


@transaction.atomic
def mark_verified(helpline, user, today=None):
    """Record that `user` checked every detail today: on the live page and on any draft, so
    publishing the draft later keeps the check, and in the audit log."""
    today = today or timezone.localdate()
    helpline.last_verified_on = today
    helpline.verified_by = user
    helpline.review_due_on = helpline.next_review_date()
    HelplinePage.objects.filter(pk=helpline.pk).update(
        last_verified_on=today, verified_by=user, review_due_on=helpline.review_due_on
    )
    latest = helpline.get_latest_revision()
    if latest is not None:
        latest.content.update(
            last_verified_on=today.isoformat(),
            verified_by=user.pk,
            review_due_on=helpline.review_due_on.isoformat(),
        )
        latest.save(update_fields=["content"])
    log(instance=helpline, action=VERIFY_ACTION, user=user)
    helpline_checked.send(sender=HelplinePage, instance=helpline)


class VerifyHelplineView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then record, that every detail of a helpline was checked today."""

    page_title = "Mark as checked"
    header_icon = "tick"
    breadcrumbs_items = [
        *WagtailAdminTemplateMixin.breadcrumbs_items,
        {"url": reverse_lazy("helplines_due_for_review"), "label": "Helplines due for review"},
        {"url": "", "label": page_title},
    ]
    template_name = "resources/admin/confirm_verify.html"

    def dispatch(self, request, page_id):
        self.helpline = get_object_or_404(HelplinePage, pk=page_id)
        if not self.helpline.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
        return super().dispatch(request)

    def get_page_subtitle(self):
        return self.helpline.title

    def get_context_data(self, **kwargs):
        next_due = timezone.localdate() + timedelta(days=self.helpline.review_interval_days)
        return super().get_context_data(helpline=self.helpline, next_due=next_due, **kwargs)

    def post(self, request):
        mark_verified(self.helpline, request.user)
        messages.success(
            request,
            f"{self.helpline.title} is marked as checked today. "
            f"The next check is due on {self.helpline.review_due_on:%-d %B %Y}.",
        )
        next_url = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("helplines_due_for_review")
        return redirect(next_url)


class ReviewFilterSet(WagtailFilterSet):
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all())
    countries = django_filters.ModelChoiceFilter(label="Country", queryset=Country.objects.all())
    review = django_filters.ChoiceFilter(
        label="Review",
        method="filter_review",
        choices=[("overdue", "Overdue or never checked"), ("soon", "Due soon")],
    )
    status = django_filters.ChoiceFilter(choices=HelplinePage.Status.choices)

    class Meta:
        model = HelplinePage
        fields = ["organisation", "countries", "review", "status"]

    def filter_review(self, queryset, name, value):
        today = timezone.localdate()
        overdue = Q(review_due_on__isnull=True) | Q(review_due_on__lt=today)
        return queryset.filter(overdue) if value == "overdue" else queryset.exclude(overdue)


class HelplinesDueView(ReportView):
    """Helplines due or overdue for a check, for the organisations the user works for."""

    page_title = "Helplines due for review"
    header_icon = "time"
    template_name = "resources/admin/helplines_due.html"
    results_template_name = "resources/admin/helplines_due_results.html"
    index_url_name = "helplines_due_for_review"
    index_results_url_name = "helplines_due_for_review_results"
    filterset_class = ReviewFilterSet
    list_export = [
        "title",
        "organisation",
        "review_state",
        "review_due_on",
        "last_verified_on",
        "verified_by",
        "status",
        "full_url",
    ]
    export_headings = {
        "title": "Helpline",
        "review_state": "Review",
        "review_due_on": "Due on",
        "last_verified_on": "Last checked",
        "verified_by": "Checked by",
        "full_url": "Public page",
    }

    def get_queryset(self):
        return visible_to(self.request.user, due_for_review())

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for helpline in object_list:
            helpline.review_state = review_state(helpline, today)
        return object_list

    def to_row_dict(self, item):
        item.review_state = review_state(item)
        return super().to_row_dict(item)


class DueForReviewPanel(Component):
    """On an editor's dashboard: their organisations' helplines due for a check."""

    name = "helplines_due_for_review"
    order = 90
    template_name = "resources/admin/due_panel.html"
    limit = 8

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        due = visible_to(self.user, due_for_review())
        today = timezone.localdate()
        helplines = list(due[: self.limit])
        for helpline in helplines:
            helpline.review_state = review_state(helpline, today)
        return {
            "helplines": helplines,
            "total": due.count(),
            "csrf_token": parent_context.get("csrf_token"),
            "request": parent_context.get("request"),
        }
