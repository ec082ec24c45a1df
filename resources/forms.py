"""The admin's page and snippet forms, which check contact details against the countries
they are for, and read opening hours typed as text.

Phone numbers can only be checked knowing which country they are dialled in, and that is
chosen on the parent form (a helpline's countries, a country's ISO code), so these forms
validate their inline rows once both are known.
"""

from django import forms
from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.panels import InlinePanel

from . import rules
from .blocks import hours_blocks
from .hours_text import HoursTextError, format_hours_text, parse_hours_text
from .opening_hours import zone_abbreviations
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


class ContactChannelForm(WagtailAdminModelForm):
    """A contact channel whose hours can also be typed as people write them, in the same
    grammar as imports (resources/hours_text.py)."""

    hours_text = forms.CharField(
        required=False,
        label="Or type the hours",
        help_text="As you would write them: “Mon–Fri 9am–5pm; Sat 10:00–14:00”, “Daily "
        "7pm–11pm” or “24/7”. When changed, this replaces the hours above.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("hours_text", format_hours_text(self.instance.weekly_hours))
        # weekly_hours is cached: forget it, so the hours posted are read afresh when checked.
        del self.instance.weekly_hours

    def clean(self):
        cleaned_data = super().clean()
        typed = cleaned_data.get("hours_text", "")
        if not typed or "hours_text" not in self.changed_data:
            return cleaned_data
        try:
            always, windows, abbreviation = parse_hours_text(typed)
        except HoursTextError as error:
            self.add_error("hours_text", str(error))
            return cleaned_data
        zone = cleaned_data.get("timezone")
        if abbreviation and zone and abbreviation not in zone_abbreviations(zone):
            self.add_error(
                "hours_text",
                f"These hours say “{abbreviation}”, but {zone} goes by "
                f"{' and '.join(sorted(zone_abbreviations(zone)))}: choose the time zone above.",
            )
            return cleaned_data
        field = self.instance._meta.get_field("hours")
        cleaned_data["open_24_7"] = always
        cleaned_data["hours"] = field.stream_block.to_python(
            [] if always else hours_blocks(windows)
        )
        return cleaned_data


class ChannelsPanel(InlinePanel):
    """A helpline's channels, each in a ContactChannelForm."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = ContactChannelForm
        return options


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
        numbers = []
        for form in kept_forms(self.formsets["emergency_numbers"]):
            normalise_phone_field(form, "number", [code] if code else [])
            numbers.append(form.cleaned_data.get("number"))
        listed = ", ".join(number for number in numbers if number)
        for form in kept_forms(self.formsets["label_translations"]):
            number = normalise_phone_field(form, "number", [code] if code else [])
            if number is not None and number not in numbers:
                form.add_error("number", f"Use one of this country's emergency numbers: {listed}.")
        return cleaned_data
