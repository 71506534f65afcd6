"""Every URL pattern of the project with a path to request it, for the generic route tests."""

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

_SAMPLE = {"int": "1", "str": "x", "slug": "x", "uuid": str(uuid.UUID(int=1)), "path": "x"}


@dataclass(frozen=True)
class Route:
    path: str  # with sample values in place of the parameters
    name: str | None
    callback: object
    template: str = ""  # "/to-chuc/{code}/thanh-vien/{pk}/ket-thuc/"

    @property
    def params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.template)

    def fill(self, **values) -> str:
        return self.template.format(**values)


def _route_to_path(route: str) -> str:
    def sample(match):
        converter = match.group(1) or "str"
        return _SAMPLE.get(converter, "1")

    return re.sub(r"<(?:(\w+):)?\w+>", sample, route)


def _regex_to_path(regex: str) -> str | None:
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "1", text)
    if re.search(r"[\\()\[\]*+?|]", text):
        return None  # too clever to sample; the admin's catch-alls
    return text


def _route_to_template(route: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def _walk(patterns, prefix: str = "", template_prefix: str = ""):
    for pattern in patterns:
        pattern_text = str(pattern.pattern)
        if hasattr(pattern.pattern, "_route"):
            piece = _route_to_path(pattern.pattern._route)
            template = _route_to_template(pattern.pattern._route)
        else:
            piece = _regex_to_path(pattern.pattern.regex.pattern)
            if piece is None:
                continue
            template = piece
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + piece, template_prefix + template)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            if pattern_text and pattern.pattern.__class__.__name__ == "RegexPattern" and not name:
                continue
            yield Route(
                "/" + prefix + piece, name, pattern.callback, "/" + template_prefix + template
            )


def all_routes() -> list[Route]:
    """The first pattern per path, as the resolver picks it."""
    routes: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        routes.setdefault(route.path, route)
    return list(routes.values())
