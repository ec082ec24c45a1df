"""The admin's page and snippet forms, which check contact details against the countries
they are for.

Phone numbers can only be checked knowing which country they are dialled in, and that is
chosen on the parent form (a helpline's countries, a country's ISO code), so these forms
validate their inline rows once both are known.
"""

from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from . import rules
from .permissions import manages_all_organisations, organisation_ids_for
from .validators import split_extension


def kept_forms(formset):
    """The inline rows that will be saved: valid, filled in and not marked for deletion."""
    if not formset.is_valid():
        return []
    return [
        form
        for form in formset.forms
        if (form.has_changed() or form.instance.pk) and not form.cleaned_data.get("DELETE")
    ]


def normalise_phone_field(form, field, regions, kind="phone"):
    """Store the number in dialable form, or attach the error to the field. Returns it."""
    try:
        number = rules.channel_value(kind, form.cleaned_data.get(field), regions)
    except ValidationError as error:
        form.add_error(field, error)
        return None
    form.cleaned_data[field] = number
    setattr(form.instance, field, number)
    return number


def take_extension(form):
    """An extension typed with the number ("0800 123 456 ext. 8") goes to its own field."""
    number, extension = split_extension(form.cleaned_data.get("value"))
    if not extension:
        return
    if form.cleaned_data.get("extension") not in ("", extension):
        form.add_error("value", "The number and the extension field give different extensions.")
        return
    form.cleaned_data["value"], form.cleaned_data["extension"] = number, extension
    form.instance.value, form.instance.extension = number, extension


class OrganisationPageForm(WagtailAdminPageForm):
    """Editors choose among their own organisations; moderators and administrators, any."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("organisation")
        if field is None or self.for_user is None:
            return
        field.required = True
        if not manages_all_organisations(self.for_user):
            allowed = organisation_ids_for(self.for_user) | {self.instance.organisation_id}
            field.queryset = field.queryset.filter(pk__in=allowed - {None})


class HelplinePageForm(OrganisationPageForm):
    def clean(self):
        cleaned_data = super().clean()
        regions = [country.code for country in cleaned_data.get("countries") or []]
        channels = self.formsets["channels"]
        forms = kept_forms(channels)
        if channels.is_valid() and not forms:
            self.add_error(None, "Add at least one way to contact this helpline.")
        for form in forms:
            kind = form.cleaned_data.get("kind")
            if kind == "phone":
                take_extension(form)
            if kind in rules.PHONE_KINDS:
                normalise_phone_field(form, "value", regions, kind)
        return cleaned_data


class CountryForm(WagtailAdminModelForm):
    def clean(self):
        cleaned_data = super().clean()
        code = cleaned_data.get("code", "").upper()
        cleaned_data["code"] = code
        for form in kept_forms(self.formsets["emergency_numbers"]):
            normalise_phone_field(form, "number", [code] if code else [])
        return cleaned_data
