"""Where a record's page is, given what the graph calls it: its kind and uuid."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from directory.models import City, Country, Topic
from graph.shapes import Label

BY_UUID = {
    Label.OFFICER: "officer",
    Label.AGENCY: "agency",
    Label.ORGANISATION: "organisation",
    Label.EVENT: "event",
    Label.PROGRAMME: "programme",
}


def page_urls(records: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Page addresses for (uuid, kind) pairs; a record with no page (or gone from the database) is left out."""
    records = list(records)
    # Only these kinds are looked up by uuid (a Language node's id is its code, not a uuid).
    uuids = {uuid for uuid, kind in records if kind in (Label.COUNTRY, Label.TOPIC, Label.CITY)}
    codes = {str(c.uuid): str(c.code) for c in Country.objects.filter(uuid__in=uuids)}
    slugs = {str(t.uuid): t.slug for t in Topic.objects.filter(uuid__in=uuids)}
    cities = {str(c.uuid): str(c.country.code) for c in City.objects.filter(uuid__in=uuids).select_related("country")}
    urls: dict[str, str] = {}
    for uuid, kind in records:
        if kind in BY_UUID:
            urls[uuid] = reverse(BY_UUID[kind], args=[uuid])
        elif kind == Label.COUNTRY and uuid in codes:
            urls[uuid] = reverse("country", args=[codes[uuid]])
        elif kind == Label.TOPIC and uuid in slugs:
            urls[uuid] = reverse("topic", args=[slugs[uuid]])
        elif kind == Label.CITY and uuid in cities:
            urls[uuid] = reverse("country", args=[cities[uuid]])
    return urls
