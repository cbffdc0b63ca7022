"""The cells of a roster row read as the directory's values: role, rating, yes/no, e-mail, phone, languages."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from directory.models import Participation
from directory.rosters.names import fold_word

Role, Rating = Participation.Role, Participation.Rating

ROLE_WORDS = {
    **{word: Role.PARTICIPANT for word in ("participant", "участник", "участница", "слушатель", "attendee")},
    **{word: Role.TRAINER for word in ("trainer", "тренер", "преподаватель", "lecturer", "speaker", "эксперт")},
    **{word: Role.ORGANISER for word in ("organiser", "organizer", "организатор")},
}
RATING_WORDS = {
    **{word: Rating.EXCELLENT for word in ("excellent", "отлично", "отличный", "5")},
    **{word: Rating.VERY_GOOD for word in ("very good", "очень хорошо", "очень хороший", "4")},
    **{word: Rating.GOOD for word in ("good", "хорошо", "хороший", "3")},
    **{word: Rating.FAIR for word in ("fair", "удовлетворительно", "средне", "2")},
    **{word: Rating.POOR for word in ("poor", "плохо", "неудовлетворительно", "1")},
}
YES_WORDS = {"yes", "y", "да", "д", "1", "true", "+", "x", "✓", "ha", "иә", "ооба", "ҳа"}
NO_WORDS = {"no", "n", "нет", "н", "0", "false", "-", "жоқ", "жок", "йўқ", "не"}
_PHONE_KEEP = re.compile(r"[^\d+]")
_LIST_SPLIT = re.compile(r"[,;/]+|\s+и\s+|\s+and\s+")


class CellError(ValueError):
    """A cell's value cannot be read; the message says what to write instead."""


def _plain(value: str) -> str:
    return " ".join(value.casefold().replace("ё", "е").split())


def read_role(value: str) -> str:
    """The participation role, in English or Russian (empty: participant)."""
    if not value.strip():
        return Role.PARTICIPANT
    role = ROLE_WORDS.get(_plain(value))
    if role is None:
        raise CellError(_("'%(value)s' is not a role; write participant, trainer or organiser.") % {"value": value})
    return role


def read_rating(value: str) -> str:
    """The rating of the event, in words (English or Russian) or 1 to 5 (empty: none)."""
    if not value.strip():
        return ""
    # "very_good" is how the attendance export writes it (the stored choice): read back as "very good".
    rating = RATING_WORDS.get(_plain(value).replace("_", " ").rstrip(".").removesuffix(".0"))
    if rating is None:
        raise CellError(
            _("'%(value)s' is not a rating; write 1 to 5 or excellent, very good, good, fair, poor.") % {"value": value}
        )
    return rating


def read_yes_no(value: str) -> bool:
    """Yes or no in English, Russian or the region's languages (empty: no)."""
    plain = _plain(value)
    if not plain or plain in NO_WORDS:
        return False
    if plain in YES_WORDS:
        return True
    raise CellError(_("'%(value)s' is neither yes nor no; write yes or no (да or нет).") % {"value": value})


def read_email(value: str) -> str:
    """An e-mail address, checked for form (empty: none)."""
    email = value.strip().lower()
    if not email:
        return ""
    try:
        validate_email(email)
    except ValidationError:
        raise CellError(
            _("'%(value)s' is not an e-mail address; write it as name@example.org.") % {"value": value}
        ) from None
    return email


def read_phone(value: str) -> str:
    """A phone number with its digits and a leading plus only (empty: none)."""
    phone = _PHONE_KEEP.sub("", value)
    if not phone:
        if value.strip():
            raise CellError(_("'%(value)s' is not a phone number; write its digits.") % {"value": value})
        return ""
    digits = phone.lstrip("+")
    if not digits.isdigit() or not 6 <= len(digits) <= 15:
        raise CellError(
            _("'%(value)s' is not a phone number; write 6 to 15 digits, with the country code.") % {"value": value}
        )
    return ("+" if phone.startswith("+") else "") + digits


def phone_key(phone: str) -> str:
    """The last nine digits: one number typed with or without the country code and trunk prefix."""
    return re.sub(r"\D", "", phone)[-9:]


def read_languages(value: str, known: dict[str, str]) -> list[str]:
    """ISO codes of the languages named (by code, English or Russian name); `known` maps folded names to codes."""
    codes: list[str] = []
    for piece in _LIST_SPLIT.split(value):
        word = piece.strip()
        if not word:
            continue
        code = known.get(word.lower()) or known.get(fold_word(word))
        if code is None:
            raise CellError(
                _("'%(value)s' is not a language in the directory; write its name or code, such as ru or Russian.")
                % {"value": word}
            )
        if code not in codes:
            codes.append(code)
    return codes
