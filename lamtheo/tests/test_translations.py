"""Vietnamese is the source language; the English catalogue must translate every string."""

from pathlib import Path

import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "lamtheo" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str):
    entry: dict[str, str] = {}
    key = None
    for line in [*text.splitlines(), ""]:
        if not line.strip():
            if entry.get("msgid"):
                yield entry
            entry, key = {}, None
        elif line.startswith("#,"):
            entry["flags"] = line
        elif line.startswith(("msgid ", "msgstr ", "msgid_plural ", "msgstr[")):
            key, _, value = line.partition(" ")
            entry[key] = value.strip()[1:-1]
        elif line.startswith('"') and key:
            entry[key] += line.strip()[1:-1]


def test_every_string_has_an_english_translation():
    entries = list(_entries(CATALOGUE.read_text(encoding="utf-8")))
    assert len(entries) > 30
    missing = [
        e["msgid"]
        for e in entries
        if "fuzzy" in e.get("flags", "") or not (e.get("msgstr") or e.get("msgstr[0]"))
    ]
    assert not missing, f"untranslated or fuzzy in {CATALOGUE.name}: {missing}"


# Vietnamese for Django's own strings that Django's Vietnamese catalogue leaves untranslated.
DJANGO_VI = CATALOGUE.parents[2] / "vi" / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("catalogue", [CATALOGUE, DJANGO_VI], ids=["en", "vi"])
def test_the_compiled_catalogue_matches_the_source(catalogue):
    import gettext

    with catalogue.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in _entries(catalogue.read_text(encoding="utf-8")):
        if "msgstr" in entry:
            source = entry["msgid"].encode().decode("unicode_escape").encode("latin-1").decode()
            wanted = entry["msgstr"].encode().decode("unicode_escape").encode("latin-1").decode()
            assert compiled.gettext(source) == wanted, "run `make messages` to recompile"


def test_every_string_in_the_code_is_in_the_english_catalogue(tmp_path, settings, monkeypatch):
    """Extract the strings again into a copy of the catalogue: none may come out untranslated."""
    import shutil

    from django.core.management import call_command

    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext (xgettext) is not installed: `apt-get install gettext`")
    # Work on a copy of the package: makemessages writes next to the sources it reads.
    package = tmp_path / "lamtheo"
    shutil.copytree(
        Path(settings.BASE_DIR) / "lamtheo",
        package,
        ignore=shutil.ignore_patterns("__pycache__", "tests", "*.mo"),
    )
    copy = package / "locale" / "en" / "LC_MESSAGES"
    settings.LOCALE_PATHS = [package / "locale"]
    monkeypatch.chdir(package)
    call_command("makemessages", locale=["en"], no_location=True, no_obsolete=True, verbosity=0)
    entries = list(_entries((copy / "django.po").read_text(encoding="utf-8")))
    missing = [e["msgid"] for e in entries if not (e.get("msgstr") or e.get("msgstr[0]"))]
    assert not missing, f"run `make messages` and translate: {missing}"


def test_djangos_blank_choice_reads_in_vietnamese():
    """Django 6.1's blank choice, "- Select an option -", of every select with one (a record to
    choose, a model field's choices) has no Vietnamese in Django itself: lamtheo's vi catalogue
    gives it."""
    from django import forms
    from django.utils import translation

    from lamtheo.org.models import OrgUnit

    with translation.override("vi"):
        field = forms.ModelChoiceField(queryset=OrgUnit.objects.none())
        assert str(field.empty_label) == "— Chọn —"
    with translation.override("en"):
        assert str(field.empty_label) == "- Select an option -"
