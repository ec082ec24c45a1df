from django.core.exceptions import ValidationError

import pytest

from resources.validators import (
    language_name,
    normalise_language_codes,
    normalise_phone,
    normalise_region_codes,
    phone_for_dialling,
    phone_for_display,
    validate_country_code,
)


@pytest.mark.parametrize(
    ("entered", "regions", "stored"),
    [
        ("0800 1111", ["GB"], "+448001111"),
        ("+44 800 1111", ["IE"], "+448001111"),
        ("1-800-668-6868", ["CA"], "+18006686868"),
        ("116 123", ["GB"], "116 123"),
        ("988", ["US"], "988"),
        ("024", ["ES"], "024"),
        ("0477 13 11 14", ["AU"], "+61477131114"),
        ("1800 66 66 66", ["GB", "IE"], "+3531800666666"),
        ("+44116123", ["GB"], "116123"),
        ("+44 116 123", ["GB", "IE"], "116123"),
        ("1-800-273-TALK", ["US"], "+18002738255"),
        ("0800 SAMARITANS", ["GB"], None),
    ],
)
def test_phone_numbers_are_stored_in_dialable_form(entered, regions, stored):
    if stored is None:  # more letters than a number has digits: explained, not guessed
        with pytest.raises(ValidationError, match="not a valid phone number"):
            normalise_phone(entered, regions)
        return
    assert normalise_phone(entered, regions) == stored


@pytest.mark.parametrize(
    ("entered", "message"),
    [
        ("", "Enter a phone number"),
        ("call us", "not a phone number"),
        ("0800 11", "not a valid phone number for GB"),
        ("+44 1", "not a valid phone number for GB"),
        ("+33 3114", "not a valid phone number for GB"),
        ("12", "not a valid phone number"),
        ("--", "not a valid phone number for GB"),
        ("(  )", "not a valid phone number for GB"),
    ],
)
def test_bad_phone_numbers_are_explained(entered, message):
    with pytest.raises(ValidationError) as error:
        normalise_phone(entered, ["GB"])
    assert message in error.value.messages[0]


def test_numbers_are_displayed_nationally_and_dialled_in_full():
    assert phone_for_display("+448001111") == "0800 1111"
    assert phone_for_dialling("+448001111") == "+448001111"
    assert phone_for_dialling("116 123") == "116123"


def test_language_codes_are_normalised_and_checked():
    assert normalise_language_codes("EN, cy es, en") == "en cy es"
    with pytest.raises(ValidationError, match="“english” is not a language code"):
        normalise_language_codes("english")


@pytest.mark.parametrize(
    "written, tag, name",
    [
        ("fr-CA", "fr-CA", "French (Canada)"),
        ("pt_br", "pt-BR", "Portuguese (Brazil)"),
        ("es-419", "es-419", "Spanish (Latin America)"),
        ("ZH-hant", "zh-Hant", "Chinese (Traditional)"),
        ("fil", "fil", "Filipino"),  # ISO 639-3, with no two-letter form
        ("eng", "en", "English"),  # ISO 639-3 where ISO 639-1 has one
        ("ger", "de", "German"),  # ISO 639-2's bibliographic form
    ],
)
def test_language_tags_are_read_as_bcp_47(written, tag, name):
    assert normalise_language_codes(written) == tag
    assert language_name(tag) == name


@pytest.mark.parametrize(
    "written, part",
    [("fr-ZZ", "“ZZ” is not a country"), ("xx", "“xx” is not a language"), ("en-1", "“1”")],
)
def test_a_wrong_part_of_a_language_tag_is_named(written, part):
    with pytest.raises(ValidationError, match=part):
        normalise_language_codes(written)


def test_region_codes_are_normalised_and_checked():
    assert normalise_region_codes("gb-sct;GB-WLS") == "GB-SCT GB-WLS"
    with pytest.raises(ValidationError, match="not an ISO 3166-2"):
        normalise_region_codes("GB-XXX")


def test_country_codes_are_checked():
    validate_country_code("GB")
    with pytest.raises(ValidationError):
        validate_country_code("UK")
