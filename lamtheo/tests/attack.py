"""What the attack tests share: the routes by kind, real values for their URL parameters, the
injection payloads, the check that a page shows them only escaped, and a browser-like reading
and filling of HTML forms. Everything is derived from the URL patterns and the pages themselves,
so routes and forms that later areas add are attacked without being listed here."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from lamtheo.org.models import OrgUnit
from lamtheo.web import allowed_methods

from .routes import Route, all_routes

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")

# Breaks out of text, double- and single-quoted attributes alike.
MARKUP = """'"><script>alert(1)</script><img src=x onerror=alert(1)><svg onload=alert(1)>"""
# Harmless as text; an injection when it becomes the whole value of a link.
JS_URL = "javascript:alert(1)"
PAYLOADS = (MARKUP, JS_URL)
SHORT = "<xss>"  # for fields too short for MARKUP
RAW = (MARKUP, SHORT, "<script>alert(1)</script>", "<img src=x onerror=alert(1)>")

_ADMIN_RECORD = re.compile(r"/quan-tri/(\w+)/(\w+)/\{(?:object_id|id)\}/")
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


def is_api(route: Route) -> bool:
    return route.path.startswith(settings.API_PREFIX)


def is_admin(route: Route) -> bool:
    return route.path.startswith("/quan-tri/")


def methods_of(route: Route) -> tuple[str, ...]:
    """The methods a page route takes. The admin's views do not declare theirs: GET and POST."""
    declared = allowed_methods(route.callback)
    if declared is None:
        return ("GET", "POST")
    return declared


def page_routes() -> list[Route]:
    """Every route outside the JSON API (its description and docs page included)."""
    return [r for r in all_routes() if not is_api(r) or allowed_methods(r.callback) is not None]


def get_routes() -> list[Route]:
    return [r for r in page_routes() if "GET" in methods_of(r)]


def fill(route: Route, world) -> str:
    """The route's path with real records in place of its parameters. Fails on a parameter the
    attack tests know no value for, so that a new route is never silently left out."""
    values = dict(world.params)
    admin = _ADMIN_RECORD.match(route.template)
    if admin:
        model = apps.get_model(admin.group(1), admin.group(2))
        pk = world.records.get(model._meta.label_lower) or (
            model._base_manager.order_by("pk").values_list("pk", flat=True).first()
        )
        values["object_id"] = values["id"] = pk if pk is not None else 1
    if "{content_type_id}" in route.template:
        values["content_type_id"] = ContentType.objects.get_for_model(OrgUnit).pk
        values["object_id"] = world.commune_a.pk
    missing = [name for name in route.params if name not in values]
    assert not missing, (
        f"{route.template}: no value for {missing}; add one to `world` in lamtheo/tests/conftest.py"
    )
    return route.fill(**{name: values[name] for name in route.params})


def fill_api(path: str, world) -> str:
    """An API path with real records in place of its parameters; fails on one it cannot fill."""
    names = re.findall(r"{(\w+)}", path)
    missing = [name for name in names if name not in world.api_params]
    assert not missing, f"{path}: no value for {missing}; add one to `world.api_params`"
    return path.format(**{name: world.api_params[name] for name in names})


class _Injections(HTMLParser):
    """Elements and attributes that only an unescaped payload could have produced."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "xss":
            self.found.append("an <xss> element")
        if tag == "script":
            self._in_script = True
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "alert(1)" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES and re.sub(r"\s", "", value).lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(1)" in data:
            self.found.append(f"a script running {data.strip()[:60]!r}")


def injections(html: str) -> list[str]:
    """What a payload made of the page: raw payload text, or the elements it would create."""
    found = [f"raw {payload!r}" for payload in RAW if payload in html]
    parser = _Injections()
    parser.feed(html)
    parser.close()
    return found + parser.found


def assert_escaped(response, where: str) -> None:
    """No server error, and if the answer is a page, no payload in it unescaped."""
    assert response.status_code < 500, (where, response.status_code)
    for url, _status in getattr(response, "redirect_chain", []):
        assert not url.lower().startswith("javascript:"), (where, url)
    if response.get("Content-Type", "").startswith("text/html"):
        found = injections(response.content.decode())
        assert not found, (where, found)


# --- Forms ----------------------------------------------------------------------------------

TEXT_TYPES = {"", "text", "search", "password", "email", "url", "tel"}
# Text inputs a browser user would fill with a date, a time, a number or an address:
# the form renders a valid value there, which the "keep valid" filling leaves alone.
_STRUCTURED_TYPES = {"email", "url", "tel"}
_STRUCTURED_VALUE = re.compile(r"[0-9\s/:.,\-]+")
_STRUCTURED_CLASSES = {"vDateField", "vTimeField", "vIntegerField", "vBigIntegerField"}


@dataclass
class Field:
    tag: str
    name: str
    type: str = ""
    value: str = ""
    checked: bool = False
    css: str = ""
    maxlength: int | None = None
    options: list[tuple[str, bool]] = field(default_factory=list)  # (value, selected)

    @property
    def is_text(self) -> bool:
        return self.tag == "textarea" or (self.tag == "input" and self.type in TEXT_TYPES)

    @property
    def is_structured(self) -> bool:
        return (
            self.type in _STRUCTURED_TYPES
            or bool(set(self.css.split()) & _STRUCTURED_CLASSES)
            or bool(self.value and _STRUCTURED_VALUE.fullmatch(self.value))
        )


@dataclass
class Form:
    method: str
    action: str
    fields: list[Field] = field(default_factory=list)

    @property
    def text_fields(self) -> list[Field]:
        return [f for f in self.fields if f.is_text]

    def data(self, payload: str, *, keep_valid: bool) -> dict[str, list[str]]:
        """What a browser would send with `payload` typed into every text field (with
        `keep_valid`, only into those holding free text: dates and numbers stay as rendered)."""
        data: dict[str, list[str]] = {}
        submit_seen = False
        for f in self.fields:
            if f.tag == "input" and f.type in ("submit", "button", "image", "reset", "file"):
                if f.type == "submit" and not submit_seen:
                    submit_seen = True
                    data.setdefault(f.name, []).append(f.value)
                continue
            if f.tag == "button":
                continue
            if f.is_text:
                if keep_valid and f.is_structured:
                    value = f.value
                elif f.maxlength is not None and len(payload) > f.maxlength:
                    value = SHORT  # what a browser lets through is at most maxlength long
                else:
                    value = payload
            elif f.tag == "select":
                chosen = [v for v, selected in f.options if selected] or [
                    v for v, _ in f.options[:1]
                ]
                data.setdefault(f.name, []).extend(chosen)
                continue
            elif f.type in ("checkbox", "radio"):
                if not f.checked:
                    continue
                value = f.value or "on"
            else:
                value = f.value  # hidden (the CSRF token among them), number, date...
            data.setdefault(f.name, []).append(value)
        return data


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._text: Field | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("method", "get").lower(), a.get("action", ""))
            self.forms.append(self._form)
        if self._form is None or (tag != "form" and "name" not in a and tag != "option"):
            return
        if tag == "input":
            self._form.fields.append(
                Field(
                    "input",
                    a["name"],
                    a.get("type", "text").lower(),
                    a.get("value", ""),
                    "checked" in a,
                    a.get("class", ""),
                    int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None,
                )
            )
        elif tag == "textarea":
            maxlength = int(a["maxlength"]) if a.get("maxlength", "").isdigit() else None
            self._text = Field("textarea", a["name"], css=a.get("class", ""), maxlength=maxlength)
            self._form.fields.append(self._text)
        elif tag == "select":
            self._select = Field("select", a["name"], css=a.get("class", ""))
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append((a.get("value", ""), "selected" in a))
        elif tag == "button":
            self._form.fields.append(Field("button", a["name"], a.get("type", "submit")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._text = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.value += data


def forms_of(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    parser.close()
    return parser.forms
