"""What the record lists' filters look up before they filter: countries by code, topics with their sub-topics, ranges.

Each check raises a ValidationError naming the filter's argument, so a client learns which value to fix.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError

from directory.errors import field_error
from directory.models import Country
from directory.officer_filters import check_text, topic_with_descendants
from directory.services.lookups import country_by_code


def filtered_country(code: str, field: str) -> Country:
    """The country a filter names by ISO code, or an error naming `field`."""
    check_text(field, code)
    return country_by_code(code, field=field)


def filtered_topics(slug: str, field: str) -> list[int]:
    """The ids of the topic a filter names by slug and of every topic under it, or an error naming `field`."""
    check_text(field, slug)
    try:
        return topic_with_descendants(slug)
    except ValidationError:
        message = f"Unknown topic '{slug}'; use the slug of a listed topic."
        raise field_error(field, message, code="unknown_topic") from None


def check_range(start: datetime.date | None, end: datetime.date | None, *, start_field: str, end_field: str) -> None:
    """Refuse a range of days that ends before it starts, naming its end."""
    if start is not None and end is not None and end < start:
        raise field_error(
            end_field,
            f"The range ends ({end}) before it starts ({start}); swap {start_field} and {end_field}.",
            code="range_reversed",
        )


def checked_text(value: str, field: str) -> str:
    """A filter's text, stripped, or an error naming `field` when it is too long or holds a hidden character."""
    check_text(field, value)
    return value.strip()
