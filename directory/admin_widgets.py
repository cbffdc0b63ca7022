"""Admin inlines whose rows each name a record: labelled, and offered their choices, from one query per page."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import Any

from django.contrib.admin.widgets import AutocompleteSelect
from django.forms import BaseForm, ModelChoiceField
from django.forms.models import BaseInlineFormSet


class LabelledAutocomplete(AutocompleteSelect):
    """Django's autocomplete select, labelling its chosen record from `labels` when its formset read them."""

    # Django's own select looks its chosen record up again to label it: one query for each row of an inline.
    labels: dict[str, str] | None = None

    def optgroups(self, name: str, value: Sequence[str], attr: Any = None) -> Any:
        """The chosen record as Django would show it, its label taken from `labels` when they hold it."""
        chosen = [str(item) for item in value if str(item) not in self.choices.field.empty_values]
        if self.labels is None or any(item not in self.labels for item in chosen):
            # A choice the formset did not read (a row changed in a form sent back with errors): Django's own way.
            return super().optgroups(name, value, attr)
        options: list[dict[str, Any]] = []
        if not self.is_required and not self.allow_multiple_selected:
            options.append(self.create_option(name, "", "", False, 0))
        for item in chosen:
            options.append(self.create_option(name, item, self.labels[item], True, len(options)))
        return [(None, options, 0)]


class LabelsReadOnce(BaseInlineFormSet):
    """An inline formset whose rows' `labelled_field` (a LabelledAutocomplete) is labelled from one query."""

    labelled_field = ""

    @cached_property
    def _labels(self) -> dict[str, str]:
        """The label of every record the rows name, read through the field's own choices (what it may offer)."""
        field = self.form.base_fields[self.labelled_field]
        if not isinstance(field, ModelChoiceField) or field.queryset is None:
            return {}
        named = {getattr(row, f"{self.labelled_field}_id") for row in self.get_queryset()}
        return {str(record.pk): field.label_from_instance(record) for record in field.queryset.filter(pk__in=named)}

    def add_fields(self, form: BaseForm, index: int | None) -> None:
        """Each row's select, labelled from the labels read for all of them."""
        super().add_fields(form, index)
        widget = form.fields[self.labelled_field].widget
        # The admin wraps the select with its add and change links.
        inner = getattr(widget, "widget", widget)
        if isinstance(inner, LabelledAutocomplete):
            inner.labels = self._labels


class ChoicesReadOnce(BaseInlineFormSet):
    """An inline formset whose rows list the choices of `shared_choices_field` from one query for them all."""

    shared_choices_field = ""

    @cached_property
    def _shared_choices(self) -> list[Any]:
        # Each row's select would otherwise run its field's query again to list the very same choices.
        return list(self.form.base_fields[self.shared_choices_field].choices)

    def add_fields(self, form: BaseForm, index: int | None) -> None:
        """Each row's select (and the blank row's), listing the choices read for all of them."""
        super().add_fields(form, index)
        # The field checks a value sent back against its query, not against this list (ModelChoiceField.to_python).
        form.fields[self.shared_choices_field].choices = self._shared_choices  # type: ignore[attr-defined]
