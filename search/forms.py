from django import forms
from django.utils import timezone

from resources.models import Audience, ContactChannel, Country, Topic
from resources.validators import language_name


class DirectoryFilters(forms.Form):
    """Filters for the helpline directory. Invalid values are reported, never a 500."""

    country = forms.ChoiceField(required=False)
    topic = forms.ChoiceField(required=False)
    channel = forms.ChoiceField(
        required=False, choices=[("", "Any way")] + list(ContactChannel.Kind.choices)
    )
    language = forms.ChoiceField(required=False)
    audience = forms.ChoiceField(required=False)
    open_now = forms.BooleanField(required=False, label="Open now")

    def __init__(self, data=None):
        super().__init__(data or None)
        self.fields["country"].choices = [("", "Any country")] + [
            (country.code, country.name) for country in Country.objects.all()
        ]
        self.fields["topic"].choices = [("", "Any topic")] + [
            (topic.slug, topic.name) for topic in Topic.objects.all()
        ]
        languages = {
            code
            for codes in ContactChannel.objects.values_list("languages", flat=True).distinct()
            for code in codes.split()
        }
        self.fields["language"].choices = [("", "Any language")] + sorted(
            ((code, language_name(code)) for code in languages), key=lambda choice: choice[1]
        )
        self.fields["audience"].choices = [("", "Anyone")] + [
            (audience.slug, audience.name) for audience in Audience.objects.all()
        ]

    def apply(self, helplines):
        """Filter a queryset of helplines. Channel choices apply to one and the same channel."""
        if not self.is_bound or not self.is_valid():
            return helplines
        data = self.cleaned_data
        if data["country"]:
            helplines = helplines.filter(countries__code=data["country"])
        if data["topic"]:
            helplines = helplines.filter(topics__slug=data["topic"])
        if data["audience"]:
            helplines = helplines.filter(audiences__slug=data["audience"])
        channel_filter = self.channel_filter()
        if channel_filter:
            helplines = helplines.filter(
                **{f"channels__{key}": value for key, value in channel_filter.items()}
            )
        helplines = helplines.distinct().prefetch_related("channels", "topics")
        if not data["open_now"]:
            return helplines
        now = timezone.now()
        return [
            helpline
            for helpline in helplines
            if any(self.is_open_match(channel, now) for channel in helpline.channels.all())
        ]

    def channel_filter(self):
        lookups = {}
        if self.cleaned_data["channel"]:
            lookups["kind"] = self.cleaned_data["channel"]
        if self.cleaned_data["language"]:
            # Codes are stored space-separated ("en cy"); match whole codes only.
            lookups["languages__regex"] = rf"(^| ){self.cleaned_data['language']}( |$)"
        return lookups

    def is_open_match(self, channel, now):
        kind = self.cleaned_data["channel"]
        status = channel.status(now)
        return (not kind or channel.kind == kind) and status is not None and status.is_open
