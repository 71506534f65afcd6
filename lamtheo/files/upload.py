"""Refuse an upload larger than UPLOAD_MAX_BYTES while it arrives, not after it is on disk."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# Form fields and multipart headers around the file.
OVERHEAD = 64 * 1024


class SizeLimitHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: counts each file's bytes and stops the parser (which then
    reads and drops the rest of the body) as soon as the limit is passed, so nothing that large
    reaches memory or a temporary file. The view sees `request.upload_too_large`."""

    oversized = False
    received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # A body far beyond the limit is refused at its first file chunk; the parser only
        # catches StopUpload while it reads the parts.
        self.oversized = bool(content_length) and (
            content_length > settings.UPLOAD_MAX_BYTES + OVERHEAD
        )

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.oversized or self.received > settings.UPLOAD_MAX_BYTES:
            self._too_large()
        return raw_data

    def file_complete(self, file_size):
        return None

    def _too_large(self):
        self.request.upload_too_large = True
        raise StopUpload(connection_reset=False)
