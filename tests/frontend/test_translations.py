"""Every interface string has a Russian translation, and the committed compiled catalogue matches it."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

CATALOGUE = Path(settings.BASE_DIR) / "frontend" / "locale" / "ru" / "LC_MESSAGES" / "django.po"
IGNORED = [".venv/*", "var/*", "*/node_modules/*", "tests/*", "bench/*", "examples/*", "build/*"]


SOURCES = ("config", "directory", "graph", "api", "frontend")


def _collected_msgids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> set[tuple[str | None, str]]:
    """The strings marked for translation in the code and templates today, as makemessages collects them."""
    # makemessages writes into every locale/ folder it walks past, so it runs on a copy without them.
    tree = tmp_path / "tree"
    for package in SOURCES:
        shutil.copytree(
            Path(settings.BASE_DIR) / package,
            tree / package,
            ignore=shutil.ignore_patterns("locale", "node_modules", "static", "__pycache__", "*.json"),
        )
    monkeypatch.chdir(tree)
    locale = tmp_path / "locale"
    locale.mkdir()
    with override_settings(LOCALE_PATHS=[locale]):
        call_command("makemessages", locale=["ru"], ignore_patterns=IGNORED, no_location=True, verbosity=0)
    fresh = polib.pofile(str(locale / "ru" / "LC_MESSAGES" / "django.po"))
    return {(entry.msgctxt, entry.msgid) for entry in fresh}


def test_every_interface_string_is_translated_into_russian(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = polib.pofile(str(CATALOGUE))
    translated = {(entry.msgctxt, entry.msgid) for entry in catalogue.translated_entries()}
    missing = sorted(msgid for _, msgid in _collected_msgids(tmp_path, monkeypatch) - translated)
    assert missing == [], f"untranslated (run `make messages`, then translate): {missing[:20]}"
    assert catalogue.fuzzy_entries() == []


def test_the_translations_keep_their_placeholders() -> None:
    result = subprocess.run(
        ["msgfmt", "--check-format", "--output-file=/dev/null", str(CATALOGUE)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_the_compiled_catalogue_matches_the_source() -> None:
    compiled = gettext.GNUTranslations(CATALOGUE.with_suffix(".mo").open("rb"))
    for entry in polib.pofile(str(CATALOGUE)).translated_entries():
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 5) == entry.msgstr_plural[2], entry.msgid
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, entry.msgid
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, entry.msgid
