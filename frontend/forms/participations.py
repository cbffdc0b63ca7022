"""The stewards' form for recording that an officer took part in an event."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Event, Participation
from frontend.templatetags.liaison import event_label, localized


def event_choices(events: Iterable[Event]) -> list[tuple[str, str]]:
    """Events as (uuid, 'Drugs@Online, Astana, November 2017'), newest first, after a prompt to choose."""
    choices = [("", str(_("Choose the event")))]
    for event in sorted(events, key=lambda event: (event.starts_on, event.pk), reverse=True):
        choices.append((str(event.uuid), f"{event_label(event)}, {localized(event.city)}, {event.starts_on:%m.%Y}"))
    return choices


class ParticipationForm(forms.Form):
    """An officer at an event: in which role, how they rated it, whether they asked for more."""

    event = forms.ChoiceField(label=_("Event"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Participation.Role.choices, initial=Participation.Role.PARTICIPANT
    )
    rating = forms.ChoiceField(
        label=_("Their rating of it"), choices=[("", _("Not rated")), *Participation.Rating.choices], required=False
    )
    wants_more = forms.BooleanField(label=_("Asked for more activities of this kind"), required=False)

    def __init__(self, *args: Any, events: Iterable[Event], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events = {str(event.uuid): event for event in events}
        self.fields["event"].choices = event_choices(self.events.values())
        self.fields["event"].error_messages["required"] = _("Choose the event the officer took part in.")
        self.fields["event"].error_messages["invalid_choice"] = _("That event is not in the list; choose one from it.")

    def chosen_event(self) -> Event:
        """The event chosen (the form is valid)."""
        return self.events[self.cleaned_data["event"]]
