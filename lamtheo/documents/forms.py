"""Forms of the registry. The rules live in domain.py and services.py; a form reads what was
typed (dates the Vietnamese way, with the toolkit) and shows the services' messages on the field
they name."""

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from lamtheo.org.models import OrgUnit
from lamtheo.vn.dates import parse_date
from lamtheo.vn.errors import VnError
from lamtheo.web import translated

from . import domain, selectors
from .domain import DocumentError
from .models import Relation, SigningAuthority, Style, writable_unit_ids


def message(error: DocumentError | VnError) -> str:
    """The error in the user's language: its Vietnamese template through the catalogue."""
    return translated(error)


def show(form: forms.Form, error: DocumentError) -> None:
    """Put a service's error on the field it names (the whole form if none of this form's)."""
    name = error.field if error.field in form.fields else None
    form.add_error(name, message(error))


class VietnameseDateField(forms.Field):
    """A date as officials write it - 16/5/2024, 16/05/2024, ngày 16 tháng 5 năm 2024 - read
    by the toolkit, which says exactly what is wrong ("tháng 2/2024 chỉ có 29 ngày")."""

    widget = forms.TextInput(
        attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "maxlength": "40"}
    )

    def prepare_value(self, value):
        return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else value

    def to_python(self, value):
        text = (value or "").strip()[:40] if isinstance(value, str) else value
        if not text:
            return None
        if hasattr(text, "strftime"):
            return text
        try:
            return parse_date(text)
        except VnError as error:
            raise forms.ValidationError(message(error)) from None


def kind_choices() -> list:
    labels = dict(Style.choices)
    groups = domain.kind_groups(timezone.localdate(), get_language() or "vi")
    groups = [(labels[style], options) for style, options in groups]
    return [("", _("— Chọn loại văn bản —")), *groups]


def writable_units(user):
    units = OrgUnit.objects.valid_on(timezone.localdate())
    if not user.is_superuser:
        units = units.filter(pk__in=writable_unit_ids(user))
    return units.order_by("name")


def resolve(user, item: str):
    """The registered document a clerk means by "01-KL/TW" or "01-KL/TW ngày 18/5/2021"."""
    symbol, _sep, day = item.strip().partition(" ngày ")
    symbol = symbol.strip()
    try:
        on = parse_date(day) if day else None
        found = selectors.by_symbol(user, symbol, on)
    except VnError as error:
        raise forms.ValidationError(message(error)) from None
    if not found:
        raise forms.ValidationError(
            gettext(
                "Chưa có văn bản %(symbol)s trong sổ văn bản: hãy đăng ký văn bản đó trước, "
                "hoặc liên kết sau khi lưu."
            )
            % {"symbol": item.strip()}
        )
    if len(found) > 1:
        raise forms.ValidationError(
            gettext(
                "Có %(n)s văn bản số %(symbol)s (%(dates)s): ghi thêm ngày ban hành, "
                "ví dụ: %(symbol)s ngày %(first)s."
            )
            % {
                "n": len(found),
                "symbol": symbol,
                "dates": ", ".join(d.issued_on.strftime("%d/%m/%Y") for d in found),
                "first": found[0].issued_on.strftime("%d/%m/%Y"),
            }
        )
    return found[0]


class DocumentForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Đơn vị ban hành"),
        queryset=OrgUnit.objects.none(),
        to_field_name="code",
        empty_label=_("— Chọn đơn vị —"),
    )
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=())
    symbol = forms.CharField(
        label=_("Số và ký hiệu"),
        required=False,
        max_length=60,
        help_text=_(
            "Như in trên văn bản: 129-KH/TU, 15/QĐ-UBND. Để trống nếu văn bản không có số."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    issued_on = VietnameseDateField(label=_("Ngày ban hành"))
    term = forms.CharField(
        label=_("Nhiệm kỳ / năm đánh số"),
        required=False,
        max_length=20,
        help_text=_(
            "Để trống để tự xác định theo ngày ban hành: 2020-2025; văn bản Nhà nước: năm."
        ),
    )
    place = forms.CharField(label=_("Địa danh"), required=False, max_length=100)
    title = forms.CharField(
        label=_("Trích yếu"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    signing_authority = forms.ChoiceField(
        label=_("Thẩm quyền ký"), choices=SigningAuthority.choices, required=False
    )
    signing_body = forms.CharField(
        label=_("Thay mặt tập thể"),
        required=False,
        max_length=120,
        help_text=_("Ví dụ: Ban Thường vụ"),
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký"), required=False, max_length=120)
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=120)
    body = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )
    is_public = forms.BooleanField(
        label=_("Công khai (mọi người dùng đều xem được)"), required=False
    )
    implements = forms.CharField(
        label=_("Thực hiện văn bản"),
        required=False,
        max_length=300,
        help_text=_(
            "Số và ký hiệu của các văn bản mà văn bản này thực hiện, cách nhau bởi dấu phẩy: "
            "01-KL/TW, 05-CT/TW. Nếu trùng số, ghi thêm ngày: 01-KL/TW ngày 18/5/2021."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, document=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        units = writable_units(user)
        if document is not None:
            units = units | OrgUnit.objects.filter(pk=document.unit_id)
            del self.fields["implements"]
        self.fields["unit"].queryset = units.order_by("name")
        self.fields["kind"].choices = kind_choices()

    def clean_implements(self):
        items = (p.strip() for p in self.cleaned_data["implements"].split(","))
        return [(Relation.Kind.IMPLEMENTS, resolve(self.user, item)) for item in items if item]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    loai = forms.ChoiceField(label=_("Loại văn bản"), required=False, choices=())
    co_quan = forms.ChoiceField(label=_("Đơn vị ban hành"), required=False, choices=())
    don_vi = forms.ChoiceField(label=_("Thuộc đơn vị"), required=False, choices=())
    tu_ngay = VietnameseDateField(label=_("Từ ngày"), required=False)
    den_ngay = VietnameseDateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loai"].choices = [("", _("Tất cả")), *kind_choices()[1:]]
        units = [(u.code, u.name) for u in selectors.issuing_units(user)]
        self.fields["co_quan"].choices = [("", _("Tất cả")), *units]
        self.fields["don_vi"].choices = [("", _("Tất cả")), *units]

    def filters(self) -> selectors.Filters:
        if not self.is_valid():
            return selectors.Filters()
        data = self.cleaned_data
        return selectors.Filters(
            q=data["q"],
            kind=data["loai"],
            issuer=data["co_quan"],
            unit=data["don_vi"],
            date_from=data["tu_ngay"],
            date_to=data["den_ngay"],
        )


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Quan hệ"), choices=Relation.Kind.choices)
    target = forms.CharField(
        label=_("Văn bản liên quan (số và ký hiệu)"),
        max_length=80,
        help_text=_("Ví dụ: 01-KL/TW; nếu trùng số, ghi thêm ngày: 01-KL/TW ngày 18/5/2021"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_target(self):
        return resolve(self.user, self.cleaned_data["target"])
