import csv
import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.org.models import Closure, Membership, OrgUnit
from lamtheo.web import methods

from . import events
from .forms import SearchForm
from .models import Entry
from .selectors import present

PAGE = 50
EXPORT_LIMIT = 100_000


def _is_admin(user) -> bool:
    return (
        user.is_superuser
        or Membership.objects.active().filter(user=user, role=Membership.Role.ADMIN).exists()
    )


def _search(user, data) -> tuple:
    """Entries the user may see matching the filters, newest first; and an error or None."""
    entries = Entry.objects.visible_to(user).select_related("actor", "unit")
    if data.get("nguoi"):
        name = data["nguoi"].strip()
        entries = entries.filter(Q(actor_name__iexact=name) | Q(actor__full_name__icontains=name))
    if data.get("don_vi"):
        unit = OrgUnit.objects.visible_to(user).filter(code=data["don_vi"].strip()).first()
        if unit is None:
            return Entry.objects.none(), _("Không có đơn vị mã '%(code)s'.") % {
                "code": data["don_vi"]
            }
        # Every unit ever under it, so that the history of merged units comes along.
        entries = entries.filter(
            unit_id__in=Closure.objects.filter(ancestor=unit).values("descendant_id")
        )
    if data.get("loai"):
        entries = entries.filter(model=data["loai"])
    if data.get("hanh_dong"):
        entries = entries.filter(action=data["hanh_dong"])
    zone = timezone.get_current_timezone()
    if data.get("tu_ngay"):
        start = datetime.datetime.combine(data["tu_ngay"], datetime.time.min, zone)
        entries = entries.filter(at__gte=start)
    if data.get("den_ngay"):
        end = datetime.datetime.combine(data["den_ngay"], datetime.time.min, zone)
        entries = entries.filter(at__lt=end + datetime.timedelta(days=1))
    return entries.order_by("-id"), None


@methods("GET")
def search(request):
    """The trail, for superusers and unit admins (the entries of the units they manage)."""
    if not _is_admin(request.user):
        raise PermissionDenied
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries, error = _search(request.user, data)
    if request.GET.get("xuat") == "csv" and form.is_valid() and error is None:
        return _export(request, entries, data)
    if data.get("truoc"):
        entries = entries.filter(id__lt=data["truoc"])
    page = list(entries[: PAGE + 1])
    more = len(page) > PAGE
    page = present(page[:PAGE])
    query = request.GET.copy()
    query.pop("truoc", None)
    if more:
        query["truoc"] = page[-1].id
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "entries": page,
            "error": error,
            "next_query": query.urlencode() if more else "",
            "export_query": _with(request.GET, xuat="csv"),
        },
    )


def _with(params, **extra) -> str:
    query = params.copy()
    query.pop("truoc", None)
    for key, value in extra.items():
        query[key] = value
    return query.urlencode()


def _cell(value) -> str:
    """A cell Excel will not run as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value):
        return value


def _export(request, entries, data):
    """The matching entries as CSV (UTF-8 with BOM, so Excel reads Vietnamese); logged."""
    filters = {k: str(v) for k, v in data.items() if v not in (None, "")}
    events.log(Entry.Action.EXPORT, request=request, detail={"what": "audit", "filters": filters})
    writer = csv.writer(_Echo())
    header = [
        _("Số thứ tự"),
        _("Thời điểm"),
        _("Người thực hiện"),
        _("Địa chỉ"),
        _("Qua"),
        _("Hành động"),
        _("Loại bản ghi"),
        _("Mã bản ghi"),
        _("Bản ghi"),
        _("Đơn vị"),
        _("Thay đổi"),
    ]

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for e in entries[:EXPORT_LIMIT].iterator(chunk_size=2000):
            yield writer.writerow(
                _cell(v)
                for v in [
                    e.seq or "",
                    timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S"),
                    e.actor_name,
                    e.ip or "",
                    e.via,
                    e.get_action_display(),
                    e.model,
                    e.object_pk,
                    e.object_repr,
                    e.unit.code if e.unit else "",
                    e.changes,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{stamp}.csv"'
    return response
