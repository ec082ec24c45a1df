"""Forms: the admin's, which check contact details against the countries they are for, and
the public's problem report.

Phone numbers can only be checked knowing which country they are dialled in, and that is
chosen on the parent form (a helpline's countries, a country's ISO code), so these forms
validate their inline rows once both are known.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from .permissions import manages_all_organisations, organisation_ids_for
from .validators import normalise_phone

PHONE_KINDS = {"phone", "sms", "whatsapp"}


def kept_forms(formset):
    """The inline rows that will be saved: valid, filled in and not marked for deletion."""
    if not formset.is_valid():
        return []
    return [
        form
        for form in formset.forms
        if (form.has_changed() or form.instance.pk) and not form.cleaned_data.get("DELETE")
    ]


def normalise_phone_field(form, field, regions):
    """Store the number in dialable form, or attach the error to the field. Returns it."""
    try:
        number = normalise_phone(form.cleaned_data.get(field), regions)
    except ValidationError as error:
        form.add_error(field, error)
        return None
    form.cleaned_data[field] = number
    setattr(form.instance, field, number)
    return number


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
            if kind not in PHONE_KINDS:
                continue
            number = normalise_phone_field(form, "value", regions)
            if number and kind == "whatsapp" and not number.startswith("+"):
                form.add_error("value", "WhatsApp needs a full number with its country code.")
        return cleaned_data


class CountryForm(WagtailAdminModelForm):
    def clean(self):
        cleaned_data = super().clean()
        code = cleaned_data.get("code", "").upper()
        cleaned_data["code"] = code
        for form in kept_forms(self.formsets["emergency_numbers"]):
            normalise_phone_field(form, "number", [code] if code else [])
        return cleaned_data


# Top-level domains seen in spam and shortened links. A word ending in one of them, in
# lower or upper case ("spam.com", "SPAM.COM", "spam(.)com", but not "closed.In the end"),
# is a link; so is any domain with a path after it ("bit.ly/…", "example.pl/x").
LINK_DOMAINS = (
    "com|org|net|info|biz|ru|su|cn|xyz|top|io|co|me|ly|gg|to|tk|ml|ga|cf|gq|cc|ws|pw|app|dev|"
    "link|click|shop|store|site|online|live|club|fun|icu|vip|win|bid|loan|work|buzz|rest|bar|"
    "uk|us|eu|de|fr|es|nl|pl|in|tv|ai|sh|gl|am|fm|ms|onion"
)
LINKS = (
    re.compile(r"(?:h..ps?|ftp)\s*[:;]\s*//|\bwww\s*\.", re.IGNORECASE),
    re.compile(
        r"\b[\w-]+(?:\.|\s*[(\[](?:\.|dot)[)\]]\s*)"
        rf"(?:{LINK_DOMAINS}|{LINK_DOMAINS.upper()})\b"
    ),
    re.compile(r"\b[\w-]+\.[a-z]{2,24}/\S", re.IGNORECASE),
)
EMAIL = re.compile(r"[\w.+-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+\s*\.\s*[\w.]+", re.IGNORECASE)
# Format characters that scripts and emoji need: zero-width non-joiner and joiner.
JOINERS = "\u200c\u200d"
REPEATED = re.compile(r"(.)\1{9,}")


class ProblemReportForm(forms.Form):
    """What a visitor can tell us about a helpline. Nothing about them is asked or kept."""

    kind = forms.ChoiceField(label="What's wrong?", widget=forms.RadioSelect)
    channel = forms.TypedChoiceField(
        label="Which way of getting in touch? (optional)",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label="Tell us more (optional)",
        help_text="For example, what happened when you called, or the right opening hours. "
        "Please don't include your name, email address or anything else about you.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # Hidden from people (see the template); bots fill it in.
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args, helpline, **kwargs):
        from .models import ProblemReport

        super().__init__(*args, **kwargs)
        self.helpline = helpline
        self.fields["kind"].choices = ProblemReport.Kind.choices
        self.fields["channel"].choices = [("", "Not sure, or all of them")] + [
            (channel.pk, f"{channel.get_kind_display()}: {channel.label or channel.display_value}")
            for channel in helpline.channels.all()
        ]

    def clean_details(self):
        """Plain words only: text is NFKC-normalised (fullwidth letters become ASCII), and
        invisible format characters (zero-width spaces, right-to-left overrides) are refused,
        so that no link or address hides from the checks below or from the editor who reads
        it."""
        details = unicodedata.normalize("NFKC", self.cleaned_data["details"]).strip()
        if any(
            (unicodedata.category(char) == "Cc" and char not in "\n\r\t")
            or (unicodedata.category(char) == "Cf" and char not in JOINERS)
            for char in details
        ):
            raise ValidationError("Please use plain text.")
        visible = details.translate({ord(char): None for char in JOINERS})
        if EMAIL.search(visible):
            raise ValidationError(
                "Please leave out email addresses: we don't need any way to contact you."
            )
        if any(link.search(visible) for link in LINKS):
            raise ValidationError("Please leave out web links: describe the problem in words.")
        if REPEATED.search(details):
            raise ValidationError("Please describe the problem in words.")
        return details

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            raise ValidationError("This report could not be sent.")
        if cleaned_data.get("kind") == "details_wrong" and not cleaned_data.get("details"):
            self.add_error("details", "Tell us what is wrong so the organisation can fix it.")
        return cleaned_data

    def save(self):
        from .models import ProblemReport

        return ProblemReport.objects.create(
            helpline=self.helpline,
            channel=self.helpline.channels.filter(pk=self.cleaned_data["channel"]).first(),
            kind=self.cleaned_data["kind"],
            details=self.cleaned_data["details"],
        )
