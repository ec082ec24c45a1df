from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from .reports import WidgetImpactView


@hooks.register("register_admin_urls")
def register_impact_report_url():
    return [path("reports/widget-impact/", WidgetImpactView.as_view(), name="widget_impact")]


@hooks.register("register_reports_menu_item")
def register_impact_report_menu_item():
    return AdminOnlyMenuItem("Widget impact", reverse("widget_impact"), icon_name="view", order=900)
