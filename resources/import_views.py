"""Importing helplines from the admin: upload, preview what would change, confirm, and
follow the import as the task worker runs it (resources/import_jobs.py).

The uploaded file waits in the database between preview and confirmation (for half an
hour, for the user who uploaded it) and is checked again on confirmation and again when the
import starts, so what is applied always matches the database at that moment.
"""

import secrets

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import TemplateView

from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from core.languages import originals

from .checking import read_new_countries
from .duplicates import CHOICES
from .import_jobs import planned, progress, queue_import, read_upload
from .importing import plan_import
from .models import HelplinePage, PendingImport
from .permissions import manages_all_organisations, organisation_ids_for
from .records import ImportFileError
from .spreadsheets import export_csv, latest_helplines

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def can_import(user):
    return manages_all_organisations(user) or bool(organisation_ids_for(user))


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text="A CSV file in the export's format, or HSDS 3.0 JSON (a .json file)."
    )
    publish = forms.BooleanField(
        required=False,
        label="Publish at once",
        help_text="Otherwise new and changed helplines wait as drafts for review.",
    )

    create_organisations = forms.BooleanField(
        required=False,
        label="Add new organisations",
        help_text="Add the organisations the file names that Waymark does not have yet. "
        "Otherwise a row naming one is a problem to fix.",
    )

    countries = forms.CharField(
        required=False,
        max_length=100,
        label="Countries served, where an HSDS service names none",
        help_text="ISO codes such as GB IE, for services whose areas are towns or counties.",
    )

    new_countries = forms.CharField(
        required=False,
        max_length=200,
        label="Add countries, with their emergency numbers",
        help_text="For countries the file names that Waymark does not list yet: the ISO code "
        "and emergency number of each, such as CA=911 NZ=111. Check every number: it is shown "
        "to people in danger.",
    )

    def __init__(self, *args, manages_all=False, adds_countries=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not manages_all:
            del self.fields["publish"]
            del self.fields["create_organisations"]
        if not adds_countries:
            del self.fields["new_countries"]

    def clean_new_countries(self):
        try:
            return read_new_countries(self.cleaned_data["new_countries"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 10 MB: split it.")
        return upload


class ImportHelplinesView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Import helplines"
    header_icon = "upload"
    breadcrumbs_items = [
        *WagtailAdminTemplateMixin.breadcrumbs_items,
        {"url": "", "label": page_title},
    ]
    template_name = "resources/admin/import.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        self.manages_all = manages_all_organisations(request.user)
        self.adds_countries = request.user.has_perm("resources.add_country")
        return super().dispatch(request, *args, **kwargs)

    def upload_form(self, *args):
        return UploadForm(*args, manages_all=self.manages_all, adds_countries=self.adds_countries)

    def get(self, request):
        form = self.upload_form()
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, plan=None, **kwargs):
        if plan is not None:
            kwargs.update(
                plan=plan,
                creates=plan.count("create"),
                updates=plan.count("update"),
                unchanged=plan.count("unchanged"),
                skipped=plan.count("skip"),
                problems=plan.problems,
                choices=CHOICES,
            )
        return super().get_context_data(**kwargs)

    def post(self, request):
        if "token" in request.POST:
            return self.confirm(request)
        if "recheck" in request.POST:
            return self.recheck(request)
        form = self.upload_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["file"]
        data = upload.read()
        countries = " ".join(form.cleaned_data["countries"].upper().split())
        try:
            records = read_upload(upload.name, data, countries)
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        publish = form.cleaned_data.get("publish", False)
        create_organisations = form.cleaned_data.get("create_organisations", False)
        new_countries = form.cleaned_data.get("new_countries", {})
        plan = plan_import(
            records,
            user=request.user,
            publish=publish,
            create_organisations=create_organisations,
            new_countries=new_countries,
        )
        token = ""
        if plan.is_valid and (plan.changes_anything or plan.has_duplicates):
            PendingImport.forget_expired()
            token = secrets.token_urlsafe(16)
            PendingImport.objects.create(
                token=token,
                user=request.user,
                file_name=upload.name,
                data=data,
                publish=publish,
                create_organisations=create_organisations,
                new_countries=new_countries,
                countries=countries,
            )
        return self.render_to_response(
            self.get_context_data(plan=plan, token=token, file_name=upload.name)
        )

    def pending_plan(self, request, token):
        """The upload waiting under `token`, planned again with the choices posted for
        helplines that look like ones already listed; None if it has expired."""
        pending = PendingImport.waiting().filter(token=token, user=request.user).first()
        if pending is None:
            messages.error(request, "That upload has expired. Please upload the file again.")
            return None, None, {}
        chosen = {
            key.removeprefix("duplicate:"): value
            for key, value in request.POST.items()
            if key.startswith("duplicate:") and value in CHOICES
        }
        return pending, planned(pending, chosen), chosen

    def recheck(self, request):
        token = request.POST["recheck"]
        pending, plan, _ = self.pending_plan(request, token)
        if pending is None:
            return redirect("import_helplines")
        return self.render_to_response(
            self.get_context_data(plan=plan, token=token, file_name=pending.file_name)
        )

    def confirm(self, request):
        pending, plan, chosen = self.pending_plan(request, request.POST["token"])
        if pending is None:
            return redirect("import_helplines")
        if not plan.is_valid:
            messages.error(request, "The helplines changed since the preview: check again.")
            return self.render_to_response(
                self.get_context_data(plan=plan, token="", file_name=pending.file_name)
            )
        # Claimed first, so a second click on "Import" cannot apply the file twice.
        if not queue_import(pending, chosen):
            messages.error(request, "That upload has already been imported.")
            return redirect("import_helplines")
        return redirect("import_status", token=pending.token)


class ImportStatusView(WagtailAdminTemplateMixin, TemplateView):
    """How an import the user confirmed is going, and how it ended."""

    page_title = "Import helplines"
    header_icon = "upload"
    template_name = "resources/admin/import_status.html"

    def get(self, request, token):
        if not can_import(request.user):
            raise PermissionDenied
        job = get_object_or_404(PendingImport, token=token, user=request.user)
        if job.status == PendingImport.Status.UPLOADED:
            return redirect("import_helplines")
        done, total = progress(job) or (0, 0)
        if request.GET.get("format") == "json":
            response = JsonResponse(
                {"status": job.status, "done": done, "total": total, "finished": job.is_finished}
            )
            return response
        return self.render_to_response(self.get_context_data(job=job, done=done, total=total))


def export_view(request):
    """The helplines the user may edit (all of them for moderators) as the import's CSV."""
    if not can_import(request.user):
        raise PermissionDenied
    helplines = originals(HelplinePage.objects.all())
    if not manages_all_organisations(request.user):
        helplines = helplines.filter(organisation__in=organisation_ids_for(request.user))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="helplines.csv"'
    export_csv(latest_helplines(helplines), response)
    return response
