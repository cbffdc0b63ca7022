"""The form to follow a country, topic, agency or partner."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Agency, Country, Organisation, Subscription, Topic
from frontend.choices import topic_choices
from frontend.templatetags.liaison import localized


def follow_choices() -> list[Any]:
    """Everything one can follow, grouped by kind; each value says its kind and its key ('country:KG')."""
    countries = sorted(((f"country:{c.code}", localized(c)) for c in Country.objects.all()), key=lambda x: x[1])
    agencies = sorted(
        (
            (f"agency:{a.uuid}", f"{localized(a)} ({localized(a.country)})")
            for a in Agency.objects.select_related("country")
        ),
        key=lambda x: x[1],
    )
    partners = sorted(((f"partner:{o.uuid}", localized(o)) for o in Organisation.objects.all()), key=lambda x: x[1])
    return [
        ("", _("Choose what to follow")),
        (_("Countries"), countries),
        (_("Topics"), [(f"topic:{slug}", name) for slug, name in topic_choices()]),
        (_("Agencies"), agencies),
        (_("Partners"), partners),
    ]


def target_of(value: str) -> Any:
    """The record a choice names, or None."""
    kind, _sep, key = value.partition(":")
    lookups = {
        "country": lambda: Country.objects.filter(code=key).first(),
        "topic": lambda: Topic.objects.filter(slug=key).first(),
        "agency": lambda: Agency.objects.filter(uuid=key).first(),
        "partner": lambda: Organisation.objects.filter(uuid=key).first(),
    }
    try:
        return lookups[kind]() if kind in lookups else None
    except ValueError:  # not a uuid
        return None


class FollowForm(forms.Form):
    """What to follow, and how often to hear about it."""

    follow = forms.ChoiceField(label=_("Follow"))
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Subscription.Frequency.choices, initial=Subscription.Frequency.WEEKLY
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow"].choices = follow_choices()

    def clean_follow(self) -> Any:
        """The chosen record."""
        target = target_of(self.cleaned_data["follow"])
        if target is None:
            raise forms.ValidationError(_("Choose a country, topic, agency or partner from the list."))
        return target
