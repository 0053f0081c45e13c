"""Where private files (grant receipts) are kept: settings.PRIVATE_FILES_DIR, outside
STATIC_ROOT and MEDIA_ROOT, so neither WhiteNoise nor any URL serves them. A view checks
who asks and streams the file (`views.grants.receipt`)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse


class PrivateStorage(FileSystemStorage):
    """A file system storage rooted at settings.PRIVATE_FILES_DIR (read when used, so a
    test may move it), with no public address: `url()` refuses."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_FILES_DIR)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    # No address: url() refuses (FileSystemStorage checks for None).
    @property
    def base_url(self) -> None:  # type: ignore[override]
        return None


def private_storage() -> PrivateStorage:
    """The storage of receipts (a callable, so migrations name it rather than a path)."""
    return PrivateStorage()


def private_download(file: FieldFile, *, name: str, content_type: str) -> FileResponse:
    """A private file streamed as a download that no cache keeps (the caller has checked
    who asks)."""
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
