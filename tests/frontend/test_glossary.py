"""The Russian catalogue follows the glossary (docs/glossary.md): one Russian word per domain term."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOGUE = ROOT / "frontend" / "locale" / "ru" / "LC_MESSAGES" / "django.po"
ROW = re.compile(r"^\|\s*(?P<english>[^|]+?)\s*\|\s*(?P<russian>[^|]+?)\s*\|\s*(?P<avoid>[^|]*?)\s*\|[^|]+\|$")


def glossary() -> list[tuple[str, str, list[str]]]:
    """The glossary's rows: the English term, its Russian form, and the words to avoid for it."""
    rows = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        found = ROW.match(line)
        if found and found["english"] not in {"English", "---"}:
            avoid = [word.strip() for word in found["avoid"].split(",") if word.strip()]
            rows.append((found["english"], found["russian"], avoid))
    return rows


def translations() -> dict[str, str]:
    """Every message of the Russian catalogue without a context, singular forms, msgid to msgstr."""
    text = subprocess.run(["msgcat", "--no-wrap", str(CATALOGUE)], capture_output=True, text=True, check=True).stdout
    found = {}
    for block in text.split("\n\n"):
        if "msgctxt" in block:
            continue
        msgid = re.search(r'^msgid "(.*)"$', block, re.MULTILINE)
        msgstr = re.search(r'^msgstr(?:\[0\])? "(.*)"$', block, re.MULTILINE)
        if msgid and msgstr and msgid[1]:
            found[msgid[1]] = msgstr[1]
    return found


def test_the_glossary_lists_the_domain_terms() -> None:
    terms = {english for english, _russian, _avoid in glossary()}
    assert {"officer", "counterpart", "agency", "partner", "coverage", "gap", "steward", "programme staff"} <= terms
    assert {"workshop", "introduction", "verified", "stale", "partly covered", "not covered"} <= terms


def test_a_term_translated_on_its_own_uses_the_glossary_word() -> None:
    catalogue = {msgid.lower(): msgstr.lower() for msgid, msgstr in translations().items()}
    checked = []
    for english, russian, _avoid in glossary():
        if english in catalogue:
            assert russian.lower() in catalogue[english], f"{english!r} is {catalogue[english]!r}, not {russian!r}"
            checked.append(english)
    assert {"officer", "agency", "coverage", "gap", "programme staff", "name", "partly covered"} <= set(checked)


def test_no_translation_of_a_term_uses_a_word_the_glossary_rules_out() -> None:
    for msgid, msgstr in translations().items():
        for english, _russian, avoid in glossary():
            if re.search(rf"\b{re.escape(english)}", msgid, re.IGNORECASE):
                for word in avoid:
                    assert word.lower() not in msgstr.lower(), f"{msgid!r} says {word!r}, not the glossary's word"
