"""Avatars: real JPEG/PNG/WebP content, bounded in bytes and pixels, re-encoded under a random name."""

import io
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from rest_framework import serializers

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 40_000_000


def avatar_process(upload) -> ContentFile:
    """Validate an uploaded image and return it resized (at most AVATAR_MAX_SIZE px a side), metadata dropped."""
    if upload.size > settings.AVATAR_MAX_BYTES:
        raise serializers.ValidationError(
            _("The image is larger than %(size)s.") % {"size": filesizeformat(settings.AVATAR_MAX_BYTES)}
        )
    try:
        with Image.open(upload) as probe:
            image_format = probe.format
            if image_format not in FORMATS:
                raise serializers.ValidationError(_("Upload a JPEG, PNG or WebP image."))
            if probe.width * probe.height > MAX_PIXELS:
                raise serializers.ValidationError(_("The image has too many pixels."))
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image.thumbnail((settings.AVATAR_MAX_SIZE, settings.AVATAR_MAX_SIZE))
            if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            buffer = io.BytesIO()
            image.save(buffer, format=image_format)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError):
        raise serializers.ValidationError(_("Upload a valid image."))
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{FORMATS[image_format]}")
