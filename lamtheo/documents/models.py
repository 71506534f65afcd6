"""The document registry: directives, resolutions, conclusions, plans, reports... and the
relations between them. A document belongs to the unit that issued it.

The full-text index is not a model field: on SQLite it is the FTS5 table `documents_search`, on
PostgreSQL two tsvector columns of the document table with a GIN index (migration 0002); both
are written only by `documents.search.reindex`, which the services call.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from lamtheo.org.models import Membership, OrgUnit, visible_unit_ids

from . import domain

WRITERS = [Membership.Role.ADMIN, Membership.Role.EDITOR]


class Style(models.TextChoices):
    PARTY = domain.Style.PARTY, _("Văn bản của Đảng")
    STATE = domain.Style.STATE, _("Văn bản của Nhà nước")


class SigningAuthority(models.TextChoices):
    """How the signer signs: for the collective (T/M), as its deputy (K/T), by order (T/L),
    by delegation (T/UQ), or in their own name (none). The State writes TM., KT., TL., TUQ."""

    NONE = "", _("Ký trực tiếp")
    ON_BEHALF = "tm", _("Thay mặt (T/M)")
    DEPUTY = "kt", _("Ký thay (K/T)")
    BY_ORDER = "tl", _("Thừa lệnh (T/L)")
    DELEGATED = "tuq", _("Thừa ủy quyền (T/UQ)")


SIGNING_PREFIXES = {
    domain.Style.PARTY: {"tm": "T/M", "kt": "K/T", "tl": "T/L", "tuq": "T/UQ"},
    domain.Style.STATE: {"tm": "TM.", "kt": "KT.", "tl": "TL.", "tuq": "TUQ."},
}


def writable_unit_ids(user):
    """The units whose documents the user may register and edit: editor or admin there."""
    return visible_unit_ids(user, roles=WRITERS)


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Public documents; the documents of the units the user sees (their subtree); and the
        documents the levels above them issued, which are sent down to be carried out."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(Q(is_public=True) | Q(unit_id__in=visible_unit_ids(user, upward=True)))

    def editable_by(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(unit_id__in=writable_unit_ids(user))


class Document(models.Model):
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("Đơn vị ban hành"),
    )
    # The issuing unit's province (empty for the centre): the distribution key at national
    # scale (../shared/ARCHITECTURE.md), kept with the unit by the services.
    province_code = models.CharField(
        _("Mã tỉnh"), max_length=8, blank=True, db_index=True, editable=False
    )
    style = models.CharField(_("Thể thức"), max_length=8, choices=Style.choices)
    profile = models.CharField(_("Quy định thể thức"), max_length=20)
    kind = models.CharField(_("Loại văn bản"), max_length=40)
    # The parts of the number and symbol (số và ký hiệu), as the toolkit read them.
    number = models.PositiveIntegerField(_("Số"), null=True, blank=True)
    number_text = models.CharField(_("Số như viết"), max_length=12, blank=True, editable=False)
    type_code = models.CharField(_("Ký hiệu loại"), max_length=12, blank=True, editable=False)
    issuer_code = models.CharField(
        _("Ký hiệu cơ quan ban hành"), max_length=30, blank=True, editable=False
    )
    sub_body = models.CharField(_("Đơn vị soạn thảo"), max_length=30, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(
        _("Năm trong ký hiệu"), null=True, blank=True, editable=False
    )
    symbol = models.CharField(
        _("Số và ký hiệu"), max_length=60, blank=True, db_index=True, editable=False
    )
    term = models.CharField(_("Nhiệm kỳ / năm đánh số"), max_length=20)
    issued_on = models.DateField(_("Ngày ban hành"))
    place = models.CharField(_("Địa danh"), max_length=100, blank=True)
    title = models.CharField(_("Trích yếu"), max_length=500)
    signer_name = models.CharField(_("Người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("Chức vụ người ký"), max_length=120, blank=True)
    signing_authority = models.CharField(
        _("Thẩm quyền ký"),
        max_length=4,
        choices=SigningAuthority.choices,
        blank=True,
        default=SigningAuthority.NONE,
    )
    signing_body = models.CharField(_("Thay mặt tập thể"), max_length=120, blank=True)
    is_public = models.BooleanField(_("Công khai"), default=False)
    # Raised by every save through the services: an edit made on an older version is refused.
    version = models.PositiveIntegerField(_("Phiên bản"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("Người nhập"),
    )
    created_at = models.DateTimeField(_("Nhập lúc"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("Sửa lúc"), default=timezone.now, editable=False)
    # Last: on SQLite a row's columns are read in order, and the other columns' filters and
    # sorts should not walk the overflow pages of a long body.
    body = models.TextField(_("Nội dung"), blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "type_code", "number", "term"],
                condition=Q(number__isnull=False),
                name="documents_one_number_per_register",
            )
        ]
        indexes = [
            models.Index(fields=["unit", "-issued_on"]),
            models.Index(fields=["-issued_on", "-id"]),
            models.Index(fields=["type_code", "number"]),
            models.Index(fields=["style", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind_name} {self.symbol}".strip() if self.symbol else self.title[:80]

    @property
    def kind_name(self) -> str:
        return domain.kind_name(self.style, self.kind, self.issued_on, get_language() or "vi")

    @property
    def kind_value(self) -> str:
        return domain.kind_value(self.style, self.kind)

    @property
    def heading(self) -> str:
        """ "Kế hoạch số 129-KH/TU" as texts cite it, or the kind alone without a number."""
        if not self.symbol:
            return self.kind_name
        return gettext("%(kind)s số %(symbol)s") % {"kind": self.kind_name, "symbol": self.symbol}

    @property
    def signing_prefix(self) -> str:
        return SIGNING_PREFIXES.get(self.style, {}).get(self.signing_authority, "")


class Relation(models.Model):
    """`source` implements, guides, reports on, replaces, amends or cites `target`."""

    class Kind(models.TextChoices):
        IMPLEMENTS = domain.RelationKind.IMPLEMENTS, _("Thực hiện")
        GUIDES = domain.RelationKind.GUIDES, _("Hướng dẫn thực hiện")
        REPORTS_ON = domain.RelationKind.REPORTS_ON, _("Báo cáo về")
        REPLACES = domain.RelationKind.REPLACES, _("Thay thế")
        AMENDS = domain.RelationKind.AMENDS, _("Sửa đổi, bổ sung")
        CITES = domain.RelationKind.CITES, _("Trích dẫn")

    source = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("Văn bản")
    )
    target = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        related_name="relations_in",
        verbose_name=_("Văn bản liên quan"),
    )
    kind = models.CharField(_("Quan hệ"), max_length=16, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("liên kết văn bản")
        verbose_name_plural = _("liên kết văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="documents_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="documents_relation_not_self"
            ),
        ]
        indexes = [models.Index(fields=["target", "kind"])]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"

    @property
    def audit_unit_id(self):
        """A link is in the history of the unit whose document it starts from."""
        return self.source.unit_id

    @property
    def inverse_label(self) -> str:
        return gettext(domain.INVERSE_LABELS[domain.RelationKind(self.kind)])
