"""One rule, one answer: the admin's helpline form and the importer refuse the same channel
details with the same words (resources/rules.py)."""

import pytest

from resources.importing import plan_import
from resources.spreadsheets import read_csv
from tests.page_forms import channel, helpline_post
from tests.test_helpline_editing import add_url, errors_in
from tests.test_import import csv_text

pytestmark = pytest.mark.django_db

MISTAKES = [
    ("whatsapp", "85258", "WhatsApp needs a full number with its country code."),
    ("chat", "not a web address", "Enter a full web address starting with https://."),
    ("web", "javascript:alert(1)", "Enter a full web address starting with https://."),
    ("email", "jo@", "Enter an email address such as help@example.org."),
    ("phone", "0800 11", "is not a valid phone number"),
]


@pytest.mark.parametrize("kind, value, message", MISTAKES)
def test_the_form_and_the_importer_give_the_same_answer(
    admin_client, helpline_index, kind, value, message
):
    response = admin_client.post(
        add_url(helpline_index), helpline_post([channel(kind=kind, value=value)])
    )
    assert message in errors_in(response)
    plan = plan_import(read_csv(csv_text({"channel_kind": kind, "channel_value": value})))
    assert any(message in problem.message for problem in plan.problems), plan.problems
