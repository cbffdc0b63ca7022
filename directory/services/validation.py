"""Free text about people, agencies, events and organisations: NFC-normalised, without hidden characters.

Refused anywhere in such text:
- control characters (Unicode category Cc: C0 including NUL, tab and newline, DEL, C1);
- unpaired surrogates (Cs), which no database encoding can store;
- line and paragraph separators (U+2028, U+2029);
- invisible formatting characters (category Cf): the bidi embeddings and overrides U+202A-U+202E,
  the isolates U+2066-U+2069, the marks U+200E, U+200F and U+061C, zero-width space, word joiner, BOM, soft hyphen.
  A right-to-left override makes "Asel" display as "lesA" on one screen and search as another name elsewhere.

Zero-width joiner (U+200D) and non-joiner (U+200C) are the one exception, and only inside a word (between two
letters or marks): Persian-script Tajik and several Indic scripts need them to spell names correctly. At the
start or end of a value, or beside a space or digit, they only disguise a name, so they are refused there too.

Every value is stored in Unicode normalisation form C, so "й" typed as "и" + combining breve and "й" typed as
one character are the same name to search, duplicate detection and the graph.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

ZERO_WIDTH_JOINERS = frozenset({"\u200c", "\u200d"})
HIDDEN_CATEGORIES = frozenset({"Cc", "Cs", "Cf", "Zl", "Zp"})
CODE = "hidden_character"


def _is_letter_or_mark(character: str) -> bool:
    return unicodedata.category(character)[0] in "LM"


def hidden_character(text: str) -> tuple[int, str] | None:
    """The first refused character of `text` and its index, or None when the text is clean."""
    for index, character in enumerate(text):
        if unicodedata.category(character) not in HIDDEN_CATEGORIES:
            continue
        if character in ZERO_WIDTH_JOINERS and 0 < index < len(text) - 1:
            if _is_letter_or_mark(text[index - 1]) and _is_letter_or_mark(text[index + 1]):
                continue
        return index, character
    return None


def _describe(character: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'; control characters have no Unicode name, only their code."""
    name = unicodedata.name(character, "")
    return f"U+{ord(character):04X} {name}".strip()


def clean_text(field: str, value: str) -> str:
    """`value` in NFC, or a ValidationError on `field` naming the hidden character to remove and where it is."""
    found = hidden_character(value)
    if found is None:
        # Normalising can itself never introduce a control or format character.
        return unicodedata.normalize("NFC", value)
    index, character = found
    message = _(
        "Remove the hidden character %(character)s at position %(position)d: names and titles may not contain "
        "control characters, text-direction controls or invisible formatting characters."
    ) % {"character": _describe(character), "position": index + 1}
    raise ValidationError({field: ValidationError(message, code=CODE)})


def text_fields(record: models.Model) -> list[str]:
    """The names of the record's editable text fields (names, titles, positions, notes, contact values)."""
    return [
        field.name
        for field in record._meta.concrete_fields
        if field.editable and isinstance(field, models.CharField | models.TextField)
    ]


def clean_free_text(record: models.Model) -> None:
    """NFC-normalise every text field of `record` in place; refuse hidden characters, naming every field at fault."""
    errors: dict[str, list[ValidationError]] = {}
    for name in text_fields(record):
        value = getattr(record, name)
        if not isinstance(value, str):
            continue
        try:
            setattr(record, name, clean_text(name, value))
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
