import hashlib

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lamtheo.org.models import OrgUnit

from .checks import UploadError, inspect
from .models import Attachment


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def attach(*, unit: OrgUnit, upload, user, key: str = "", owner=None) -> tuple[Attachment, bool]:
    """Store an uploaded file for a unit. Returns (attachment, created): the same key from the
    same user finds the earlier attachment instead of storing the file again."""
    key = key.strip()[:64]
    if key:
        earlier = Attachment.objects.filter(uploaded_by=user, idempotency_key=key).first()
        if earlier is not None:
            return _same(earlier, unit)
    checked = inspect(upload.name, upload, upload.size, settings.UPLOAD_MAX_BYTES)
    attachment = Attachment(
        unit=unit,
        name=checked.name,
        extension=checked.extension,
        content_type=checked.mime,
        size=upload.size,
        sha256=_sha256(upload),
        uploaded_by=user,
        idempotency_key=key,
    )
    if owner is not None:
        from django.contrib.contenttypes.models import ContentType

        attachment.owner_type = ContentType.objects.get_for_model(owner)
        attachment.owner_id = str(owner.pk)
    attachment.file.save(checked.name, upload, save=False)
    try:
        with transaction.atomic():
            attachment.save()
    except IntegrityError:
        attachment.file.delete(save=False)
        earlier = Attachment.objects.filter(uploaded_by=user, idempotency_key=key).first()
        if earlier is None:
            raise
        return _same(earlier, unit)
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment, True


def _same(earlier: Attachment, unit: OrgUnit) -> tuple[Attachment, bool]:
    if earlier.unit_id != unit.pk:
        raise UploadError(_("Khóa gửi tệp này đã dùng cho tệp của một đơn vị khác."))
    return earlier, False


@transaction.atomic
def remove(*, attachment: Attachment) -> None:
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
