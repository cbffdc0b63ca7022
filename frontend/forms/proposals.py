"""The form an officer proposes changes to their own entry with (through their link, or signed in)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import Agency, ContactChannel, Expertise, Officer
from directory.services.proposals import current_values
from frontend.choices import language_choices, topic_tree
from frontend.forms.steward import EXPERTISE_PREFIX, agency_choices
from frontend.templatetags.liaison import localized

# Generous for pasted text, and still bounded: the service names the field when a value is too long.
MAX_CONTACTS_TEXT = 4000


def contact_lines(channels: Iterable[Iterable[str]]) -> str:
    """Contact channels as the form shows them: one 'kind: value' a line."""
    return "\n".join(f"{kind}: {value}" for kind, value in channels)


class ProposalForm(forms.Form):
    """The proposable fields of an entry, starting from the entry as stored."""

    position = forms.CharField(label=gettext_lazy("Position"), required=False)
    agency = forms.ChoiceField(label=gettext_lazy("Agency"))
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"), required=False, widget=forms.CheckboxSelectMultiple
    )
    contacts = forms.CharField(
        label=gettext_lazy("Contact details"),
        required=False,
        max_length=MAX_CONTACTS_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, officer: Officer, agencies: Iterable[Agency], **kwargs: Any) -> None:
        kwargs.setdefault("initial", self.initial_for(officer))
        super().__init__(*args, **kwargs)
        self._agencies = {str(agency.uuid): agency for agency in agencies}
        self.fields["agency"].choices = agency_choices(self._agencies.values(), grouped=False)
        self.fields["languages"].choices = language_choices()
        kinds = ", ".join(ContactChannel.Kind.values)
        self.fields["contacts"].help_text = _("One a line, as kind: value. Kinds: %(kinds)s.") % {"kinds": kinds}
        levels = [("", _("None")), *((str(value), label) for value, label in Expertise.Level.choices)]
        for topic, _depth in topic_tree():
            self.fields[EXPERTISE_PREFIX + topic.slug] = forms.TypedChoiceField(
                label=localized(topic), choices=levels, coerce=int, empty_value=None, required=False
            )

    @staticmethod
    def initial_for(officer: Officer) -> dict[str, Any]:
        """The entry as stored."""
        values = current_values(officer)
        initial: dict[str, Any] = {
            "position": values["position"],
            "agency": values["agency"],
            "languages": values["languages"],
            "contacts": contact_lines(values["contacts"]),
        }
        for slug, level in values["expertise"].items():
            initial[EXPERTISE_PREFIX + slug] = str(level)
        return initial

    def expertise_fields(self) -> list[forms.BoundField]:
        """One level box per topic, in the topic hierarchy's order."""
        return [self[name] for name in self.fields if name.startswith(EXPERTISE_PREFIX)]

    def clean_agency(self) -> Agency:
        """The chosen agency, one of those offered."""
        return self._agencies[self.cleaned_data["agency"]]

    def clean_contacts(self) -> list[tuple[str, str]]:
        """'kind: value' lines as pairs; a line without a known kind is refused, naming it."""
        pairs = []
        for number, line in enumerate(self.cleaned_data["contacts"].splitlines(), start=1):
            if not line.strip():
                continue
            kind, separator, value = line.partition(":")
            if not separator or kind.strip() not in ContactChannel.Kind.values:
                raise forms.ValidationError(
                    _("Line %(number)d: write it as kind: value, with a kind from the list below."),
                    params={"number": number},
                    code="invalid",
                )
            pairs.append((kind.strip(), value.strip()))
        return pairs

    def values(self) -> dict[str, Any]:
        """The cleaned values as the proposal service takes them."""
        data = self.cleaned_data
        expertise = {
            name.removeprefix(EXPERTISE_PREFIX): level
            for name, level in data.items()
            if name.startswith(EXPERTISE_PREFIX) and level is not None
        }
        return {
            "position": data["position"],
            "agency": data["agency"],
            "languages": data["languages"],
            "expertise": expertise,
            "contacts": data["contacts"],
        }
