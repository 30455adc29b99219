from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_upload_size(file) -> None:
    if getattr(file, "_committed", False):
        # Stored already, and measured when it was uploaded.
        return
    limit = settings.MAX_UPLOAD_MEGABYTES
    if file.size > limit * 1024 * 1024:
        raise ValidationError(
            _("The file is %(size).1f MB; files up to %(limit)d MB are accepted."),
            code="file_too_large",
            params={"size": file.size / 1024 / 1024, "limit": limit},
        )
