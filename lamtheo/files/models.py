"""Uploaded files. Each belongs to an org unit and is reached only through `visible_to`: files
are stored under MEDIA_ROOT with names lamtheo makes up, and no URL serves MEDIA_ROOT."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.org.models import Membership, OrgUnit, visible_unit_ids

WRITERS = [Membership.Role.ADMIN, Membership.Role.EDITOR]


def storage_name(instance, filename: str) -> str:
    """files/2026/11/<random uuid>.pdf - never the uploader's name, which may say anything."""
    now = timezone.now()
    return f"files/{now:%Y}/{now:%m}/{uuid.uuid4().hex}{instance.extension}"


def writable_units(user):
    """The units whose files the user may add to: where they are editor or admin, and below."""
    if not user.is_authenticated or not user.is_active:
        return OrgUnit.objects.none()
    if user.is_superuser:
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(pk__in=visible_unit_ids(user, roles=WRITERS))


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(unit__in=OrgUnit.objects.visible_to(user))

    def editable_by(self, user):
        """Editors and admins of the unit (or above it) may add and remove its files."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(unit_id__in=visible_unit_ids(user, roles=WRITERS))


class Attachment(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("Đơn vị")
    )
    # What the file is attached to, if anything but the unit: any area's record.
    owner_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_id = models.CharField(max_length=64, blank=True)
    name = models.CharField(_("Tên tệp"), max_length=200)
    file = models.FileField(upload_to=storage_name, max_length=200)
    extension = models.CharField(max_length=10)
    content_type = models.CharField(_("Loại nội dung"), max_length=100)
    size = models.PositiveBigIntegerField(_("Dung lượng"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người tải lên"),
    )
    uploaded_at = models.DateTimeField(_("Tải lên lúc"), default=timezone.now)
    # A client's key for one submission: sent again (a retry, a double click), it finds the
    # file already stored instead of storing it twice.
    idempotency_key = models.CharField(max_length=64, blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        indexes = [
            models.Index(fields=["unit", "-uploaded_at"]),
            models.Index(fields=["owner_type", "owner_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["uploaded_by", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="files_one_upload_per_key",
            )
        ]

    def __str__(self) -> str:
        return self.name
