"""The officers export's filter: the same filters as the API's officer list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.exports.formats import FileFormat
from directory.officer_filters import MAX_TEXT
from frontend.choices import country_choices, language_choices, topic_choices


class OfficerExportForm(forms.Form):
    """Which officers to download, and in which format."""

    VERIFIED_CHOICES = (("", _("Verified or not")), ("yes", _("Verified only")), ("no", _("Not yet verified only")))

    country = forms.ChoiceField(label=_("Country"), required=False)
    topic = forms.ChoiceField(label=_("Topic (with its sub-topics)"), required=False)
    language = forms.ChoiceField(label=_("Speaks"), required=False)
    verified = forms.ChoiceField(label=_("Verified"), choices=VERIFIED_CHOICES, required=False)
    name = forms.CharField(
        label=_("Name in any script"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.TextInput(attrs={"maxlength": MAX_TEXT}),
    )
    format = forms.ChoiceField(choices=[(choice.value, choice.value) for choice in FileFormat], required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Every country")), *country_choices()]
        self.fields["topic"].choices = [("", _("Any topic")), *topic_choices()]
        self.fields["language"].choices = [("", _("Any language")), *language_choices()]

    def filters(self) -> dict[str, Any]:
        """The cleaned filters as directory.officer_filters takes them (unset ones left out)."""
        data = self.cleaned_data
        chosen: dict[str, Any] = {key: data[key] or None for key in ("country", "topic", "language")}
        chosen["name"] = data["name"].strip() or None
        chosen["verified"] = {"yes": True, "no": False}.get(data["verified"])
        return chosen
