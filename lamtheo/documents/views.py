import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lamtheo.audit.selectors import history_of_record
from lamtheo.files.views import receive
from lamtheo.vn.dates import format_date_line, parse_date
from lamtheo.vn.errors import VnError
from lamtheo.web import methods

from . import search, selectors, services
from .domain import DocumentError
from .forms import DocumentForm, FilterForm, RelationForm, message, show, writable_units
from .models import Document, Relation

PER_PAGE = 20


@methods("GET")
def index(request):
    form = FilterForm(request.GET or None, user=request.user)
    if request.GET and not form.is_valid():
        messages.error(request, _("Bộ lọc chưa hợp lệ: xem các ô được đánh dấu."))
    filters = form.filters()
    try:
        number = max(1, int(request.GET.get("trang", "1")))
    except ValueError:
        number = 1
    number = min(number, 10_000)
    page = selectors.find(request.user, filters, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    rows = [
        {
            "document": d,
            "heading": search.highlight(d.heading, page.query),
            "title": search.highlight(d.title, page.query),
            "snippet": search.highlight(d.body, page.query, width=search.SNIPPET_WIDTH)
            if page.query
            else "",
        }
        for d in page.documents
    ]
    paginator = Paginator(range(page.total), PER_PAGE)
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "documents/index.html",
        {
            "form": form,
            "rows": rows,
            "total": page.total,
            "page": paginator.get_page(number),
            "query": query.urlencode(),
            "searching": bool(page.query),
            "can_create": writable_units(request.user).exists(),
        },
    )


def _document(request, id, *, edit=False) -> Document:
    documents = (
        Document.objects.editable_by(request.user)
        if edit
        else Document.objects.visible_to(request.user)
    )
    return get_object_or_404(documents.select_related("unit", "created_by"), pk=id)


@methods("GET")
def detail(request, id):
    document = _document(request, id)
    can_edit = Document.objects.editable_by(request.user).filter(pk=document.pk).exists()
    above, below = selectors.chain(document, request.user)
    out, incoming = selectors.relations(document, request.user)
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "date_line": format_date_line(document.place, document.issued_on)
            if document.place
            else "",
            "above": above,
            "below": below,
            "out": out,
            "incoming": incoming,
            "suggestions": selectors.references(document, request.user),
            "relation_form": RelationForm(user=request.user),
            "relation_kinds": Relation.Kind.choices,
            "can_edit": can_edit,
            "files": selectors.attachments(document),
            "upload_key": uuid.uuid4().hex,
            "changes": history_of_record("documents.document", document.pk),
        },
    )


def _draft(form: DocumentForm) -> services.Draft:
    data = form.cleaned_data
    return services.Draft(
        unit=data["unit"],
        kind=data["kind"],
        symbol=data["symbol"],
        issued_on=data["issued_on"],
        term=data["term"],
        place=data["place"],
        title=data["title"],
        signer_name=data["signer_name"],
        signer_title=data["signer_title"],
        signing_authority=data["signing_authority"],
        signing_body=data["signing_body"],
        body=data["body"],
        is_public=data["is_public"],
        relations=data.get("implements") or [],
    )


@methods("GET", "POST")
def create(request):
    if not writable_units(request.user).exists():
        messages.error(request, _("Bạn chưa có vai trò cập nhật ở đơn vị nào."))
        return redirect("documents:index")
    initial = {"issued_on": timezone.localdate(), "symbol": request.GET.get("so", "")[:60]}
    form = DocumentForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.create_document(draft=_draft(form), by=request.user)
        except DocumentError as error:
            show(form, error)
        else:
            messages.success(request, _("Đã lưu %(document)s.") % {"document": document.heading})
            return redirect("documents:detail", id=document.pk)
    return render(request, "documents/form.html", {"form": form, "document": None})


@methods("GET", "POST")
def edit(request, id):
    document = _document(request, id, edit=True)
    initial = {
        "unit": document.unit,
        "kind": document.kind_value,
        "symbol": document.symbol,
        "issued_on": document.issued_on,
        "term": document.term,
        "place": document.place,
        "title": document.title,
        "signing_authority": document.signing_authority,
        "signing_body": document.signing_body,
        "signer_title": document.signer_title,
        "signer_name": document.signer_name,
        "body": document.body,
        "is_public": document.is_public,
        "version": document.version,
    }
    form = DocumentForm(request.POST or None, user=request.user, document=document, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.update_document(
                document=document,
                draft=_draft(form),
                version=form.cleaned_data["version"] or 0,
                by=request.user,
            )
        except DocumentError as error:
            show(form, error)
        else:
            messages.success(request, _("Đã lưu %(document)s.") % {"document": document.heading})
            return redirect("documents:detail", id=document.pk)
    return render(request, "documents/form.html", {"form": form, "document": document})


@methods("GET")
def check_symbol(request):
    """The live check of the number while it is typed (htmx): what it reads as, or what is
    wrong with it, and the next free number of the register."""
    get = request.GET
    symbol = get.get("symbol", "").strip()[:60]
    date_error = ""
    try:
        issued_on = parse_date(get["issued_on"]) if get.get("issued_on") else None
    except VnError as error:
        issued_on, date_error = None, message(error)
    check = services.check_number(
        unit=writable_units(request.user).filter(code=get.get("unit", "")).first(),
        kind=get.get("kind", ""),
        symbol=symbol,
        issued_on=issued_on or timezone.localdate(),
        term=get.get("term", "")[:20],
        exclude=_int(get.get("id")),
        language=get_language() or "vi",
    )
    context = {
        "check": check,
        "error": message(check.error) if check.error else date_error,
        "symbol": symbol,
    }
    if get.get("use"):
        context["symbol"] = check.proposal or symbol
        return render(request, "documents/_symbol_field.html", context)
    return render(request, "documents/_symbol_check.html", context)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@methods("POST")
def add_relation(request, id):
    document = _document(request, id, edit=True)
    form = RelationForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.add_relation(
                source=document,
                target=form.cleaned_data["target"],
                kind=form.cleaned_data["kind"],
                by=request.user,
            )
        except DocumentError as error:
            messages.error(request, message(error))
        else:
            messages.success(request, _("Đã liên kết văn bản."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, _("Liên kết: %(error)s") % {"error": error})
    return redirect(reverse("documents:detail", args=[document.pk]) + "#lien-ket")


@methods("POST")
def remove_relation(request, id, rel):
    document = _document(request, id, edit=True)
    relation = get_object_or_404(document.relations_out, pk=rel)
    services.remove_relation(relation=relation)
    messages.success(request, _("Đã bỏ liên kết."))
    return redirect(reverse("documents:detail", args=[document.pk]) + "#lien-ket")


@methods("POST")
def upload(request, id):
    document = _document(request, id, edit=True)
    receive(
        request,
        lambda upload, key: services.attach_file(
            document=document, upload=upload, by=request.user, key=key
        ),
    )
    return redirect(reverse("documents:detail", args=[document.pk]) + "#tep")
