"""Storage for files that must never be public: rooted at PRIVATE_MEDIA_ROOT, with no URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under `settings.PRIVATE_MEDIA_ROOT`, which no web server serves.

    The root is read from settings on every use rather than cached, so that a changed
    PRIVATE_MEDIA_ROOT (tests, a management command) is honoured.
    """

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL; read them through the storage.")


private_storage = PrivateFileSystemStorage()
