"""The roster wizard's forms: the file, how to read it, and what to do with each row."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from directory.rosters.columns import ROSTER_COLUMNS
from directory.rosters.mapping import IGNORE
from directory.rosters.reading import ENCODINGS

ENCODING_CHOICES = [("", _("Detect it")), *((name, name) for name in ENCODINGS)]


class UploadForm(forms.Form):
    """A roster file, its encoding if it is a CSV, and the event every row attended."""

    file = forms.FileField(label=_("Roster file (.xlsx or .csv)"))
    encoding = forms.ChoiceField(label=_("Encoding of a CSV file"), choices=ENCODING_CHOICES, required=False)
    event = forms.CharField(
        label=_("Event every row attended (title), unless the file has an event column"),
        required=False,
        max_length=300,
    )

    def clean_file(self) -> Any:
        """Refuse a file over the size limit before reading it."""
        upload = self.cleaned_data["file"]
        limit = settings.LIAISON_ROSTER_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB. Split the roster into smaller files.")
                % {"size": round(upload.size / 1048576, 1), "limit": round(limit / 1048576, 1)},
                code="file_too_large",
            )
        return upload


class OptionsForm(forms.Form):
    """How to read the file: encoding, event, and a column for each header Liaison did not recognise."""

    encoding = forms.ChoiceField(label=_("Encoding of a CSV file"), choices=ENCODING_CHOICES, required=False)
    event = forms.CharField(label=_("Event every row attended"), required=False, max_length=300)
    remember = forms.BooleanField(label=_("Remember these headers for later files"), required=False)

    def __init__(self, *args: Any, unknown_headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            ("", _("Choose a column")),
            (IGNORE, _("Ignore this column")),
            *((column.key, f"{column.header_en} / {column.header_ru}") for column in ROSTER_COLUMNS),
        ]
        self.header_fields = []
        for index, header in enumerate(unknown_headers):
            name = f"header_{index}"
            self.fields[name] = forms.ChoiceField(label=header, choices=choices, required=False)
            self.header_fields.append((name, header))

    def header_choices(self) -> dict[str, str]:
        """Header → chosen column, for the headers given one."""
        return {header: self.cleaned_data[name] for name, header in self.header_fields if self.cleaned_data.get(name)}
