from django import forms
from django.core.exceptions import ValidationError

from wagtail import blocks

from core.blocks import RICH_TEXT_FEATURES

from .opening_hours import DAY_NAMES, Window


class OpeningWindowBlock(blocks.StructBlock):
    """Opening hours on one or more days: opens at one time, closes at another."""

    days = blocks.MultipleChoiceBlock(
        choices=[(str(number), name) for number, name in enumerate(DAY_NAMES)],
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick every day these hours apply to.",
    )
    opens = blocks.TimeBlock()
    closes = blocks.TimeBlock(help_text="Use 00:00 for midnight.")
    closes_next_day = blocks.BooleanBlock(
        required=False,
        help_text="Tick when the line stays open past midnight, e.g. 10pm to 2am.",
    )

    class Meta:
        icon = "time"
        label = "Opening window"

    def windows(self, value):
        return [
            Window(int(day), value["opens"], value["closes"], bool(value["closes_next_day"]))
            for day in value["days"]
        ]

    def clean(self, value):
        value = super().clean(value)
        if not value["days"]:
            raise blocks.StructBlockValidationError(
                {"days": ValidationError("Choose at least one day.")}
            )
        return value


class OpeningHoursBlock(blocks.StreamBlock):
    window = OpeningWindowBlock()


def hours_blocks(windows):
    """Opening-hours StreamField data: one block per set of days sharing the same times."""
    by_times = {}
    for window in windows:
        key = (window.opens, window.closes, window.closes_next_day)
        by_times.setdefault(key, []).append(str(window.day))
    return [
        {
            "type": "window",
            "value": {"days": days, "opens": opens, "closes": closes, "closes_next_day": overnight},
        }
        for (opens, closes, overnight), days in by_times.items()
    ]


class GuideStepBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        max_length=120, help_text="A short instruction, e.g. “Mute, don’t scroll”."
    )
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "list-ol"
        template = "resources/blocks/guide_step.html"
