"""Users and API tokens. Roles in org units (memberships) arrive with the org area."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in. Vietnamese names are one field ("Họ và tên"), not first/last."""

    first_name = None
    last_name = None
    full_name = models.CharField(_("Họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("Chức vụ"), max_length=200, blank=True)

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name.rsplit(" ", 1)[-1] if self.full_name else self.username


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=Now())
        )

    def visible_to(self, user):
        """A user sees their own tokens; a superuser sees all."""
        if not user.is_authenticated:
            return self.none()
        return self if user.is_superuser else self.filter(user=user)


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 digest is stored; the token itself is
    shown once, when issued (`lamtheo api-token USERNAME`)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("Tên"), max_length=100, blank=True)
    prefix = models.CharField(_("Tiền tố"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("Dùng lần cuối"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("Hết hạn"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("Thu hồi lúc"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class TotpDevice(models.Model):
    """A user's authenticator app (TOTP, RFC 6238). One per user."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret = models.CharField(max_length=64, editable=False)
    confirmed_at = models.DateTimeField(_("Kích hoạt lúc"), null=True, blank=True)
    last_step = models.BigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ứng dụng xác thực")
        verbose_name_plural = _("ứng dụng xác thực")

    def __str__(self) -> str:
        return f"TOTP · {self.user}"


class NotificationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user's own notifications, nobody else's."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notice to one user (a reminder, an assignment), about a record of a unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("Đơn vị")
    )
    text = models.CharField(_("Nội dung"), max_length=500)
    url = models.CharField(_("Đường dẫn"), max_length=300, blank=True)
    # What the notice is about, once per user: a retried task does not notify twice.
    key = models.CharField(max_length=100)
    created_at = models.DateTimeField(_("Lúc"), default=timezone.now)
    read_at = models.DateTimeField(_("Đã đọc lúc"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="accounts_one_notice_per_key")
        ]
        indexes = [models.Index(fields=["user", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.text
