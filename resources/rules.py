"""What makes a contact channel right, in one place: the admin's forms, the model's own
checks and the importer all ask these functions, and so give the same answer and the same
words for the same mistake.

A phone number can only be checked knowing the countries it is dialled from, which live on
the helpline: callers that know them pass them as `regions`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from .validators import normalise_language_codes, normalise_phone

PHONE_KINDS = frozenset({"phone", "sms", "whatsapp"})
WEB_KINDS = frozenset({"chat", "web"})
EMAIL_KINDS = frozenset({"email"})


def channel_value(kind, value, regions):
    """The value to store for a channel of `kind`: a dialable number, a web address or an
    email address. Raises ValidationError saying what is wrong."""
    value = (value or "").strip()
    if kind in PHONE_KINDS:
        number = normalise_phone(value, regions)
        if kind == "whatsapp" and not number.startswith("+"):
            raise ValidationError("WhatsApp needs a full number with its country code.")
        return number
    if kind in WEB_KINDS:
        try:
            URLValidator(schemes=["https", "http"])(value)
        except ValidationError:
            raise ValidationError("Enter a full web address starting with https://.") from None
        return value
    if kind in EMAIL_KINDS:
        try:
            EmailValidator()(value)
        except ValidationError:
            raise ValidationError("Enter an email address such as help@example.org.") from None
        return value
    raise ValidationError(f"“{kind}” is not a kind of channel.")


def channel_languages(value):
    """BCP 47 language tags, normalised ("EN, cy, fr_ca" -> "en cy fr-CA"); at least one
    is needed."""
    languages = normalise_language_codes(value or "")
    if not languages:
        raise ValidationError("Enter at least one language, e.g. en.")
    return languages
