from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import chooser as chooser_views
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .import_views import ImportHelplinesView, ImportStatusView, can_import, export_view
from .models import Audience, Country, HelplinePage, Organisation, ProblemReport, Topic
from .permissions import manages_all_organisations, organisation_ids_for
from .reviews import VERIFY_ACTION, DueForReviewPanel, HelplinesDueView, VerifyHelplineView


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug", "is_crisis"]
    list_filter = ["is_crisis"]
    search_fields = ["name", "synonyms"]
    search_backend_name = None  # see OrganisationViewSet


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "website"]
    search_fields = ["name"]
    # The directory's tables are small: searched with the database's own filters, which
    # work on every database (SQLite's full-text index cannot search named fields).
    search_backend_name = None


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    list_display = ["name", "slug"]


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "site"
    list_display = ["name", "code", "primary_emergency_number"]
    search_fields = ["name", "code"]
    search_backend_name = None  # see OrganisationViewSet


class DirectoryViewSetGroup(SnippetViewSetGroup):
    menu_label = "Directory"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (TopicViewSet, OrganisationViewSet, AudienceViewSet, CountryViewSet)


register_snippet(DirectoryViewSetGroup)


class ProblemReportPermissionPolicy(ModelPermissionPolicy):
    """Editors see and resolve reports about their own organisation's helplines only."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            manages_all_organisations(user)
            or instance.helpline.organisation_id in organisation_ids_for(user)
        )

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        return reports_for(user)


def reports_for(user):
    reports = ProblemReport.objects.select_related("helpline", "helpline__organisation", "channel")
    if manages_all_organisations(user):
        return reports
    return reports.filter(helpline__organisation__in=organisation_ids_for(user))


register_permission_policy(ProblemReport, ProblemReportPermissionPolicy(ProblemReport))


class OwnReportsOnly:
    """Mixed into every admin view of problem reports: lists hold only the reports of the
    user's organisations, and opening anyone else's report by its id is refused."""

    def get_object(self, *args, **kwargs):
        report = super().get_object(*args, **kwargs)
        if not reports_for(self.request.user).filter(pk=report.pk).exists():
            raise PermissionDenied
        return report

    def get_object_list(self):
        return reports_for(self.request.user)

    def get_objects(self, pks):
        return reports_for(self.request.user).filter(pk__in=pks)


def own_reports_only(view_class):
    return type(view_class.__name__, (OwnReportsOnly, view_class), {})


class ProblemReportChooserViewSet(SnippetChooserViewSet):
    choose_view_class = own_reports_only(chooser_views.ChooseView)
    choose_results_view_class = own_reports_only(chooser_views.ChooseResultsView)
    chosen_view_class = own_reports_only(chooser_views.SnippetChosenView)
    chosen_multiple_view_class = own_reports_only(chooser_views.SnippetChosenMultipleView)


class ProblemReportViewSet(SnippetViewSet):
    """The inbox: what the public told us is wrong, open until an editor resolves it."""

    model = ProblemReport
    icon = "warning"
    menu_label = "Problem reports"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["helpline", "kind", "details", "reported_at", "status"]
    list_filter = ["status", "kind"]
    list_export = ["helpline", "kind", "details", "reported_at", "status", "resolution"]
    inspect_view_enabled = True
    # Every view that opens one report (tests/test_organisation_scoping.py walks them all).
    edit_view_class = own_reports_only(snippet_views.EditView)
    delete_view_class = own_reports_only(snippet_views.DeleteView)
    copy_view_class = own_reports_only(snippet_views.CopyView)
    inspect_view_class = own_reports_only(snippet_views.InspectView)
    history_view_class = own_reports_only(snippet_views.HistoryView)
    usage_view_class = own_reports_only(snippet_views.UsageView)
    chooser_viewset_class = ProblemReportChooserViewSet

    def get_queryset(self, request):
        return reports_for(request.user)


register_snippet(ProblemReportViewSet)


@hooks.register("after_edit_snippet")
def record_who_resolved(request, instance):
    """Resolving a report records who and when; reopening it clears both."""
    if not isinstance(instance, ProblemReport):
        return
    resolved = instance.status == ProblemReport.Status.RESOLVED
    if resolved and instance.resolved_at is None:
        instance.resolved_at, instance.resolved_by = timezone.now(), request.user
    elif not resolved:
        instance.resolved_at, instance.resolved_by = None, None
    instance.save(update_fields=["resolved_at", "resolved_by"])


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path("reports/helplines-due/", HelplinesDueView.as_view(), name="helplines_due_for_review"),
        path(
            "reports/helplines-due/results/",
            HelplinesDueView.as_view(results_only=True),
            name="helplines_due_for_review_results",
        ),
        path(
            "helplines/<int:page_id>/verify/",
            VerifyHelplineView.as_view(),
            name="verify_helpline",
        ),
    ]


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("helplines/import/", ImportHelplinesView.as_view(), name="import_helplines"),
        path(
            "helplines/import/<str:token>/",
            never_cache(ImportStatusView.as_view()),
            name="import_status",
        ),
        path("helplines/export/", export_view, name="export_helplines"),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        "Import helplines", reverse("import_helplines"), icon_name="upload", order=220
    )


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return MenuItem(
        "Helplines due for review",
        reverse("helplines_due_for_review"),
        icon_name="time",
        order=100,
    )


@hooks.register("construct_homepage_panels")
def add_due_for_review_panel(request, panels):
    panels.append(DueForReviewPanel(request.user))


@hooks.register("register_page_header_buttons")
def verify_button(page, user, view_name, next_url=None):
    if (
        isinstance(page.specific_deferred, HelplinePage)
        and page.permissions_for_user(user).can_edit()
    ):
        yield Button(
            "Mark as checked",
            reverse("verify_helpline", args=[page.pk]),
            icon_name="tick",
            priority=55,
        )


@hooks.register("register_log_actions")
def register_verify_action(actions):
    actions.register_action(VERIFY_ACTION, "Mark as checked", "Checked every detail was right")
