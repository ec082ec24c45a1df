"""Editors get clear errors in the admin for mistakes in helpline details."""

from wagtail.test.utils.form_data import streamfield

import pytest

from resources.models import HelplinePage
from tests.page_forms import channel, helpline_post


def add_url(index):
    return f"/admin/pages/add/resources/helplinepage/{index.pk}/"


def window(days, opens, closes, next_day=False):
    value = {"days": tuple(str(day) for day in days), "opens": opens, "closes": closes}
    if next_day:
        value["closes_next_day"] = "on"
    return ("window", value)


def errors_in(response):
    assert response.status_code == 200, "the form should be shown again with errors"
    return response.content.decode()


@pytest.mark.django_db
class TestHelplineForm:
    def test_valid_helpline_is_saved_with_a_dialable_number(self, admin_client, helpline_index):
        hours = streamfield(
            [window(range(5), "09:00", "17:00"), window([4], "22:00", "02:00", True)]
        )
        response = admin_client.post(add_url(helpline_index), helpline_post([channel(hours=hours)]))
        assert response.status_code == 302
        page = HelplinePage.objects.get(slug="test-line")
        saved = page.get_latest_revision_as_object().channels.first()
        assert saved.value == "+448001111"
        assert len(saved.weekly_hours.windows) == 6

    @pytest.mark.parametrize(
        "typed", [{"value": "0800 1111 ext. 8"}, {"value": "0800 1111", "extension": "8"}]
    )
    def test_an_extension_is_kept_and_dialled_after_the_number(
        self, admin_client, helpline_index, typed
    ):
        response = admin_client.post(add_url(helpline_index), helpline_post([channel(**typed)]))
        assert response.status_code == 302
        page = HelplinePage.objects.get(slug="test-line")
        saved = page.get_latest_revision_as_object().channels.first()
        assert (saved.value, saved.extension) == ("+448001111", "8")
        assert saved.href == "tel:+448001111,8"
        assert saved.action == "Call 0800 1111 ext. 8"

    @pytest.mark.parametrize(
        "typed, message",
        [
            ({"kind": "sms", "value": "85258", "extension": "2"}, "Only phone lines have"),
            ({"value": "0800 1111 ext. 8", "extension": "9"}, "give different extensions"),
            ({"extension": "8a"}, "An extension is digits only"),
        ],
    )
    def test_a_wrong_extension_is_explained(self, admin_client, helpline_index, typed, message):
        response = admin_client.post(add_url(helpline_index), helpline_post([channel(**typed)]))
        assert message in errors_in(response)
        assert not HelplinePage.objects.filter(slug="test-line").exists()

    @pytest.mark.parametrize(
        "typed, always, windows",
        [
            ("Monday to Friday, 9am – 5pm; Sat 10:00-14:00", False, 6),
            ("Daily 7pm-11pm", False, 7),
            ("Weekdays 22:00-02:00", False, 5),
            ("24/7", True, 0),
        ],
    )
    def test_hours_can_be_typed_as_people_write_them(
        self, admin_client, helpline_index, typed, always, windows
    ):
        response = admin_client.post(
            add_url(helpline_index), helpline_post([channel(hours_text=typed)])
        )
        assert response.status_code == 302
        saved = HelplinePage.objects.get(slug="test-line").get_latest_revision_as_object()
        hours = saved.channels.first().weekly_hours
        assert (hours.always_open, len(hours.windows)) == (always, windows)

    @pytest.mark.parametrize(
        "typed, message",
        [
            ("Mon-Fri 9-5", "“9” in “Mon-Fri 9-5” is not a time"),
            ("Mon-Fri 9am-5pm JST", "These hours say “JST”, but Europe/London goes by BST and GMT"),
        ],
    )
    def test_typed_hours_that_cannot_be_read_are_refused_whole(
        self, admin_client, helpline_index, typed, message
    ):
        response = admin_client.post(
            add_url(helpline_index), helpline_post([channel(hours_text=typed)])
        )
        assert message in errors_in(response)
        assert not HelplinePage.objects.filter(slug="test-line").exists()

    def test_bad_phone_number(self, admin_client, helpline_index):
        response = admin_client.post(
            add_url(helpline_index), helpline_post([channel(value="0800 11")])
        )
        assert "is not a valid phone number for GB" in errors_in(response)
        assert not HelplinePage.objects.filter(slug="test-line").exists()

    def test_bad_web_chat_address(self, admin_client, helpline_index):
        response = admin_client.post(
            add_url(helpline_index), helpline_post([channel(kind="chat", value="not a url")])
        )
        assert "Enter a full web address" in errors_in(response)

    def test_bad_email(self, admin_client, helpline_index):
        response = admin_client.post(
            add_url(helpline_index), helpline_post([channel(kind="email", value="jo@")])
        )
        assert "Enter an email address" in errors_in(response)

    def test_whatsapp_needs_a_full_number(self, admin_client, helpline_index):
        response = admin_client.post(
            add_url(helpline_index), helpline_post([channel(kind="whatsapp", value="85258")])
        )
        assert "WhatsApp needs a full number" in errors_in(response)

    def test_bad_time_zone(self, admin_client, helpline_index):
        response = admin_client.post(
            add_url(helpline_index), helpline_post([channel(timezone="Europe/Atlantis")])
        )
        assert "Europe/Atlantis is not one of the available choices" in errors_in(response)

    def test_inverted_hours(self, admin_client, helpline_index):
        hours = streamfield([window([0], "17:00", "09:00")])
        response = admin_client.post(add_url(helpline_index), helpline_post([channel(hours=hours)]))
        content = errors_in(response)
        assert "closes (9am) before it opens (5pm)" in content

    def test_overlapping_hours(self, admin_client, helpline_index):
        hours = streamfield([window([0, 1], "09:00", "17:00"), window([1], "16:00", "20:00")])
        response = admin_client.post(add_url(helpline_index), helpline_post([channel(hours=hours)]))
        assert "overlaps" in errors_in(response)

    def test_window_without_days(self, admin_client, helpline_index):
        hours = streamfield([window([], "09:00", "17:00")])
        response = admin_client.post(add_url(helpline_index), helpline_post([channel(hours=hours)]))
        assert "Choose at least one day" in errors_in(response)

    def test_unknown_language(self, admin_client, helpline_index):
        response = admin_client.post(
            add_url(helpline_index), helpline_post([channel(languages="english")])
        )
        assert "“english” is not a language code" in errors_in(response)

    def test_unknown_region(self, admin_client, helpline_index):
        response = admin_client.post(
            add_url(helpline_index), helpline_post([channel()], regions="GB-XYZ")
        )
        assert "not an ISO 3166-2 region code" in errors_in(response)

    def test_at_least_one_channel(self, admin_client, helpline_index):
        response = admin_client.post(add_url(helpline_index), helpline_post([]))
        assert "Add at least one way to contact this helpline" in errors_in(response)

    def test_topics_come_from_the_shared_list(self, admin_client, helpline_index):
        response = admin_client.post(
            add_url(helpline_index),
            helpline_post([channel()], topics="Cyberbullying, Made-up topic"),
        )
        assert response.status_code == 302
        page = HelplinePage.objects.get(slug="test-line")
        assert [topic.slug for topic in page.topics.all()] == ["cyberbullying"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "missing, broken",
    [
        ("channels-0-hours-count", {}),
        ("", {"description": "{not json"}),
    ],
)
def test_a_post_missing_what_the_editors_script_writes_is_a_clear_400(
    admin_client, helpline_index, missing, broken
):
    """A stream's count and the rich text editor's JSON come from the admin's script; a post
    without them saves nothing and says why, instead of a server error."""
    count = HelplinePage.objects.count()
    data = {**helpline_post([channel()]), **broken}
    data.pop(missing, None)
    response = admin_client.post(add_url(helpline_index), data)
    assert response.status_code == 400
    assert "The form arrived incomplete" in response.content.decode()
    assert HelplinePage.objects.count() == count
