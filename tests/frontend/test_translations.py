"""Every interface string has a Russian, Kazakh and Uzbek translation, and the compiled catalogues match them."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

LOCALE = Path(settings.BASE_DIR) / "frontend" / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]
IGNORED = [".venv/*", "var/*", "*/node_modules/*", "tests/*", "bench/*", "examples/*", "build/*"]
SOURCES = ("config", "directory", "graph", "api", "frontend")
# Russian: one, few, many and a form for fractions; Kazakh and Uzbek: one and other (CLDR).
PLURAL_FORMS = {"ru": 4, "kk": 2, "uz": 2}


def catalogue(language: str) -> Path:
    """The source catalogue of one language."""
    return LOCALE / language / "LC_MESSAGES" / "django.po"


@pytest.fixture(scope="module")
def collected_msgids(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str | None, str]]:
    """The strings marked for translation in the code and templates today, as makemessages collects them."""
    # makemessages writes into every locale/ folder it walks past, so it runs on a copy without them.
    root = tmp_path_factory.mktemp("messages")
    tree = root / "tree"
    for package in SOURCES:
        shutil.copytree(
            Path(settings.BASE_DIR) / package,
            tree / package,
            ignore=shutil.ignore_patterns("locale", "node_modules", "static", "__pycache__", "*.json"),
        )
    locale = root / "locale"
    locale.mkdir()
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALE_PATHS=[locale]):
        patch.chdir(tree)
        call_command("makemessages", locale=["ru"], ignore_patterns=IGNORED, no_location=True, verbosity=0)
    fresh = polib.pofile(str(locale / "ru" / "LC_MESSAGES" / "django.po"))
    return {(entry.msgctxt, entry.msgid) for entry in fresh}


def test_every_language_of_the_interface_has_a_catalogue() -> None:
    assert TRANSLATED == ["ru", "kk", "uz"]
    for language in TRANSLATED:
        assert catalogue(language).exists(), language


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_interface_string_is_translated(language: str, collected_msgids: set[tuple[str | None, str]]) -> None:
    po = polib.pofile(str(catalogue(language)))
    translated = {(entry.msgctxt, entry.msgid) for entry in po.translated_entries()}
    missing = sorted(msgid for _, msgid in collected_msgids - translated)
    assert missing == [], f"untranslated into {language} (run `make messages`, then translate): {missing[:20]}"
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert fuzzy == [], f"fuzzy in {language} (check the translation, then drop the flag): {fuzzy[:20]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_plural_has_each_form_of_its_language(language: str) -> None:
    po = polib.pofile(str(catalogue(language)))
    declared = re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"])
    assert declared is not None and int(declared.group(1)) == PLURAL_FORMS[language], po.metadata["Plural-Forms"]
    for entry in po:
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(index, "") for index in range(PLURAL_FORMS[language])]
            assert all(forms), f"{language}: a plural form is empty for {entry.msgid!r}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_translations_keep_their_placeholders(language: str) -> None:
    result = subprocess.run(
        ["msgfmt", "--check-format", "--output-file=/dev/null", str(catalogue(language))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_matches_the_source(language: str) -> None:
    source = catalogue(language)
    with source.with_suffix(".mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)
    for entry in polib.pofile(str(source)).translated_entries():
        if entry.msgid_plural:
            for count in (1, 2, 5, 21):
                expected = entry.msgstr_plural[compiled.plural(count)]  # type: ignore[attr-defined]
                assert compiled.ngettext(entry.msgid, entry.msgid_plural, count) == expected, (language, entry.msgid)
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr, (language, entry.msgid)
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr, (language, entry.msgid)
