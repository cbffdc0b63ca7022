"""Pages for countries, agencies, partner organisations, topics and events, linked to each other."""

from __future__ import annotations

from frontend.views.events import event_detail, event_list
from frontend.views.partners import organisation_detail, organisation_list
from frontend.views.places import agency_detail, country_detail, country_list
from frontend.views.subjects import topic_detail, topic_list

__all__ = [
    "agency_detail",
    "country_detail",
    "country_list",
    "event_detail",
    "event_list",
    "organisation_detail",
    "organisation_list",
    "topic_detail",
    "topic_list",
]
