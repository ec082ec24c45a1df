"""The admin's image forms."""

from django.core.exceptions import ValidationError

from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from PIL import UnidentifiedImageError


class CheckedImageField(WagtailImageField):
    """Wagtail's image field, except that a file whose first bytes claim an image format its
    contents do not hold (a truncated PNG, junk behind a GIF header) is refused as not an
    image, where Wagtail lets Pillow's error through as a server error."""

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


class ImageForm(BaseImageForm):
    """Every admin image form (WAGTAILIMAGES_IMAGE_FORM_BASE): add, edit, multiple upload
    and the chooser's upload, with the checked file field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            wagtail_field = self.fields["file"]
            self.fields["file"] = CheckedImageField(
                label=wagtail_field.label,
                required=wagtail_field.required,
                widget=wagtail_field.widget,
            )
