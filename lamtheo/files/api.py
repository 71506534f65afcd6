"""/api/v1/org-units/{code}/files and /api/v1/files/{uid}: a unit's files, upload, download."""

from datetime import datetime
from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import File, Header, Router, Schema, Status
from ninja.files import UploadedFile

from lamtheo.org.models import OrgUnit

from . import services
from .checks import UploadError
from .models import Attachment, writable_units
from .views import serve

router = Router(tags=["files"])
# The file as uploaded: its content type is the one found when it was checked (PDF, image...).
BINARY = {"*/*": {"schema": {"type": "string", "format": "binary"}}}


class AttachmentOut(Schema):
    uid: UUID
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    uploaded_by: str | None
    unit: str


class ErrorOut(Schema):
    detail: str


def _out(attachment: Attachment) -> AttachmentOut:
    return AttachmentOut(
        uid=attachment.uid,
        name=attachment.name,
        content_type=attachment.content_type,
        size=attachment.size,
        sha256=attachment.sha256,
        uploaded_at=attachment.uploaded_at,
        uploaded_by=attachment.uploaded_by.username if attachment.uploaded_by else None,
        unit=attachment.unit.code,
    )


@router.get(
    "/org-units/{code}/files", response=list[AttachmentOut], summary="A unit's files, newest first"
)
def list_files(request, code: str):
    unit = get_object_or_404(OrgUnit.objects.visible_to(request.auth), code=code)
    files = Attachment.objects.filter(unit=unit).select_related("unit", "uploaded_by")
    return [_out(a) for a in files.order_by("-uploaded_at", "-id")[:500]]


@router.post(
    "/org-units/{code}/files",
    response={200: AttachmentOut, 201: AttachmentOut, 400: ErrorOut, 413: ErrorOut},
    summary="Upload a file to a unit (201); the same Idempotency-Key again answers 200",
)
def upload_file(
    request,
    code: str,
    file: File[UploadedFile],
    idempotency_key: str = Header("", alias="Idempotency-Key"),
):
    unit = get_object_or_404(writable_units(request.auth), code=code)
    try:
        attachment, created = services.attach(
            unit=unit, upload=file, user=request.auth, key=idempotency_key
        )
    except UploadError as error:
        return Status(400, {"detail": str(error)})
    return Status(201 if created else 200, _out(attachment))


@router.get(
    "/files/{uid}",
    summary="Download a file (as an attachment)",
    openapi_extra={"responses": {200: {"description": "The file", "content": BINARY}}},
)
def download_file(request, uid: UUID):
    attachment = get_object_or_404(Attachment.objects.visible_to(request.auth), uid=uid)
    return serve(request, attachment)
