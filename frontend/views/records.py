"""Pages for countries, agencies, partner organisations, topics and events (being built)."""

from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


country_list = country_detail = agency_detail = organisation_list = organisation_detail = _missing
topic_list = topic_detail = event_list = event_detail = _missing
