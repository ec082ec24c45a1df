"""Validation and normalisation of contact details and standard codes.

Phone numbers are stored in a dialable form: E.164 (+448001111) for full numbers, and
the digits as published ("116 123") for short codes that only work inside a country (a
short code written with its country code, +44116123, is stored as dialled there: 116123).
Numbers with letters spelt on the keypad (1-800-273-TALK) are stored as their digits.
Country and region codes are checked against ISO 3166-1 and ISO 3166-2, and languages are
BCP 47 tags built from ISO 639 and ISO 3166 ("fr-CA"), as published in the pycountry
package.
"""

import gettext
import re
from functools import cache

from django.core.exceptions import ValidationError
from django.utils import translation

import phonenumbers
import pycountry

# Short codes are 3 to 6 digits; only three-digit ones may start with 0 (000, 024).
SHORT_CODE = re.compile(r"^(?:0\d\d|[1-9]\d{2,5})$")
PHONE_CHARACTERS = re.compile(r"^[+\d\s().-]+$")
# A number with a word spelt on the keypad: three letters or more after some digits.
VANITY = re.compile(r"^\+?[\d\s().-]+[A-Za-z][A-Za-z\s.-]{2,}$")


def normalise_phone(value, regions):
    """Return `value` in dialable form, trying each ISO country code in `regions`.

    Raises ValidationError with a message an editor can act on.
    """
    raw = (value or "").strip()
    if not raw:
        raise ValidationError("Enter a phone number.")
    if VANITY.match(raw):
        # Letters on the keypad, as adverts print them: 1-800-273-TALK.
        raw = phonenumbers.convert_alpha_characters_in_number(raw)
    if not PHONE_CHARACTERS.match(raw):
        raise ValidationError(
            f"“{raw}” is not a phone number: use only digits, spaces and a leading +."
        )
    digits = re.sub(r"\D", "", raw)
    if not raw.startswith("+") and (
        SHORT_CODE.match(digits) or _is_known_short_number(digits, regions)
    ):
        # Short codes (116 123, 988, 3114) are only dialable inside their country and
        # are not all in libphonenumber's data; keep them as published.
        return " ".join(raw.split())
    for region in list(regions) or [None]:
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if raw.startswith("+") and _is_short_number_of(number, regions):
            # A short code written with its country code (+44116123) is dialled as 116123.
            return phonenumbers.national_significant_number(number)
    served = ", ".join(regions) or "no country"
    raise ValidationError(
        f"“{raw}” is not a valid phone number for {served}. Check the digits, or write it "
        "in international form starting with + and the country code."
    )


def _is_short_number_of(number, regions):
    """A short code valid in one of `regions`, the country its code names."""
    return any(
        phonenumbers.country_code_for_region(region) == number.country_code
        and phonenumbers.is_valid_short_number_for_region(number, region)
        for region in regions
    )


def _is_known_short_number(digits, regions):
    for region in regions:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_short_number_for_region(number, region):
            return True
    return False


def phone_for_display(value):
    """How a stored number is shown: national format for full numbers, as stored otherwise."""
    if value.startswith("+"):
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            return value
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return value


# An extension written after the number: "119 ext. 8", "119 x8", "119 extension 8",
# "+441234234567;ext=100" (RFC 3966) or "119,8" (a dialler's pause).
EXTENSION = re.compile(
    r"(?:;\s{0,3}ext=|,|\bext\.?|\bextension\b|\bx|#)\s{0,3}(\d{1,8})$", re.I | re.ASCII
)


def split_extension(value):
    """The number and its extension, ("119", "8") from "119 ext. 8"; ("119", "") if none."""
    value = (value or "").strip()
    # An extension is at the very end: only the end is searched, however long the value.
    start = max(0, len(value) - 24)
    found = EXTENSION.search(value, start)
    if not found:
        return value, ""
    return value[: found.start()].strip(), found.group(1)


def join_extension(number, extension):
    """The number as people write it with its extension: "0800 123 456 ext. 8"."""
    return f"{number} ext. {extension}" if extension else number


def phone_for_dialling(value):
    """The digits for a tel:/sms: link."""
    return ("+" if value.startswith("+") else "") + re.sub(r"\D", "", value)


def validate_country_code(value):
    if not pycountry.countries.get(alpha_2=value or ""):
        raise ValidationError(f"“{value}” is not an ISO 3166-1 alpha-2 country code, such as GB.")


def split_codes(value):
    return [code for code in re.split(r"[\s,;]+", value or "") if code]


def _normalise_codes(value, normalise, is_known, explain):
    codes = []
    for code in split_codes(value):
        code = normalise(code)
        if not is_known(code):
            raise ValidationError(explain.format(code=code))
        if code not in codes:
            codes.append(code)
    return " ".join(codes)


def normalise_language_codes(value):
    """Turn "en, CY, fr_ca, fil" into "en cy fr-CA fil": BCP 47 language tags, each checked
    (normalise_language_tag)."""
    tags = []
    for code in split_codes(value):
        tag = normalise_language_tag(code)
        if tag not in tags:
            tags.append(tag)
    return " ".join(tags)


# UN M.49 areas that language tags use in place of a country ("es-419").
AREAS = {"419": "Latin America", "150": "Europe", "001": "World"}


def find_language(code):
    """ISO 639 language of a two- or three-letter code (639-1, 639-3, or 639-2's
    bibliographic forms such as "fre"), or None."""
    code = code.lower()
    if len(code) == 2:
        return pycountry.languages.get(alpha_2=code)
    if len(code) == 3:
        return pycountry.languages.get(alpha_3=code) or pycountry.languages.get(bibliographic=code)
    return None


def normalise_language_tag(tag):
    """A BCP 47 language tag written as the standard writes it ("FR_ca" -> "fr-CA"): an ISO
    639 language, in two letters where ISO 639-1 has them ("eng" -> "en"; "fil" has none),
    then a script ("zh-Hant"), a country ("fr-CA") or an area ("es-419") where they matter.
    Raises ValidationError naming the part it cannot read."""
    first, *rest = re.split(r"[-_]", tag.strip())
    language = find_language(first)
    if language is None:
        raise ValidationError(
            f"“{tag}”: “{first}” is not a language code. Use ISO 639 codes such as en, cy or "
            "fil, with a country where it matters: fr-CA."
        )
    parts = [getattr(language, "alpha_2", None) or language.alpha_3]
    for part in rest:
        if len(part) == 4 and pycountry.scripts.get(alpha_4=part.title()):
            parts.append(part.title())
        elif len(part) == 2 and pycountry.countries.get(alpha_2=part.upper()):
            parts.append(part.upper())
        elif part in AREAS:
            parts.append(part)
        else:
            raise ValidationError(
                f"“{tag}”: “{part}” is not a country (such as CA), script (such as Hant) or "
                "area (such as 419) of a language tag."
            )
    return "-".join(parts)


def language_base(tag):
    """The language of a tag, without its country or script: "fr" for "fr-CA"."""
    return tag.split("-", 1)[0]


def normalise_region_codes(value):
    """Turn "gb-sct, GB-WLS" into "GB-SCT GB-WLS", rejecting anything not in ISO 3166-2."""
    return _normalise_codes(
        value,
        str.upper,
        lambda code: pycountry.subdivisions.get(code=code),
        "“{code}” is not an ISO 3166-2 region code, such as GB-SCT or US-CA.",
    )


@cache
def iso_translations(domain, language):
    """The iso-codes project's translations of one of its lists (iso3166-1 for countries,
    iso639-3 for languages) into `language`, which pycountry ships."""
    return gettext.translation(domain, pycountry.LOCALES_DIR, [language], fallback=True)


def local_language_name(tag):
    """The language of `tag` named in the active language: "Inglés" on a Spanish page."""
    language = find_language(language_base(tag))
    if language is None:
        return tag
    return iso_translations("iso639-3", translation.get_language()).gettext(language.name)


def language_name(tag):
    """A tag's name in English: "French (Canada)", "Spanish (Latin America)", "Chinese
    (Traditional)"."""
    first, *rest = tag.split("-")
    language = find_language(first)
    if language is None:
        return tag
    details = []
    for part in rest:
        if len(part) == 4:
            script = pycountry.scripts.get(alpha_4=part)
            name = script.name if script else part
            details.append(name.removeprefix("Han (").removesuffix(" variant)"))
        elif part in AREAS:
            details.append(AREAS[part])
        else:
            country = pycountry.countries.get(alpha_2=part)
            details.append(getattr(country, "common_name", None) or getattr(country, "name", part))
    name = language.name
    return f"{name} ({', '.join(details)})" if details else name
