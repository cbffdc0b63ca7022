"""The counterpart finder's question: a topic, a language, and where to look."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from frontend.choices import country_choices, language_choices, topic_choices
from frontend.widgets import QuickRadioSelect, QuickSelect


class FinderForm(forms.Form):
    """What the viewer is looking for; a viewer without an officer entry also says where they start from."""

    SCOPES = (
        ("neighbours", _("Neighbouring countries")),
        ("country", _("One country")),
        ("all", _("Every country")),
    )

    topic = forms.ChoiceField(label=_("Topic"), widget=QuickSelect)
    language = forms.ChoiceField(label=_("Speaks"), required=False, widget=QuickSelect)
    scope = forms.ChoiceField(
        label=pgettext_lazy("countries the finder searches", "Where"),
        choices=SCOPES,
        initial="neighbours",
        widget=QuickRadioSelect,
    )
    country = forms.ChoiceField(label=_("Country to search"), required=False, widget=QuickSelect)
    origin = forms.ChoiceField(label=_("Your country"), required=False, widget=QuickSelect)

    def __init__(self, *args: Any, has_own_entry: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        countries = country_choices()
        self.fields["topic"].choices = [("", _("Choose a topic")), *topic_choices()]
        self.fields["language"].choices = [("", _("Any language")), *language_choices()]
        self.fields["country"].choices = [("", _("Choose a country")), *countries]
        self.fields["country"].help_text = _("Used when you search one country.")
        if has_own_entry:
            del self.fields["origin"]
        else:
            self.fields["origin"].choices = [("", _("Choose a country")), *countries]
            self.fields["origin"].help_text = _("Your account has no officer entry: neighbours are counted from here.")

    def clean(self) -> dict[str, Any]:
        """A search of one country names it; a search of neighbours knows where from."""
        data = super().clean()
        scope = data.get("scope")
        if scope == "country" and not data.get("country"):
            self.add_error("country", _("Choose the country to search, or search neighbouring countries."))
        if scope == "neighbours" and "origin" in self.fields and not data.get("origin"):
            self.add_error("origin", _("Choose your country, so that its neighbours can be searched."))
        return data
