"""The audit trail: one append-only table of entries, chained by an HMAC so that an entry
changed, removed or inserted in the database shows up in `lamtheo audit-verify`.

An entry is written unsealed (seq and hash empty) in the same transaction as the change it
records, so a rolled-back change leaves no entry and writers never wait on each other. Right after
the transaction commits, `chain.seal()` gives the committed entries their place in the chain under
one short lock on the head row.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    """Raised on any attempt to change or delete an entry from the application."""


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("audit entries cannot be changed")

    def delete(self):
        raise AppendOnly("audit entries cannot be deleted")

    def visible_to(self, user):
        """A superuser sees every entry; a unit admin those of the units they manage."""
        from lamtheo.org.models import OrgUnit

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(unit_id__in=OrgUnit.objects.editable_by(user).values("pk"))


class Entry(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Sửa")
        DELETE = "delete", _("Xóa")
        SIGN_IN = "sign_in", _("Đăng nhập")
        SIGN_IN_FAILED = "sign_in_failed", _("Đăng nhập sai")
        SIGN_IN_BLOCKED = "sign_in_blocked", _("Đăng nhập bị chặn")
        LOCKED = "locked", _("Tạm khóa tài khoản")
        SIGN_OUT = "sign_out", _("Đăng xuất")
        EXPORT = "export", _("Xuất dữ liệu")
        DOWNLOAD = "download", _("Tải tệp")

    seq = models.PositiveBigIntegerField(_("Số thứ tự"), null=True, unique=True, editable=False)
    at = models.DateTimeField(_("Thời điểm"))
    # Not foreign keys in the database: an entry outlives the user or unit it names.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người thực hiện"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("Người thực hiện"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("Địa chỉ"), null=True)
    via = models.CharField(_("Qua"), max_length=60, blank=True)
    action = models.CharField(_("Hành động"), max_length=20, choices=Action.choices)
    model = models.CharField(_("Loại bản ghi"), max_length=100, blank=True)
    object_pk = models.CharField(_("Mã bản ghi"), max_length=64, blank=True)
    object_repr = models.CharField(_("Bản ghi"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("Đơn vị"),
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    changes = models.JSONField(_("Thay đổi"), default=dict)
    prev_hash = models.CharField(max_length=64, blank=True, editable=False)
    hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký")
        indexes = [
            models.Index(fields=["model", "object_pk"], name="audit_object"),
            models.Index(fields=["unit", "at"], name="audit_unit_at"),
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
            models.Index(fields=["action", "at"], name="audit_action_at"),
            models.Index(fields=["at"], name="audit_at"),
            # The entries waiting to be sealed: a tiny partial index.
            models.Index(fields=["id"], name="audit_unsealed", condition=models.Q(seq=None)),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit entries cannot be deleted")


class ChainHead(models.Model):
    """One row: the last sealed entry's position and hash. Sealing locks it."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("đầu chuỗi nhật ký")

    def __str__(self) -> str:
        return f"{self.seq}: {self.hash}"
