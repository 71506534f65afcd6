"""Format profiles: the rules a document number and a page follow, as data.

Each profile is a TOML file in `lamtheo/vn/profiles/` (package data): the Party rules of 2018
(Hướng dẫn 36-HD/VPTW), the Party rules of 2026 (Quy định 399-QĐ/TW) and the State rules of
2020 (Nghị định 30/2020/NĐ-CP). A profile may say `based_on = "<key>"` and then sets only what
differs: each top-level key or table it sets replaces the base's whole.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

PROFILE_KEYS = ("party-2018", "party-2026", "state-2020")


@dataclass(frozen=True)
class DocType:
    """A document type: "ket-luan", "Kết luận", "KL". `legal` (State only): a legal document
    whose symbol carries the year, 30/2020/NĐ-CP."""

    key: str
    name: str
    code: str
    legal: bool = False
    name_en: str = ""  # for an English interface; the name is the Vietnamese one


@dataclass(frozen=True)
class TextStyle:
    """How one element of the page is set: size in points (min, max), weight, case."""

    size: tuple[int, int]
    bold: bool = False
    italic: bool = False
    caps: bool = False
    underline: bool = False


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres; `verified` is False while only reported."""

    top: int
    bottom: int
    left: int
    right: int
    verified: bool = False


@dataclass(frozen=True)
class Layout:
    """The page values a renderer needs."""

    page: str
    font: str
    margins_mm: Margins
    text: dict[str, TextStyle]


@dataclass(frozen=True)
class Profile:
    """One format profile. Party: "Số 499-BC/TU", numbered per term; State: "Số: 15/QĐ-UBND",
    numbered per year."""

    key: str
    name: str
    basis: str
    issued_on: date
    style: str  # "party" | "state"
    valid_from: date
    number_prefix: str
    leading_zero_below: int
    numbering: str  # "term" | "year"
    types: tuple[DocType, ...]
    issuer_levels: tuple[str, ...]
    issuer_bodies: tuple[str, ...]
    issuer_aliases: dict[str, str]
    issuer_examples: tuple[str, ...]
    issuer_mixed_case: tuple[str, ...]
    issuer_numbered: tuple[str, ...]
    also_seen: tuple[str, ...]
    signing: tuple[str, ...]
    layout: Layout

    def __hash__(self) -> int:
        return hash(self.key)

    def type_by_key(self, key: str) -> DocType:
        """The type with that key; KeyError when the profile has none.

        >>> load_profile("party-2018").type_by_key("ket-luan")
        DocType(key='ket-luan', name='Kết luận', code='KL', legal=False, name_en='Conclusion')
        """
        for doc_type in self.types:
            if doc_type.key == key:
                return doc_type
        raise KeyError(f"{self.key} has no document type {key!r}")

    def types_with_code(self, code: str) -> tuple[DocType, ...]:
        """Every type written with that code (Party QĐ is both Quyết định and Quy định).

        >>> [t.name for t in load_profile("party-2018").types_with_code("QĐ")]
        ['Quyết định', 'Quy định']
        """
        return tuple(t for t in self.types if t.code == code)

    @property
    def codes(self) -> frozenset[str]:
        """The type codes of the profile ("" for a State công văn).

        >>> "QyĐ" in load_profile("state-2020").codes, "QyĐ" in load_profile("party-2026").codes
        (True, False)
        """
        return frozenset(t.code for t in self.types)

    def text_style(self, element: str) -> TextStyle:
        """How an element of the page is set.

        >>> load_profile("party-2018").text_style("type_name")
        TextStyle(size=(15, 16), bold=True, italic=False, caps=True, underline=False)
        """
        return self.layout.text[element]


def _read(key: str) -> dict:
    if key not in PROFILE_KEYS:
        raise KeyError(f"no format profile {key!r}; known: {', '.join(PROFILE_KEYS)}")
    resource = resources.files("lamtheo.vn").joinpath("profiles", f"{key}.toml")
    data = tomllib.loads(resource.read_text(encoding="utf-8"))
    base = data.pop("based_on", None)
    if base is not None:
        data = {**_read(base), **data}
    return data


def _build(data: dict) -> Profile:
    issuers = data.get("issuers", {})
    layout = data["layout"]
    margins = layout["margins_mm"]
    return Profile(
        key=data["key"],
        name=data["name"],
        basis=data["basis"],
        issued_on=data["issued_on"],
        style=data["style"],
        valid_from=data["valid_from"],
        number_prefix=data["number_prefix"],
        leading_zero_below=int(data["leading_zero_below"]),
        numbering=data["numbering"],
        types=tuple(
            DocType(
                t["key"], t["name"], t["code"], bool(t.get("legal", False)), t.get("name_en", "")
            )
            for t in data["types"]
        ),
        issuer_levels=tuple(issuers.get("levels", ())),
        issuer_bodies=tuple(issuers.get("bodies", ())),
        issuer_aliases=dict(issuers.get("aliases", {})),
        issuer_examples=tuple(issuers.get("examples", ())),
        issuer_mixed_case=tuple(issuers.get("mixed_case", ())),
        issuer_numbered=tuple(issuers.get("numbered", ())),
        also_seen=tuple(issuers.get("also_seen", ())),
        signing=tuple(data.get("signing", {}).get("authorities", ())),
        layout=Layout(
            page=layout["page"],
            font=layout["font"],
            margins_mm=Margins(
                margins["top"],
                margins["bottom"],
                margins["left"],
                margins["right"],
                bool(margins.get("verified", False)),
            ),
            text={
                name: TextStyle(
                    size=(int(style["size"][0]), int(style["size"][-1])),
                    bold=bool(style.get("bold", False)),
                    italic=bool(style.get("italic", False)),
                    caps=bool(style.get("caps", False)),
                    underline=bool(style.get("underline", False)),
                )
                for name, style in layout["text"].items()
            },
        ),
    )


@cache
def _profiles() -> tuple[Profile, ...]:
    return tuple(_build(_read(key)) for key in PROFILE_KEYS)


def load_profile(key: str) -> Profile:
    """The profile with that key ("party-2018", "party-2026", "state-2020").

    >>> profile = load_profile("state-2020")
    >>> profile.number_prefix, profile.numbering, profile.type_by_key("quy-dinh").code
    ('Số: ', 'year', 'QyĐ')
    """
    for profile in _profiles():
        if profile.key == key:
            return profile
    raise KeyError(f"no format profile {key!r}; known: {', '.join(PROFILE_KEYS)}")


def all_profiles() -> dict[str, Profile]:
    """Every profile by key (read once, then cached).

    >>> sorted(all_profiles())
    ['party-2018', 'party-2026', 'state-2020']
    """
    return {profile.key: profile for profile in _profiles()}


def profile_for(style: str, on: date) -> Profile:
    """The profile of a style in force on a day: the latest that took effect by then (the
    earliest one for a day before every profile).

    >>> profile_for("party", date(2026, 1, 8)).key, profile_for("party", date(2026, 1, 9)).key
    ('party-2018', 'party-2026')
    >>> profile_for("state", date(2019, 1, 1)).key
    'state-2020'
    """
    candidates = sorted((p for p in _profiles() if p.style == style), key=lambda p: p.valid_from)
    if not candidates:
        raise KeyError(f"no format profile of style {style!r}; known: party, state")
    in_force = [p for p in candidates if p.valid_from <= on]
    return in_force[-1] if in_force else candidates[0]
