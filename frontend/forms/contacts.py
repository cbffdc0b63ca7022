"""The stewards' form for one of an officer's contact channels."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import ContactChannel
from directory.rosters.values import CellError, read_email, read_phone
from frontend.templatetags.liaison import CALLABLE_KINDS

Kind = ContactChannel.Kind
VALUE_MAX_LENGTH = ContactChannel._meta.get_field("value").max_length


class ContactChannelForm(forms.Form):
    """One way to reach an officer and who may see it; an e-mail or phone value is checked for its form."""

    kind = forms.ChoiceField(
        label=_("Kind of channel"),
        choices=Kind.choices,
        error_messages={
            "invalid_choice": _(
                "That is not a kind of channel; choose e-mail, phone, mobile, messenger or 24/7 point of contact."
            )
        },
    )
    value = forms.CharField(
        label=_("Address or number"),
        max_length=VALUE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"maxlength": VALUE_MAX_LENGTH, "autocomplete": "off"}),
    )
    visibility = forms.ChoiceField(
        label=_("Who may see it"),
        choices=ContactChannel.Visibility.choices,
        initial=ContactChannel.Visibility.VERIFIED,
        error_messages={"invalid_choice": _("That is not a visibility Liaison knows; choose one from the list.")},
    )

    def clean(self) -> dict[str, Any]:
        """An e-mail must read as an address and a phone as 6 to 15 digits (as typed: spaces stay for reading)."""
        cleaned = super().clean() or {}
        kind, value = cleaned.get("kind"), cleaned.get("value")
        if not kind or not value:
            return cleaned
        try:
            if kind == Kind.EMAIL:
                read_email(value)
            elif kind in CALLABLE_KINDS:
                read_phone(value)
        except CellError as problem:
            self.add_error("value", str(problem))
        return cleaned
