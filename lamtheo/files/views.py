from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from lamtheo.audit import events
from lamtheo.audit.models import Entry
from lamtheo.web import methods

from . import services
from .checks import UploadError
from .models import Attachment, writable_units


def _back(unit):
    return redirect(reverse("org:unit", args=[unit.code]) + "#tep")


def receive(request, store) -> None:
    """Take the uploaded file of a page's form: `store(upload, key)` attaches it and returns
    (attachment, created); what happened is told in the messages."""
    upload = request.FILES.get("file")
    if getattr(request, "upload_too_large", False):
        messages.error(request, _("Tệp quá lớn: tối đa %(max)s MB.") % {"max": _max_mb()})
    elif upload is None:
        messages.error(request, _("Hãy chọn một tệp để tải lên."))
    else:
        try:
            attachment, created = store(upload, request.POST.get("idempotency_key", ""))
        except UploadError as error:
            messages.error(request, str(error))
        else:
            if created:
                messages.success(request, _("Đã tải lên '%(name)s'.") % {"name": attachment.name})


@methods("POST")
def upload(request, code):
    unit = get_object_or_404(writable_units(request.user), code=code)
    receive(
        request,
        lambda upload, key: services.attach(unit=unit, upload=upload, user=request.user, key=key),
    )
    return _back(unit)


def _max_mb() -> int:
    from django.conf import settings

    return settings.UPLOAD_MAX_BYTES // (1024 * 1024)


def serve(request, attachment: Attachment) -> FileResponse:
    """The file as a download, never shown inline, logged in the audit trail."""
    events.log(Entry.Action.DOWNLOAD, obj=attachment, request=request)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@methods("GET")
def download(request, uid):
    return serve(request, get_object_or_404(Attachment.objects.visible_to(request.user), uid=uid))


@methods("POST")
def delete(request, uid):
    attachment = get_object_or_404(Attachment.objects.editable_by(request.user), uid=uid)
    unit = attachment.unit
    services.remove(attachment=attachment)
    messages.success(request, _("Đã xóa '%(name)s'.") % {"name": attachment.name})
    # A record's page (a document's files) sends its own address back.
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return _back(unit)
