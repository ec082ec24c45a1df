"""Partners' impact in the admin: widget loads and channel taps per partner and day, as a
table, a chart and a CSV download. Only counts are kept, so nothing here identifies anyone."""

import csv
from datetime import timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.http import HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView

from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from resources.spreadsheets import safe_row

from .models import WidgetDailyCount

CHART_HEIGHT = 120
BAR_WIDTH = 6
BAR_STEP = 14


class ImpactFilters(forms.Form):
    start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    partner = forms.CharField(required=False, max_length=200)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["end"] = data.get("end") or today
        data["start"] = data.get("start") or data["end"] - timedelta(days=29)
        if data["start"] > data["end"]:
            raise forms.ValidationError("The start date must be on or before the end date.")
        return data


class WidgetImpactView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Widget impact"
    header_icon = "view"
    breadcrumbs_items = [
        *WagtailAdminTemplateMixin.breadcrumbs_items,
        {"url": "", "label": page_title},
    ]
    template_name = "widgets/admin/impact.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.filters = ImpactFilters(request.GET)
        if not self.filters.is_valid():
            return self.render_to_response(self.get_context_data(rows=[], days=[]))
        data = self.filters.cleaned_data
        counts = WidgetDailyCount.objects.filter(day__range=(data["start"], data["end"]))
        if data.get("partner"):
            counts = counts.filter(partner__icontains=data["partner"])
        if request.GET.get("export") == "csv":
            return self.csv(counts)
        loads = Sum("count", filter=Q(event=WidgetDailyCount.Event.LOAD))
        taps = Sum("count", filter=Q(event=WidgetDailyCount.Event.CLICK))
        rows = counts.values("partner").annotate(loads=loads, taps=taps).order_by("-loads")
        days = list(counts.values("day").annotate(loads=loads, taps=taps).order_by("day"))
        bars = chart(days)
        return self.render_to_response(
            self.get_context_data(
                rows=rows, days=bars, chart_width=len(bars) * BAR_STEP, chart_height=CHART_HEIGHT
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(filters=self.filters, **kwargs)

    def csv(self, counts):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="widget-impact.csv"'
        writer = csv.writer(response)
        writer.writerow(["day", "partner", "event", "channel", "count"])
        for row in counts.order_by("day", "partner", "event", "channel"):
            writer.writerow(
                safe_row([row.day.isoformat(), row.partner, row.event, row.channel, row.count])
            )
        return response


def chart(days):
    """Bars for an inline SVG chart: loads and taps per day, scaled to the busiest day."""
    peak = max([day["loads"] or 0 for day in days] + [1])
    bars = []
    for index, day in enumerate(days):
        load_height = round((day["loads"] or 0) / peak * CHART_HEIGHT)
        tap_height = round((day["taps"] or 0) / peak * CHART_HEIGHT)
        bars.append(
            {
                **day,
                "x": index * BAR_STEP,
                "tap_x": index * BAR_STEP + BAR_WIDTH,
                "load_y": CHART_HEIGHT - load_height,
                "load_height": load_height,
                "tap_y": CHART_HEIGHT - tap_height,
                "tap_height": tap_height,
            }
        )
    return bars
