from django import forms
from django.utils import timezone

from resources.models import ContactChannel, Country, Topic


class DirectoryFilters(forms.Form):
    """Filters for the helpline directory. Invalid values are reported, never a 500."""

    country = forms.ChoiceField(required=False)
    topic = forms.ChoiceField(required=False)
    channel = forms.ChoiceField(
        required=False, choices=[("", "Any way")] + list(ContactChannel.Kind.choices)
    )
    open_now = forms.BooleanField(required=False, label="Open now")

    def __init__(self, data=None):
        super().__init__(data or None)
        self.fields["country"].choices = [("", "Any country")] + [
            (country.code, country.name) for country in Country.objects.all()
        ]
        self.fields["topic"].choices = [("", "Any topic")] + [
            (topic.slug, topic.name) for topic in Topic.objects.all()
        ]

    def apply(self, helplines):
        if not self.is_bound or not self.is_valid():
            return helplines
        data = self.cleaned_data
        if data["country"]:
            helplines = helplines.filter(countries__code=data["country"])
        if data["topic"]:
            helplines = helplines.filter(topics__slug=data["topic"])
        if data["channel"]:
            helplines = helplines.filter(channels__kind=data["channel"])
        helplines = helplines.distinct().prefetch_related("channels", "topics")
        if data["open_now"]:
            now = timezone.now()
            return [
                helpline
                for helpline in helplines
                if any(
                    channel.status(now) and channel.status(now).is_open
                    for channel in helpline.channels.all()
                )
            ]
        return helplines
