"""The stewards' forms: an officer's entry, and the duplicate to fold into it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from directory.models import Agency, Expertise, Officer, Topic
from frontend.choices import language_choices, topic_tree
from frontend.templatetags.liaison import localized

EXPERTISE_PREFIX = "expertise_"


def _text_input(field_name: str) -> forms.TextInput:
    """A text box as long as the model allows: the browser stops typing there, the service checks pasted values."""
    return forms.TextInput(attrs={"maxlength": Officer._meta.get_field(field_name).max_length})


def agency_choices(agencies: Iterable[Agency], *, grouped: bool) -> list[Any]:
    """Agencies as (uuid, name), grouped under their country's name when they span several countries."""
    agencies = sorted(agencies, key=lambda agency: (localized(agency.country), localized(agency)))
    if not grouped:
        return [(str(agency.uuid), localized(agency)) for agency in agencies]
    groups: dict[str, list[tuple[str, str]]] = {}
    for agency in agencies:
        groups.setdefault(localized(agency.country), []).append((str(agency.uuid), localized(agency)))
    return list(groups.items())


class OfficerForm(forms.Form):
    """An officer's entry as a steward corrects it; lengths and the rest are the model's, checked by the service."""

    name_native = forms.CharField(label=_("Name in native script"), widget=_text_input("name_native"))
    name_latin = forms.CharField(label=_("Name in Latin script"), widget=_text_input("name_latin"))
    position = forms.CharField(label=_("Position"), required=False, widget=_text_input("position"))
    rank = forms.CharField(label=_("Rank"), required=False, widget=_text_input("rank"))
    agency = forms.ChoiceField(label=_("Agency"))
    languages = forms.MultipleChoiceField(label=_("Languages"), required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, officer: Officer, agencies: Iterable[Agency], **kwargs: Any) -> None:
        agencies = list(agencies)
        kwargs.setdefault("initial", self.initial_for(officer))
        super().__init__(*args, **kwargs)
        self._agencies = {str(agency.uuid): agency for agency in agencies}
        several_countries = len({agency.country_id for agency in agencies}) > 1
        self.fields["agency"].choices = [
            ("", _("Choose an agency")),
            *agency_choices(agencies, grouped=several_countries),
        ]
        self.fields["languages"].choices = language_choices()
        tree = topic_tree()
        self._topics: dict[str, Topic] = {topic.slug: topic for topic, _depth in tree}
        levels = [("", _("None")), *((str(value), label) for value, label in Expertise.Level.choices)]
        for topic, _depth in tree:
            self.fields[EXPERTISE_PREFIX + topic.slug] = forms.TypedChoiceField(
                label=localized(topic), choices=levels, coerce=int, empty_value=None, required=False
            )

    @staticmethod
    def initial_for(officer: Officer) -> dict[str, Any]:
        """The form's starting values: the entry as stored."""
        initial: dict[str, Any] = {
            "name_native": officer.name_native,
            "name_latin": officer.name_latin,
            "position": officer.position,
            "rank": officer.rank,
            "agency": str(officer.agency.uuid),
            "languages": list(officer.languages.values_list("code", flat=True)),
        }
        for expertise in officer.expertise.select_related("topic"):
            initial[EXPERTISE_PREFIX + expertise.topic.slug] = str(expertise.level)
        return initial

    def expertise_fields(self) -> list[forms.BoundField]:
        """One level box per topic, in the topic hierarchy's order."""
        return [self[name] for name in self.fields if name.startswith(EXPERTISE_PREFIX)]

    def clean_agency(self) -> Agency:
        """The chosen agency, one of those offered."""
        return self._agencies[self.cleaned_data["agency"]]

    def changes(self) -> dict[str, Any]:
        """The cleaned values as the officer service takes them."""
        data = self.cleaned_data
        expertise = {
            self._topics[name.removeprefix(EXPERTISE_PREFIX)]: level
            for name, level in data.items()
            if name.startswith(EXPERTISE_PREFIX) and level is not None
        }
        fields = ("name_native", "name_latin", "position", "rank", "agency", "languages")
        return {**{name: data[name] for name in fields}, "expertise": expertise}


class MergeForm(forms.Form):
    """Which entry is the duplicate of this one, and the steward's word that both are the same person."""

    duplicate = forms.UUIDField(label=_("Duplicate entry"), widget=forms.Select)
    same_person = forms.BooleanField(
        label=_("I have checked that both entries are the same person."),
        error_messages={"required": _("Tick this box once you have checked that both entries are the same person.")},
    )

    def __init__(self, *args: Any, candidates: Iterable[Officer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].widget.choices = [
            ("", _("Choose the duplicate entry")),
            *((str(officer.uuid), candidate_label(officer)) for officer in candidates),
        ]


def candidate_label(officer: Officer) -> str:
    """'Асанов Айбек (Asanov Aibek), Ministry of Internal Affairs': enough to tell two entries apart."""
    native, latin = officer.name_native.strip(), officer.name_latin.strip()
    name = latin if not native or native == latin else f"{native} ({latin})"
    return f"{name}, {localized(officer.agency)}"


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError beside the fields it names; what names no field goes above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
