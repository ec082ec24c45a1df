"""The public's "Report a problem" form: what a visitor can tell an organisation about one
of its helplines, in plain words, with nothing about themselves."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import ProblemReport

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

    kind = forms.ChoiceField(label=_("What's wrong?"), widget=forms.RadioSelect)
    channel = forms.TypedChoiceField(
        label=_("Which way of getting in touch? (optional)"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Tell us more (optional)"),
        help_text=_(
            "For example, what happened when you called, or the right opening hours. "
            "Please don't include your name, email address or anything else about you."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # Hidden from people (see the template); bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, helpline, **kwargs):
        super().__init__(*args, **kwargs)
        self.helpline = helpline
        self.fields["kind"].choices = ProblemReport.Kind.choices
        self.fields["channel"].choices = [("", gettext("Not sure, or all of them"))] + [
            (
                channel.pk,
                # Translators: a way of getting in touch, e.g. “Phone: 116 123” or “Phone:
                # Welsh language line”.
                gettext("%(kind)s: %(channel)s")
                % {"kind": channel.kind_name, "channel": channel.label or channel.display_value},
            )
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
            raise ValidationError(gettext("Please use plain text."))
        visible = details.translate({ord(char): None for char in JOINERS})
        if EMAIL.search(visible):
            raise ValidationError(
                gettext("Please leave out email addresses: we don't need any way to contact you.")
            )
        if any(link.search(visible) for link in LINKS):
            raise ValidationError(
                gettext("Please leave out web links: describe the problem in words.")
            )
        if REPEATED.search(details):
            raise ValidationError(gettext("Please describe the problem in words."))
        return details

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            raise ValidationError(gettext("This report could not be sent."))
        if cleaned_data.get("kind") == "details_wrong" and not cleaned_data.get("details"):
            self.add_error(
                "details", gettext("Tell us what is wrong so the organisation can fix it.")
            )
        return cleaned_data

    def save(self):
        from .models import ProblemReport

        return ProblemReport.objects.create(
            helpline=self.helpline,
            channel=self.helpline.channels.filter(pk=self.cleaned_data["channel"]).first(),
            kind=self.cleaned_data["kind"],
            details=self.cleaned_data["details"],
        )
